import { existsSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { getGitDir, git } from "@rampart/core";

/**
 * husky sets core.hooksPath to a relative `.husky/_`, and `_` is git-ignored: a new linked
 * worktree has no `.husky/_` until someone installs there, so git silently runs no hook at all.
 * core.hooksPath is shared by every worktree, so pointing it at the main worktree's `.husky/_`
 * makes hooks run everywhere (and, without node_modules, fail closed with the fix). Returns the
 * value it set, or undefined when nothing needed to change. Submodules keep the relative path:
 * their hooks run from their own working tree.
 */
export async function pinHooksPath(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string | undefined> {
  const r = await git(["config", "--get", "core.hooksPath"], { ...options, okExitCodes: [1] });
  const value = r.stdout.trim();
  if (r.exitCode !== 0 || isAbsolute(value) || !/(^|\/)\.husky\/_\/?$/.test(value)) return undefined;
  const { commonDir } = await getGitDir(options);
  if (basename(commonDir) !== ".git") return undefined;
  const absolute = join(dirname(commonDir), value.replace(/\/$/, ""));
  if (!existsSync(join(absolute, "h"))) return undefined;
  await git(["config", "core.hooksPath", absolute], options);
  return absolute;
}
