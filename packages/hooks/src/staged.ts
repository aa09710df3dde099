import { git, splitNul } from "@rampart/core/git";
import { isLockfilePath, isWorkflowPath } from "@rampart/core/glob";

/** Staged paths (added, copied, modified, renamed; not deleted), from the root whatever the cwd: one cheap git call. */
export async function stagedFiles(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string[]> {
  const r = await git(["diff", "--cached", "--name-only", "--no-relative", "--diff-filter=ACMR", "-z"], options);
  return splitNul(r.stdout);
}

/** Staged CI files `rampart workflows check` judges: GitHub workflows, actions' action.yml, GitLab CI. */
export function stagedWorkflows(files: readonly string[]): string[] {
  return files.filter(isWorkflowPath);
}

export function stagedLockfiles(files: readonly string[]): string[] {
  return files.filter(isLockfilePath);
}
