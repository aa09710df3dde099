import { RampartError } from "@rampart/core/errors";
import type { GitOptions } from "@rampart/core/git";
import type { PolicySummary } from "./cache.js";
import type { RecordContext } from "./commit-record.js";
import type { CommitRecord } from "./record.js";
import { runGit } from "./run-git.js";

export interface Trust {
  /** Commits at or before the trust root: not judged. */
  exempt: Set<string>;
  /**
   * The trusted revision's `.rampart` tree: its policy judges a commit whose parent has no policy
   * and that is not history before a trust root (a root commit, unrelated history joined by a
   * merge, unsigned work on a pre-adoption commit merged forward). Without it such a commit
   * would exempt itself. Undefined only when no trusted revision has a signature policy.
   */
  fallback: string | undefined;
}

/** A policy's trust-root facts, from the cache or read once (and then cached). */
export async function policySummary(
  tree: string,
  ctx: RecordContext,
  known: Map<string, PolicySummary>,
): Promise<PolicySummary> {
  let summary = known.get(tree);
  if (summary === undefined) {
    const policy = await ctx.store.policy(tree);
    summary = policy.since ? { active: policy.active, since: policy.since } : { active: policy.active };
    known.set(tree, summary);
  }
  return summary;
}

/**
 * The trust root is `since` in the policy of a trusted revision: --policy-rev's, else those of
 * `trustFrom` (what the remote already has, for pre-push; HEAD for verify), never the policy of
 * the commits being judged. One list per root (`after`): the commits it lists are NOT at or before it.
 *
 * Without a trust root every commit is judged: a commit whose parent has no signature policy
 * (a root commit, or unrelated history joined with `git merge --allow-unrelated-histories` on
 * either side) is judged by the trusted revision's policy. Only when no trusted revision has a
 * policy at all is such a commit exempt (nothing to judge it by: signatures are not adopted).
 *
 * A trust root must be a commit of the history it protects: one this clone does not have, or
 * that is not an ancestor of the revision whose policy names it, stops the run (fail closed,
 * SIGNATURES_TRUST_ROOT_INVALID) instead of silently exempting nothing or the wrong history.
 */
export async function resolveTrust(
  list: string[],
  /** The commits of the range that are not at or before `root`. */
  after: (root: string) => Promise<string[]>,
  trusted: Array<{ rev: string; tree: string | null }>,
  ctx: RecordContext,
  known: Map<string, PolicySummary>,
  git: GitOptions,
): Promise<Trust> {
  const roots = new Map<string, string>(); // since -> the revision whose policy names it
  let fallback: string | undefined;
  if (ctx.fixed?.since) roots.set(ctx.fixed.since, ctx.fixedRev ?? "HEAD");
  if (!ctx.fixed) {
    for (const { rev, tree } of trusted) {
      if (tree === null) continue;
      const summary = await policySummary(tree, ctx, known);
      if (!summary.active) continue;
      fallback ??= tree;
      if (summary.since && !roots.has(summary.since)) roots.set(summary.since, rev);
    }
  }
  const exempt = new Set<string>();
  for (const [root, from] of roots) {
    await assertTrustRoot(root, from, git);
    const later = new Set(await after(root));
    for (const c of list) if (!later.has(c)) exempt.add(c);
  }
  return { exempt, fallback };
}

/** `since` names a commit this clone has, in the history of the revision whose policy names it. */
async function assertTrustRoot(root: string, from: string, git: GitOptions): Promise<void> {
  const where = `signatures.since ${root.slice(0, 12)} (in ${from}'s .rampart/config.yaml)`;
  const exists = await runGit(["cat-file", "-e", `${root}^{commit}`], { ...git, okExitCodes: [1, 128] });
  if (exists.exitCode !== 0) {
    throw new RampartError("SIGNATURES_TRUST_ROOT_INVALID", `${where} is not a commit in this clone`, {
      file: ".rampart/config.yaml",
      hint: "fetch the whole history (git fetch --unshallow; actions/checkout with fetch-depth: 0; no --filter=tree:0), or correct since to the adopting commit's full id",
    });
  }
  const ancestor = await runGit(["merge-base", "--is-ancestor", root, from], { ...git, okExitCodes: [1, 128] });
  if (ancestor.exitCode !== 0) {
    throw new RampartError(
      "SIGNATURES_TRUST_ROOT_INVALID",
      `${where} is not an ancestor of ${from.slice(0, 12)}: it would exempt history the policy does not protect`,
      {
        file: ".rampart/config.yaml",
        hint: "set since to a commit of this branch's history (the commit that adopted the policy), in a commit signed by a policy admin",
      },
    );
  }
}

export function exemptRecord(commit: string): CommitRecord {
  return {
    commit,
    subject: "",
    committerTime: 0,
    mergetags: [],
    sig: { status: "unsigned" },
    required: false,
    exempt: "trust-root",
  };
}
