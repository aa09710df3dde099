import { git, gitBuffer, parseRaw, STAGED_DIFF_ARGS, splitNul } from "@rampart/core/git";
import { isLockfilePath, isWorkflowPath } from "@rampart/core/glob";

/** Staged paths (added, copied, modified, renamed; not deleted), from the root whatever the cwd: one cheap git call. */
export async function stagedFiles(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string[]> {
  const r = await git(["diff", "--cached", "--name-only", "--no-relative", "--diff-filter=ACMR", "-z"], options);
  return splitNul(r.stdout);
}

/**
 * The staged diff as the secret guard reads it (core's STAGED_DIFF_ARGS: raw records, blob ids,
 * no rename pairing), and the paths it adds or modifies: what `stagedFiles` lists (with renames
 * paired off, a renamed file is its new path, added), from the one git process the pre-commit
 * hook then hands to the secret scan while the index is unchanged.
 */
export async function stagedDiff(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv | undefined;
}): Promise<{ raw: Buffer; files: string[] }> {
  const r = await gitBuffer(STAGED_DIFF_ARGS, { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) });
  const files = parseRaw(r.stdout)
    .filter((record) => /^[ACMR]/.test(record.status))
    .map((record) => Buffer.from(record.key, "latin1").toString("utf8"));
  return { raw: r.stdout, files };
}

/**
 * Staged CI files `rampart workflows check` judges: GitHub workflows, actions' action.yml, GitLab
 * CI, and an action.yml/action.yaml at any path (a local action, `uses: ./tools/x`, lives anywhere;
 * CI's workflow step lists them the same way).
 */
export function stagedWorkflows(files: readonly string[]): string[] {
  return files.filter((f) => isWorkflowPath(f) || /(?:^|\/)action\.ya?ml$/.test(f));
}

export function stagedLockfiles(files: readonly string[]): string[] {
  return files.filter(isLockfilePath);
}
