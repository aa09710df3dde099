import { git, splitNul } from "@rampart/core";

const LOCKFILES = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock)$/;

/** Staged paths (added, copied, modified, renamed; not deleted): one cheap git call. */
export async function stagedFiles(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string[]> {
  const r = await git(["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"], options);
  return splitNul(r.stdout);
}

export function stagedLockfiles(files: readonly string[]): string[] {
  return files.filter((f) => LOCKFILES.test(f));
}
