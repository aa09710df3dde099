import type { GitOptions } from "@rampart/core";
import type { RecordContext } from "./commit-record.js";
import type { Policy } from "./policy.js";
import type { CommitRecord } from "./record.js";
import { revList } from "./repo.js";

export interface Trust {
  /** Commits at or before the trust root: not judged. */
  exempt: Set<string>;
  /**
   * Once a trust root is pinned, the policy that judges a commit whose parent has no policy but
   * that is not history before the root (e.g. unsigned work on a pre-adoption commit, merged
   * forward): without it such a commit would exempt itself.
   */
  fallback: Policy | undefined;
}

/**
 * The trust root is `since` in the policy of a trusted revision: --policy-rev's, else those of
 * `trustFrom` (what the remote already has, for pre-push; HEAD for verify), never the policy of
 * the commits being judged. One rev-list per root: the commits it lists are NOT at or before it.
 */
export async function resolveTrust(
  list: string[][],
  revs: string[],
  trustFrom: string[],
  ctx: RecordContext,
  git: GitOptions,
): Promise<Trust> {
  const roots = new Set<string>();
  let fallback = ctx.fixed;
  if (ctx.fixed?.since) roots.add(ctx.fixed.since);
  if (!ctx.fixed) {
    for (const rev of trustFrom) {
      const policy = await ctx.store.policyOf(rev).catch(() => null);
      if (!policy?.active) continue;
      fallback ??= policy;
      if (policy.since) roots.add(policy.since);
    }
  }
  const exempt = new Set<string>();
  for (const root of roots) {
    if ((await ctx.batch.read(root))?.type !== "commit") continue; // an unknown root exempts nothing
    // ^root goes first: revs may hold a --not, which flips every specifier after it.
    const after = new Set(await revList([`^${root}`, ...revs], git));
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
