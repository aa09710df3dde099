import { createRequire } from "node:module";

/**
 * CVSS v3.0/v3.1 base score from a vector (FIRST, CVSS v3.1 specification section 7.1 and
 * Appendix A's Roundup), computed here; CVSS v4.0 base scores (CVSS-B) through
 * ae-cvss-calculator, which carries the specification's macrovector table and severity
 * distances, after this module has checked the vector itself.
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

// CVSS v4.0 base metrics and their allowed values (specification section 2).
const V4_BASE: Record<string, string> = {
  AV: "NALP",
  AC: "LH",
  AT: "NP",
  PR: "NLH",
  UI: "NPA",
  VC: "HLN",
  VI: "HLN",
  VA: "HLN",
  SC: "HLN",
  SI: "HLN",
  SA: "HLN",
};
// Threat, environmental and supplemental metrics: allowed in a vector, not part of the base score.
const V4_OTHER: Record<string, string> = {
  E: "XAPU",
  CR: "XHML",
  IR: "XHML",
  AR: "XHML",
  MAV: "XNALP",
  MAC: "XLH",
  MAT: "XNP",
  MPR: "XNLH",
  MUI: "XNPA",
  MVC: "XHLN",
  MVI: "XHLN",
  MVA: "XHLN",
  MSC: "XHLN",
  MSI: "XSHLN",
  MSA: "XSHLN",
  S: "XNP",
  AU: "XNY",
  R: "XAUI",
  V: "XDC",
  RE: "XLMH",
  U: "",
};
const URGENCY = new Set(["X", "Clear", "Green", "Amber", "Red"]);

const require = createRequire(import.meta.url);
type Calculator = { Cvss4P0: new (vector: string) => { calculateScores(): { overall: number } } };
let calculator: Calculator | undefined;

/**
 * The CVSS v4.0 base score (CVSS-B: the eleven base metrics only, threat and environmental
 * metrics ignored), or undefined when the vector is not a complete, well-formed CVSS:4.0 vector.
 */
export function cvss4BaseScore(vector: string): number | undefined {
  const parts = vector.trim().split("/");
  if (parts[0] !== "CVSS:4.0") return undefined;
  const seen = new Map<string, string>();
  for (const p of parts.slice(1)) {
    const [k, v, extra] = p.split(":");
    if (k === undefined || v === undefined || extra !== undefined || seen.has(k)) return undefined;
    const allowed = V4_BASE[k] ?? V4_OTHER[k];
    if (allowed === undefined) return undefined;
    if (k === "U" ? !URGENCY.has(v) : v.length !== 1 || !allowed.includes(v)) return undefined;
    seen.set(k, v);
  }
  const base = Object.keys(V4_BASE).map((k) => (seen.has(k) ? `${k}:${seen.get(k)}` : undefined));
  if (base.includes(undefined)) return undefined;
  calculator ??= require("ae-cvss-calculator") as Calculator;
  const score = new calculator.Cvss4P0(`CVSS:4.0/${base.join("/")}`).calculateScores().overall;
  return typeof score === "number" && score >= 0 && score <= 10 ? Math.round(score * 10) / 10 : undefined;
}
