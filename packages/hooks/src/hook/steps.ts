import { spawn } from "node:child_process";
import { existsSync, lstatSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, resolve } from "node:path";
import { isRampartError, RampartError, UsageError } from "@rampart/core/errors";
import type { Finding } from "@rampart/core/findings";
import { CatFileBatch, pushSide, type RemoteDefaultLookup, remoteDefaultOnce } from "@rampart/core/git";
import { COMMITLINT_CONFIG_FILES } from "../commitlint-files.js";
import { isProtectedBranch } from "../hooks-config.js";
import { branchOf, type PushedRef, parsePushLines } from "../push.js";
import { discardSavedIndex, SAVED_INDEX_PATH, savedIndexLeft } from "../saved-index.js";
import { stagedDiff, stagedLockfiles, stagedWorkflows } from "../staged.js";
import { isModuleConfig } from "./head-copy.js";
import {
  anyTaskMatches,
  type IndexBackup,
  inProcessLintStaged,
  type LintStagedApi,
  lintStagedTasks,
  nestedConfigChanges,
  nestedConfigsAt,
  OWN_BACKUP,
  ownBackupIndex,
  restoreIndex,
  runLintStagedInProcess,
  saveIndex,
  trustedLintStagedTasks,
} from "./lint-staged.js";
import { type HookEnv, policyFinding } from "./run.js";
import {
  addDevCommand,
  differingToolConfig,
  effectiveToolConfig,
  isModuleToolConfig,
  LINT_STAGED_CONFIG_FILES,
  lintStagedConfig,
  manifestKeyOf,
  packageDir,
  packagePrefix,
  sameToolConfigFiles,
  type TrustedToolConfig,
  trustedConfigFile,
  trustedToolConfig,
} from "./tools.js";
import { type TrustedPolicy, trustedPolicy } from "./trusted.js";

/** A step's findings, and the input it could not read (each naming its file: the hook then refuses, exit 2). */
type StepResult = { findings: Finding[]; stats: Record<string, unknown>; errors?: RampartError[] };

/** What every pre-commit says while a killed hook's saved index is there (saved-index.ts). */
export const SAVED_INDEX_LEFT = `rampart: WARNING: a pre-commit hook was stopped (killed) while lint-staged's tasks ran, before it put the index back: what was staged then is kept in ${SAVED_INDEX_PATH}. \`npx --no-install rampart hooks restore-index\` puts that index back (tracked files changed since are kept as they are; \`--force\` overwrites them too); \`rm ${SAVED_INDEX_PATH}\` keeps things as they are. Until then lint-staged keeps its own backup.\n`;

/** pre-commit: the project's lint-staged (when it has tasks), then secrets and lockfile concurrently. */
export async function preCommit(env: HookEnv): Promise<StepResult> {
  const { options, root } = env;
  if (savedIndexLeft(env.commonDir)) options.log(SAVED_INDEX_LEFT);
  // The secret guard's modules load while git answers and lint-staged (a child process) runs: on
  // two cores that overlaps; a commit with nothing staged never loads them.
  let secretsModule: ReturnType<HookEnv["options"]["checkers"]["secretsHook"]> | undefined;
  const loadSecrets = () => {
    secretsModule ??= options.checkers.secretsHook();
    secretsModule.catch(() => {}); // awaited by the scan, which reports a failure
    return secretsModule;
  };
  // lint-staged's config, whether a task matches, and lint-staged itself are read while HEAD's
  // policy is: a check the working tree turns on is on whatever HEAD says (trusted.ts).
  // In the package folder the working tree's manifest names: HEAD's names the same one but when
  // the commit moves it (trustedLintStaged then plans again in HEAD's).
  let lintStaged: Promise<LintStagedPlan> | undefined;
  const planLintStaged = (files: readonly string[]) => {
    // Timed as lint-staged (concurrent with policy: stages overlap, see timing.ts).
    lintStaged ??= env.timing.time("lint-staged", () => prepareLintStaged(env, packageDir(root), files));
    return lintStaged;
  };
  const [diff, trusted] = await Promise.all([
    (env.staged ?? env.timing.time("git", () => stagedDiff({ cwd: root, env: options.env }))).then((d) => {
      if (d.files.length > 0 && env.settings.preCommit.secrets) void loadSecrets(); // awaited by the scan below
      // Not for a module config: HEAD's copy gives its tasks (trustedLintStaged), whatever the working tree's.
      if (
        d.files.length > 0 &&
        env.settings.preCommit.lintStaged &&
        !isModuleConfig(lintStagedConfig(packageDir(root)) ?? "")
      )
        planLintStaged(d.files).catch(() => {}); // awaited below
      return d;
    }),
    env.timing.time("policy", () => trustedPolicy(env, "HEAD")),
  ]);
  if (diff.files.length === 0) return { findings: [], stats: { staged: 0 } };
  const { settings } = trusted;
  // lint-staged's config is HEAD's (trustedLintStaged), as the policy is.
  const plan = settings.preCommit.lintStaged
    ? await trustedLintStaged(env, trusted, diff.files, planLintStaged)
    : undefined;
  // lint-staged may change what is staged (what its tasks write, files a task `git add`s): every
  // check below judges the index as it left it. Unless the index file is byte for byte what it
  // was, the staged diff is taken again, and its paths decide the lockfile and workflow checks.
  const index = plan?.kind === "run" ? indexBytes(env) : undefined;
  const tools = plan ? await env.timing.time("lint-staged", () => runLintStaged(env, plan)) : [];
  const sameIndex = index !== undefined && indexBytes(env)?.bytes.equals(index.bytes) === true;
  const after =
    plan?.kind === "run" && !sameIndex
      ? await env.timing.time("git", () => stagedDiff({ cwd: root, env: options.env }))
      : diff;
  const staged = after.files;
  const lockfiles = stagedLockfiles(staged);
  const workflowFiles = stagedWorkflows(staged);
  const [secrets, lockfile, workflows] = await Promise.all([
    settings.preCommit.secrets
      ? env.timing.time("secrets", () => stagedSecrets(env, trusted, loadSecrets(), after.raw))
      : undefined,
    settings.preCommit.lockfile && lockfiles.length > 0
      ? env.timing.time("lockfile", () => stagedLockfileCheck(env, trusted, lockfiles))
      : undefined,
    settings.preCommit.workflows && workflowFiles.length > 0
      ? env.timing.time("workflows", () => stagedWorkflowCheck(env, trusted, workflowFiles))
      : undefined,
  ]);
  // A lockfile or workflow that cannot be read is named after everything else was judged.
  const errors = [
    ...(plan?.kind === "error" ? [plan.error] : []),
    ...(lockfile?.errors ?? []),
    ...(workflows?.errors ?? []),
  ];
  return {
    findings: [...tools, ...(secrets?.findings ?? []), ...(lockfile?.findings ?? []), ...(workflows?.findings ?? [])],
    ...(errors.length > 0 ? { errors } : {}),
    stats: {
      staged: staged.length,
      ...(secrets ? { secrets: secrets.stats } : {}),
      ...(lockfile ? { lockfile: lockfile.stats } : {}),
      ...(workflows ? { workflows: workflows.stats } : {}),
    },
  };
}

