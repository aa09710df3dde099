import type { ExitCode } from "@rampart/core/errors";
import type { CheckResult, Finding } from "@rampart/core/findings";
import type { RuleInfo } from "@rampart/core/report";
import type { CommandContext, CommandDefinition, OptionSpec } from "../command.js";
import { reportJudged, unlessUnreadable } from "../lockfile-unreadable.js";
import { POLICY_REV_OPTION, policyAtRevision } from "../policy-rev.js";

type Lib = typeof import("@rampart/lockfile");

const DIFF_OPTIONS: OptionSpec[] = [
  {
    name: "lockfile",
    type: "string",
    value: "PATH",
    description: "Compare only this lockfile (repository-relative); default every tracked lockfile",
  },
];

export const command: CommandDefinition = {
  name: "lockfile",
  summary: "Check lockfiles: sources, integrity, install scripts, drift, changes",
  framework: ["MAT-1", "MAT-3", "BLD-5", "SRC-4"],
  usage: "rampart lockfile <check|diff|pin-config> [options]",
  options: [],
  subcommands: [
    {
      name: "check",
      summary: "Check where packages come from, their integrity, install scripts and drift from package.json",
      usage: "rampart lockfile check [LOCKFILE...] [--policy-rev REV]",
      options: [POLICY_REV_OPTION],
    },
    {
      name: "diff",
      summary: "Review a lockfile change: the staged lockfile against REV (default HEAD), read from git",
      usage: "rampart lockfile diff [REV] [--lockfile PATH]",
      options: DIFF_OPTIONS,
    },
    {
      name: "pin-config",
      summary:
        "CI, before installing a change: pnpm-workspace.yaml's settings from REV (the change keeps its packages, catalogs and lockfile keys), yarn plugins the base loads from REV",
      usage: "rampart lockfile pin-config --policy-rev REV",
      options: [
        {
          ...POLICY_REV_OPTION,
          description: "The trusted revision (the base) whose package-manager settings the install reads (required)",
        },
      ],
    },
  ],
  formats: ["text", "json", "sarif"],
  available: true,
  async run(ctx) {
    const lib: Lib = await import("@rampart/lockfile");
    if (ctx.subcommand === "pin-config") return runPinConfig(ctx, lib);
    return ctx.subcommand === "diff" ? runDiff(ctx, lib) : runCheck(ctx, lib);
  },
};

async function runCheck(ctx: CommandContext, lib: Lib): Promise<ExitCode> {
  // Without paths, `git ls-files` starts at once, alongside the git call that finds the root (it
  // lists root-relative paths from any directory); awaited after the policy, so errors keep their order.
  const listing = ctx.positionals.length > 0 ? undefined : lib.listLockfiles(ctx.cwd, ctx.env);
  listing?.catch(() => undefined); // a failure is reported where it is awaited, below
  const root = await repoRoot(ctx, ctx.positionals.length > 0);
  // CI: the rules and the accepted state init recorded come from the base (--policy-rev), never
  // from the change whose lockfile is judged.
  const rev = typeof ctx.values["policy-rev"] === "string" ? ctx.values["policy-rev"] : undefined;
  const trusted =
    rev === undefined
      ? undefined
      : await policyAtRevision(ctx, rev, root, { command: "lockfile check", section: "lockfile" });
  let policy = trusted === undefined ? await loadPolicy(ctx, root) : trusted.config.lockfile;
  // The package-manager config that relaxes rules (registries, builds allowed, scripts off) is
  // REV's too, with or without a policy there: a change that adopts rampart cannot allow itself
  // a registry or a build in the same change.
  const trustedReadFile = rev === undefined ? undefined : await trustedReader(rev, root, ctx.env);
  const { relative, resolve, sep } = await import("node:path");
  // Paths on the command line are relative to the cwd; listed ones to the repository root.
  const paths =
    listing === undefined
      ? ctx.positionals.map((p) => relative(root, resolve(ctx.cwd, p)).split(sep).join("/") || p)
      : await listing;
  if (paths.length === 0) ctx.info("rampart lockfile check: no lockfile tracked in this repository");
  if (trusted?.adopting === true && rev !== undefined && trustedReadFile !== undefined)
    policy = await withBaseState(ctx, lib, policy, { rev, root, paths, read: trustedReadFile });
  const findings: Finding[] = [];
  const lockfiles: unknown[] = [];
  const unreadable: unknown[] = [];
  for (const path of paths) {
    // The checks need no graph of package-to-package edges: not building it is a third of the read.
    const lockfile = await unlessUnreadable(lib.parseLockfile({ path, cwd: root, packageEdges: false }), unreadable);
    if (lockfile === undefined) continue;
    const result = await lib.checkLockfile(lockfile, policy, {
      cwd: root,
      ...(trustedReadFile === undefined ? {} : { trustedReadFile }),
    });
    findings.push(...result.findings);
    lockfiles.push(result.stats);
  }
  const result: CheckResult = { ok: !findings.some((f) => f.severity === "error"), findings, stats: { lockfiles } };
  return reportJudged(ctx, result, { rules: await ruleInfo(lib, findings) }, unreadable);
}

