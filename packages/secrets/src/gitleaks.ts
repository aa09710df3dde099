import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { convertGoRegex } from "./go-regex.js";
import type { SecretRule } from "./rule.js";

/**
 * A repo's `.gitleaks.toml`, converted to our rule shape so teams keep their custom rules.
 * What cannot be expressed (path-only rules, Go regex syntax JS lacks) is skipped with a
 * warning naming the rule, never silently.
 */
export interface GitleaksImport {
  rules: SecretRule[];
  warnings: string[];
}

interface GitleaksAllowlist {
  regexes?: unknown;
  stopwords?: unknown;
  regexTarget?: unknown;
}

interface GitleaksRule {
  id?: unknown;
  description?: unknown;
  regex?: unknown;
  secretGroup?: unknown;
  entropy?: unknown;
  keywords?: unknown;
  path?: unknown;
  allowlist?: GitleaksAllowlist;
  allowlists?: GitleaksAllowlist[];
}

/** Reads and converts a `.gitleaks.toml`; the TOML parser loads only here. */
export async function loadGitleaksRules(file: string): Promise<GitleaksImport> {
  return parseGitleaksRules(readFileSync(file, "utf8"), basename(file));
}

/** Converts a `.gitleaks.toml`'s text; `name` names it in errors (`origin/main:.gitleaks.toml`). */
export async function parseGitleaksRules(text: string, name: string): Promise<GitleaksImport> {
  const { parse } = await import("smol-toml");
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    const line = (error as { line?: number }).line;
    throw new RampartError(
      "SECRETS_CONFIG_INVALID",
      `${name} is not valid TOML: ${(error as Error).message.split("\n")[0]}`,
      {
        hint: "fix the file, or set secrets.gitleaks: false in .rampart/config.yaml to ignore it",
        file: name,
        ...(line === undefined ? {} : { line }),
        cause: error,
      },
    );
  }
  return convertGitleaks(doc, name);
}

export function convertGitleaks(doc: Record<string, unknown>, name = ".gitleaks.toml"): GitleaksImport {
  const out: GitleaksImport = { rules: [], warnings: [] };
  const list = Array.isArray(doc.rules) ? (doc.rules as GitleaksRule[]) : [];
  for (const [i, raw] of list.entries()) {
    const id = typeof raw.id === "string" && raw.id !== "" ? raw.id : `gitleaks-rule-${i + 1}`;
    const result = convertRule(id, raw);
    if (typeof result === "string") out.warnings.push(`${name}: rule "${id}" skipped: ${result}`);
    else {
      out.rules.push(result.rule);
      for (const w of result.warnings) out.warnings.push(`${name}: rule "${id}": ${w}`);
    }
  }
  return out;
}

function convertRule(id: string, raw: GitleaksRule): { rule: SecretRule; warnings: string[] } | string {
  if (typeof raw.regex !== "string") {
    return raw.path === undefined
      ? "it has no regex"
      : "path-only rules are not supported (use sensitive files or secrets.ignorePaths)";
  }
  const group = typeof raw.secretGroup === "number" ? raw.secretGroup : undefined;
  const converted = convertGoRegex(raw.regex, group);
  if (typeof converted === "string") return converted;
  const warnings: string[] = [];
  if (raw.path !== undefined) warnings.push("its path filter is ignored: the rule runs on every file");
  const allowlist: string[] = [];
  for (const a of [...(raw.allowlist ? [raw.allowlist] : []), ...(raw.allowlists ?? [])]) {
    if (a.regexTarget !== undefined && a.regexTarget !== "secret") {
      warnings.push(
        `allowlist regexTarget "${String(a.regexTarget)}" is not supported: its regexes are applied to the secret`,
      );
    }
    for (const r of strings(a.regexes)) {
      const c = convertGoRegex(r, undefined);
      if (typeof c === "string") warnings.push(`allowlist regex skipped: ${c}`);
      else {
        if (c.flags !== "")
          warnings.push(`allowlist regex flags (?${c.flags}) are dropped: it matches case-sensitively`);
        allowlist.push(c.source);
      }
    }
    for (const w of strings(a.stopwords)) allowlist.push(w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  }
  const rule: SecretRule = {
    id,
    provider: "custom (gitleaks)",
    description:
      typeof raw.description === "string" && raw.description !== "" ? raw.description : `gitleaks rule ${id}`,
    keywords: strings(raw.keywords).map((k) => k.toLowerCase()),
    pattern: converted.source,
    framework: ["SRC-2"],
    confidence: "medium",
    contexts: ["code"],
  };
  if (converted.flags !== "") rule.flags = converted.flags;
  if (typeof raw.entropy === "number") rule.entropy = raw.entropy;
  if (allowlist.length > 0) rule.allowlist = allowlist;
  return { rule, warnings };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
