import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RampartError } from "@rampart/core";
import type { PackageJsonEdits } from "./package-json.js";

/** Where init records what it added, so that doctor can check it and uninstall can undo it. */
export const MANIFEST_PATH = ".rampart/hooks.lock.json";

export interface Manifest {
  version: 1;
  profile: string;
  /** Hook files (git-root relative) -> digest of rampart's block; `created` when the file was rampart's. */
  hooks: Record<string, { sha256: string; created: boolean }>;
  /** Whole files rampart wrote -> digest; `replaced` holds what --force overwrote. */
  files: Record<string, { sha256: string; replaced?: string }>;
  packageJson?: { path: string; edits: PackageJsonEdits };
  pnpmWorkspace?: { path: string; added: Record<string, unknown>; created: boolean };
  /** init added rampart's job to .gitlab-ci.yml's include list. */
  gitlabInclude?: boolean;
  /** core.hooksPath before rampart's husky took it over (null: unset). */
  hooksPathBefore: string | null;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function readManifest(gitRoot: string): Manifest | undefined {
  const file = join(gitRoot, MANIFEST_PATH);
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Manifest;
    if (value.version !== 1 || typeof value.hooks !== "object") throw new Error("unknown manifest version");
    return value;
  } catch (error) {
    throw new RampartError("HOOKS_MANIFEST_INVALID", `${MANIFEST_PATH} is not a manifest rampart can read`, {
      hint: "restore it from git (`git checkout -- .rampart/hooks.lock.json`) or run `rampart init --force`",
      file: MANIFEST_PATH,
      cause: error,
    });
  }
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
