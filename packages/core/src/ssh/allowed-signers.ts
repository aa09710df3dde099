import { parseSshPublicKey, type SshPublicKey } from "./key.js";
import { WireError } from "./wire.js";

/** One line of an OpenSSH allowed_signers file (ssh-keygen(1), "ALLOWED SIGNERS"). */
export interface AllowedSigner {
  line: number;
  principals: string[];
  key: SshPublicKey;
  /** Patterns from namespaces="..."; undefined means every namespace. */
  namespaces?: string[];
  /** Epoch milliseconds. */
  validAfter?: number;
  validBefore?: number;
  /** cert-authority lines trust certificates signed by the key; rampart does not verify certificates. */
  certAuthority: boolean;
}

export interface PolicyProblem {
  file: string;
  line?: number;
  message: string;
}

const KEY_TYPE = /^(ssh-|ecdsa-sha2-|sk-)/;

/** Splits on whitespace outside double quotes (principals and option values may be quoted). */
function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (cur !== "") out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur !== "") out.push(cur);
  return out;
}

/** YYYYMMDD[HHMM[SS]][Z]: UTC with Z, local time without (as ssh-keygen reads it). */
export function parseSshTime(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/i.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", z] = m;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const ms = z ? Date.UTC(...parts) : new Date(...parts).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The options field, read as sshsig.c reads it: a value must be in double quotes ("missing start
 * quote" otherwise) and each option may appear once ("multiple ... clauses"); ssh-keygen refuses
 * such a line, so it is a problem here too, never a key trusted with the last value read.
 */
function applyOptions(entry: AllowedSigner, options: string): string | undefined {
  const seen = new Set<string>();
  for (const opt of options.match(/([^,"]|"[^"]*")+/g) ?? []) {
    const [name = "", ...rest] = opt.split("=");
    const raw = rest.join("=");
    const lower = name.toLowerCase();
    if (!["cert-authority", "namespaces", "valid-after", "valid-before"].includes(lower))
      return `unknown option "${name}"`;
    if (seen.has(lower)) return `multiple "${lower}" clauses`;
    seen.add(lower);
    if (lower !== "cert-authority" && !/^"[^"]*"$/.test(raw))
      return `option "${name}" needs a quoted value (${name}="...")`;
    const value = raw.slice(1, -1);
    if (lower === "cert-authority") entry.certAuthority = true;
    else if (lower === "namespaces") entry.namespaces = value.split(",");
    else if (lower === "valid-after" || lower === "valid-before") {
      const ms = parseSshTime(value);
      if (ms === undefined) return `bad ${lower} time "${value}" (expected YYYYMMDD[HHMM[SS]][Z])`;
      if (lower === "valid-after") entry.validAfter = ms;
      else entry.validBefore = ms;
    }
  }
  return undefined;
}

/** Parses the file; bad lines become problems (with their line number) instead of entries. */
export function parseAllowedSigners(
  text: string,
  file: string,
): { entries: AllowedSigner[]; problems: PolicyProblem[] } {
  const entries: AllowedSigner[] = [];
  const problems: PolicyProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const tokens = tokenize(trimmed);
    const [principalField = "", second = ""] = tokens;
    const hasOptions = !KEY_TYPE.test(second);
    const type = tokens[hasOptions ? 2 : 1];
    const data = tokens[hasOptions ? 3 : 2];
    if (type === undefined || data === undefined) {
      problems.push({ file, line, message: "expected: principals [options] key-type base64-key" });
      return;
    }
    let key: SshPublicKey;
    try {
      key = parseSshPublicKey(Buffer.from(data, "base64"));
      if (key.type !== type) throw new WireError(`key type ${type} does not match the key data (${key.type})`);
    } catch (error) {
      problems.push({ file, line, message: `bad public key: ${(error as Error).message}` });
      return;
    }
    const principals = principalField.replace(/"/g, "").split(",").filter(Boolean);
    const entry: AllowedSigner = { line, principals, key, certAuthority: false };
    const bad = hasOptions ? applyOptions(entry, second) : undefined;
    if (bad !== undefined) problems.push({ file, line, message: bad });
    else entries.push(entry);
  });
  return { entries, problems };
}

/**
 * OpenSSH match_pattern: `*` and `?` wildcards, case-sensitive. sshsig.c matches principals and
 * namespaces with `match_pattern_list(..., 0)` (no lowercasing), so `Alice@example.org` does not
 * match a line for `alice@example.org`; only option names are case-insensitive.
 */
export function matchPattern(text: string, pattern: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${re}$`).test(text);
}

/** OpenSSH match_pattern_list: comma list, `!pattern` vetoes. */
export function matchPatternList(text: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith("!")) {
      if (matchPattern(text, p.slice(1))) return false;
    } else if (matchPattern(text, p)) matched = true;
  }
  return matched;
}

/** Whether a line lets its key sign in `namespace` (no namespaces= option: every namespace). */
export function allowsNamespace(entry: Pick<AllowedSigner, "namespaces">, namespace: string): boolean {
  return entry.namespaces === undefined || matchPatternList(namespace, entry.namespaces);
}

/** Whether a line names `principal` (a pattern list, as ssh-keygen -Y verify -I matches it). */
export function allowsPrincipal(entry: Pick<AllowedSigner, "principals">, principal: string): boolean {
  return matchPatternList(principal, entry.principals);
}
