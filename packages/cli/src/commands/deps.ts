import type { CheckResult, ExitCode, Finding } from "@rampart/core";
import type { CommandContext, CommandDefinition, OptionSpec } from "../command.js";

const CHECK_OPTIONS: OptionSpec[] = [
  {
    name: "db",
    type: "string",
    value: "PATH",
    description:
      "Advisory database: a snapshot (rampart deps update), an OSV zip export or a directory of OSV JSON records (default deps.database, else the user cache dir)",
  },
  { name: "production", type: "boolean", description: "Leave dev-only packages out" },
  {
    name: "online",
    type: "boolean",
    description:
      "Also ask OSV's batch query API and the npm bulk advisory endpoint (deps.online; the stored database is used too when present)",
  },
  {
    name: "staged",
    type: "boolean",
    description:
      "Check only what the staged lockfiles add or upgrade against HEAD, read from git (the pre-commit gate)",
  },
];

const UPDATE_OPTIONS: OptionSpec[] = [
  {
    name: "from",
    type: "string",
    value: "FILE|URL",
    description:
      "Where to read the data: a directory of OSV JSON records, an OSV zip export, or an https URL of one (default OSV's npm/all.zip)",
  },
  {
    name: "db",
    type: "string",
    value: "PATH",
    description:
      "Where to store the snapshot: a directory (npm-osv.snapshot inside) or a .snapshot file (default deps.database, else the user cache dir)",
  },
];

export const command: CommandDefinition = {
  name: "deps",
  summary: "Dependency gate: known vulnerabilities and malicious packages in the lockfile, offline",
  framework: ["SRC-3", "SRC-4", "MAT-2", "MAT-3", "MAT-4"],
  usage: "rampart deps check [options] [LOCKFILE...]",
  options: [],
  subcommands: [
    {
      name: "check",
      summary: "Match every lockfile package against OSV advisories; fail at or above deps.vulnerabilities.failOn",
      usage: "rampart deps check [--db PATH] [--online] [--production] [--staged] [LOCKFILE...]",
      options: CHECK_OPTIONS,
    },
    {
      name: "update",
      summary: "Import OSV advisory data and store it as a snapshot with its date and sha256",
      usage: "rampart deps update [--from FILE|URL] [--db PATH]",
      options: UPDATE_OPTIONS,
    },
  ],
  formats: ["text", "json", "sarif"],
  available: true,
  async run(ctx) {
    if (ctx.subcommand === "update") return runUpdate(ctx);
    return runCheck(ctx);
  },
};

async function runCheck(ctx: CommandContext): Promise<ExitCode> {
  const { existsSync } = await import("node:fs");
  const [lockLib, deps, core, path] = await Promise.all([
    import("@rampart/lockfile"),
    import("@rampart/deps"),
    import("@rampart/core"),
    import("node:path"),
  ]);
  const root = await core.getRepoRoot({ cwd: ctx.cwd, env: ctx.env });
  const config = await core.loadConfig({ cwd: ctx.cwd, env: ctx.env, root });
  const policy = config.config.deps;
  const location = deps.databaseLocation({
    root,
    cwd: ctx.cwd,
    env: ctx.env,
    ...(typeof ctx.values.db === "string" ? { flag: ctx.values.db } : {}),
    ...(policy.database === undefined ? {} : { policy: policy.database }),
  });
  const staged = ctx.values.staged === true ? await stagedChanges(ctx, root, lockLib) : undefined;
  const paths = staged
    ? [...staged.keys()]
    : ctx.positionals.length > 0
      ? ctx.positionals.map((p) => path.relative(root, path.resolve(ctx.cwd, p)).split(path.sep).join("/") || p)
      : await lockLib.listLockfiles(root, ctx.env);
  // Nothing added or upgraded: the database is not even read (a commit without lockfile changes pays nothing).
  if (staged !== undefined && staged.size === 0)
    return ctx.report({ ok: true, findings: [], stats: { lockfiles: [] } });
  if (paths.length === 0) ctx.info("rampart deps check: no lockfile tracked in this repository");
  const lockfilesRead: Array<{ path: string; lockfile: import("@rampart/lockfile").Lockfile }> = [];
  for (const p of paths) {
    const content = staged === undefined ? undefined : await stagedText(ctx, root, p);
    lockfilesRead.push({
      path: p,
      lockfile: await lockLib.parseLockfile({ path: p, cwd: root, ...(content === undefined ? {} : { content }) }),
    });
  }
  const online = ctx.values.online === true;
  const now = new Date();
  const findings: Finding[] = [];
  // Offline the stored database is required; online it is used when present, beside the services.
  let db: import("@rampart/deps").AdvisoryDatabase | undefined;
  if (!online || existsSync(location)) {
    db = deps.loadDatabase(location, { env: ctx.env });
    ctx.info(`rampart deps check: ${deps.describeDatabase(db, now)}`);
    if (db.cache?.written === false && db.cache.reason !== undefined)
      ctx.info(`rampart deps check: the index cache was not written (${db.cache.reason}); the next run indexes again`);
    findings.push(...deps.databaseFindings(db, now, policy.maxAgeDays));
  } else ctx.info(`rampart deps check --online: no stored database at ${location}; the online sources only`);
  if (online) {
    const wanted = new Map<string, { name: string; version: string }>();
    for (const { path: p, lockfile } of lockfilesRead) {
      const only = staged?.get(p);
      for (const pkg of lockfile.packages) {
        if (pkg.source !== "registry" || (ctx.values.production === true && pkg.dev)) continue;
        if (only !== undefined && !only.has(`${pkg.name}@${pkg.version}`)) continue;
        wanted.set(`${pkg.name}@${pkg.version}`, { name: pkg.name, version: pkg.version });
      }
    }
    const fetched = await deps.fetchOnline([...wanted.values()], deps.onlineOptions(ctx.env, policy));
    for (const s of fetched.stats)
      ctx.info(`rampart deps check --online: ${s.source} (${s.url}): ${s.queried} asked, ${s.advisories} advisories`);
    db = db === undefined ? fetched.db : deps.mergeDatabases(db, fetched.db);
  }
  const database = db as import("@rampart/deps").AdvisoryDatabase;
  const lockfiles: unknown[] = [];
  for (const { path: p, lockfile } of lockfilesRead) {
    const only = staged?.get(p);
    const result = deps.checkVulnerabilities(lockfile, database, policy, {
      now,
      production: ctx.values.production === true,
      ...(only === undefined ? {} : { only }),
    });
    findings.push(...result.findings);
    lockfiles.push(result.stats);
    for (const n of result.stats.notMatched) ctx.info(`${p}: ${n.name}@${n.version} (${n.source}): ${n.reason}`);
  }
  const result: CheckResult = {
    ok: !findings.some((f) => f.severity === "error"),
    findings: core.sortFindings(findings),
    stats: {
      database: {
        location: database.location,
        sha256: database.sha256,
        records: database.records,
        dataDate: database.dataDate ?? null,
      },
      online,
      lockfiles,
    },
  };
  return ctx.report(result, { rules: core.ruleInfo(deps.RULES, findings) });
}