/**
 * The index file the commit stages to (git hands its hooks GIT_INDEX_FILE; the main worktree's
 * `.git/index` otherwise) and its bytes; undefined when it cannot be read (the diff is then taken
 * again after lint-staged).
 */
function indexBytes(env: HookEnv): { path: string; bytes: Buffer } | undefined {
  const given = (env.options.env ?? process.env).GIT_INDEX_FILE;
  const path = given !== undefined ? resolve(env.root, given) : join(env.commonDir, "index");
  if (given === undefined && resolve(env.root, ".git") !== resolve(env.commonDir)) return undefined;
  try {
    return { path, bytes: readFileSync(path) };
  } catch {
    return undefined;
  }
}

/**
 * The secret guard on the staged content. `diff`: the staged diff of the index as it is now; the
 * blobs are read through the hook's cat-file process.
 */
async function stagedSecrets(
  env: HookEnv,
  trusted: TrustedPolicy,
  module: ReturnType<HookEnv["options"]["checkers"]["secretsHook"]>,
  diff: Buffer | undefined,
): Promise<StepResult> {
  // The hook entry loads only what a staged scan needs: this runs on every commit.
  const secrets = await module;
  const r = await secrets.scanStaged({
    cwd: env.root,
    root: env.root, // known already: spares the scan a git process
    ...(diff === undefined ? {} : { diff }),
    ...(env.batch === undefined ? {} : { batch: env.batch }),
    env: env.options.env,
    policy: trusted.config.secrets,
    ...(trusted.baseline === undefined ? {} : { baseline: trusted.baseline }),
    ...(trusted.scannerConfigs === undefined ? {} : { scannerConfigs: trusted.scannerConfigs }),
  });
  return { findings: r.findings, stats: r.stats as unknown as Record<string, unknown> };
}

/**
 * The staged workflow files, as staged (from the index), with the staged action lock. Loads
 * @rampart/workflows only here: a commit without a workflow file never pays for it. A malformed
 * file refuses the commit naming file and line (exit 2, one error per file), after the others and
 * the rest of the commit were judged.
 */
async function stagedWorkflowCheck(env: HookEnv, trusted: TrustedPolicy, files: string[]): Promise<StepResult> {
  const [workflows, batch] = [
    await env.options.checkers.workflows(),
    new CatFileBatch({ cwd: env.root, ...(env.options.env === undefined ? {} : { env: env.options.env }) }),
  ];
  try {
    const read = async (rel: string) => (await batch.read(`:${rel}`))?.content.toString("utf8");
    const sources = await Promise.all(files.map(async (file) => ({ file, text: (await read(file)) ?? "" })));
    // The local actions (`uses: ./tools/x`) they use run in CI too: judged as staged. The index has
    // no path through a symlinked folder; a symlinked action.yml is no YAML mapping (refused).
    const local = await workflows.followLocalActions(sources, read);
    sources.push(...local.sources);
    // The action lock says which pins were reviewed: HEAD's, so a staged lock cannot approve its own change.
    const lockPath = ".rampart/actions.lock.json";
    const lockText = trusted.rev === undefined ? await read(lockPath) : await trusted.read(lockPath);
    const lock = lockText === undefined ? undefined : workflows.parseLock(lockText);
    const result = workflows.checkWorkflows(sources, {
      policy: trusted.config.workflows ?? {},
      localActions: local.refs,
      ...(lock === undefined ? {} : { lock: lock }),
    });
    // The first error of each malformed file, naming it.
    const errors: RampartError[] = [];
    const named = new Set<string>();
    for (const broken of result.stats.errors) {
      if (named.has(broken.file)) continue;
      named.add(broken.file);
      errors.push(
        new RampartError("WORKFLOW_INVALID", broken.message, {
          file: broken.file,
          ...(broken.line === undefined ? {} : { line: broken.line }),
          ...(broken.column === undefined ? {} : { column: broken.column }),
          hint: broken.hint ?? "fix the YAML",
        }),
      );
    }
    return { findings: result.findings, stats: { files: files.length }, ...(errors.length > 0 ? { errors } : {}) };
  } finally {
    batch.close();
  }
}

/**
 * The vulnerability gate on what the staged lockfile adds or upgrades (offline, stored data).
 * @rampart/deps loads only when the diff adds something: other commits pay nothing.
 */
