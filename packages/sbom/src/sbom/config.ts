import { join } from "node:path";
import { loadConfig } from "@rampart/core/config";
import { gitOutput } from "./git-lite.js";
import type { SbomFormat } from "./render.js";

/** The `sbom` section of .rampart/config.yaml, paths made absolute against the repository root. */
export interface SbomConfig {
  /** The repository root, when cwd is inside one. */
  root?: string;
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
  const root = await gitOutput(["rev-parse", "--show-toplevel"], options);
  if (root === undefined || root === "") return {};
  const section = (await loadConfig({ cwd: options.cwd, root, ...(options.env ? { env: options.env } : {}) })).config
    .sbom;
  const out: SbomConfig = { root };
  if (typeof section.format === "string") out.format = section.format as SbomFormat;
  if (typeof section.specVersion === "string") out.specVersion = section.specVersion;
  if (typeof section.includeDev === "boolean") out.includeDev = section.includeDev;
  if (typeof section.lockfile === "string") out.lockfile = join(root, section.lockfile);
  if (typeof section.allowedSigners === "string") out.allowedSigners = join(root, section.allowedSigners);
  return out;
}