async function runUpdate(ctx: CommandContext): Promise<ExitCode> {
  const [deps, core] = await Promise.all([import("@rampart/deps"), import("@rampart/core")]);
  const root = await core.getRepoRoot({ cwd: ctx.cwd, env: ctx.env }).catch(() => ctx.cwd);
  const config = await core.loadConfig({ cwd: ctx.cwd, env: ctx.env, root });
  const policy = config.config.deps;
  const db = deps.databaseLocation({
    root,
    cwd: ctx.cwd,
    env: ctx.env,
    ...(typeof ctx.values.db === "string" ? { flag: ctx.values.db } : {}),
    ...(policy.database === undefined ? {} : { policy: policy.database }),
  });
  const from =
    typeof ctx.values.from === "string" ? ctx.values.from : (ctx.env.RAMPART_OSV_EXPORT ?? deps.OSV_NPM_EXPORT);
  const r = await deps.updateDatabase({ from, db, cwd: ctx.cwd });
  for (const p of r.problems.slice(0, 20)) ctx.info(`rampart deps update: ${p.file}: ${p.message} (skipped)`);
  if (r.problems.length > 20)
    ctx.info(`rampart deps update: ${r.problems.length - 20} more unreadable records skipped`);
  ctx.info(
    `rampart deps update: ${r.records} records (${r.packages} npm packages) from ${from}, sha256 ${r.sha256}, newest record ${r.dataDate ?? "undated"}; snapshot written to ${r.file}`,
  );
  return ctx.report({ ok: true, findings: [], stats: { ...r, problems: r.problems.length } });
}

/** Staged lockfile -> the name@versions its change adds or upgrades (lockfile's own diff). */
async function stagedChanges(
  ctx: CommandContext,
  root: string,
  lockLib: typeof import("@rampart/lockfile"),
): Promise<Map<string, Set<string>>> {
  const { changedVersions } = await import("@rampart/deps");
  const diff = await lockLib.diffLockfileRevisions({ cwd: root, env: ctx.env });
  const out = new Map<string, Set<string>>();
  for (const s of diff.stats.lockfiles) {
    const set = changedVersions(s);
    if (set.size > 0) out.set(s.lockfile, set);
  }
  if (out.size === 0) ctx.info("rampart deps check --staged: no staged lockfile adds or upgrades a package");
  return out;
}

/** The staged (index) text of a lockfile: what gets committed, not the working tree. */
async function stagedText(ctx: CommandContext, root: string, path: string): Promise<string> {
  const { git } = await import("@rampart/core");
  return (await git(["show", `:${path}`], { cwd: root, env: ctx.env })).stdout;
}