async function stagedDepsCheck(
  env: HookEnv,
  trusted: TrustedPolicy,
  parsed: unknown,
  stats: unknown,
): Promise<Finding[]> {
  const diff = (
    stats as {
      lockfiles?: Array<{ added: unknown[]; upgraded: unknown[]; downgraded: unknown[]; changed?: unknown[] }>;
    }
  ).lockfiles?.[0];
  if (env.options.checkers.deps === undefined || diff === undefined) return [];
  const count = diff.added.length + diff.upgraded.length + diff.downgraded.length + (diff.changed?.length ?? 0);
  if (count === 0) return [];
  const deps = await env.options.checkers.deps();
  // Licences a staged .rampart/licenses.json claims are the commit's own word: HEAD's cache, as
  // CI reads the base's (with HEAD's policy; the commit adopting rampart has nothing older: its
  // licence policy and cache are its own, as CI reads them).
  const licenseCache =
    trusted.rev !== undefined && !trusted.adopting && trusted.config.deps?.licenses !== undefined
      ? await deps.readLicenseCacheAt(env.root, trusted.rev, env.options.env)
      : undefined;
  return deps.checkLockfileChange({
    root: env.root,
    env: env.options.env ?? process.env,
    policy: trusted.config.deps ?? {}, // exceptions from HEAD: a staged one does not excuse its own lockfile
    lockfile: parsed,
    diff: diff,
    ...(licenseCache === undefined ? {} : { licenseCache }),
  }).findings;
}

/**
 * Each staged lockfile, as staged (read from the index, never the working tree): the lockfile
 * rules on its new content, and what changed against HEAD (new sources, dropped integrity...).
 * A lockfile that cannot be read (LOCKFILE_PARSE_FAILED) is named in the step's errors (the hook
 * refuses, exit 2) after the others were judged, as `lockfile check` and `deps check` do: a broken
 * lockfile staged beside another never hides the other's findings.
 */
async function stagedLockfileCheck(env: HookEnv, trusted: TrustedPolicy, files: string[]): Promise<StepResult> {
  const lockfile = await env.options.checkers.lockfile();
  const git = { cwd: env.root, ...(env.options.env === undefined ? {} : { env: env.options.env }) };
  const batch = new CatFileBatch(git);
  const readStaged = async (rel: string) => (await batch.read(`:${rel}`))?.content.toString("utf8");
  // The package-manager config that relaxes rules (registries sources may use, packages allowed to
  // build, scripts off) is HEAD's, as CI's --policy-rev reads the base's, with or without a policy
  // there: a registry or an onlyBuiltDependencies entry staged with the lockfile that needs it does
  // not excuse it. The catalogs the drift check compares manifests with stay the staged ones. An
  // unborn HEAD (a new history) has nothing older: the staged config applies.
  const rev = trusted.rev;
  const readTrusted =
    rev === undefined
      ? undefined
      : async (rel: string) => (await batch.read(`${rev}:${rel}`))?.content.toString("utf8");
  // Rules and accepted state from HEAD. The commit adopting rampart: core's adoptedPolicy (the
  // defaults, its own section only where stricter), accepting what HEAD's lockfiles already held
  // (CI's rule for a base without a policy): its own allowedHosts, sources or install scripts
  // accept nothing it commits.
  // Each other error HEAD's lockfiles held is a warning for that package only (a heldAtAdoption
  // entry, as init writes it): a package the commit adds or replaces that breaks the same rule is an error.
  let policy = trusted.config.lockfile ?? {};
  if (trusted.adopting && readTrusted !== undefined) {
    const paths = await lockfile.listLockfiles(env.root, env.options.env);
    policy = (await lockfile.acceptedAt(policy, { root: env.root, paths, read: readTrusted })).policy;
  }
  const judge = async (path: string): Promise<Finding[]> => {
    const dir = posix.dirname(path);
    const [diff, parsed] = await Promise.all([
      // Against the commit the policy was read at (trusted.rev: HEAD's id as the hook pinned it, or
      // nothing in a new history), never a HEAD moved since (by a lint-staged task...).
      lockfile.diffLockfileRevisions({ ...git, lockfile: path, policy, rev: trusted.rev ?? null }),
      lockfile.parseLockfile({
        path,
        content: (await readStaged(path)) ?? "",
        cwd: env.root,
        readSibling: (rel) => readStaged(dir === "." ? rel : `${dir}/${rel}`),
      }),
    ]);
    const checked = await lockfile.checkLockfile(parsed, policy, {
      cwd: env.root,
      readFile: readStaged,
      ...(readTrusted === undefined ? {} : { trustedReadFile: readTrusted }),
    });
    const vulns = await stagedDepsCheck(env, trusted, parsed, diff.stats);
    return [...diff.findings, ...checked.findings, ...vulns];
  };
  try {
    const results = await Promise.all(
      files.map(async (path): Promise<{ findings: Finding[]; error?: RampartError }> => {
        try {
          return { findings: await judge(path) };
        } catch (error) {
          if (isRampartError(error) && error.code === "LOCKFILE_PARSE_FAILED") return { findings: [], error };
          throw error;
        }
      }),
    );
    const errors = results.flatMap((r) => (r.error === undefined ? [] : [r.error]));
    return {
      findings: results.flatMap((r) => r.findings),
      stats: { lockfiles: files.length },
      ...(errors.length > 0 ? { errors } : {}),
    };
  } finally {
    batch.close();
  }
}

/** The names of lint-staged's config files that are code (imported). */
const MODULE_CONFIG_FILES = LINT_STAGED_CONFIG_FILES.filter((n) => isModuleConfig(n));

/** What the pre-commit does about lint-staged: nothing, a finding, or start it (in this process when it can). */
type LintStagedPlan =
  | { kind: "skip" }
  | { kind: "finding"; finding: Finding }
  /** HEAD's config cannot judge the commit (trustedLintStaged): named after the other checks, exit 2. */
  | { kind: "error"; error: RampartError }
  | {
      kind: "run";
      pkgDir: string;
      bin: string;
      api: LintStagedApi | undefined;
      /** The index rampart backs up instead of lint-staged's stash (lint-staged.ts), when it can. */
      ownBackup: string | undefined;
      /** HEAD's config, handed to lint-staged, when the package's differs from it (trustedLintStaged). */
      config?: Record<string, unknown>;
      /** lint-staged finds the configs; a module config's import is answered by HEAD's copy (configsFromHead): working tree real path -> copy. */
      fromHead?: ReadonlyMap<string, string>;
    };

