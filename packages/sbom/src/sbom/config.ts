import { join } from "node:path";
import { isRampartError, loadConfig } from "@rampart/core";
import type { SbomFormat } from "./render.js";

/** The `sbom` section of .rampart/config.yaml, paths made absolute against the repository root. */
export interface SbomConfig {
  format?: SbomFormat;
  specVersion?: string;
  includeDev?: boolean;
  lockfile?: string;
  allowedSigners?: string;
}

/**
 * Reads the policy's `sbom` section (validated by core against config.schema.json). Outside a git
 * repository there is no policy, and the defaults apply: SBOMs are also made from unpacked sources.
 */
export async function loadSbomConfig(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<SbomConfig> {
  let section: Record<string, unknown>;
  let root: string;
  try {
    const loaded = await loadConfig(options.env ? { cwd: options.cwd, env: options.env } : { cwd: options.cwd });
    section = loaded.config.sbom;
    root = loaded.root;
  } catch (error) {
    if (isRampartError(error) && (error.code === "NOT_A_GIT_REPO" || error.code === "GIT_NOT_FOUND")) return {};
    throw error;
  }
  const out: SbomConfig = {};
  if (typeof section.format === "string") out.format = section.format as SbomFormat;
  if (typeof section.specVersion === "string") out.specVersion = section.specVersion;
  if (typeof section.includeDev === "boolean") out.includeDev = section.includeDev;
  if (typeof section.lockfile === "string") out.lockfile = join(root, section.lockfile);
  if (typeof section.allowedSigners === "string") out.allowedSigners = join(root, section.allowedSigners);
  return out;
}
