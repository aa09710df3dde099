/**
 * CVSS v3.0/v3.1 base score from a vector (FIRST, CVSS v3.1 specification section 7.1 and
 * Appendix A's Roundup). v4.0 needs the specification's macrovector table, which this package
 * does not carry yet: a v4-only record falls back to the database's own severity.
 */
const W = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** Appendix A: the smallest number, to one decimal, equal to or higher than its input. */
export function roundUp(value: number): number {
  const int = Math.round(value * 100000);
  return int % 10000 === 0 ? int / 100000 : (Math.floor(int / 10000) + 1) / 10;
}

/** The base score, or undefined when the vector is not a complete CVSS:3.x base vector. */
export function cvss3BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split("/");
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? "")) return undefined;
  const m = new Map<string, string>();
  for (const p of parts.slice(1)) {
    const [k, v] = p.split(":");
    if (k === undefined || v === undefined || m.has(k)) return undefined;
    m.set(k, v);
  }
  const get = <T extends Record<string, number>>(table: T, key: string): number | undefined =>
    table[m.get(key) as keyof T] as number | undefined;
  const scope = m.get("S");
  const av = get(W.AV, "AV");
  const ac = get(W.AC, "AC");
  const ui = get(W.UI, "UI");
  const c = get(W.CIA, "C");
  const i = get(W.CIA, "I");
  const a = get(W.CIA, "A");
  const prv = m.get("PR");
  const pr =
    prv === "N"
      ? 0.85
      : prv === "L"
        ? scope === "C"
          ? 0.68
          : 0.62
        : prv === "H"
          ? scope === "C"
            ? 0.5
            : 0.27
          : undefined;
  if (scope !== "U" && scope !== "C") return undefined;
  if (av === undefined || ac === undefined || ui === undefined || pr === undefined) return undefined;
  if (c === undefined || i === undefined || a === undefined) return undefined;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return scope === "U"
    ? roundUp(Math.min(impact + exploitability, 10))
    : roundUp(Math.min(1.08 * (impact + exploitability), 10));
}
