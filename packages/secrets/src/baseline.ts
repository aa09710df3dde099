import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { RampartError } from "@rampart/core/errors";
import type { Finding } from "@rampart/core/findings";
import { writeFileSafe, writeOutputFile } from "@rampart/core/fs";

/**
 * Accepted findings, keyed by fingerprint (hash of rule + secret): no line numbers, so it
 * survives moves and never conflicts on merge, and no secret, so it is safe to commit.
 */
export interface BaselineEntry {
  ruleId: string;
  /** Where the secret was first seen; informative only, matching uses the key. */
  file?: string;
}

export interface Baseline {
  version: 1;
  entries: Record<string, BaselineEntry>;
}

export interface BaselineUpdate {
  baseline: Baseline;
  added: string[];
  removed: string[];
}

/**
 * Reads a baseline; undefined when absent and not asked for explicitly. `name` is how errors
 * name the file (repo-relative), `file` where it is.
 */
export async function readBaseline(file: string, required: boolean, name = file): Promise<Baseline | undefined> {
  if (!existsSync(file)) {
    if (!required) return undefined;
    throw new RampartError("SECRETS_BASELINE_MISSING", `the baseline file does not exist`, {
      hint: "create it with `rampart secrets baseline`, or drop --baseline to use none",
      file: name,
    });
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    // A folder, an unreadable file: one line naming it, like every other bad input.
    throw new RampartError(
      "SECRETS_BASELINE_INVALID",
      `the baseline cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      {
        hint: "--baseline names a JSON file written by `rampart secrets baseline`",
        file: name,
        cause: error,
      },
    );
  }
  return parseBaseline(text, name);
}

/** A baseline's text (read from a file, or from a trusted revision's blob); `name` names it in errors. */
export function parseBaseline(text: string, name: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RampartError("SECRETS_BASELINE_INVALID", `the baseline is not valid JSON: ${(error as Error).message}`, {
      hint: "regenerate it with `rampart secrets baseline` (it holds no secrets, only hashes)",
      file: name,
      cause: error,
    });
  }
  const entries = (data as { entries?: unknown } | null)?.entries;
  if (typeof entries !== "object" || entries === null || Array.isArray(entries)) {
    throw new RampartError("SECRETS_BASELINE_INVALID", `the baseline has no "entries" object`, {
      hint: "regenerate it with `rampart secrets baseline`",
      file: name,
    });
  }
  return { version: 1, entries: entries as Record<string, BaselineEntry> };
}

export function applyBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  return findings.filter((f) => f.severity !== "error" || !Object.hasOwn(baseline.entries, f.fingerprint));
}

/** The new baseline: every current error finding; first-seen files kept for known entries. */
export function updateBaseline(previous: Baseline | undefined, findings: readonly Finding[]): BaselineUpdate {
  const old = previous?.entries ?? {};
  const entries: Record<string, BaselineEntry> = {};
  for (const f of findings) {
    if (f.severity !== "error" || Object.hasOwn(entries, f.fingerprint)) continue;
    const entry: BaselineEntry = { ruleId: f.ruleId };
    const file = old[f.fingerprint]?.file ?? f.file;
    if (file !== undefined) entry.file = file;
    entries[f.fingerprint] = entry;
  }
  const added = Object.keys(entries)
    .filter((k) => !Object.hasOwn(old, k))
    .sort();
  const removed = Object.keys(old)
    .filter((k) => !Object.hasOwn(entries, k))
    .sort();
  return { baseline: { version: 1, entries }, added, removed };
}

/** Sorted keys, two-space indent, trailing newline: stable across runs and machines. */
export function serializeBaseline(baseline: Baseline): string {
  const entries: Record<string, BaselineEntry> = {};
  for (const key of Object.keys(baseline.entries).sort()) {
    const e = baseline.entries[key] as BaselineEntry;
    entries[key] = e.file === undefined ? { ruleId: e.ruleId } : { file: e.file, ruleId: e.ruleId };
  }
  return `${JSON.stringify({ version: 1, entries }, null, 2)}\n`;
}

/**
 * Writes the baseline through core's safe write. A path the policy names (repository content)
 * stays inside the repository; one the user named (`--baseline`) may be anywhere, its missing
 * folders created (the rule of every output path).
 */
export function writeBaselineFile(
  file: string,
  baseline: Baseline,
  options: { root: string; userNamed: boolean },
): void {
  const text = serializeBaseline(baseline);
  if (options.userNamed) writeOutputFile(file, text, { root: options.root });
  else writeFileSafe(file, text, { root: options.root, createParents: true });
}