/**
 * CI's step before the install (after the config files the change touched were taken from the
 * base): the settings an install reads from pnpm-workspace.yaml and the yarn plugin files the
 * base's .yarnrc.yml loads are REV's. Each file changed is said on stderr; exit 0.
 */
async function runPinConfig(ctx: CommandContext, lib: Lib): Promise<ExitCode> {
  const { ExitCode, UsageError } = await import("@rampart/core/errors");
  const rev = ctx.values["policy-rev"];
  if (typeof rev !== "string" || ctx.positionals.length > 0)
    throw new UsageError("`rampart lockfile pin-config` takes --policy-rev REV and no paths", {
      hint: 'e.g. rampart lockfile pin-config --policy-rev "$BASE"',
    });
  const root = await repoRoot(ctx, false);
  const { hasCommit } = await import("@rampart/core/config");
  if (rev.startsWith("-") || !(await hasCommit(rev, { cwd: root, env: ctx.env }))) {
    const { RampartError } = await import("@rampart/core/errors");
    throw new RampartError("POLICY_REV_UNKNOWN", `--policy-rev ${rev} is not a commit in this repository`, {
      hint: "fetch the base branch first (fetch-depth: 0) and pass it: --policy-rev origin/main",
    });
  }
  for (const done of await lib.pinInstallConfig({ cwd: root, rev, env: ctx.env }))
    ctx.info(`rampart: ${done.file}: ${done.note}`);
  return ExitCode.Clean;
}

async function runDiff(ctx: CommandContext, lib: Lib): Promise<ExitCode> {
  if (ctx.positionals.length > 1) {
    const { UsageError } = await import("@rampart/core/errors");
    throw new UsageError("`rampart lockfile diff` takes at most one revision", {
      hint: "e.g. rampart lockfile diff origin/main",
    });
  }
  const root = await repoRoot(ctx, false);
  const policy = await loadPolicy(ctx, root);
  const { relative, resolve, sep } = await import("node:path");
  const given = typeof ctx.values.lockfile === "string" ? ctx.values.lockfile : undefined;
  // Relative to the cwd, like every path on the command line.
  const lockfile = given === undefined ? undefined : relative(root, resolve(ctx.cwd, given)).split(sep).join("/");
  const rev = ctx.positionals[0];
  // One staged lockfile that cannot be read is named after the others were compared.
  const unreadable: unknown[] = [];
  const result = await lib.diffLockfileRevisions({
    cwd: root,
    env: ctx.env,
    policy,
    unreadable,
    ...(rev === undefined ? {} : { rev }),
    ...(lockfile === undefined ? {} : { lockfile }),
  });
  if (ctx.format === "text" && !ctx.quiet) ctx.stdout.write(renderChanges(result.stats));
  return reportJudged(
    ctx,
    result as unknown as CheckResult,
    { rules: await ruleInfo(lib, result.findings) },
    unreadable,
  );
}

