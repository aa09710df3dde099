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
  // One git process for the root and git's common dir (where core remembers the parsed policy):
  // given both, loadConfig asks git nothing more (in a linked worktree it would ask again).
  const out = await gitOutput(["rev-parse", "--show-toplevel", "--path-format=absolute", "--git-common-dir"], options);
  const [root = "", commonDir = ""] = out === undefined ? [] : out.split("\n");
  if (root === "") return {};
  const section = (
    await loadConfig({
      cwd: options.cwd,
      root,
      ...(commonDir !== "" ? { commonDir } : {}),
      ...(options.env ? { env: options.env } : {}),
    })
  ).config.sbom;
  const config: SbomConfig = { root };
  if (typeof section.format === "string") config.format = section.format as SbomFormat;
  if (typeof section.specVersion === "string") config.specVersion = section.specVersion;
  if (typeof section.includeDev === "boolean") config.includeDev = section.includeDev;
  if (typeof section.lockfile === "string") config.lockfile = join(root, section.lockfile);
  if (typeof section.allowedSigners === "string") config.allowedSigners = join(root, section.allowedSigners);
  return config;
}
