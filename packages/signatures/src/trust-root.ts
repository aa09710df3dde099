import type { GitOptions } from "@rampart/core";
import type { RecordContext } from "./commit-record.js";
import type { Policy } from "./policy.js";
import { revList } from "./repo.js";

export interface Trust {
  /** Commits at or before a trust root: not judged. */
  exempt: Set<string>;
  /**
   * The policy that judges a commit whose parent has no policy but that is not history before a
   * trust root (e.g. unsigned work on a pre-adoption commit, merged forward): without it such a
   * commit would exempt itself.
   */
  fallback: Policy | undefined;
}

/**
 * Trust roots (`since`) come from --policy-rev's policy, else from the policies at `trustFrom`
 * (the remote's tip for pre-push, HEAD for verify). They only matter for commits with no policy
 * in their parent, and under --policy-rev; every other commit is judged by its parent's policy.
 */
export async function resolveTrust(
  todo: string[][],
  revs: string[],
  trustFrom: string[],
  ctx: RecordContext,
  git: GitOptions,
): Promise<Trust> {
  const roots = new Set<string>();
  let fallback = ctx.fixed;
  let orphans = 0;
  if (ctx.fixed?.since) roots.add(ctx.fixed.since);
  if (!ctx.fixed) {
    for (const [, parent] of todo) {
      const policy = parent ? await ctx.store.policyOf(parent) : null;
      if (!policy?.active) orphans++;
    }
    if (orphans === 0) return { exempt: new Set(), fallback: undefined };
    for (const rev of trustFrom) {
      const policy = await ctx.store.policyOf(rev).catch(() => null);
      if (!policy?.active) continue;
      fallback ??= policy;
      if (policy.since) roots.add(policy.since);
    }
  }
  // With no pinned trust root, a commit without a policy in its parent is history before adoption.
  if (!ctx.fixed && roots.size === 0) return { exempt: new Set(), fallback: undefined };
  const exempt = new Set<string>();
  for (const root of roots) {
    if ((await ctx.batch.read(root))?.type !== "commit") continue; // an unknown root exempts nothing
    // ^root goes first: revs may hold a --not, which flips every specifier after it.
    const after = new Set(await revList([`^${root}`, ...revs], git));
    for (const [c] of todo) if (!after.has(c!)) exempt.add(c!);
  }
  return { exempt, fallback };
}
