import { type GitOptions, isRampartError } from "@rampart/core";
import type { PolicySummary } from "./cache.js";
import type { RecordContext } from "./commit-record.js";
import type { CommitRecord } from "./record.js";
import { revList } from "./repo.js";

export interface Trust {
  /** Commits at or before the trust root: not judged. */
  exempt: Set<string>;
  /**
   * Once a trust root is pinned: the `.rampart` tree whose policy judges a commit whose parent has
   * no policy but that is not history before the root (e.g. unsigned work on a pre-adoption
   * commit, merged forward). Without it such a commit would exempt itself.
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
 * `trustTrees` (the `.rampart` trees of what the remote already has, for pre-push; of HEAD for
 * verify), never the policy of the commits being judged. One rev-list per root: the commits it
 * lists are NOT at or before it.
 */
export async function resolveTrust(
  list: string[][],
  revs: string[],
  trustTrees: Array<string | null>,
  ctx: RecordContext,
  known: Map<string, PolicySummary>,
  git: GitOptions,
): Promise<Trust> {
  const roots = new Set<string>();
  let fallback: string | undefined;
  if (ctx.fixed?.since) roots.add(ctx.fixed.since);
  if (!ctx.fixed) {
    for (const tree of trustTrees) {
      if (tree === null) continue;
      const summary = await policySummary(tree, ctx, known);
      if (!summary.active) continue;
      fallback ??= tree;
      if (summary.since) roots.add(summary.since);
    }
  }
  const exempt = new Set<string>();
  for (const root of roots) {
    let after: Set<string>;
    try {
      // ^root goes first: revs may hold a --not, which flips every specifier after it.
      after = new Set(await revList([`^${root}`, ...revs], git));
    } catch (error) {
      if (isRampartError(error)) continue; // a root this clone does not have exempts nothing
      throw error;
    }
    for (const [c] of list) if (!after.has(c!)) exempt.add(c!);
  }
  // With no pinned trust root, a commit without a policy in its parent is history before adoption.
  return { exempt, fallback: roots.size > 0 ? fallback : undefined };
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
