import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { RampartError } from "@rampart/core/errors";
import type { Finding } from "@rampart/core/findings";
import { writeFileSafe, writeOutputFile } from "@rampart/core/fs";
import { secretIdentity } from "./report.js";

/**
 * Accepted findings, keyed by a salted, slow hash of each finding's secret identity (rule + secret,
 * `secretFingerprint`; never output, unlike the finding's location `fingerprint`):
 * no line numbers, so it survives moves and never conflicts on merge, and no secret, so it is safe
 * to commit. Version 1 keyed entries by the fingerprint itself, an unsalted SHA-256 of the
 * secret: a committed baseline of a short password could be brute-forced back at billions of
 * guesses a second, and one precomputed table served every repository. Version 2 keys each entry
 * with scrypt (N=2^12, r=8: 4 MiB and some milliseconds a guess) under a random salt of its own
 * (`salt`, stored in the baseline). Version 1 files are still read as they were (the same
 * findings accepted, no more), with a warning until `rampart secrets baseline` rewrites them.
 */
export interface BaselineEntry {
  ruleId: string;
  /** Where the secret was first seen; informative only, matching uses the key. */
  file?: string;
}

export interface Baseline {
  version: 1 | 2;
  /** Version 2: the salt of the entries' keys (base64url, 16 bytes or more). */
  salt?: string;
  entries: Record<string, BaselineEntry>;
}

export interface BaselineUpdate {
  baseline: Baseline;
  added: string[];
  removed: string[];
  /** Entries of a version 1 baseline carried over into version 2 (their secret is still found). */
  migrated: number;
}

/** scrypt's cost: 2^12 iterations of 4 MiB (r=8), one key a finding; cached per salt and fingerprint. */
const SCRYPT = { N: 1 << 12, r: 8, p: 1, maxmem: 32 * 1024 * 1024 } as const;
const keyCache = new Map<string, Promise<string>>();

/** A version 2 entry's key: scrypt of the finding's secret identity under the baseline's salt, hex. */
export function baselineKey(salt: string, identity: string): Promise<string> {
  const id = `${salt}\0${identity}`;
  let key = keyCache.get(id);
  if (key === undefined) {
    // node:crypto loads when a baseline first judges a finding: a clean hook run never pays for it.
    const { scrypt } = process.getBuiltinModule("node:crypto");
    key = new Promise<string>((done, fail) =>
      scrypt(identity, Buffer.from(salt, "base64url"), 32, SCRYPT, (error, derived) =>
        error ? fail(error) : done(derived.toString("hex")),
      ),
    );
    keyCache.set(id, key);
  }
  return key;
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
  const { version, salt } = data as { version?: unknown; salt?: unknown };
  if (version === 2) {
    if (typeof salt !== "string" || !/^[A-Za-z0-9_-]{22,}$/.test(salt)) {
      throw new RampartError("SECRETS_BASELINE_INVALID", `the baseline (version 2) has no valid "salt"`, {
        hint: "restore the file from git, or regenerate it with `rampart secrets baseline` (review what it accepts)",
        file: name,
      });
    }
    return { version: 2, salt, entries: entries as Record<string, BaselineEntry> };
  }
  // Version 1 (written before versions were checked, so a missing one is version 1 too).
  if (version !== 1 && version !== undefined) {
    throw new RampartError(
      "SECRETS_BASELINE_INVALID",
      `the baseline's version ${JSON.stringify(version)} is not one this rampart reads`,
      {
        hint: "versions 1 and 2 are read: upgrade rampart, or regenerate the baseline with `rampart secrets baseline`",
        file: name,
      },
    );
  }
  return { version: 1, entries: entries as Record<string, BaselineEntry> };
}

/** The error findings a baseline may accept, with their secret identities (nothing else ever is). */
function judged(findings: readonly Finding[]): Array<[Finding, string]> {
  const out: Array<[Finding, string]> = [];
  for (const f of findings) {
    const identity = f.severity === "error" ? secretIdentity(f) : undefined;
    if (identity !== undefined) out.push([f, identity]);
  }
  return out;
}