/**
 * The lint-staged plan by HEAD's config, as the policy is HEAD's: the package's own (`planned`,
 * prepared while the policy was read) when it is HEAD's byte for byte, when HEAD has none (the
 * commit adopting lint-staged keeps its own) or in a new history; else HEAD's, handed to
 * lint-staged as its config, so a commit cannot switch its own tasks off (the config emptied,
 * removed, a task or pattern dropped). HEAD's config that cannot be read without running the
 * commit's code (trustedLintStagedTasks) refuses the commit, naming it.
 */
async function trustedLintStaged(
  env: HookEnv,
  trusted: TrustedPolicy,
  staged: readonly string[],
  planned: (files: readonly string[]) => Promise<LintStagedPlan>,
): Promise<LintStagedPlan> {
  if (trusted.rev === undefined) return planned(staged);
  // The package folder HEAD's manifest names (trusted.ts): a commit that points the manifest at
  // another folder (one without a config) does not move its own lint-staged there.
  const { pkgDir } = trusted;
  const own = () =>
    pkgDir === packageDir(env.root)
      ? planned(staged)
      : env.timing.time("lint-staged", () => prepareLintStaged(env, pkgDir, staged));
  const prefix = packagePrefix(env.root, pkgDir);
  const [head, nested] = await Promise.all([
    trustedToolConfig(trusted.read, prefix, LINT_STAGED_CONFIG_FILES, "lint-staged", pkgDir, trusted.objects),
    nestedConfigChanges(env.root, prefix, trusted.read, env.options.env),
  ]);
  const effective = effectiveToolConfig(pkgDir, LINT_STAGED_CONFIG_FILES, "lint-staged");
  const sameRoot =
    head === null || (await sameToolConfigFiles(env.root, pkgDir, head, LINT_STAGED_CONFIG_FILES, "lint-staged"));
  // Only a data config (JSON, YAML, the manifest's key) that is HEAD's byte for byte is run as the
  // working tree holds it. A module config is code: it may read any file by a path it builds
  // (beside it, `#x` imports, itself by name, the working directory), which the commit may have
  // edited; HEAD's copy of it (head-copy.ts) always gives the tasks.
  const module = head !== null && isModuleToolConfig(head);
  // Nothing differs from HEAD's, and every config is data (or there is none).
  const asHeads = sameRoot && nested.length === 0 && !module;
  // HEAD's configs judge. lint-staged is handed one config (its `config` option, which turns its
  // search for configs in subfolders off): HEAD's configs in subfolders cannot be handed with it.
  // The file the commit changed: a nested config, else the package's config it added, removed or
  // edited (not the one the tool reads first), else the config whose named files differ.
  const differs =
    sameRoot && nested.length === 0
      ? undefined
      : (nested[0] ??
        `${prefix}${differingToolConfig(pkgDir, head, LINT_STAGED_CONFIG_FILES, "lint-staged") ?? effective ?? head?.name ?? ""}`);
  // HEAD's config cannot judge the commit: bad input (exit 2), one line naming the file.
  const refuse = (why: string): LintStagedPlan => ({
    kind: "error",
    error: new RampartError(
      "HOOKS_CONFIG_UNJUDGED",
      `lint-staged did not run: ${differs === undefined ? "" : `${differs} differs from HEAD's, and `}${why}`,
      {
        hint:
          differs === undefined
            ? "fix HEAD's config in a commit of its own with RAMPART=0 (the hooks skipped: its review and CI are the check)"
            : `restore HEAD's (\`git checkout HEAD -- ${differs}\`, or remove it where HEAD has none) and commit the rest; commit the config change on its own with RAMPART=0 (the hooks skipped: its review and CI are the check)`,
      },
    ),
  });
  const headNested = await nestedConfigsAt(env.root, trusted.rev, prefix, trusted.read, env.options.env, {
    objects: trusted.objects,
    commonDir: env.commonDir,
  });
  if (headNested.length > 0) {
    if (differs !== undefined)
      return refuse(
        `HEAD's lint-staged configs in subfolders (${headNested[0]}) cannot be handed to lint-staged as one config`,
      );
    // Nothing differs: lint-staged finds HEAD's configs itself, as the working tree holds them,
    // each staged file judged by the config nearest to it. A module config among them (the
    // package folder's or a subfolder's) is code that may read the commit's files (a helper
    // beside it, a sibling folder's): each is loaded from HEAD's copy, and lint-staged's import
    // of it is answered with that copy (configsFromHead).
    const modules = [
      ...[...(head?.held.keys() ?? [])].filter((n) => isModuleConfig(n)).map((n) => `${prefix}${n}`),
      ...headNested.filter((p) => isModuleConfig(p)),
    ];
    // A subfolder's config with a pattern above its folder ("../*.js") takes, in lint-staged, every
    // staged file no nearer config holds (the package folder's too): whether a task matches is then
    // lint-staged's to say, never skipped here (data configs read at HEAD; modules as loaded).
    const data = headNested.filter((p) => !isModuleConfig(p));
    const above = (await Promise.all(data.map((p) => claimsAbove(trusted, p)))).some((b) => b);
    // HEAD has configs in subfolders only (none in the package folder): lint-staged still runs
    // them (it searches the staged files' folders), so it starts whatever matches.
    const only = head === null ? headNested[0] : undefined;
    if (modules.length === 0)
      return above || only !== undefined
        ? env.timing.time("lint-staged", () => prepareLintStaged(env, pkgDir, staged, undefined, undefined, true, only))
        : own();
    return configsFromHead(env, trusted, staged, modules, head, above, only);
  }
  // Data configs as HEAD's, none in a subfolder: lint-staged reads the working tree's.
  if (asHeads) return own();
  // HEAD has no lint-staged config at all: the commit adopting lint-staged keeps its own.
  if (head === null) return own();
  const read = await trustedLintStagedTasks(pkgDir, head, env.commonDir, {
    root: env.root,
    rev: trusted.rev,
    env: env.options.env,
    staged,
  });
  const name = `HEAD's ${prefix}${head.name}${head.name === "package.json" ? ' ("lint-staged")' : ""}`;
  if ("why" in read) return refuse(`${name} ${read.why}`);
  const { tasks } = read;
  if (differs !== undefined)
    env.options.log(
      `rampart: lint-staged runs ${name} alone: ${differs} differs from HEAD's (the change applies once committed)\n`,
    );
  return env.timing.time("lint-staged", () => prepareLintStaged(env, pkgDir, staged, { name, tasks }));
}

