import type {
  DepsPolicy,
  LockfilePolicy,
  ObjectReader,
  RampartConfig,
  SecretsPolicy,
  WorkflowsPolicy,
} from "@rampart/core/config";
import { type RampartError, UsageError } from "@rampart/core/errors";
import { type Finding, fingerprint } from "@rampart/core/findings";
import { CatFileBatch, type GitObject, git, type RemoteDefaultLookup } from "@rampart/core/git";
import type { HooksConfig } from "../hooks-config.js";
import { stagedDiff } from "../staged.js";
import { HookTiming } from "./timing.js";

// What git runs through the husky hooks rampart installs, behind `rampart hook <name>`. The
// checkers (secret guard, signatures, lockfile) are other packages: the CLI hands them in as
// lazy loaders, so each step loads its package only when it has something to do (with nothing
// staged, pre-commit never imports the secret guard) and this package depends on core alone.
// Policies are core's types (generated from the schema); the packages' own data (a parsed
// lockfile, a diff, a lock) is `unknown` here: method parameters are compared both ways, so any
// module whose functions take their own types fits without a cast.

export type HookName = "pre-commit" | "commit-msg" | "pre-push";
export const HOOK_NAMES: readonly HookName[] = ["pre-commit", "commit-msg", "pre-push"];

/** What a checker returns (the shape every rampart check has). */
export interface CheckOutput {
  findings: Finding[];
  stats: unknown;
}
type GitOptions = { cwd: string; env?: NodeJS.ProcessEnv | undefined };

/** The checkers the hooks run, loaded on first use. Method syntax: any compatible module fits. */
export interface HookCheckers {
  /** @rampart/secrets/hook */
  secretsHook(): Promise<{
    scanStaged(
      o: GitOptions & { policy?: SecretsPolicy; root?: string; diff?: Buffer; batch?: CatFileBatch },
    ): Promise<CheckOutput>;
    scanMessage(
      o: GitOptions & {
        text: string;
        /** How findings name the text (default COMMIT_EDITMSG). */
        name?: string;
        policy?: SecretsPolicy;
        baseline?: { name: string; text: string } | false;
        scannerConfigs?: Record<string, { name: string; text: string }>;
      },
    ): Promise<CheckOutput>;
  }>;
  /** @rampart/secrets */
  secrets(): Promise<{
    scanRange(o: GitOptions & { range: string; policy?: SecretsPolicy }): Promise<CheckOutput>;
    /** What pushed refs hold outside commits: annotated tags' messages, a blob or tree a ref names. */
    scanRefs(
      o: GitOptions & {
        refs: ReadonlyArray<{ oid: string; name: string }>;
        policy?: SecretsPolicy;
        baseline?: { name: string; text: string } | false;
        scannerConfigs?: Record<string, { name: string; text: string }>;
      },
    ): Promise<CheckOutput>;
  }>;
  /** @rampart/signatures */
  signatures(): Promise<{
    checkPrePush(
      o: GitOptions & { remote: string; url?: string; stdinLines: string[]; remoteDefault?: RemoteDefaultLookup },
    ): Promise<CheckOutput>;
  }>;
  /** @rampart/lockfile */
  lockfile(): Promise<LockfileModule>;
  /** @rampart/deps (loaded only when a staged lockfile adds or upgrades packages) */
  deps?(): Promise<DepsModule>;
  /** @rampart/workflows (loaded only when a workflow file is staged) */
  workflows(): Promise<WorkflowsModule>;
}

export interface WorkflowsModule {
  checkWorkflows(
    sources: ReadonlyArray<{ file: string; text: string }>,
    options?: { policy?: WorkflowsPolicy; lock?: unknown; localActions?: unknown },
  ): CheckOutput & {
    stats: { errors: ReadonlyArray<{ file: string; line?: number; column?: number; message: string; hint?: string }> };
  };
  /** The local actions (`uses: ./path`) the files use, read through `read` (the index). */
  followLocalActions(
    roots: ReadonlyArray<{ file: string; text: string }>,
    read: (file: string) => Promise<string | undefined>,
  ): Promise<{ sources: Array<{ file: string; text: string; kind?: string }>; refs: unknown }>;
  parseLock(text: string): unknown;
}

export interface DepsModule {
  checkLockfileChange(o: {
    root: string;
    env: NodeJS.ProcessEnv;
    policy?: DepsPolicy;
    lockfile: unknown;
    diff: unknown;
    licenseCache?: unknown;
  }): CheckOutput;
  /** `.rampart/licenses.json` as a revision holds it (entries the working tree adds: unverified). */
  readLicenseCacheAt(root: string, rev: string, env?: NodeJS.ProcessEnv): Promise<unknown>;
  checkPushedLockfiles(o: {
    root: string;
    env: NodeJS.ProcessEnv;
    policy?: DepsPolicy;
    trustedRev?: string;
    base?: string;
    head: string;
  }): Promise<CheckOutput & { errors: RampartError[] }>;
}

