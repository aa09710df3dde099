import { type CheckResult, type Finding, makeResult } from "@rampart/core/findings";
import {
  CatFileBatch,
  type GitOptions,
  type PushedRef,
  parsePushLines,
  pushSide,
  type RemoteDefaultLookup,
  remoteDefaultOnce,
} from "@rampart/core/git";
import { compileGlobs } from "@rampart/core/glob";
import { PolicyStore } from "./judge.js";
import { judgeChange } from "./judge-change.js";
import { loadPolicy } from "./policy.js";
import type { CommitVerdict } from "./record.js";
import { repoInfo } from "./repo.js";
import { runGit as git } from "./run-git.js";
import type { VerifyResult, VerifyStats } from "./verify-range.js";

export interface PrePushOptions extends GitOptions {
  /** The remote's name as git passes it to the hook (may be a URL when pushing to one). */
  remote: string;
  url?: string;
  /** git's pre-push stdin: `<local ref> <local oid> <remote ref> <remote oid>` per line. */
  stdinLines: string[];
  now?: number;
  cache?: boolean;
  /** What names the code that judges, kept in the cache (the CLI passes its version; see verifyRange). */
  codeId?: string;
  /**
   * The push's one lookup of the remote's default branch (core's `remoteDefaultOnce`), when the
   * caller's other pre-push steps share it (the hooks): without it, this check's own, once per push.
   */
  remoteDefault?: RemoteDefaultLookup;
}

/** One pushed ref: core's pre-push line, the one parser every hook step uses. */
export type PushUpdate = PushedRef;

/** git's pre-push stdin, parsed by core's one parser. */
export function parsePrePushLines(lines: readonly string[]): PushUpdate[] {
  return parsePushLines(lines);
}

/** Core's glob include list (`*` within one path segment, `!` excludes), as in branch protection rules. */
function branchMatches(ref: string, patterns: readonly string[]): boolean {
  return compileGlobs(patterns)(ref.replace(/^refs\/heads\//, ""));
}

async function objectType(oid: string, options: GitOptions): Promise<string | null> {
  const r = await git(["cat-file", "-t", oid], { ...options, okExitCodes: [1, 128] });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

/**
 * The pre-push entry point: checks every pushed ref's new commits (and pushed annotated tags)
 * with `judgeChange`, the decision CI's `verify --policy-rev` makes, against the remote side of
 * the push: the tip of the remote's default branch (core's pushSide), whatever branch is pushed.
 * Deletions check nothing. `protectedBranches` is read from the remote side too.
 */
export async function checkPrePush(
  options: PrePushOptions,
): Promise<CheckResult<VerifyStats & { refs: number }> & { verdicts: CommitVerdict[] }> {
  const base = { cwd: options.cwd, env: options.env };
  const { oidBytes, commonDir } = await repoInfo(base); // also refuses a shallow clone before any work
  const results: VerifyResult[] = [];
  let refs = 0;
  const judgeOf = options.remoteDefault ?? remoteDefaultOnce(options.remote, base);
  for (const u of parsePrePushLines(options.stdinLines)) {
    const side = await pushSide(u, options.remote, base, judgeOf); // core's one reading of a pushed ref
    if (side === undefined) continue; // deleting a remote ref adds no commits
    const { revs, trusted } = side;
    const type = await objectType(u.localOid, base);
    if (u.remoteRef.startsWith("refs/heads/")) {
      // The remote side's policy decides which branches are protected, so a pushed commit cannot
      // exempt itself by editing protectedBranches; the pushed tip's only for a new history, and
      // none (every branch) where the remote side is not known.
      const patterns =
        side.unknown === true
          ? undefined
          : await protectedBranches(
              trusted ?? u.localOid,
              base,
              oidBytes,
              options.cache === false ? undefined : commonDir,
            );
      if (patterns && !branchMatches(u.remoteRef, patterns)) continue;
    }
    refs++;
    const tags = type === "tag" ? [u.localOid] : [];
    results.push(
      await judgeChange({
        ...base,
        revs,
        trusted,
        head: u.localOid,
        tags,
        now: options.now,
        cache: options.cache,
        ...(options.codeId === undefined ? {} : { codeId: options.codeId }),
      }),
    );
  }
  return merge(results, refs);
}

async function protectedBranches(
  rev: string,
  options: GitOptions,
  oidBytes: number,
  commonDir: string | undefined,
): Promise<string[] | undefined> {
  const batch = new CatFileBatch(options);
  try {
    const store = new PolicyStore(batch, (tree) => loadPolicy(batch, tree, oidBytes, commonDir), oidBytes);
    return (await store.policyOf(rev))?.protectedBranches;
  } finally {
    batch.close();
  }
}

function merge(results: VerifyResult[], refs: number) {
  const findings = new Map<string, Finding>();
  const verdicts = new Map<string, CommitVerdict>();
  const stats = { commits: 0, cached: 0, exempt: 0, good: 0, failed: 0, tags: 0, refs };
  for (const r of results) {
    for (const f of r.findings) findings.set(f.fingerprint, f);
    for (const v of r.verdicts) verdicts.set(v.commit, v);
    for (const k of ["commits", "cached", "exempt", "good", "failed", "tags"] as const) stats[k] += r.stats[k];
  }
  return { ...makeResult([...findings.values()], stats), verdicts: [...verdicts.values()] };
}