/**
 * lint-staged finding HEAD's configs itself (each staged file judged by the config nearest to
 * it, as lint-staged decides, each config's tasks run in its folder), when the working tree holds
 * HEAD's configs and some are modules (`modules`, repository paths): each of those is loaded
 * from HEAD's copy first (trustedLintStagedTasks; one after the other, as each load sets the
 * working directory), and while lint-staged runs in this process its import of the working
 * tree's file is answered with that copy (head-resolve.ts withConfigsFromHead). A module config
 * that does not load from HEAD's files, or a lint-staged that cannot run in this process (its
 * bin would import the working tree's), refuses the commit naming the config (exit 2).
 */
async function configsFromHead(
  env: HookEnv,
  trusted: TrustedPolicy,
  staged: readonly string[],
  modules: readonly string[],
  head: TrustedToolConfig | null,
  above: boolean,
  /** HEAD's first config in a subfolder, when the package folder has none. */
  only: string | undefined,
): Promise<LintStagedPlan> {
  const { pkgDir } = trusted;
  const prefix = packagePrefix(env.root, pkgDir);
  const refuse = (path: string, why: string, hint: string): LintStagedPlan => ({
    kind: "error",
    error: new RampartError("HOOKS_CONFIG_UNJUDGED", `lint-staged did not run: HEAD's ${path} ${why}`, { hint }),
  });
  const fixHead =
    "fix HEAD's config in a commit of its own with RAMPART=0 (the hooks skipped: its review and CI are the check)";
  const commit = { root: env.root, rev: trusted.rev, env: env.options.env, staged };
  const copies = new Map<string, string>();
  let tasks: Record<string, unknown> | undefined;
  let claims = above;
  for (const path of modules) {
    const config = await trustedConfigFile(trusted.read, path, env.root, trusted.objects);
    if (config === undefined) return refuse(path, "cannot be read", fixHead);
    const inSubfolder = path.slice(prefix.length).includes("/");
    const nested = inSubfolder ? { modules: nearestModules(env.root, path, pkgDir), prefix } : undefined;
    const read = await trustedLintStagedTasks(pkgDir, config, env.commonDir, commit, nested);
    if ("why" in read) return refuse(path, read.why, fixHead);
    let file: string;
    try {
      file = realpathSync(join(env.root, path));
    } catch {
      return refuse(path, "is not in the working tree as lint-staged finds it", fixHead);
    }
    if (read.copy !== undefined) copies.set(file, read.copy);
    if (head !== null && path === `${prefix}${head.name}`) tasks = read.tasks;
    else if (Object.keys(read.tasks).some((p) => p.startsWith(".."))) claims = true;
  }
  const name = `HEAD's ${prefix}${head?.name ?? ""}`;
  const plan = await env.timing.time("lint-staged", () =>
    prepareLintStaged(
      env,
      pkgDir,
      staged,
      tasks === undefined ? undefined : { name, tasks },
      copies,
      claims || only !== undefined,
      only,
    ),
  );
  const hooks = (process.getBuiltinModule("node:module") as { registerHooks?: unknown }).registerHooks;
  if (plan.kind === "run" && (plan.api === undefined || hooks === undefined))
    return refuse(
      modules.find((p) => p.slice(prefix.length).includes("/")) ?? modules[0] ?? "",
      "is code that lint-staged would load from the working tree: only lint-staged 17, run in rampart's process (Node >= 22.15), loads it from HEAD's files",
      "install lint-staged 17, or commit with RAMPART=0 (the hooks skipped: review and CI are the check)",
    );
  return plan;
}

/**
 * Whether HEAD's data config at `path` (a subfolder's: a config file, or a manifest's
 * "lint-staged" key) has a pattern starting with ".." (lint-staged then gives it every staged
 * file no nearer config holds); true too when it cannot be read as data (lint-staged decides).
 */
