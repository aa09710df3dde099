import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { git, RampartError } from "@rampart/core";
import { removeGitlabInclude } from "./gitlab.js";
import { removeBlock } from "./hook-block.js";
import { MANIFEST_PATH, type Manifest, readManifest, sha256 } from "./manifest.js";
import { unmergePackageJson } from "./package-json.js";
import { unmergePnpmWorkspace } from "./pnpm-workspace.js";

export interface UninstallStep {
  path: string;
  action: "removed" | "restored" | "edited" | "kept";
  reason?: string;
}

/**
 * Removes what init added, as recorded in the manifest, and restores what it replaced. A file
 * rampart wrote that was edited since is kept (it is the user's now) unless `force`.
 */
export async function uninstall(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  force?: boolean;
}): Promise<UninstallStep[]> {
  const gitRoot = (await git(["rev-parse", "--show-toplevel"], options)).stdout.trim();
  const manifest = readManifest(gitRoot);
  if (!manifest) {
    throw new RampartError(
      "HOOKS_NOT_INSTALLED",
      `no ${MANIFEST_PATH} here: there is nothing rampart installed to remove`,
      {
        hint: "run this in the repository where `rampart init` ran",
      },
    );
  }
  const steps: UninstallStep[] = [];
  const abs = (p: string) => join(gitRoot, p);
  for (const [path, entry] of Object.entries(manifest.hooks)) {
    if (!existsSync(abs(path))) continue;
    const rest = removeBlock(readFileSync(abs(path), "utf8"));
    if (rest === null && entry.created) {
      rmSync(abs(path));
      steps.push({ path, action: "removed" });
    } else {
      writeFileSync(abs(path), rest ?? "");
      steps.push({ path, action: "edited", reason: "rampart's block removed" });
    }
  }
  for (const [path, entry] of Object.entries(manifest.files))
    steps.push(...undoFile(abs(path), path, entry, options.force));
  steps.push(...undoMerges(gitRoot, manifest));
  await restoreHooksPath(gitRoot, manifest, options);
  removeHuskyDir(gitRoot, manifest);
  rmSync(abs(MANIFEST_PATH), { force: true });
  steps.push({ path: MANIFEST_PATH, action: "removed" });
  removeIfEmpty(abs(".rampart"));
  return steps;
}

function undoFile(file: string, path: string, entry: Manifest["files"][string], force?: boolean): UninstallStep[] {
  if (!existsSync(file)) return [];
  if (sha256(readFileSync(file, "utf8")) !== entry.sha256 && !force) {
    return [{ path, action: "kept", reason: "edited since init; remove it yourself or use --force" }];
  }
  if (entry.replaced !== undefined) {
    writeFileSync(file, entry.replaced);
    return [{ path, action: "restored", reason: "the version init --force replaced" }];
  }
  rmSync(file);
  removeIfEmpty(dirname(file));
  return [{ path, action: "removed" }];
}

function undoMerges(gitRoot: string, manifest: Manifest): UninstallStep[] {
  const steps: UninstallStep[] = [];
  if (manifest.packageJson && existsSync(join(gitRoot, manifest.packageJson.path))) {
    const file = join(gitRoot, manifest.packageJson.path);
    writeFileSync(file, unmergePackageJson(readFileSync(file, "utf8"), manifest.packageJson.edits));
    steps.push({
      path: manifest.packageJson.path,
      action: "edited",
      reason: "rampart's devDependencies and prepare script removed",
    });
  }
  const gitlab = join(gitRoot, ".gitlab-ci.yml");
  if (manifest.gitlabInclude && existsSync(gitlab)) {
    writeFileSync(gitlab, removeGitlabInclude(readFileSync(gitlab, "utf8")));
    steps.push({ path: ".gitlab-ci.yml", action: "edited", reason: "rampart's include removed" });
  }
  const pnpm = manifest.pnpmWorkspace;
  if (pnpm && existsSync(join(gitRoot, pnpm.path))) {
    const file = join(gitRoot, pnpm.path);
    const rest = unmergePnpmWorkspace(readFileSync(file, "utf8"), pnpm.added);
    if (pnpm.created && rest.replace(/#.*$/gm, "").trim() === "{}") {
      rmSync(file);
      steps.push({ path: pnpm.path, action: "removed" });
    } else {
      writeFileSync(file, rest);
      steps.push({ path: pnpm.path, action: "edited", reason: "rampart's settings removed" });
    }
  }
  return steps;
}

async function restoreHooksPath(
  gitRoot: string,
  manifest: Manifest,
  options: { env?: NodeJS.ProcessEnv },
): Promise<void> {
  const opts = { cwd: gitRoot, env: options.env };
  if (manifest.hooksPathBefore !== null) {
    await git(["config", "core.hooksPath", manifest.hooksPathBefore], opts);
    return;
  }
  await git(["config", "--unset", "core.hooksPath"], { ...opts, okExitCodes: [5] });
}

/** husky's generated `_` folder goes when rampart created every hook; an existing husky setup keeps it. */
function removeHuskyDir(gitRoot: string, manifest: Manifest): void {
  const hooks = Object.entries(manifest.hooks);
  if (hooks.length === 0 || !hooks.every(([, h]) => h.created)) return;
  const dir = join(gitRoot, dirname(hooks[0]?.[0] ?? ".husky"));
  rmSync(join(dir, "_"), { recursive: true, force: true });
  removeIfEmpty(dir);
}

function removeIfEmpty(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}
