import { posix } from "node:path";
import { CatFileBatch, type CheckResult, getHeadCommit, getRepoRoot, makeResult } from "@rampart/core";
import { diffLockfiles, type LockfileDiffStats } from "./checks/diff.js";
import { byLocation } from "./checks/order.js";
import type { LockfilePolicy } from "./checks/rules.js";
import { listLockfiles } from "./load.js";
import type { Lockfile } from "./model.js";
import { parseLockfile } from "./parse/index.js";

export interface DiffRevisionsOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The revision to compare the staged lockfile with. Default HEAD. */
  rev?: string;
  /** One lockfile (repo-relative); default every tracked lockfile. */
  lockfile?: string;
  policy?: LockfilePolicy;
}

export interface DiffRevisionsStats {
  base: string;
  lockfiles: LockfileDiffStats[];
}

/**
 * `rampart lockfile diff`: each staged lockfile against its version at `rev` (default HEAD), both
 * read from git objects, never the working tree, so what is reviewed is what gets committed.
 */
export async function diffLockfileRevisions(options: DiffRevisionsOptions): Promise<CheckResult<DiffRevisionsStats>> {
  const gitOptions = options.env === undefined ? { cwd: options.cwd } : { cwd: options.cwd, env: options.env };
  const root = await getRepoRoot(gitOptions);
  const rev = options.rev ?? ((await getHeadCommit({ ...gitOptions, cwd: root })) === null ? undefined : "HEAD");
  const paths = options.lockfile !== undefined ? [options.lockfile] : await listLockfiles(root, options.env);
  const batch = new CatFileBatch({ ...gitOptions, cwd: root });
  const findings: CheckResult["findings"] = [];
  const stats: DiffRevisionsStats = { base: rev ?? "(no commits)", lockfiles: [] };
  try {
    for (const path of paths) {
      const read = async (prefix: string | undefined, rel: string) =>
        prefix === undefined ? undefined : (await batch.read(`${prefix}:${rel}`))?.content.toString("utf8");
      const afterText = await read("", path);
      if (afterText === undefined) continue; // not staged (deleted): nothing will be installed from it
      const beforeText = await read(rev, path);
      if (beforeText === afterText) continue;
      const dir = posix.dirname(path);
      const sibling = (prefix: string | undefined) => (rel: string) =>
        read(prefix, dir === "." ? rel : `${dir}/${rel}`);
      const after = await parseLockfile({ path, content: afterText, cwd: root, readSibling: sibling("") });
      const before: Lockfile =
        beforeText === undefined
          ? { ...after, packages: [], edges: [], importers: [] }
          : await parseLockfile({ path, content: beforeText, cwd: root, readSibling: sibling(rev) });
      const result = diffLockfiles(before, after, options.policy ?? {});
      findings.push(...result.findings);
      stats.lockfiles.push(result.stats);
    }
  } finally {
    batch.close();
  }
  return makeResult(findings.sort(byLocation), stats);
}