/** The change list a reviewer reads before the findings (text format; json/sarif carry it in stats). */
function renderChanges(stats: import("@rampart/lockfile").DiffRevisionsStats): string {
  const lines: string[] = [];
  for (const s of stats.lockfiles) {
    lines.push(
      `${s.lockfile} (against ${stats.base}): ${s.added.length} added, ${s.removed.length} removed, ${s.upgraded.length} upgraded, ${s.downgraded.length} downgraded`,
    );
    for (const c of s.added) lines.push(`  + ${c.name}@${c.to}`);
    for (const c of s.removed) lines.push(`  - ${c.name}@${c.from}`);
    for (const c of s.upgraded) lines.push(`  ↑ ${c.name} ${c.from} -> ${c.to}`);
    for (const c of s.downgraded) lines.push(`  ↓ ${c.name} ${c.from} -> ${c.to}`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/**
 * The repository root. With explicit lockfile paths (the pre-commit hook, CI) it is the nearest
 * directory holding `.git`, found without spawning git, or the cwd outside any repository.
 */
async function repoRoot(ctx: CommandContext, explicitPaths: boolean): Promise<string> {
  if (explicitPaths) {
    // getBuiltinModule: an import of node:fs builds its namespace, whose getters load fs/promises and streams.
    const { existsSync } = process.getBuiltinModule("node:fs");
    const { dirname, join } = await import("node:path");
    for (let dir = ctx.cwd; ; dir = dirname(dir)) {
      if (existsSync(join(dir, ".git"))) return dir;
      if (dirname(dir) === dir) return ctx.cwd;
    }
  }
  const { getRepoRoot } = await import("@rampart/core/git");
  return getRepoRoot({ cwd: ctx.cwd, env: ctx.env });
}

/**
 * A change that adopts rampart (REV has no policy) is judged by the defaults, never by the
 * lockfile: section its own `rampart init` wrote. What REV's lockfiles already held (install
 * scripts, git/tarball sources, registry hosts: init's accepted state, lockfile's adoptionState)
 * is accepted, since it was there before the change; so is each other error REV held, for that
 * package only (as init's lockfile.heldAtAdoption: the change's finding of the same rule on the same
 * package is a warning; a package the change adds or replaces that breaks it is an error). A lockfile REV does
 * not have, or cannot be read there, accepts nothing. One rule with the hooks' adoption path:
 * @rampart/lockfile's acceptedAt.
 */
async function withBaseState(
  ctx: CommandContext,
  lib: Lib,
  policy: import("@rampart/lockfile").LockfilePolicy,
  at: { rev: string; root: string; paths: readonly string[]; read: (relative: string) => Promise<string | undefined> },
): Promise<import("@rampart/lockfile").LockfilePolicy> {
  const { policy: accepted, state, held } = await lib.acceptedAt(policy, at);
  const count =
    state.allowInstallScripts.length +
    Object.keys(state.allowedSources).length +
    state.allowedHosts.length +
    held.length;
  if (count > 0) {
    ctx.info(
      `rampart lockfile check: accepted as ${at.rev}'s lockfiles held them: ${state.allowInstallScripts.length} install script(s), ${Object.keys(state.allowedSources).length} git/tarball source(s), ${state.allowedHosts.length} registry host(s)${held.length > 0 ? `; as warnings, for the same packages only: ${held.length} finding(s) of ${[...new Set(held.map((e) => e.rule))].join(", ")}` : ""}`,
    );
  }
  return accepted;
}

/** Reads repository files as `rev` holds them (git objects), for the config that relaxes rules. */
async function trustedReader(
  rev: string,
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<(relative: string) => Promise<string | undefined>> {
  const { readFilesAt } = await import("@rampart/core/config");
  return async (relative) => (await readFilesAt(rev, [relative.split("\\").join("/")], { cwd: root, env }))[0];
}

/** The `lockfile:` section of .rampart/config.yaml (validated by core's schema). */
async function loadPolicy(ctx: CommandContext, root: string): Promise<import("@rampart/lockfile").LockfilePolicy> {
  const { loadConfig } = await import("@rampart/core/config");
  const loaded = await loadConfig({ cwd: ctx.cwd, env: ctx.env, root });
  return loaded.config.lockfile;
}

/** SARIF rule metadata from the lockfile's rule registry. */
async function ruleInfo(lib: Lib, findings: Finding[]): Promise<RuleInfo[]> {
  return (await import("@rampart/core/findings")).ruleInfo(lib.RULES, findings);
}
