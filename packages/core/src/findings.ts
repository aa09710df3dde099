/** A question of ../FRAMEWORK.md, e.g. "SRC-2". */
export type FrameworkId = `${"SRC" | "MAT" | "BLD" | "ART"}-${number}`;
export type Severity = "error" | "warning";
export type Confidence = "high" | "medium" | "low";

/**
 * What every checker returns for each problem. Field names are part of the JSON output's
 * contract (see the README of @rampart/core); add optional fields, never rename.
 */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** One line, no trailing period, never containing a secret. */
  message: string;
  /** Path relative to the repository root, forward slashes. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  commit?: string;
  framework: FrameworkId[];
  /**
   * Stable identity across runs and line moves (SARIF's partial fingerprint). Written to JSON and
   * SARIF: never computed over a secret or a credential, only over where it is or masked text.
   */
  fingerprint: string;
  hint?: string;
  confidence?: Confidence;
  /** Tool-specific, JSON-serialisable extra data (e.g. provider, package name). Never a secret. */
  properties?: Record<string, unknown>;
}

export interface CheckResult<Stats extends object = Record<string, unknown>> {
  /** False when any finding has severity "error". */
  ok: boolean;
  findings: Finding[];
  stats: Stats;
}

/** sha256 over the parts, joined by NUL, hex. Use for `Finding.fingerprint`. */
export function fingerprint(...parts: Array<string | number | undefined>): string {
  // The parts, each followed by a NUL, hashed as one UTF-8 text (the digest of feeding them one by
  // one). In JavaScript rather than node:crypto: loading node:crypto (its 18 modules, the streams
  // its classes need) cost ~22M instructions of a command's first finding, more than hashing a
  // thousand findings' few hundred bytes each here.
  let text = "";
  for (const p of parts) text += `${p ?? ""}\0`;
  return sha256Hex(Buffer.from(text, "utf8"));
}

/** SHA-256 round constants (FIPS 180-4 4.2.2). */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const W = new Int32Array(64);
const H = new Int32Array(8);

/** SHA-256 (FIPS 180-4) of the bytes, lower-case hex. */
function sha256Hex(bytes: Uint8Array): string {
  const length = bytes.length;
  // The message, a 0x80 byte, zeros to 56 mod 64, and the bit length as 64 bits big-endian.
  const blocks = ((length + 8) >>> 6) + 1;
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  H.set([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  for (let at = 0; at < padded.length; at += 64) {
    for (let t = 0; t < 16; t++) W[t] = view.getInt32(at + t * 4);
    for (let t = 16; t < 64; t++) {
      const w15 = W[t - 15] as number;
      const w2 = W[t - 2] as number;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[t] = (s1 + (W[t - 7] as number) + s0 + (W[t - 16] as number)) | 0;
    }
    let a = H[0] as number;
    let b = H[1] as number;
    let c = H[2] as number;
    let d = H[3] as number;
    let e = H[4] as number;
    let f = H[5] as number;
    let g = H[6] as number;
    let h = H[7] as number;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K[t] as number) + (W[t] as number)) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    H[0] = (H[0] as number) + a;
    H[1] = (H[1] as number) + b;
    H[2] = (H[2] as number) + c;
    H[3] = (H[3] as number) + d;
    H[4] = (H[4] as number) + e;
    H[5] = (H[5] as number) + f;
    H[6] = (H[6] as number) + g;
    H[7] = (H[7] as number) + h;
  }
  let hex = "";
  for (let i = 0; i < 8; i++) hex += ((H[i] as number) >>> 0).toString(16).padStart(8, "0");
  return hex;
}

export function makeResult<Stats extends object>(findings: Finding[], stats: Stats): CheckResult<Stats> {
  return { ok: !findings.some((f) => f.severity === "error"), findings, stats };
}

/** Code-unit order: identical on every machine (localeCompare depends on ICU and costs ~30 ms to warm up). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort findings by file, line, column, rule: the order every reporter prints. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.commit ?? "", b.commit ?? ""),
  );
}
