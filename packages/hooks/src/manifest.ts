import { createHash } from "node:crypto";
import { RampartError } from "@rampart/core/errors";
import { isPlainRelativePath, readFileSafe } from "@rampart/core/fs";
import type { PackageJsonEdits } from "./package-json.js";

/** Where init records what it added, so that doctor can check it and uninstall can undo it. */
export const MANIFEST_PATH = ".rampart/hooks.lock.json";

export interface Manifest {
  version: 1;
  profile: string;
  /** Hook files (git-root relative) -> digest of rampart's block; `created` when the file was rampart's. */
  /** `carried`: the user lines init carried over from simple-git-hooks into a hook it created. */
  hooks: Record<string, { sha256: string; created: boolean; carried?: string }>;
  /** Whole files rampart wrote -> digest; `replaced` holds what --force overwrote. */
  files: Record<string, { sha256: string; replaced?: string }>;
  packageJson?: { path: string; edits: PackageJsonEdits };
  pnpmWorkspace?: { path: string; added: Record<string, unknown>; created: boolean };
  /** Paths init added to the spell checker's ignore list (`key` in the config at `path`). */
  cspell?: { path: string; key: string; added: string[]; createdKey: boolean };
  /** init added rampart's job to .gitlab-ci.yml's include list. */
  gitlabInclude?: boolean;
  /** core.hooksPath before rampart's husky took it over (null: unset). */
  hooksPathBefore: string | null;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The manifest is repository content, so untrusted: its shape is checked and every path in it
 * must be a plain relative path (no `..`, no absolute path) before uninstall acts on it.
 */
export function readManifest(gitRoot: string): Manifest | undefined {
  const text = readFileSafe(MANIFEST_PATH, { root: gitRoot });
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid("it is not JSON", error);
  }
  const problem = manifestProblem(value);
  if (problem !== undefined) throw invalid(problem);
  return value as Manifest;
}

function invalid(detail: string, cause?: unknown): RampartError {
  return new RampartError("HOOKS_MANIFEST_INVALID", `not a manifest rampart can read: ${detail}`, {
    hint: "restore it from git (`git checkout -- .rampart/hooks.lock.json`); if rampart never wrote it, remove it",
    file: MANIFEST_PATH,
    ...(cause === undefined ? {} : { cause }),
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown) => isObject(v) && Object.values(v).every((x) => typeof x === "string");

/** What is wrong with a parsed manifest, or undefined when rampart can act on it. */
function manifestProblem(m: unknown): string | undefined {
  if (!isObject(m) || m.version !== 1) return "unknown manifest version";
  if (!isObject(m.hooks) || !isObject(m.files)) return "`hooks` and `files` must be objects";
  if (typeof m.hooksPathBefore !== "string" && m.hooksPathBefore !== null)
    return "`hooksPathBefore` must be a string or null";
  const paths: string[] = [...Object.keys(m.hooks), ...Object.keys(m.files)];
  for (const h of Object.values(m.hooks))
    if (
      !isObject(h) ||
      typeof h.sha256 !== "string" ||
      typeof h.created !== "boolean" ||
      (h.carried !== undefined && typeof h.carried !== "string")
    )
      return "a `hooks` entry is malformed";
  for (const f of Object.values(m.files))
    if (!isObject(f) || typeof f.sha256 !== "string" || (f.replaced !== undefined && typeof f.replaced !== "string"))
      return "a `files` entry is malformed";
  if (m.packageJson !== undefined) {
    const p = m.packageJson;
    if (!isObject(p) || typeof p.path !== "string" || !isObject(p.edits)) return "`packageJson` is malformed";
    const e = p.edits;
    if (!isStringMap(e.addedDevDependencies) || !isObject(e.scripts) || !isStringMap(e.keptDevDependencies ?? {}))
      return "`packageJson.edits` is malformed";
    if (!Object.values(e.scripts).every((v) => v === null || typeof v === "string"))
      return "`packageJson.edits` is malformed";
    paths.push(p.path);
  }
  if (m.pnpmWorkspace !== undefined) {
    const p = m.pnpmWorkspace;
    if (!isObject(p) || typeof p.path !== "string" || !isObject(p.added) || typeof p.created !== "boolean")
      return "`pnpmWorkspace` is malformed";
    paths.push(p.path);
  }
  if (m.cspell !== undefined) {
    const c = m.cspell;
    if (
      !isObject(c) ||
      typeof c.path !== "string" ||
      (c.key !== "ignorePaths" && c.key !== "cSpell.ignorePaths") ||
      !Array.isArray(c.added) ||
      !c.added.every((a) => typeof a === "string") ||
      typeof c.createdKey !== "boolean"
    )
      return "`cspell` is malformed";
    paths.push(c.path);
  }
  if (m.gitlabInclude !== undefined && typeof m.gitlabInclude !== "boolean") return "`gitlabInclude` must be a boolean";
  const bad = paths.find((p) => !isPlainRelativePath(p) || p.split("/").some((s) => s.toLowerCase() === ".git"));
  if (bad !== undefined)
    return `${JSON.stringify(bad).slice(0, 200)} is not a plain relative path inside the repository (outside .git)`;
  return undefined;
}

/** Stable text: sorted keys, two-space indent, final newline (so a re-run writes the same bytes). */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(sortKeys(manifest), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
