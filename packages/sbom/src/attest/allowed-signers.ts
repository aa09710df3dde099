import { RampartError } from "@rampart/core/errors";
import { allowsNamespace, parseAllowedSigners as parseSshAllowedSigners } from "@rampart/core/ssh";
import type { PublicKey } from "./keys.js";

/** The namespace an allowed_signers line must allow (when it restricts namespaces) to sign attestations. */
export const ATTESTATION_NAMESPACE = "in-toto";

export interface AllowedSigner {
  principals: string[];
  key: PublicKey;
  /** From `namespaces="..."`; undefined means every namespace. */
  namespaces?: string[];
  validAfter?: Date;
  validBefore?: Date;
  certAuthority: boolean;
  line: number;
}

/**
 * OpenSSH's allowed_signers format (ssh-keygen(1), "ALLOWED SIGNERS"), read by core's one parser:
 * the same file git uses for `gpg.ssh.allowedSignersFile`, so one list of trusted keys serves
 * commits and attestations, matched the same way. A bad line is an error naming it; keys
 * node:crypto cannot verify with (security keys) are left out.
 */
export function parseAllowedSigners(text: string, file: string): AllowedSigner[] {
  const { entries, problems } = parseSshAllowedSigners(text, file);
  const problem = problems[0];
  if (problem !== undefined) {
    throw new RampartError("SBOM_ALLOWED_SIGNERS_INVALID", problem.message, {
      file,
      ...(problem.line === undefined ? {} : { line: problem.line }),
      hint: 'each line is `principals [options] keytype base64-key`, e.g. `ci@example.com namespaces="in-toto" ssh-ed25519 AAAA...`',
    });
  }
  const out: AllowedSigner[] = [];
  for (const e of entries) {
    if (e.key.key === undefined) continue; // sk- keys: cannot verify, skip
    out.push({
      principals: e.principals,
      key: { key: e.key.key, keyid: e.key.fingerprint, type: e.key.type },
      ...(e.namespaces === undefined ? {} : { namespaces: e.namespaces }),
      ...(e.validAfter === undefined ? {} : { validAfter: new Date(e.validAfter) }),
      ...(e.validBefore === undefined ? {} : { validBefore: new Date(e.validBefore) }),
      certAuthority: e.certAuthority,
      line: e.line,
    });
  }
  return out;
}

/** Whether the line lets its key sign attestations at `when`. */
export function signerAllows(s: AllowedSigner, when: Date): boolean {
  if (s.certAuthority) return false; // CA keys sign certificates, not attestations
  if (!allowsNamespace(s, ATTESTATION_NAMESPACE)) return false;
  if (s.validAfter && when < s.validAfter) return false;
  if (s.validBefore && when > s.validBefore) return false;
  return true;
}
