import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { removeSafe, writeFileSafe } from "@rampart/core/fs";
import { git } from "@rampart/core/git";
import type { ProjectInfo } from "./detect.js";
import { pinHooksPath } from "./hooks-path.js";
import { MANIFEST_PATH } from "./manifest.js";
import type { FileChange, InitPlan } from "./plan.js";

const run = promisify(execFile);

/**
 * Writes the plan's created and updated files (hook files executable); returns what it wrote.
 * The manifest goes first: it records what init adds and the originals it replaces, so a failure
 * half-way (a full disk, a folder in the way) leaves a repository `rampart hooks uninstall`
 * restores. Every write is core's safe write: inside the repository, never through a symlink,
 * atomic.
 */
export function writeChanges(gitRoot: string, changes: readonly FileChange[]): FileChange[] {
  const written: FileChange[] = [];
  const pending = changes.filter((c) => c.action === "create" || c.action === "update");
  const ordered = [
    ...pending.filter((c) => c.path === MANIFEST_PATH),
    ...pending.filter((c) => c.path !== MANIFEST_PATH),
  ];
  for (const c of ordered) {
    if (c.after === null) removeSafe(c.path, { root: gitRoot });
    else
      writeFileSafe(c.path, c.after, { root: gitRoot, createParents: true, mode: isHookFile(c.path) ? 0o755 : 0o644 });
    written.push(c);
  }
  return written;
}

function isHookFile(path: string): boolean {
  return /(^|\/)\.husky\/[^/_][^/]*$/.test(path) && !path.endsWith(".sh");
}

export interface Activation {
  active: boolean;
  /** Why the hooks are not active yet, and the command that makes them so. */
  nextStep?: string;
}

/**
 * Points git at husky's hooks when husky is installed (what its `prepare` script does on install),
 * so hooks work right after init; otherwise says which install command activates them.
 */
export async function activateHusky(plan: InitPlan, options: { env?: NodeJS.ProcessEnv }): Promise<Activation> {
  const { project } = plan;
  const huskyBin = join(project.pkgDir, "node_modules", "husky", "bin.js");
  const install = installCommand(project);
  if (!existsSync(huskyBin))
    return {
      active: false,
      // yarn 2+ runs no `prepare` of the project itself: init wrote husky into `postinstall` there.
      nextStep: `run \`${install}\`: its ${project.packageManager === "yarn-berry" ? "postinstall" : "prepare"} script activates the hooks`,
    };
  const hookDir = project.pkgRel === "." ? ".husky" : `${project.pkgRel}/.husky`;
  await run(process.execPath, [huskyBin, hookDir], { cwd: project.gitRoot, env: options.env ?? process.env });
  await pinHooksPath({ cwd: project.gitRoot, ...(options.env ? { env: options.env } : {}) });
  const r = await git(["config", "--get", "core.hooksPath"], {
    cwd: project.gitRoot,
    env: options.env,
    okExitCodes: [1],
  });
  const value = r.stdout.trim();
  const active = value === `${hookDir}/_` || value.endsWith(`/${hookDir}/_`);
  return active ? { active } : { active, nextStep: `run \`${install}\` to activate the hooks` };
}

export function installCommand(project: ProjectInfo): string {
  return project.packageManager === "npm"
    ? "npm install"
    : project.packageManager === "pnpm"
      ? "pnpm install"
      : "yarn install";
}
