import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { RampartError } from "@rampart/core/errors";
import type { Detector, TextMatch } from "./scanner.js";

/**
 * Runs the rules a repo's `.secretlintrc.*` names, alongside ours, through @secretlint/core.
 * Rule packages resolve from the user's repo (as secretlint itself does), never from rampart's
 * own dependencies. This module is imported only when such a config exists.
 */
interface RuleEntry {
  id: string;
  options?: unknown;
  disabled?: boolean;
  allowMessageIds?: string[];
  rules?: RuleEntry[];
}

interface LintMessage {
  type: string;
  ruleId: string;
  messageId: string;
  range: readonly [number, number];
  loc: { start: { line: number; column: number } };
}

/**
 * `trusted`: the config's text as a trusted revision holds it (--policy-rev), read instead of the
 * file; its `name` (`origin/main:.secretlintrc.json`) names it in errors.
 */
export async function loadSecretlint(
  root: string,
  configFile: string,
  trusted?: { name: string; text: string },
): Promise<Detector> {
  const name = trusted?.name ?? basename(configFile);
  const entries = readConfig(configFile, name, trusted?.text);
  const require = createRequire(join(root, "package.json"));
  const rules = await Promise.all(entries.map((e) => loadRule(e, require, name)));
  const { lintSource } = await import("@secretlint/core");
  const config = { rules } as unknown as Parameters<typeof lintSource>[0]["options"]["config"];
  return async (text, _context, file) => {
    const result = await lintSource({
      source: { filePath: join(root, file), content: text, ext: extname(file), contentType: "text" },
      options: { config, maskSecrets: true },
    });
    const out: TextMatch[] = [];
    for (const m of result.messages as unknown as LintMessage[]) {
      if (m.type !== "message") continue;
      out.push({
        ruleId: m.ruleId,
        provider: "secretlint",
        description: `secretlint ${m.ruleId} (${m.messageId})`,
        secret: text.slice(m.range[0], m.range[1]),
        start: m.range[0],
        end: m.range[1],
        line: m.loc.start.line,
        column: m.loc.start.column + 1,
        confidence: "medium",
      });
    }
    return out;
  };
}

function readConfig(file: string, name: string, given?: string): RuleEntry[] {
  let doc: unknown;
  const text = given ?? readFileSync(file, "utf8");
  try {
    doc = /\.ya?ml$/.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw invalid(
      name,
      `is not valid ${/\.ya?ml$/.test(file) ? "YAML" : "JSON"}: ${(error as Error).message.split("\n")[0]}`,
      error,
    );
  }
  const rules = (doc as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules) || rules.some((r) => typeof (r as RuleEntry)?.id !== "string")) {
    throw invalid(name, 'needs a "rules" array whose entries each have an "id"');
  }
  return rules as RuleEntry[];
}

// yaml is a dependency already; required lazily through createRequire to keep this module sync.
// logLevel "error": the yaml package would otherwise print a warning that quotes a collection key
// ('[<token>]: x') through process.emitWarning, past every redaction.
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)("yaml") as { parse(t: string, o: { logLevel: "error" }): unknown };
  return yaml.parse(text, { logLevel: "error" });
}

async function loadRule(entry: RuleEntry, require: NodeJS.Require, name: string): Promise<Record<string, unknown>> {
  const resolved = resolveRule(entry.id, require);
  if (resolved === undefined) {
    throw new RampartError(
      "SECRETS_SECRETLINT_RULE_MISSING",
      `${name} names the rule package ${entry.id}, which is not installed in this repository`,
      {
        hint: `install it (npm install --save-dev ${entry.id}) or remove it from ${name}`,
        file: name,
      },
    );
  }
  const mod = (await import(pathToFileURL(resolved).href)) as {
    creator?: unknown;
    default?: { creator?: unknown } | unknown;
  };
  const creator = mod.creator ?? (mod.default as { creator?: unknown } | undefined)?.creator ?? mod.default;
  if (typeof creator !== "object" || creator === null)
    throw invalid(name, `rule package ${entry.id} exports no secretlint rule (creator)`);
  const out: Record<string, unknown> = { id: entry.id, rule: creator };
  for (const key of ["options", "disabled", "allowMessageIds", "rules"] as const)
    if (entry[key] !== undefined) out[key] = entry[key];
  return out;
}

/** secretlint's own short names: "preset-recommend" -> "@secretlint/secretlint-rule-preset-recommend". */
function resolveRule(id: string, require: NodeJS.Require): string | undefined {
  const candidates = id.includes("secretlint-rule-")
    ? [id]
    : [id, `secretlint-rule-${id}`, `@secretlint/secretlint-rule-${id}`];
  for (const c of candidates) {
    try {
      return require.resolve(c);
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

function invalid(name: string, what: string, cause?: unknown): RampartError {
  return new RampartError("SECRETS_CONFIG_INVALID", `${name} ${what}`, {
    hint: "fix the file, or set secrets.secretlint: false in .rampart/config.yaml to ignore it",
    file: name,
    cause,
  });
}
