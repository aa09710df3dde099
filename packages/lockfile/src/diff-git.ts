import { posix } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { type CheckResult, makeResult } from "@rampart/core/findings";
import { CatFileBatch, getHeadCommit, getRepoRoot, git, parseTree, splitNul } from "@rampart/core/git";
import { diffLockfiles, type LockfileDiffStats } from "./checks/diff.js";
import { byLocation } from "./checks/order.js";
import type { LockfilePolicy } from "./checks/rules.js";
import { listLockfiles } from "./load.js";
import type { Lockfile } from "./model.js";
import { parseLockfile } from "./parse/index.js";

export interface DiffRevisionsOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The revision to compare the staged lockfile with. Default HEAD; null: nothing (all is added). */
  rev?: string | null;
  /**
   * Compare the lockfiles of this revision instead of the staged ones (a pushed range's tip:
   * `rev` is then its base). Default: the index.
   */
  to?: string;
  /** One lockfile (repo-relative); default every tracked lockfile. */
  lockfile?: string;
  policy?: LockfilePolicy;
  /** Called with each changed lockfile as parsed on the `to` side (the index by default). */
  onParsed?: (lockfile: Lockfile) => void;
  /**
   * Given: a lockfile whose `to` side cannot be read (LOCKFILE_PARSE_FAILED) goes here and the
   * others are still compared (the caller names it, exit 2); one whose `rev` side cannot be read
   * is compared with nothing (all of it is added). Not given: either one throws.
   */
  unreadable?: unknown[];
}

/** A parse failure (LOCKFILE_PARSE_FAILED) when the caller collects them; any other error throws. */
async function unlessUnreadable<T>(parsing: Promise<T>, unreadable: unknown[] | undefined): Promise<T | undefined> {
  try {
    return await parsing;
  } catch (error) {
    if (unreadable === undefined || !(error instanceof RampartError) || error.code !== "LOCKFILE_PARSE_FAILED")
      throw error;
    unreadable.push(error);
    return undefined;
  }
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
  const rev =
    options.rev === null
      ? undefined
      : (options.rev ?? ((await getHeadCommit({ ...gitOptions, cwd: root })) === null ? undefined : "HEAD"));
  if (typeof options.rev === "string") await assertRevision(root, options.rev, options.env);
  if (options.to !== undefined) await assertRevision(root, options.to, options.env);
  const to = options.to ?? ""; // "" reads the index (":path")
  const paths = options.lockfile !== undefined ? [options.lockfile] : await listLockfiles(root, options.env);
  const batch = new CatFileBatch({ ...gitOptions, cwd: root });
  const findings: CheckResult["findings"] = [];
  const stats: DiffRevisionsStats = { base: rev ?? "(no commits)", lockfiles: [] };
  let indexDirs: ((dir: string) => string[] | undefined) | undefined;
  try {
    for (const path of paths) {
      const read = async (prefix: string | undefined, rel: string) =>
        prefix === undefined ? undefined : (await batch.read(`${prefix}:${rel}`))?.content.toString("utf8");
      const afterText = await read(to, path);
      const beforeText = await read(rev, path);
      if (afterText === undefined && beforeText === undefined && options.lockfile !== undefined) {
        throw new RampartError(
          "LOCKFILE_DIFF_MISSING",
          `the lockfile is neither staged nor in ${rev ?? "any commit"}`,
          {
            file: path,
            hint: "give the lockfile's path relative to the repository root, and `git add` it first",
          },
        );
      }
      if (afterText === undefined) continue; // deleted: nothing will be installed from it
      if (beforeText === afterText) continue;
      const dir = posix.dirname(path);
      const sibling = (prefix: string | undefined) => (rel: string) =>
        read(prefix, dir === "." ? rel : `${dir}/${rel}`);
      const dirs = (prefix: string | undefined) => async (rel: string) => {
        const target = posix.normalize(posix.join(dir, rel));
        const at = target === "." ? "" : target;
        if (prefix === "" && to === "") {
          indexDirs ??= await stagedDirectories(root, options.env);
          return indexDirs(at);
        }
        const tree = prefix === undefined ? null : await batch.read(`${prefix}:${at}`);
        return tree?.type === "tree"
          ? parseTree(tree.content, tree.oid.length / 2)
              .filter((e) => e.mode === "40000")
              .map((e) => e.name)
          : undefined;
      };
      const after = await unlessUnreadable(
        parseLockfile({ path, content: afterText, cwd: root, readSibling: sibling(to), listDir: dirs(to) }),
        options.unreadable,
      );
      if (after === undefined) continue;
      options.onParsed?.(after);
      const none: Lockfile = { ...after, packages: [], edges: [], importers: [] };
      const before: Lockfile =
        beforeText === undefined
          ? none
          : ((await unlessUnreadable(
              parseLockfile({ path, content: beforeText, cwd: root, readSibling: sibling(rev), listDir: dirs(rev) }),
              options.unreadable === undefined ? undefined : [],
            )) ?? none);
      const result = diffLockfiles(before, after, options.policy ?? {});
      findings.push(...result.findings);
      stats.lockfiles.push(result.stats);
    }
  } finally {
    batch.close();
  }
  return makeResult(findings.sort(byLocation), stats);
}

/** The index has no tree objects: directories come from the staged paths (`git ls-files`). */
async function stagedDirectories(root: string, env?: NodeJS.ProcessEnv) {
  const r = await git(["ls-files", "-z"], env === undefined ? { cwd: root } : { cwd: root, env });
  const children = new Map<string, Set<string>>();
  for (const path of splitNul(r.stdout)) {
    const parts = path.split("/");
    for (let i = 0; i < parts.length - 1; i++) {
      const parent = parts.slice(0, i).join("/");
      let set = children.get(parent);
      if (set === undefined) {
        set = new Set();
        children.set(parent, set);
      }
      set.add(parts[i] as string);
    }
  }
  return (dir: string) => {
    const set = children.get(dir);
    return set === undefined ? undefined : [...set];
  };
}

/** A mistyped revision must fail, not read as "no lockfile there" and report everything as added. */
async function assertRevision(root: string, rev: string, env?: NodeJS.ProcessEnv): Promise<void> {
  const r = await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], {
    cwd: root,
    okExitCodes: [1],
    ...(env === undefined ? {} : { env }),
  });
  if (r.exitCode !== 0) {
    throw new RampartError("LOCKFILE_DIFF_REV", `unknown revision ${rev}`, {
      hint: "pass a commit, branch or tag that exists here (e.g. HEAD~1, origin/main; fetch it first in CI)",
    });
  }
}
