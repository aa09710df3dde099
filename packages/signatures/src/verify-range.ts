import { RampartError } from "@rampart/core/errors";
import { type CheckResult, type Finding, fingerprint, makeResult } from "@rampart/core/findings";
import { CatFileBatch, type GitObject, type GitOptions } from "@rampart/core/git";
import { emptyCache, readCache, writeCache } from "./cache.js";
import { listCommits } from "./commit-list.js";
import { commitRecord, readCommits, tagRecord } from "./commit-record.js";
import { PolicyStore, SignatureChecker } from "./judge.js";
import type { Policy } from "./policy.js";
import { problemFindings, rememberProblems } from "./problems.js";
import { type CommitRecord, type CommitVerdict, expiringKeyWarning, finalize } from "./record.js";
import { assertRevision, defaultRange, defaultRevs, policyTrees, repoInfo, resolveRevs, revList } from "./repo.js";
import { RULES } from "./rules.js";
import type { SigCheck } from "./sig-check.js";
import { exemptRecord, policySummary, resolveTrust } from "./trust-root.js";

export interface VerifyRangeOptions extends GitOptions {
  /** A revision range as git takes it ("main..HEAD", a commit id). */
  range?: string;
  /** rev-list arguments instead of `range` (e.g. [oid, "--not", "--remotes=origin"]). */
  revs?: string[];
  /** Judge every commit by this revision's policy instead of its parent's (pull requests: the base). */
  policyFrom?: string;
  /** Annotated tags to verify as well (names or ids). */
  tags?: string[];
  /**
   * Revisions whose policies' trust roots (`since`) and signers judge commits that have no policy
   * in their parent (default ["HEAD"]; pre-push passes the remote's tip).
   */
  trustFrom?: string[];
  /** Treat every commit as new (pre-push): key validity is checked with the clock, never the committer date. */
  allNew?: boolean;
  /** The clock, epoch ms (tests). */
  now?: number;
  /** Read and write .git/rampart/signatures-cache.json (default true). */
  cache?: boolean;
  /**
   * What names the code that judges, kept in the cache (another one is a miss): the CLI passes
   * its version. Default: this module's file (name, size, time), see codeId in cache.ts.
   */
  codeId?: string;
}

// A type alias, not an interface, so that it is assignable to CheckResult's Record stats.
export type VerifyStats = {
  commits: number;
  cached: number;
  exempt: number;
  good: number;
  failed: number;
  tags: number;
};

export interface VerifyResult extends CheckResult<VerifyStats> {
  verdicts: CommitVerdict[];
}