export interface LockfileModule {
  /** Tracked lockfiles, repository-relative. */
  listLockfiles(root: string, env?: NodeJS.ProcessEnv): Promise<string[]>;
  /**
   * An adopting change's lockfile policy with what the trusted revision's lockfiles held accepted,
   * each other error they held as a lockfile.heldAtAdoption entry for its own package (CI's
   * --policy-rev rule, one implementation).
   */
  acceptedAt(
    policy: LockfilePolicy,
    at: { root: string; paths: readonly string[]; read: (relative: string) => Promise<string | undefined> },
  ): Promise<{ policy: LockfilePolicy }>;
  diffLockfileRevisions(
    o: GitOptions & { lockfile: string; policy?: LockfilePolicy; rev?: string | null },
  ): Promise<CheckOutput>;
  parseLockfile(o: {
    path: string;
    content: string;
    cwd: string;
    readSibling: (rel: string) => Promise<string | undefined>;
  }): Promise<unknown>;
  checkLockfile(
    parsed: unknown,
    policy: LockfilePolicy,
    o: { cwd: string; readFile: (rel: string) => Promise<string | undefined> },
  ): CheckOutput | Promise<CheckOutput>;
}

export interface RunHookOptions {
  hook: HookName;
  /** What git passed the hook: the message file (commit-msg), remote and url (pre-push). */
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** pre-push reads the pushed refs from it. */
  stdin: AsyncIterable<unknown>;
  /** Diagnostics (the user's lint-staged output when it is piped), to stderr. */
  log: (text: string) => void;
  checkers: HookCheckers;
}

export interface HookResult {
  findings: Finding[];
  stats: Record<string, unknown>;
  /**
   * Input a check could not read (an unparsable staged lockfile, a malformed staged workflow),
   * each naming its file: reported after the findings, and the hook refuses (exit 2). One broken
   * file never stops the judgement of the others.
   */
  errors?: RampartError[];
}

export type HookEnv = {
  options: RunHookOptions;
  root: string;
  /** git's common dir (shared by worktrees): where rampart keeps its caches. */
  commonDir: string;
  config: RampartConfig;
  settings: HooksConfig;
  /** Per-stage timers (RAMPART_TIMING=1). */
  timing: HookTiming;
  /**
   * pre-commit: the staged diff (raw, as the secret scan reads it) and its paths, asked for while
   * the repository's layout is (root-relative either way).
   */
  staged?: Promise<{ raw: Buffer; files: string[] }>;
  /**
   * pre-commit: one `git cat-file --batch` for the hook's reads by revision or blob id (HEAD's
   * policy, the staged blobs the secret scan reads by id), closed when the hook ends.
   */
  batch?: CatFileBatch;
  /** pre-commit: `batch`; commit-msg: a cat-file started on first read (HEAD's policy). */
  objects?: ObjectReader;
};

/** Runs one hook's checks; findings are the return value, a step that could not run throws. */
export async function runHook(options: RunHookOptions): Promise<HookResult> {
  const timing = new HookTiming(options.env);
  const staged =
    options.hook === "pre-commit"
      ? timing.time("git", () => stagedDiff({ cwd: options.cwd, env: options.env }))
      : undefined;
  staged?.catch(() => {}); // awaited by the step; a failure before it must not be "unhandled"
  const gitOptions = { cwd: options.cwd, ...(options.env ? { env: options.env } : {}) };
  // pre-commit: started now, so git starts while the modules load: HEAD's policy is read through
  // it first. commit-msg: started on first use, as what it reads at HEAD is usually what the
  // pre-commit of the same commit read (trusted.ts): then no git process at all.
  const batch = options.hook === "pre-commit" ? new CatFileBatch(gitOptions) : undefined;
  const objects = batch ?? (options.hook === "commit-msg" ? new LazyBatch(gitOptions) : undefined);
  try {
    return await runHookWith(options, timing, staged, batch, objects);
  } finally {
    objects?.close();
  }
}

