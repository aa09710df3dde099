import { RampartError } from "@rampart/core";
import { type PublicKey, publicKeyFromSshBlob, SSH_KEY_TYPES } from "./keys.js";

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
 * Parses OpenSSH's allowed_signers format (ssh-keygen(1), "ALLOWED SIGNERS"): one key per line,
 * `principals [options] keytype base64-key [comment]`, `#` comments. The same file git uses for
 * `gpg.ssh.allowedSignersFile`, so one list of trusted keys serves commits and attestations.
 */
export function parseAllowedSigners(text: string, file: string): AllowedSigner[] {
  const out: AllowedSigner[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const bad = (why: string) =>
      new RampartError("SBOM_ALLOWED_SIGNERS_INVALID", why, {
        file,
        line: i + 1,
        hint: 'each line is `principals [options] keytype base64-key`, e.g. `ci@example.com namespaces="in-toto" ssh-ed25519 AAAA...`',
      });
    const tokens = tokenize(line);
    const hasOptions = tokens[1] !== undefined && !SSH_KEY_TYPES.has(tokens[1]);
    const [principals, options, type, b64] = hasOptions ? tokens : [tokens[0], undefined, tokens[1], tokens[2]];
    if (!principals || !type || !b64) throw bad("expected principals, a key type and a base64 key");
    if (!SSH_KEY_TYPES.has(type)) throw bad(`unknown key type ${type}`);
    let key: PublicKey;
    try {
      key = publicKeyFromSshBlob(Buffer.from(b64, "base64"), file);
    } catch (error) {
      if (error instanceof RampartError && error.code === "SBOM_KEY_UNSUPPORTED") return; // sk- keys: cannot verify, skip
      throw bad(`the ${type} key does not decode`);
    }
    if (key.type !== type) throw bad(`key type ${type} does not match the key data (${key.type})`);
    out.push({ principals: unquote(principals).split(","), key, ...parseOptions(options, bad), line: i + 1 });
  });
  return out;
}

function parseOptions(
  options: string | undefined,
  bad: (why: string) => RampartError,
): Pick<AllowedSigner, "namespaces" | "validAfter" | "validBefore" | "certAuthority"> {
  const result: ReturnType<typeof parseOptions> = { certAuthority: false };
  for (const opt of splitOutsideQuotes(options ?? "", ",")) {
    const eq = opt.indexOf("=");
    const name = (eq < 0 ? opt : opt.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? "" : unquote(opt.slice(eq + 1));
    if (name === "cert-authority") result.certAuthority = true;
    else if (name === "namespaces") result.namespaces = value.split(",");
    else if (name === "valid-after") result.validAfter = parseTime(value, bad);
    else if (name === "valid-before") result.validBefore = parseTime(value, bad);
    else if (name !== "") throw bad(`unknown option ${name}`);
  }
  return result;
}

/** YYYYMMDD[HHMM[SS]][Z]: UTC with a trailing Z, local time otherwise (as ssh-keygen reads it). */
function parseTime(value: string, bad: (why: string) => RampartError): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/i.exec(value);
  if (!m) throw bad(`bad time ${value} (expected YYYYMMDD[HHMM[SS]][Z])`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0)) as number[];
  const args = [y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0] as const;
  return m[7] ? new Date(Date.UTC(...args)) : new Date(...args);
}

/** Principals and options may be double-quoted and then contain spaces. */
function tokenize(line: string): string[] {
  return splitOutsideQuotes(line, " \t").filter((t) => t !== "");
}

function splitOutsideQuotes(text: string, separators: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && separators.includes(ch)) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur !== "") out.push(cur);
  return out;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** ssh-style pattern: `*` and `?` wildcards. */
export function matchPattern(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(value);
}

/** Whether the line lets its key sign attestations at `when`. */
export function signerAllows(s: AllowedSigner, when: Date): boolean {
  if (s.certAuthority) return false; // CA keys sign certificates, not attestations
  if (s.namespaces && !s.namespaces.some((p) => matchPattern(p, ATTESTATION_NAMESPACE))) return false;
  if (s.validAfter && when < s.validAfter) return false;
  if (s.validBefore && when > s.validBefore) return false;
  return true;
}