/** Verifies every commit of a range (and the given tags) against the repository's own policy. */
export async function verifyRange(options: VerifyRangeOptions): Promise<VerifyResult> {
  const git = { cwd: options.cwd, env: options.env };
  const now = options.now ?? Date.now();
  if (options.range !== undefined) assertRevision(options.range);
  const revs = options.revs ?? (options.range !== undefined ? [options.range] : undefined);
  const trustFrom = options.trustFrom ?? ["HEAD"];
  const useCache = options.cache !== false;
  // One rev-parse resolves the range (the key of its commit list in the cache) and the trusted
  // revisions' root trees (the keys of their .rampart trees): a fully cached run starts no other
  // git process. Without the cache, rev-list starts beside it.
  const early = revs && !useCache ? revList(revs, git) : undefined;
  early?.catch(() => {}); // awaited below, after the shallow-clone check has had its say
  const trustRevs = [...trustFrom, "HEAD"];
  // No range given: the same rev-parse resolves HEAD and its upstream (the default range).
  const info = await repoInfo(git, useCache ? revs : undefined, trustRevs, revs === undefined);
  const batch = new LazyBatch(git);
  const checker = new SignatureChecker(options.env);
  try {
    // The policy reader (YAML, the schema, allowed_signers) loads on the first policy read: a fully
    // cached run reads none.
    const load = async (tree: string) =>
      (await import("./policy.js")).loadPolicy(batch, tree, info.oidBytes, useCache ? info.commonDir : undefined);
    const store = new PolicyStore(batch, load, info.oidBytes);
    const fixed = options.policyFrom === undefined ? undefined : await fixedPolicy(store, options.policyFrom);
    // Replace refs and grafts make git show other objects under the same ids: nothing is cached.
    const cacheOn = useCache && !info.rewritten;
    const cache = cacheOn ? readCache(info.commonDir, options.codeId) : emptyCache();
    const ctx = { batch, store, checker, info, fixed, ...(options.policyFrom ? { fixedRev: options.policyFrom } : {}) };
    const rootsBefore = cache.roots.size;
    const trustTrees = await policyTreesOf(trustRevs, info.rootTrees, cache.roots, batch, git);
    const headTree = trustTrees.pop() ?? null;
    const headSince = headTree === null ? undefined : (await policySummary(headTree, ctx, cache.policies)).since;
    const byDefault = revs === undefined ? defaultRange(info, headSince) : undefined;
    const rangeRevs = revs ?? byDefault?.revs ?? (await defaultRevs(git, headSince));
    const resolved = revs
      ? info.resolved
      : cacheOn
        ? (byDefault?.resolved ?? (await resolveRevs(rangeRevs, git)))
        : undefined;
    const lists = cacheOn ? cache : undefined;
    const listsBefore = [...cache.lists.keys()].join();
    const list = await (early ?? listCommits(rangeRevs, resolved, info, lists, git));
    const policiesBefore = cache.policies.size;
    const trusted = trustFrom.map((rev, i) => ({ rev, tree: trustTrees[i] ?? null }));
    // The commits after a trust root, listed (or remembered) like the range. ^root goes first:
    // revs may hold a --not, which flips every specifier after it.
    const after = (root: string) =>
      listCommits([`^${root}`, ...rangeRevs], resolved && [`^${root}`, ...resolved], info, lists, git);
    const trust = await resolveTrust(list, after, trusted, ctx, cache.policies, git);
    const key = (c: string) => (fixed ? `${c}@${fixed.digest}` : c);
    // A cached "no policy in the parent" is only final while no trust root is pinned.
    // A commit judged by the trusted revision's policy (its parent has none) is cached under that policy too.
    const orphanKey = (c: string) => `${key(c)}@${trust.fallback}`;
    const hit = (c: string) => {
      const r = cache.entries.get(key(c));
      if (r !== undefined && !(r.exempt === "no-policy" && trust.fallback !== undefined)) return r;
      return trust.fallback === undefined ? undefined : cache.entries.get(orphanKey(c));
    };
    const known = list.map((c) => (trust.exempt.has(c) ? undefined : hit(c)));
    const todo = list.filter((c, i) => known[i] === undefined && !trust.exempt.has(c));
    const infos = await readCommits(todo, ctx);
    // Read (and parse) the fallback policy only when a commit needs judging: a cached run never does.
    const fallback = trust.fallback === undefined || todo.length === 0 ? undefined : await store.policy(trust.fallback);
    const fresh = await Promise.all(todo.map((c, i) => commitRecord(c, infos[i]!, fallback, ctx)));
    const byCommit = new Map(fresh.map((r) => [r.commit, r]));
    // Fixed by the commit id (its parents fix its policy); an orphan's, by the id and the trusted policy.
    for (const r of fresh) cache.entries.set(r.orphan ? orphanKey(r.commit) : key(r.commit), r);
    const records = list.map((c, i) => known[i] ?? byCommit.get(c) ?? exemptRecord(c));
    const cached = list.length - todo.length - trust.exempt.size;
    const tagRecords = await Promise.all((options.tags ?? []).map((t) => tagRecord(t, ctx)));
    await rememberProblems([...fresh, ...tagRecords], store, cache.problems);
    const changed =
      fresh.length > 0 ||
      cache.policies.size !== policiesBefore ||
      cache.roots.size !== rootsBefore ||
      [...cache.lists.keys()].join() !== listsBefore;
    if (cacheOn && changed) writeCache(info.commonDir, cache, options.codeId);
    const isNew = await newCommits(records, rangeRevs, options.allNew === true, options.policyFrom, git);
    const all = [...records, ...tagRecords];
    const result = summarize(all, isNew, now, cached, tagRecords.length);
    result.findings.push(...problemFindings(all, cache.problems));
    return result;
  } finally {
    batch.close();
    await checker.close();
  }
}

/**
 * The `.rampart` tree ids (null: none) of revisions, by their root trees: from the cache (a tree
 * id fixes its subtrees), else read through the run's cat-file. Root trees rev-parse could not
 * give (an unborn HEAD, a revision that does not resolve): one `cat-file --batch-check` as before.
 */
async function policyTreesOf(
  revs: readonly string[],
  roots: readonly string[] | undefined,
  known: Map<string, string | null>,
  batch: LazyBatch,
  git: GitOptions,
): Promise<Array<string | null>> {
  if (roots === undefined) return policyTrees(revs, git);
  return Promise.all(
    roots.map(async (root) => {
      let tree = known.get(root);
      if (tree === undefined) {
        const object = await batch.read(`${root}:.rampart`);
        tree = object?.type === "tree" ? object.oid : null;
        known.set(root, tree);
      }
      return tree;
    }),
  );
}