/** A `git cat-file --batch` started by its first read. */
class LazyBatch {
  readonly #options: { cwd: string; env?: NodeJS.ProcessEnv };
  #batch: CatFileBatch | undefined;
  #closed = false;
  constructor(options: { cwd: string; env?: NodeJS.ProcessEnv }) {
    this.#options = options;
  }
  read(name: string): Promise<GitObject | null> {
    if (this.#closed) return Promise.reject(new Error("cat-file reader used after close()"));
    this.#batch ??= new CatFileBatch(this.#options);
    return this.#batch.read(name);
  }
  close(): void {
    this.#closed = true;
    this.#batch?.close();
  }
}

async function runHookWith(
  options: RunHookOptions,
  timing: HookTiming,
  staged: HookEnv["staged"],
  batch: CatFileBatch | undefined,
  objects: ObjectReader | undefined,
): Promise<HookResult> {
  const { root, commonDir, config } = await loadHookConfig(options, timing);
  const [{ hooksSettings }, { pinHooksPath }, steps] = await timing.time("modules", () =>
    Promise.all([import("../hooks-config.js"), import("../hooks-path.js"), import("./steps.js")]),
  );
  const settings = hooksSettings(config.hooks);
  // Keeps core.hooksPath relative and husky's folder present in linked worktrees (one git
  // call at most, concurrent with the checks; best effort).
  const pinned = pinHooksPath({ cwd: root, ...(options.env ? { env: options.env } : {}), commonDir }).catch(
    () => undefined,
  );
  const env: HookEnv = {
    options,
    root,
    commonDir,
    config,
    settings,
    timing,
    ...(staged ? { staged } : {}),
    ...(batch ? { batch } : {}),
    ...(objects ? { objects } : {}),
  };
  let result: HookResult;
  if (options.hook === "pre-commit") result = await steps.preCommit(env);
  else if (options.hook === "commit-msg") {
    const file = options.args[0];
    if (file === undefined)
      throw new UsageError("`rampart hook commit-msg` needs the message file git passes", {
        hint: 'the hook line is: rampart hook commit-msg "$1"',
      });
    result = await steps.commitMsg(env, file);
  } else {
    const remote = options.args[0];
    if (remote === undefined)
      throw new UsageError("`rampart hook pre-push` needs the remote name git passes", {
        hint: 'the hook line is: rampart hook pre-push "$@"',
      });
    result = await steps.prePush(env, remote, options.args[1]);
  }
  await pinned;
  timing.report(options.hook, options.log);
  return result;
}

/**
 * The policy, parsed and validated only when it changed since the last command that read it
 * (core's loadConfig remembers it in the git dir, never in the working tree): loading the YAML
 * library costs more than most of what a pre-commit does.
 */
async function loadHookConfig(
  options: RunHookOptions,
  timing: HookTiming,
): Promise<{ root: string; commonDir: string; config: RampartConfig }> {
  const core = import("@rampart/core/config");
  const { root, commonDir } = await timing.time("git", () => repositoryLayout(options, core));
  return timing.time("policy", async () => {
    // core's one reader, remembered in the git dir (a renamed policy is refused, never "no policy").
    const { loadConfig } = await core;
    const loaded = await loadConfig({ cwd: root, root, commonDir, ...(options.env ? { env: options.env } : {}) });
    return { root, commonDir, config: loaded.config };
  });
}

/**
 * The working tree's top level and git's common dir. git runs a hook at the top of the working
 * tree and says so with GIT_PREFIX (the folder the command was run from, relative to it); there,
 * with nothing redirecting git (GIT_DIR, GIT_WORK_TREE, GIT_COMMON_DIR: a linked worktree's hooks
 * get GIT_DIR) and a `.git` folder of its own that git would take for a repository (core's
 * plainGitDir, then HEAD, objects/ and refs/ as git checks them), the folder is the top level
 * and that `.git` the common dir, as `git rev-parse` would say: no git process. Anywhere else
 * (run by hand, a linked worktree, a submodule) git is asked.
 */
async function repositoryLayout(
  options: RunHookOptions,
  core: Promise<typeof import("@rampart/core/config")>,
): Promise<{ root: string; commonDir: string }> {
  const env = options.env ?? process.env;
  if (env.GIT_PREFIX !== undefined && env.GIT_WORK_TREE === undefined) {
    const { plainGitDir } = await core;
    // As git prints it: symbolic links resolved.
    const root = process.getBuiltinModule("node:fs").realpathSync(options.cwd);
    const commonDir = plainGitDir(root, env);
    if (commonDir !== undefined && isGitDir(commonDir)) return { root, commonDir };
  }
  const out = await git(["rev-parse", "--show-toplevel", "--path-format=absolute", "--git-common-dir"], {
    cwd: options.cwd,
    env: options.env,
  });
  const [root = "", commonDir = ""] = out.stdout.trim().split("\n");
  return { root, commonDir };
}

/** What git checks before it takes a `.git` folder for a repository (else it looks further up). */
function isGitDir(dir: string): boolean {
  const { readFileSync, statSync } = process.getBuiltinModule("node:fs");
  try {
    const head = readFileSync(`${dir}/HEAD`, "utf8");
    return (
      (head.startsWith("ref: refs/") || /^[0-9a-f]{40}(?:[0-9a-f]{24})?\n?$/.test(head)) &&
      statSync(`${dir}/objects`).isDirectory() &&
      statSync(`${dir}/refs`).isDirectory()
    );
  } catch {
    return false;
  }
}

export function policyFinding(
  ruleId: string,
  message: string,
  hint: string,
  framework: Finding["framework"],
  key: string,
  severity: Finding["severity"] = "error",
): Finding {
  return { ruleId, severity, message, hint, framework, fingerprint: fingerprint(ruleId, key) };
}
