import type { ErrorCodeTable } from "@rampart/core/errors";

/** The error codes of @rampart/sbom (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  SBOM_NO_LOCKFILE: {
    meaning: "no lockfile to build the SBOM from",
    hint: "install to write one, or pass --lockfile PATH",
  },
  SBOM_LOCKFILE_AMBIGUOUS: {
    meaning: "more than one lockfile in the directory",
    hint: "pass --lockfile PATH",
  },
  SBOM_WORKSPACE_NOT_FOUND: {
    meaning: "`--workspace` names no workspace of the lockfile",
    hint: "use one of the names the hint lists",
  },
  SBOM_LOCKFILE_TEXT_INVALID: {
    meaning:
      "a lockfile entry (or a workspace package.json) has a character no SBOM can carry in a name, version, URL or licence: a lone surrogate, a control character",
    hint: "the lockfile was damaged or edited by hand: `rampart lockfile check` judges the entry; delete it and reinstall",
  },
  SBOM_SOURCE_DATE_EPOCH_INVALID: {
    meaning: "SOURCE_DATE_EPOCH is not a number of seconds",
    hint: "set it to a Unix time, e.g. `$(git log -1 --format=%ct)`",
  },
  SBOM_OUTPUT_EXISTS: {
    meaning: "the output file exists and is not an SBOM or attestation rampart wrote",
    hint: "pass --force, or choose another --output",
  },
  SBOM_FILE_UNREADABLE: {
    meaning: "a file to attest or verify cannot be read",
    hint: "check the path and the permissions",
  },
  SBOM_PREDICATE_INVALID: {
    meaning: "the `--predicate` file is not JSON",
    hint: "pass a JSON document, e.g. an SBOM",
  },
  SBOM_KEY_INVALID: {
    meaning: "the signing or public key cannot be read or is corrupt",
    hint: "give the key as ssh-keygen wrote it (OpenSSH or PEM)",
  },
  SBOM_KEY_ENCRYPTED: {
    meaning: "the private key has a passphrase (rampart never prompts)",
    hint: "use a dedicated unencrypted signing key kept in a CI secret",
  },
  SBOM_KEY_UNSUPPORTED: {
    meaning: "the key type cannot sign attestations (e.g. a security key)",
    hint: "use an ed25519, ECDSA or RSA key",
  },
  SBOM_ALLOWED_SIGNERS_INVALID: {
    meaning: "a line of the allowed signers file is malformed",
    hint: "fix the line named (`principal [options] keytype base64-key`)",
  },
  SBOM_NO_TRUSTED_KEYS: {
    meaning: "no key may sign attestations: the allowed signers file is unreadable or has no in-toto line",
    hint: 'add `<principal> namespaces="in-toto" <key>` to .rampart/allowed_signers, or pass --key',
  },
  SBOM_ATTESTATION_INVALID: {
    meaning: "the attestation file is not DSSE envelopes of in-toto Statements",
    hint: "write it with `rampart attest`",
  },
} as const satisfies ErrorCodeTable;

export type SbomErrorCode = keyof typeof errorCodes;