/** cat-file starts on the first read: a fully cached run never spawns it. */
class LazyBatch {
  #batch: CatFileBatch | undefined;
  constructor(readonly options: GitOptions) {}
  read(name: string): Promise<GitObject | null> {
    this.#batch ??= new CatFileBatch(this.options);
    return this.#batch.read(name);
  }
  close(): void {
    this.#batch?.close();
  }
}

async function fixedPolicy(store: PolicyStore, rev: string): Promise<Policy> {
  assertRevision(rev);
  const policy = await store.policyOf(rev);
  if (policy === null || !policy.active) {
    throw new RampartError("SIGNATURES_NO_POLICY", `${rev} has no signature policy in .rampart/`, {
      hint: "pass the base branch that holds .rampart/allowed_signers (e.g. --policy-rev origin/main)",
    });
  }
  return policy;
}

/**
 * Which commits are new, i.e. judged by the clock rather than by their (signer-claimed) committer
 * date. With a trusted revision (--policy-rev), only what it already contains is old. Without
 * one, what a remote-tracking branch contains, but never through pull/merge-request refs: CI
 * checkouts fetch every pull request's head into refs/remotes/pull/*, which would make the
 * commits under review "old" and let a back-dated commit signed by an expired key pass.
 */
async function newCommits(
  records: CommitRecord[],
  revs: string[],
  allNew: boolean,
  trusted: string | undefined,
  git: GitOptions,
) {
  const timed = records.some((r) => r.sig.windows?.some((w) => w[0] !== null || w[1] !== null));
  if (allNew || !timed) return (_: string) => true;
  const published =
    trusted !== undefined ? [trusted] : [...UNPUBLISHED_REMOTE_REFS.map((glob) => `--exclude=${glob}`), "--remotes"];
  // The published set has no ^ form: negate it first, then flip back for revs (which may hold a --not).
  const set = new Set(await revList(["--not", ...published, "--not", ...revs], git));
  return (c: string) => set.has(c);
}

/** Remote-tracking refs that hold unreviewed work (relative to refs/remotes/, as --exclude takes them). */
const UNPUBLISHED_REMOTE_REFS = ["pull/*", "*/pull/*", "pr/*", "*/pr/*", "merge-requests/*", "*/merge-requests/*"];

function summarize(records: CommitRecord[], isNew: (c: string) => boolean, now: number, cached: number, tags: number) {
  const findings: Finding[] = [];
  const verdicts: CommitVerdict[] = [];
  const expiring = new Map<string, Finding>();
  let exempt = 0;
  let good = 0;
  let waiting = 0;
  // Once per commit of the range, cached or not: plain loops, no spread or destructuring.
  for (const record of records) {
    if (record.exempt === "no-signers") waiting++;
    const fresh = isNew(record.commit);
    const out = finalize(record, fresh ? now : record.committerTime * 1000);
    verdicts.push(out.verdict);
    for (const f of out.findings) findings.push(f);
    const v = out.verdict.verdict;
    if (v === "exempt") exempt++;
    if (v !== "good") continue;
    good++;
    if (!fresh) continue;
    const before = latestValidBefore(record.sig.windows);
    const warn = Number.isFinite(before) ? expiringKeyWarning(out.verdict, before, now) : undefined;
    if (warn) expiring.set(warn.fingerprint, warn);
  }
  findings.push(...expiring.values());
  if (waiting > 0) findings.push(noSignersWarning(waiting));
  const failed = new Set(findings.filter((f) => f.severity === "error").map((f) => f.commit)).size;
  const stats: VerifyStats = {
    commits: records.length - tags,
    cached,
    exempt,
    good,
    failed,
    tags,
  };
  return { ...makeResult(findings, stats), verdicts };
}

/** The latest valid-before of the windows that accept a key (Infinity: one is open-ended; -Infinity: none). */
function latestValidBefore(windows: SigCheck["windows"]): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const w of windows ?? []) {
    const before = w[1] ?? Number.POSITIVE_INFINITY;
    if (before > latest) latest = before;
  }
  return latest;
}

/** One warning for every commit a policy without keys could not judge. */
function noSignersWarning(count: number): Finding {
  const rule = RULES["signatures/no-signers"];
  return {
    ruleId: "signatures/no-signers",
    severity: "warning",
    message: `${count} commit(s) not judged: their policy lists no signing key yet`,
    file: ".rampart/allowed_signers",
    framework: [...rule.framework],
    fingerprint: fingerprint("signatures", "no-signers"),
    hint: rule.help,
  };
}
