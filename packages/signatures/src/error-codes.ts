import type { ErrorCodeTable } from "@rampart/core/errors";

/** The error codes of @rampart/signatures (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  SIGNATURES_NO_POLICY: {
    meaning: "`--policy-rev` names a revision with no signature policy in .rampart/",
    hint: "pass the base branch that holds .rampart/allowed_signers",
  },
  SIGNATURES_TRUST_ROOT_INVALID: {
    meaning:
      "the trust root (`signatures.since`) is not a commit in this clone, or not an ancestor of the policy that names it",
    hint: "fetch the whole history (`fetch-depth: 0` in CI), or set `since` to the commit that adopted the policy",
  },
  SIGNATURES_OBJECT_MISSING: {
    meaning: "a commit or tag to judge is missing from this clone",
    hint: "fetch it (`git fetch --unshallow`, or fetch the tag)",
  },
  SIGNATURES_GPG_NOT_FOUND: {
    meaning: "an OpenPGP signature must be verified and gpg is not on PATH",
    hint: "install GnuPG 2.2+, or sign with SSH keys",
  },
  SIGNATURES_NO_KEY: {
    meaning: "`signatures setup` found no SSH key to sign with",
    hint: "pass --key ~/.ssh/<key>, or --generate",
  },
  SIGNATURES_NO_EMAIL: {
    meaning: "git user.email is not set (the principal a key is listed under)",
    hint: "`git config user.email you@example.org`",
  },
  SIGNATURES_KEY_UNREADABLE: {
    meaning: "the public key file cannot be read",
    hint: "pass the key's path; the .pub next to it must exist",
  },
  SIGNATURES_KEY_INVALID: {
    meaning: "the file is not an SSH public key",
    hint: "use the one-line .pub file",
  },
} as const satisfies ErrorCodeTable;

export type SignaturesErrorCode = keyof typeof errorCodes;
