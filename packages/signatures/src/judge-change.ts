import { isRampartError } from "@rampart/core/errors";
import type { GitOptions } from "@rampart/core/git";
import { type VerifyResult, verifyRange } from "./verify-range.js";

export interface JudgeChangeOptions extends GitOptions {
  /** The commits of the change, as rev-list arguments (["base..head"], or [tip, "--not", ...]). */
  revs: string[];
  /**
   * The revision the change is judged against: CI's --policy-rev (the base branch), pre-push's
   * remote side (the tip of the remote's default branch). Undefined: there is none (a push to a
   * remote with no refs, or whose default branch is not known).
   */
  trusted: string | undefined;
  /** The change's tip: its policy judges commits without one only when the trusted side has none. */
  head: string;
  tags?: string[];
  now?: number;
  cache?: boolean;
  codeId?: string;
}

export type ChangeResult = VerifyResult & {
  /** "trusted": every commit judged by the trusted revision's policy; "adoption": it has none. */
  mode: "trusted" | "adoption";
};

/**
 * The one decision CI (`signatures verify --policy-rev`) and pre-push make about a change, so that
 * what one rejects the other rejects too:
 *
 * - every commit of the change is judged by the trusted revision's policy (a change cannot trust
 *   itself: a key it adds does not count for its own commits, a policy it edits does not judge
 *   it), its trust root (`since`) included;
 * - every commit of the change is new (it is not in the trusted revision), so key validity is
 *   judged by the clock, never by a committer date the signer chose;
 * - a trusted revision without a signature policy (the change adopts one) judges each commit by
 *   its parent's policy, trusting the change's tip for commits whose parent has none.
 */
export async function judgeChange(options: JudgeChangeOptions): Promise<ChangeResult> {
  const common = {
    cwd: options.cwd,
    ...(options.env === undefined ? {} : { env: options.env }),
    revs: options.revs,
    allNew: true,
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
    ...(options.codeId === undefined ? {} : { codeId: options.codeId }),
  };
  if (options.trusted !== undefined) {
    try {
      return { ...(await verifyRange({ ...common, policyFrom: options.trusted })), mode: "trusted" };
    } catch (error) {
      if (!(isRampartError(error) && error.code === "SIGNATURES_NO_POLICY")) throw error;
    }
  }
  return { ...(await verifyRange({ ...common, trustFrom: [options.head] })), mode: "adoption" };
}
