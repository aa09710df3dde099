import { RampartError } from "@rampart/core/errors";
import { type CommitInfo, parseCommit, parseTag } from "./git-object.js";
import { hasSignoff, type PolicyStore, type SignatureChecker } from "./judge.js";
import type { ObjectReader, Policy } from "./policy.js";
import type { CommitRecord } from "./record.js";
import type { RepoInfo } from "./repo.js";

export interface RecordContext {
  batch: ObjectReader;
  store: PolicyStore;
  checker: SignatureChecker;
  info: RepoInfo;
  /** The one policy that judges everything (--policy-rev), else each commit's first parent's. */
  fixed: Policy | undefined;
  /** The revision `fixed` was read from (--policy-rev). */
  fixedRev?: string;
}

async function readObject(batch: ObjectReader, rev: string, type: "commit" | "tag") {
  const obj = await batch.read(rev);
  if (obj === null || obj.type !== type) {
    throw new RampartError("SIGNATURES_OBJECT_MISSING", `cannot read ${type} ${rev}`, {
      hint: "the object is missing from this clone: fetch it (git fetch --unshallow, or fetch the tag)",
    });
  }
  return obj.content;
}

/**
 * Judges one commit by the policy of its first parent (sequoia-git style: the policy authenticates
 * its own changes). Merges use the first parent's policy because that is the branch being merged
 * into; the merged side's commits were judged by their own parents.
 */
export async function commitRecord(
  commit: string,
  info: CommitInfo,
  fallback: Policy | undefined,
  ctx: RecordContext,
): Promise<CommitRecord> {
  const parents = info.parents;
  const [ownTree, parentTree] = await Promise.all([
    ctx.store.treeOf(commit),
    parents[0] ? ctx.store.treeOf(parents[0]) : Promise.resolve(null),
  ]);
  const subject = info.message.split("\n")[0] ?? "";
  const committerTime = info.committer?.time ?? 0;
  const base = { commit, subject, committerTime, mergetags: [], sig: { status: "unsigned" as const }, required: false };
  const parentPolicy = parentTree === null ? null : await ctx.store.policy(parentTree);
  let policy = ctx.fixed ?? (parentPolicy?.active ? parentPolicy : null);
  let orphan = false;
  if (policy === null && ownTree !== null) {
    // The commit that adopts a policy (its parent has none) vouches for itself: it is judged by
    // the policy it brings in, signed by a key that policy lists (the trust root by design). A
    // fixed policy (--policy-rev, pre-push's remote side) judges it instead whenever there is one.
    const own = await ctx.store.policy(ownTree);
    if (own.active) policy = own;
  }
  if (policy === null) {
    if (fallback === undefined) return { ...base, exempt: "no-policy" };
    policy = fallback;
    orphan = true;
  }
  // A policy that lists no key yet cannot be met by any signature: its commits wait for the first
  // signer (`rampart signatures add`), and say so (signatures/no-signers), instead of failing all.
  // Not a policy that could not be read (an allowed_signers whose lines all failed, a symlinked
  // file): its keys are missing, not absent, and its commits are judged (and fail), never exempt.
  if (policy.signers.length === 0 && policy.gpgKeys.length === 0 && policy.problems.length === 0)
    return { ...base, exempt: "no-signers" };
  const record: CommitRecord = {
    ...base,
    policy: policy.digest,
    required: policy.required,
    sig: await ctx.checker.check(info, policy),
    mergetags: await ctx.checker.checkMergetags(info.mergetags, policy),
  };
  if (orphan) record.orphan = true;
  // A commit that brings .rampart/ into judged history (a root too) changes the policy.
  if (ownTree !== parentTree) record.policyChange = { admins: policy.policyAdmins };
  if (record.sig.status === "unknown-key" && ownTree !== null && ownTree !== parentTree && record.sig.fingerprint) {
    const own = await ctx.store.policy(ownTree);
    const fp = record.sig.fingerprint;
    record.keyAddedHere = own.signers.some((s) => s.key.fingerprint === fp);
  }
  if (policy.dco) record.dco = hasSignoff(info.message, info.author?.email);
  return record;
}

/** Reads and parses commits, telling the store their root trees before anyone asks for policies. */
export async function readCommits(commits: readonly string[], ctx: RecordContext): Promise<CommitInfo[]> {
  return Promise.all(
    commits.map(async (c) => {
      const info = parseCommit(await readObject(ctx.batch, c, "commit"), ctx.info.sigHeader);
      ctx.store.knowRoot(c, info.tree);
      return info;
    }),
  );
}

/** An annotated tag, judged by the policy of the commit it tags (or --policy-rev's). */
export async function tagRecord(name: string, ctx: RecordContext): Promise<CommitRecord> {
  const raw = await readObject(ctx.batch, name, "tag");
  const tag = parseTag(raw);
  const oid = (await ctx.batch.read(name))?.oid ?? name;
  const base = { commit: oid, subject: `tag ${tag.tag}`, committerTime: tag.tagger?.time ?? 0, mergetags: [] };
  const policy = ctx.fixed ?? (await tagPolicy(tag.object, ctx));
  if (policy === null || !policy.active)
    return { ...base, sig: { status: "unsigned" }, required: false, exempt: "no-policy" };
  return { ...base, policy: policy.digest, required: policy.required, sig: await ctx.checker.check(tag, policy) };
}

/**
 * A tag is judged by a policy it cannot have changed: that of the tagged commit's first parent.
 * Only when the parent has none (the tagged commit adopts the policy) or there is no parent does
 * the commit's own policy judge it.
 */
async function tagPolicy(object: string, ctx: RecordContext) {
  const parent = await ctx.store.policyOf(`${object}^`).catch(() => null);
  if (parent?.active) return parent;
  return ctx.store.policyOf(object);
}