/** Drops the error findings the baseline accepts. */
export async function applyBaseline(findings: readonly Finding[], baseline: Baseline): Promise<Finding[]> {
  if (Object.keys(baseline.entries).length === 0) return [...findings];
  const candidates = judged(findings);
  const salt = baseline.salt as string;
  const keys = await Promise.all(
    candidates.map(([, identity]) => (baseline.version === 1 ? identity : baselineKey(salt, identity))),
  );
  const accepted = new Set(
    candidates.filter((_, i) => Object.hasOwn(baseline.entries, keys[i] as string)).map(([f]) => f),
  );
  return findings.filter((f) => !accepted.has(f));
}

/**
 * A warning while a version 1 baseline with entries is in use: its keys are unsalted hashes of
 * the secrets it accepts. Its entries still apply (nothing dropped, nothing more accepted).
 */
export function unsaltedBaselineFinding(baseline: Baseline, name: string): Finding | undefined {
  if (baseline.version !== 1 || Object.keys(baseline.entries).length === 0) return undefined;
  return {
    ruleId: "baseline-unsalted",
    severity: "warning",
    message: `the baseline keys its ${Object.keys(baseline.entries).length} entries by unsalted hashes of the secrets (version 1): a short or guessable secret can be recovered from it; its entries still apply`,
    file: name,
    framework: ["SRC-2"],
    fingerprint: `baseline-unsalted:${name}`,
    hint: "run `rampart secrets baseline` to rewrite it as version 2 (salted scrypt keys, the same findings accepted) and commit it; rotate any real secret it lists",
  };
}

/**
 * The new baseline (always version 2, the previous salt kept): every current error finding;
 * first-seen files kept for known entries. A version 1 baseline's entries are matched by
 * secret identity and carried over under new keys (`migrated`), so a rewrite accepts what it did.
 */
export async function updateBaseline(
  previous: Baseline | undefined,
  findings: readonly Finding[],
): Promise<BaselineUpdate> {
  const salt =
    previous?.version === 2 && previous.salt !== undefined
      ? previous.salt
      : process.getBuiltinModule("node:crypto").randomBytes(16).toString("base64url");
  const old = previous?.entries ?? {};
  const entries: Record<string, BaselineEntry> = {};
  const added: string[] = [];
  const matched = new Set<string>();
  let migrated = 0;
  const errors = judged(findings);
  const keys = await Promise.all(errors.map(([, identity]) => baselineKey(salt, identity)));
  for (const [i, [f, identity]] of errors.entries()) {
    const key = keys[i] as string;
    if (Object.hasOwn(entries, key)) continue;
    const before = previous?.version === 1 ? identity : key;
    const known = Object.hasOwn(old, before) ? old[before] : undefined;
    const entry: BaselineEntry = { ruleId: f.ruleId };
    const file = known?.file ?? f.file;
    if (file !== undefined) entry.file = file;
    entries[key] = entry;
    if (known === undefined) added.push(key);
    else {
      matched.add(before);
      if (previous?.version === 1) migrated++;
    }
  }
  const removed = Object.keys(old)
    .filter((k) => !matched.has(k))
    .sort();
  return { baseline: { version: 2, salt, entries }, added: added.sort(), removed, migrated };
}

/** Sorted keys, two-space indent, trailing newline: stable across runs and machines. */
export function serializeBaseline(baseline: Baseline): string {
  const entries: Record<string, BaselineEntry> = {};
  for (const key of Object.keys(baseline.entries).sort()) {
    const e = baseline.entries[key] as BaselineEntry;
    entries[key] = e.file === undefined ? { ruleId: e.ruleId } : { file: e.file, ruleId: e.ruleId };
  }
  const head = baseline.version === 2 ? { version: 2, salt: baseline.salt } : { version: 1 };
  return `${JSON.stringify({ ...head, entries }, null, 2)}\n`;
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