async function claimsAbove(trusted: TrustedPolicy, path: string): Promise<boolean> {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const text = await trusted.read(path);
  try {
    const value = /^package\.(?:json|ya?ml)$/.test(name)
      ? JSON.parse(manifestKeyOf(name, text, "lint-staged") ?? "{}")
      : (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(text ?? "", { logLevel: "error" });
    if (typeof value !== "object" || value === null) return true;
    return Object.keys(value).some((p) => p.startsWith(".."));
  } catch {
    return true;
  }
}

/** The node_modules folder nearest above a config of a subfolder (`path`, repository path) up to the package folder's. */
function nearestModules(root: string, path: string, pkgDir: string): string {
  for (let d = dirname(join(root, path)); d.startsWith(pkgDir) && d !== pkgDir; d = dirname(d)) {
    const modules = join(d, "node_modules");
    try {
      if (lstatSync(modules).isDirectory()) return modules;
    } catch {
      // none here
    }
  }
  return join(pkgDir, "node_modules");
}

/**
 * Whether lint-staged has anything to do and how it will run. A config without lint-staged
 * installed is a finding with the install command: the user asked for those tasks, and skipping
 * them silently would pass a commit they expect to be linted.
 */
async function prepareLintStaged(
  env: HookEnv,
  pkgDir: string,
  staged: readonly string[],
  head?: { name: string; tasks: Record<string, unknown> },
  fromHead?: ReadonlyMap<string, string>,
  /** Never skipped for no task matching (a subfolder's config takes files above it). */
  always = false,
  /** HEAD's config in a subfolder when the package folder has none: lint-staged finds them itself. */
  only?: string,
): Promise<LintStagedPlan> {
  const pkgConfig = lintStagedConfig(pkgDir);
  const config = head?.name ?? pkgConfig ?? only;
  if (config === undefined) return { kind: "skip" };
  const plain = (v: unknown) => typeof v === "string" || (Array.isArray(v) && v.every((c) => typeof c === "string"));
  // HEAD's: no task, nothing to run; tasks of strings only are matched here, as the package's.
  const tasks =
    head === undefined
      ? pkgConfig === undefined
        ? undefined
        : await lintStagedTasks(pkgDir, pkgConfig)
      : Object.keys(head.tasks).length === 0
        ? "none"
        : Object.values(head.tasks).every(plain)
          ? head.tasks
          : undefined;
  if (tasks === "none") return { kind: "skip" };
  const bin = join(pkgDir, "node_modules", ".bin", "lint-staged");
  if (!existsSync(bin)) {
    return {
      kind: "finding",
      finding: policyFinding(
        "hooks/tool-missing",
        `lint-staged did not run: ${config} configures it but it is not installed`,
        `run \`${addDevCommand(pkgDir, env.root, ["lint-staged"])}\`, or remove ${config} (or set hooks.preCommit.lintStaged: false)`,
        ["SRC-2"],
        "lint-staged",
      ),
    };
  }
  // No staged file for any task: lint-staged would only start, find nothing and stop.
  if (!always && tasks !== undefined && !(await anyTaskMatches(pkgDir, env.root, bin, tasks, staged, env.commonDir)))
    return { kind: "skip" };
  const [api, ownBackup] = await Promise.all([
    inProcessLintStaged(pkgDir, bin, env.options.env),
    ownBackupIndex(env.root, env.commonDir, env.options.env),
  ]);
  if (head !== undefined && fromHead === undefined && api === undefined && !Object.values(head.tasks).every(plain)) {
    // Its bin takes a config as JSON only (`--config -`): function tasks need the API in this process.
    return {
      kind: "finding",
      finding: policyFinding(
        "hooks/tool-missing",
        `lint-staged did not run: ${config} has function tasks, which only lint-staged 17 run in this process can be handed`,
        "restore the config HEAD has and commit the rest, then commit the config change on its own",
        ["SRC-2"],
        "lint-staged",
      ),
    };
  }
  return {
    kind: "run",
    pkgDir,
    bin,
    api,
    ownBackup: api === undefined ? undefined : ownBackup,
    ...(fromHead !== undefined ? { fromHead } : head === undefined ? {} : { config: head.tasks }),
  };
}

/**
 * Runs the project's lint-staged as planned: in this process when its API does what its bin
 * would (lint-staged.ts), else its bin, whose output is logged (redacted) when it ends. A failure
 * refuses the commit.
 */
async function runLintStaged(env: HookEnv, plan: LintStagedPlan): Promise<Finding[]> {
  if (plan.kind === "skip" || plan.kind === "error") return [];
  if (plan.kind === "finding") return [plan.finding];
  let passed: boolean;
  const given = plan.config === undefined ? {} : { config: plan.config };
  const { fromHead } = plan;
  const runInProcess =
    fromHead === undefined
      ? runLintStagedInProcess
      : async (...args: Parameters<typeof runLintStagedInProcess>) => {
          const { withConfigsFromHead } = await import("./head-resolve.js");
          const run = await withConfigsFromHead(fromHead, MODULE_CONFIG_FILES, env.root, () =>
            runLintStagedInProcess(...args),
          );
          if (run === false) throw new Error("unreachable: configsFromHead refuses without module hooks");
          return run.result;
        };
  if (plan.api === undefined) passed = (await spawnLintStaged(env, plan.pkgDir, plan.bin, plan.config)) === 0;
  else if (plan.ownBackup === undefined) passed = await runInProcess(plan.api, env.options.log, given);
  else {
    // Saved to .git/rampart before any task runs (a killed hook leaves it there); when it cannot
    // be, lint-staged keeps its own backup stash.
    let backup: IndexBackup | undefined;
    try {
      backup = saveIndex(plan.ownBackup);
    } catch {
      backup = undefined;
    }
    if (backup === undefined) passed = await runInProcess(plan.api, env.options.log, given);
    else {
      passed = await runInProcess(plan.api, env.options.log, { ...OWN_BACKUP, ...given });
      if (!passed) {
        try {
          await restoreIndex(backup, env.root, env.options.env);
        } catch (error) {
          throw new RampartError(
            "HOOKS_LINT_STAGED_FAILED",
            "lint-staged (your own pre-commit tasks) failed, and the index could not be put back as it was",
            {
              hint: `the index from before the tasks is kept in ${SAVED_INDEX_PATH}: \`npx --no-install rampart hooks restore-index\` puts it back`,
              cause: error,
            },
          );
        }
        env.options.log("rampart: put the index and working tree back as they were before the tasks ran\n");
      }
      discardSavedIndex(backup.gitDir);
    }
  }
  if (!passed) {
    throw new RampartError("HOOKS_LINT_STAGED_FAILED", "lint-staged (your own pre-commit tasks) failed", {
      hint: "fix what it reports above, then commit again",
    });
  }
  return [];
}

function spawnLintStaged(
  env: HookEnv,
  pkgDir: string,
  bin: string,
  config?: Record<string, unknown>,
): Promise<number | null> {
  return new Promise<number | null>((done, fail) => {
    // HEAD's config on its stdin (`--config -`), when the package's differs from it.
    const child = spawn(bin, config === undefined ? [] : ["--config", "-"], {
      cwd: pkgDir,
      env: env.options.env ?? process.env,
      stdio: [config === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (config !== undefined) child.stdin?.end(JSON.stringify(config));
    // Its output (its tasks' too: a linter quoting the staged lines it refuses) is logged whole
    // once it ends, each stream in one piece, so that the redaction of rampart's output sees every
    // credential whole: never the terminal itself (nothing masked there), nor a pipe's chunks as
    // they come (a key cut by a chunk's end was two unmasked halves, printed one after the other).
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (d: Buffer) => out.push(d));
    child.stderr?.on("data", (d: Buffer) => err.push(d));
    child.on("error", fail);
    child.on("close", (code) => {
      for (const chunks of [out, err]) if (chunks.length > 0) env.options.log(Buffer.concat(chunks).toString("utf8"));
      done(code);
    });
  });
}

/** commit-msg: commitlint with the project's config in this process, and the secret guard. */
export async function commitMsg(env: HookEnv, file: string): Promise<StepResult> {
  const { options, root } = env;
  const trusted = await env.timing.time("policy", () => trustedPolicy(env, "HEAD"));
  const { settings } = trusted;
  let message: string;
  try {
    message = readFileSync(resolve(options.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the commit message file ${file}`, {
      hint: 'git passes it to the commit-msg hook: rampart hook commit-msg "$1"',
      cause: error,
    });
  }
  // commitlint reads the message above `git commit -v`'s scissors line. The secret guard reads it
  // whole: git cuts there only with -v or --cleanup=scissors, which a hook cannot see (-m, -F and
  // the other cleanups commit what is below); it discounts the staged diff itself (message.ts).
  const text = message.split(/^# -+ >8 -+$/m)[0] ?? "";
  // One after the other: both are CPU work in this one thread (the scan of a one-line message
  // takes a few ms), so running them "concurrently" only made each stage's timer hold the other's.
  const secrets = settings.commitMsg.secrets
    ? await env.timing.time("secrets", async () =>
        (await options.checkers.secretsHook()).scanMessage({
          text: message,
          cwd: root,
          env: options.env,
          // HEAD's policy, baseline and other scanners' configs, as pre-commit's: a baseline entry
          // written in the working tree (not committed) does not accept a key in the message.
          policy: trusted.config.secrets,
          ...(trusted.baseline === undefined ? {} : { baseline: trusted.baseline }),
          ...(trusted.scannerConfigs === undefined ? {} : { scannerConfigs: trusted.scannerConfigs }),
        }),
      )
    : undefined;
  // commitlint's config: HEAD's, as the policy (commitlint.ts), read with it (trusted.ts).
  const lint = settings.commitMsg.commitlint
    ? await env.timing.time("commitlint", async () => {
        // The package folder HEAD's manifest names, as pre-commit's lint-staged (trusted.ts).
        const { pkgDir } = trusted;
        const head =
          trusted.rev === undefined
            ? undefined
            : await trustedToolConfig(
                trusted.read,
                packagePrefix(root, pkgDir),
                COMMITLINT_CONFIG_FILES,
                "commitlint",
                pkgDir,
                trusted.objects,
              );
        const commit = { root, rev: trusted.rev, env: env.options.env };
        return import("./commitlint.js").then((c) => c.commitlint(pkgDir, root, env.commonDir, text, head, commit));
      })
    : undefined;
  // HEAD's commitlint config that cannot judge the message is named after the findings (exit 2).
  const errors = lint?.errors ?? [];
  return {
    findings: [...(lint?.findings ?? []), ...(secrets?.findings ?? [])],
    ...(errors.length > 0 ? { errors } : {}),
    stats: { message: true },
  };
}

/**
 * pre-push: protected branches, then signatures and secrets on every pushed range. What may switch
 * a check off comes from each range's remote side (trusted.ts), never from the pushed commits.
 */
export async function prePush(env: HookEnv, remote: string, url: string | undefined): Promise<StepResult> {
  return env.timing.time("push", () => prePushChecks(env, remote, url));
}

async function prePushChecks(env: HookEnv, remote: string, url: string | undefined): Promise<StepResult> {
  const { options } = env;
  const lines = (await readStdin(options.stdin)).split("\n").filter((l) => l.trim() !== "");
  const refs = parsePushLines(lines);
  // The remote's default branch judges every ref and step of this push: looked up once (without
  // origin/HEAD, one `git ls-remote`), shared with the signature check.
  const judgeOf = remoteDefaultOnce(remote, { cwd: env.root, env: env.options.env });
  const sides = await Promise.all(refs.map((ref) => remoteSide(env, ref, remote, judgeOf)));
  const findings: Finding[] = [];
  const signed: string[] = [];
  const scanned: Array<{ range: string; trusted: TrustedPolicy }> = [];
  const gated: Array<{ range: string; head: string; trusted: TrustedPolicy }> = [];
  const outside: Array<{ ref: PushedRef; trusted: TrustedPolicy }> = [];
  for (const [i, ref] of refs.entries()) {
    const { range, trusted } = sides[i]!;
    const branch = branchOf(ref.remoteRef);
    const isProtected = (patterns: readonly string[]) => branch !== undefined && isProtectedBranch(branch, patterns);
    if (isProtected(env.settings.protectedBranches) || isProtected(trusted.settings.protectedBranches)) {
      findings.push(
        policyFinding(
          "hooks/protected-branch",
          `direct push to protected branch ${branch}`,
          "push a feature branch and open a pull request (hooks.protectedBranches in .rampart/config.yaml)",
          ["SRC-6", "SRC-7"],
          `${remote}:${ref.remoteRef}`,
        ),
      );
      continue;
    }
    if (trusted.settings.prePush.signatures) signed.push(lines[i] ?? "");
    if (trusted.settings.prePush.secrets && range !== undefined) scanned.push({ range, trusted });
    if (trusted.settings.prePush.secrets && !/^0+$/.test(ref.localOid)) outside.push({ ref, trusted });
    if (trusted.settings.prePush.deps && range !== undefined) gated.push({ range, head: ref.localOid, trusted });
  }
  const [signatures, secrets, deps, tags] = await Promise.all([
    signed.length > 0 ? pushedSignatures(env, remote, url, signed, judgeOf) : undefined,
    scanned.length > 0 ? pushedSecrets(env, scanned) : undefined,
    gated.length > 0 ? pushedDeps(env, gated) : undefined,
    outside.length > 0 ? pushedOutsideCommits(env, outside) : undefined,
  ]);
  findings.push(...(signatures?.findings ?? []), ...(secrets ?? []), ...(deps?.findings ?? []), ...(tags ?? []));
  const errors = deps?.errors ?? [];
  return {
    findings,
    stats: { refs: refs.length, ...(signatures ? { signatures: signatures.stats } : {}) },
    ...(errors.length > 0 ? { errors } : {}),
  };
}

/**
 * The signature enforcer's own pre-push entry point: it handles new branches, tags and empty
 * remotes, and takes the trust root from the remote's tip, never from the commits being pushed.
 */
async function pushedSignatures(
  env: HookEnv,
  remote: string,
  url: string | undefined,
  lines: string[],
  remoteDefault: RemoteDefaultLookup,
): Promise<StepResult> {
  const { checkPrePush } = await env.options.checkers.signatures();
  const r = await checkPrePush({
    cwd: env.root,
    env: env.options.env,
    remote,
    ...(url ? { url } : {}),
    stdinLines: lines,
    remoteDefault,
  });
  return { findings: r.findings, stats: r.stats as Record<string, unknown> };
}

/** The secret guard on each pushed range, with the ignore lists and baseline of its remote side. */
async function pushedSecrets(
  env: HookEnv,
  ranges: ReadonlyArray<{ range: string; trusted: TrustedPolicy }>,
): Promise<Finding[]> {
  const secrets = await env.options.checkers.secrets();
  const findings: Finding[] = [];
  for (const { range, trusted } of ranges) {
    const r = await secrets.scanRange({
      cwd: env.root,
      env: env.options.env,
      range,
      policy: trusted.config.secrets,
      ...(trusted.baseline === undefined ? {} : { baseline: trusted.baseline }),
      ...(trusted.scannerConfigs === undefined ? {} : { scannerConfigs: trusted.scannerConfigs }),
    });
    findings.push(...r.findings);
  }
  return findings;
}

/**
 * The secret guard on what a pushed ref sends outside any commit: its name (scanRefs judges it as
 * text, shown masked), the message of each annotated
 * tag (and of the tags it points at): a tag's message is pushed with it, and no commit range holds
 * it (tagging a commit the remote has pushes no commit at all); the signature block is left out.
 * And a blob or tree a ref names (`git tag v $(git hash-object -w key.txt)`, a tag of a tree, any
 * ref): its content is pushed with no commit at all, so each of its blobs is judged whole. The
 * remote side's policy, baseline and scanner configs apply.
 */
async function pushedOutsideCommits(
  env: HookEnv,
  pushed: ReadonlyArray<{ ref: PushedRef; trusted: TrustedPolicy }>,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { ref, trusted } of pushed) {
    // The ref's name is judged whatever it names (a branch named with a token is published by
    // the push, and no object holds it); a commit's content is the range's: only a tag, blob or
    // tree holds anything more (scanRefs reads what the ref names).
    const r = await (await env.options.checkers.secrets()).scanRefs({
      cwd: env.root,
      env: env.options.env,
      refs: [{ oid: ref.localOid, name: ref.remoteRef }],
      policy: trusted.config.secrets,
      ...(trusted.baseline === undefined ? {} : { baseline: trusted.baseline }),
      ...(trusted.scannerConfigs === undefined ? {} : { scannerConfigs: trusted.scannerConfigs }),
    });
    findings.push(...r.findings);
  }
  return findings;
}

/**
 * The vulnerability (and licence) gate on what each pushed range adds or upgrades in lockfiles,
 * offline, under the policy of its remote side: a pushed commit cannot except its own lockfile.
 */
async function pushedDeps(
  env: HookEnv,
  ranges: ReadonlyArray<{ range: string; head: string; trusted: TrustedPolicy }>,
): Promise<{ findings: Finding[]; errors: RampartError[] }> {
  if (env.options.checkers.deps === undefined) return { findings: [], errors: [] };
  const deps = await env.options.checkers.deps();
  const findings: Finding[] = [];
  // A pushed lockfile that cannot be read is named (the hook refuses, exit 2) after every other
  // one, in every range, was judged: one broken lockfile never hides another's findings.
  const errors: RampartError[] = [];
  for (const { range, head, trusted } of ranges) {
    const base = range.includes("..") ? range.slice(0, range.indexOf("..")) : undefined;
    const r = await deps.checkPushedLockfiles({
      root: env.root,
      env: env.options.env ?? process.env,
      ...(base === undefined ? {} : { base }),
      head,
      policy: trusted.config.deps ?? {},
      // The adopting push's licence cache is its own, as its licence policy (CI reads it so too).
      ...(trusted.rev === undefined || trusted.adopting ? {} : { trustedRev: trusted.rev }),
    });
    findings.push(...r.findings);
    errors.push(...r.errors);
  }
  return { findings, errors };
}

/** A pushed ref's range for the secret guard and its remote side's policy (core's pushSide). */
async function remoteSide(
  env: HookEnv,
  ref: PushedRef,
  remote: string,
  judgeOf: RemoteDefaultLookup,
): Promise<{ range: string | undefined; trusted: TrustedPolicy }> {
  // Every push is judged by the remote's default branch (core's pushSide): unknown, by the defaults.
  const side = await pushSide(ref, remote, { cwd: env.root, env: env.options.env }, judgeOf);
  if (side?.unknown === true) {
    env.options.log(
      `rampart: ${ref.remoteRef} is judged by ${remote}'s default branch, not known here (\`git remote set-head ${remote} --auto\` records it; the remote did not say): judged by the default policy\n`,
    );
  }
  return { range: side?.range, trusted: await trustedPolicy(env, side?.unknown === true ? null : side?.trusted) };
}

async function readStdin(stdin: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
