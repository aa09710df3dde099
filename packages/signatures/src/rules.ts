import type { RuleRegistry } from "@rampart/core/findings";

/**
 * Every rule the signature enforcer reports (the registry: SARIF rule metadata, the README table
 * and the findings' default hints). A commit's problems are errors when the policy requires
 * signatures (`signatures.required`), warnings while it only reports; an unauthorised policy change
 * is always an error.
 */
export const RULES = {
  "signatures/unsigned": {
    title: "Unsigned commit",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description: "a commit after the trust root carries no signature",
    help: "sign it: `rampart signatures setup` once, then `git commit --amend -S --no-edit` (or rebase with --exec)",
  },
  "signatures/bad-signature": {
    title: "Bad signature",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description:
      "the signature does not verify: the commit was changed after signing, or the signature is forged or malformed",
    help: "find out who rewrote the commit; re-sign it only once you know its content is what was reviewed",
  },
  "signatures/unknown-key": {
    title: "Unknown signing key",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description: "signed by a key the parent commit's policy does not list",
    help: "add the key with `rampart signatures add <principal> <key.pub>` in a commit signed by a policy admin",
  },
  "signatures/key-not-allowed": {
    title: "Signing key not allowed",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description: "signed by a key the parent commit's policy does not allow for this signer or namespace",
    help: "a signer must be added by an earlier commit, signed by a key the policy already trusts",
  },
  "signatures/key-expired": {
    title: "Expired signing key",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description: "signed by a key whose valid-before has passed",
    help: "re-sign with a current key; rotate: add the new key, then remove the old one",
  },
  "signatures/key-not-yet-valid": {
    title: "Signing key not yet valid",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description: "signed by a key before its valid-after",
    help: "re-sign with a key that is valid now, or correct the key's valid-after in .rampart/allowed_signers",
  },
  "signatures/unsupported": {
    title: "Unsupported signature",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description: "a signature rampart cannot verify (x509, gitsign)",
    help: "verify x509/gitsign signatures in CI (gitsign verify)",
  },
  "signatures/policy-change-unauthorized": {
    title: "Unauthorised policy change",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description: "a commit changes .rampart/ without the signature of a policy admin",
    help: "have a principal listed in signatures.policyAdmins sign the commit that changes .rampart/",
  },
  "signatures/dco-missing": {
    title: "No DCO sign-off",
    severity: "error",
    framework: ["SRC-1", "SRC-8"],
    description: "no Signed-off-by trailer matching the author, while the policy asks for one (`signatures.dco`)",
    help: "add the trailer with `git commit --amend -s --no-edit`",
  },
  "signatures/key-expiring": {
    title: "Signing key expires soon",
    severity: "warning",
    framework: ["SRC-1", "SRC-8"],
    description: "a key that signed good commits reaches its valid-before within 30 days",
    help: "rotate now: `rampart signatures setup --generate`, add the new key with `rampart signatures add`, remove the old line once merged",
  },
  "signatures/no-signers": {
    title: "No signer in the policy yet",
    severity: "warning",
    framework: ["SRC-1", "SRC-8"],
    description:
      "the policy judging these commits lists no key (.rampart/allowed_signers, .rampart/keys/), so no signature can meet it: they are not judged until the first signer is added",
    help: "`rampart signatures setup` (signs your commits), then `rampart signatures add <you> <key.pub>` and commit it signed: that commit is the first one judged by a key",
  },
  "signatures/policy-invalid": {
    title: "Unreadable policy entry",
    severity: "warning",
    framework: ["SRC-1", "SRC-8"],
    description:
      "a line of the policy (.rampart/config.yaml, allowed_signers, keys/) could not be read; the rest still applies",
    help: "fix it in a commit signed by a policy admin; until then the entry is ignored",
  },
} as const satisfies RuleRegistry;

export type RuleId = keyof typeof RULES;
