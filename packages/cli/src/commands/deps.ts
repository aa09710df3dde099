import type { ExitCode } from "@rampart/core/errors";
import type { CheckResult, Finding } from "@rampart/core/findings";
import type { CommandContext, CommandDefinition, OptionSpec } from "../command.js";
import { reportJudged, reportUnreadable, unlessUnreadable } from "../lockfile-unreadable.js";
import { POLICY_REV_OPTION, policyAtRevision } from "../policy-rev.js";

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
    name: "registry-data",
    type: "boolean",
    description:
      "Fetch the registry documents of the packages the quality rules judge (release age, deprecation, provenance, maintainers; with --policy-rev or --staged, what the change adds) from deps.online.npm, only for packages resolved from its host, without --online's advisory services (CI)",
  },
  POLICY_REV_OPTION,
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
  {
    name: "online",
    type: "boolean",
    description:
      "Also fetch the registry documents of the tracked lockfiles' packages that come from deps.online.npm (routed as deps check routes them: no other package's name is sent there): the registry cache for the quality rules, and .rampart/licenses.json for licences the lockfiles do not carry",
  },
  {
    name: "force",
    type: "boolean",
    description: "With --online: replace a .rampart/licenses.json that is not a licence cache",
  },
];

const LICENSES_OPTIONS: OptionSpec[] = [
  { name: "include-dev", type: "boolean", description: "Include dev-only packages (default: production only)" },
  {
    name: "as",
    type: "string",
    value: "csv|markdown",
    description: "Write the inventory as a CSV or Markdown table instead of --format text|json",
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
      usage:
        "rampart deps check [--db PATH] [--online | --registry-data] [--production] [--staged] [--policy-rev REV] [LOCKFILE...]",
      options: CHECK_OPTIONS,
    },
    {
      name: "licenses",
      summary: "Licence inventory: every package grouped by licence, with its dependency path",
      usage: "rampart deps licenses [--include-dev] [--as csv|markdown] [LOCKFILE...]",
      options: LICENSES_OPTIONS,
    },
    {
      name: "update",
      summary: "Import OSV advisory data and store it as a snapshot with its date and sha256",
      usage: "rampart deps update [--from FILE|URL] [--db PATH] [--online [--force]]",
      options: UPDATE_OPTIONS,
    },
  ],
  formats: ["text", "json", "sarif"],
  available: true,
  async run(ctx) {
    if (ctx.subcommand === "update") return runUpdate(ctx);
    if (ctx.subcommand === "licenses") return runLicenses(ctx);
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
  const { policy, trustedRev } = await checkPolicy(ctx, root, core);
  const location = databaseAt(ctx, root, policy, deps);
  const pinned = await databaseAtRevision(ctx, root, policy, location, trustedRev, deps);
  // A lockfile that cannot be read (staged or tracked) is named after the others were judged.
  const unreadable: unknown[] = [];
  const stagedDiff = ctx.values.staged === true ? await lockfileChanges(ctx, root, lockLib, unreadable) : undefined;
  const staged = stagedDiff?.only;
  const paths = staged
    ? [...staged.keys()]
    : ctx.positionals.length > 0
      ? ctx.positionals.map((p) => path.relative(root, path.resolve(ctx.cwd, p)).split(path.sep).join("/") || p)
      : await lockLib.listLockfiles(root, ctx.env);
  // Nothing added or upgraded: the database is not even read (a commit without lockfile changes pays nothing).
  if (staged !== undefined && staged.size === 0)
    return reportJudged(ctx, { ok: true, findings: [], stats: { lockfiles: [] } }, {}, unreadable);
  if (paths.length === 0) ctx.info("rampart deps check: no lockfile tracked in this repository");
  const lockfilesRead: Array<{ path: string; lockfile: import("@rampart/lockfile").Lockfile }> = [];
  for (const p of paths) {
    const content = staged === undefined ? undefined : await stagedText(ctx, root, p);
    const lockfile = await unlessUnreadable(
      lockLib.parseLockfile({ path: p, cwd: root, ...(content === undefined ? {} : { content }) }),
      unreadable,
    );
    if (lockfile !== undefined) lockfilesRead.push({ path: p, lockfile });
  }
  // The quality rules (registry data: release age, deprecation, provenance, maintainers; and
  // typosquat names) judge what a change adds: against HEAD with --staged, against REV with
  // --policy-rev (CI), so --online fetches registry documents for those packages only.
  // Vulnerabilities and licences judge every package whatever the mode.
  const qualityDiff =
    stagedDiff ??
    (typeof ctx.values["policy-rev"] === "string"
      ? await changesAgainstRevision(ctx, root, lockLib, ctx.values["policy-rev"], paths)
      : undefined);
  const online = ctx.values.online === true;
  const registryDir = deps.registryCacheDir(ctx.env);
  let fresh: ReadonlyMap<string, import("@rampart/deps").RegistryInfo> | undefined;
  // The npm registry asked (documents, bulk advisories) is told the names of the packages that come
  // from its host only (routeToRegistry); per lockfile, the others with why, never sent there.
  const registry = deps.registryUrl(ctx.env, policy);
  const fetchesDocuments = (online || ctx.values["registry-data"] === true) && deps.needsRegistryData(policy);
  // Routed by the trusted revision's package-manager config (--policy-rev, or HEAD with --staged).
  const routeRev =
    typeof ctx.values["policy-rev"] === "string" ? ctx.values["policy-rev"] : staged !== undefined ? "HEAD" : undefined;
  const routes =
    online || fetchesDocuments
      ? await deps.routeToRegistry(root, registry, lockfilesRead, ctx.env, routeRev)
      : undefined;
  // What the change's own config moves away is not sent either (its findings come with the quality rules).
  const elsewhere =
    routes === undefined
      ? undefined
      : new Map([...routes.elsewhere].map(([p, m]) => [p, new Map([...m, ...(routes.moved.get(p) ?? [])])]));
  const now = new Date();
  const findings: Finding[] = [];
  // Offline the stored database is required; online it is used when present, beside the services.
  let db: import("@rampart/deps").AdvisoryDatabase | undefined;
  if (pinned !== undefined || !online || existsSync(location)) {
    db =
      pinned === undefined
        ? deps.loadDatabase(location, { env: ctx.env })
        : deps.loadDatabaseBytes(pinned.content, pinned.name, { env: ctx.env });
    ctx.info(`rampart deps check: ${deps.describeDatabase(db, now)}`);
    if (db.cache?.written === false && db.cache.reason !== undefined)
      ctx.info(`rampart deps check: the index cache was not written (${db.cache.reason}); the next run indexes again`);
    // CI (--policy-rev) judges a change with data it downloaded in the same job: old or undated
    // data there fails the check instead of passing what was published since.
    const ci = typeof ctx.values["policy-rev"] === "string";
    findings.push(...deps.databaseFindings(db, now, policy.maxAgeDays, ci ? "error" : "warning"));
  } else ctx.info(`rampart deps check --online: no stored database at ${location}; the online sources only`);
  if (online) {
    const wanted = registryPackages(lockfilesRead, staged, ctx.values.production === true);
    const npmPackages = registryPackages(lockfilesRead, staged, ctx.values.production === true, elsewhere);
    const options = { ...deps.onlineOptions(ctx.env, policy), npmPackages: [...npmPackages.values()] };
    const fetched = await deps.fetchOnline([...wanted.values()], options);
    for (const s of fetched.stats)
      ctx.info(
        `rampart deps check --online: ${s.source} (${core.stripUrlCredentials(s.url)}): ${s.queried} asked, ${s.advisories} advisories${s.source === "npm" && wanted.size > npmPackages.size ? ` (not asked: ${wanted.size - npmPackages.size} package(s) from other registries, whose names are not sent there)` : ""}`,
      );
    db = db === undefined ? fetched.db : deps.mergeDatabases(db, fetched.db);
  }
  // Registry time data for the quality rules (--online, or --registry-data alone): fetched only for
  // the packages they judge whose cached data lacks the version.
  if (fetchesDocuments) {
    const judged = registryPackages(lockfilesRead, qualityDiff?.only, ctx.values.production === true, elsewhere);
    const stale = [...judged.values()]
      .filter((p) => deps.readRegistryCache(registryDir, p.name)?.versions?.[p.version] === undefined)
      .map((p) => p.name);
    const deadlineMs = deps.registryDeadlineMs(ctx.env) ?? deps.REGISTRY_DEADLINE_MS;
    const names = new Set(stale).size;
    if (names > 0)
      ctx.info(
        `rampart deps check: asking ${core.stripUrlCredentials(registry)} for ${names} registry document(s), ${deps.REGISTRY_CONCURRENCY} at a time, within ${Math.round(deadlineMs / 1000)} s`,
      );
    fresh = await deps.refreshRegistryCache(stale, { registry, dir: registryDir, deadlineMs });
    ctx.info(
      `rampart deps check: registry data refreshed for ${fresh.size} package(s) of ${new Set(stale).size} asked (${core.stripUrlCredentials(registry)})`,
    );
  }
  const database = db as import("@rampart/deps").AdvisoryDatabase;
  const lockfiles: unknown[] = [];
  // With --policy-rev, the licence cache is the trusted revision's: what the change adds to it is its own word.
  const licenseCache =
    policy.licenses === undefined
      ? {}
      : trustedRev === undefined
        ? deps.readLicenseCache(root)
        : await deps.readLicenseCacheAt(root, trustedRev, ctx.env);
  if (licenseCache.problem !== undefined) findings.push(deps.licenseCacheProblem(licenseCache.problem));
  findings.push(...deps.licenseCacheUnverified(licenseCache));
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
    findings.push(
      ...deps.licenseFindings(root, lockfile, policy, {
        now,
        production: ctx.values.production === true,
        cache: licenseCache,
        ...(only === undefined ? {} : { only }),
      }),
    );
    const changed = qualityDiff?.only.get(p);
    const quality = deps.checkQuality(lockfile, policy, {
      cacheDir: registryDir,
      now,
      production: ctx.values.production === true,
      ...(changed === undefined ? {} : { only: changed, upgrades: qualityDiff?.upgrades.get(p) ?? new Map() }),
      ...(fresh === undefined ? {} : { fresh }),
      ...(routes?.elsewhere.has(p) === true ? { elsewhere: routes.elsewhere.get(p) } : {}),
      ...(routes?.moved.has(p) === true ? { moved: routes.moved.get(p) } : {}),
    });
    findings.push(...quality.findings);
    for (const gap of deps.qualityGaps(policy, quality.stats, core.stripUrlCredentials(registry)))
      ctx.info(`rampart deps check: ${p}: ${gap}`);
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
  return reportJudged(ctx, result, { rules: core.ruleInfo(deps.RULES, findings) }, unreadable);
}

/** The database location: --db, else deps.database, else the user's cache directory. */
function databaseAt(
  ctx: CommandContext,
  root: string,
  policy: import("@rampart/deps").DepsPolicy,
  deps: typeof import("@rampart/deps"),
): string {
  return deps.databaseLocation({
    root,
    cwd: ctx.cwd,
    env: ctx.env,
    ...(typeof ctx.values.db === "string" ? { flag: ctx.values.db } : {}),
    ...(policy.database === undefined ? {} : { policy: policy.database }),
  });
}

/**
 * With --policy-rev, REV's `deps.database` at a path inside the repository (where the change under
 * review can commit any file, or a symlink) is read from REV's objects, never from the checkout:
 * a snapshot or an OSV zip at that path, or the snapshot in the folder there. Anything else REV
 * holds there (a folder of OSV records, nothing) is exit 2. `--db` (CI's own download) and a path
 * outside the repository are read as given.
 */
async function databaseAtRevision(
  ctx: CommandContext,
  root: string,
  policy: import("@rampart/deps").DepsPolicy,
  location: string,
  rev: string | undefined,
  deps: typeof import("@rampart/deps"),
): Promise<{ content: Buffer; name: string } | undefined> {
  if (rev === undefined || typeof ctx.values.db === "string" || policy.database === undefined) return undefined;
  const { isAbsolute, relative, sep } = await import("node:path");
  const within = (p: string) => {
    const rel = relative(root, p);
    return rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel;
  };
  let rel = within(location);
  if (rel === undefined) {
    try {
      // An absolute path outside the root that leads into it through a symlink is inside it too.
      rel = within(process.getBuiltinModule("node:fs").realpathSync(location));
    } catch {}
  }
  if (rel === undefined) return undefined;
  const path = rel.split(sep).join("/");
  const [{ CatFileBatch }, { RampartError }] = await Promise.all([
    import("@rampart/core/git"),
    import("@rampart/core/errors"),
  ]);
  const batch = new CatFileBatch({ cwd: root, env: ctx.env });
  try {
    let name = `${rev}:${path}`;
    const at = await batch.read(name);
    let content = at?.type === "blob" ? at.content : undefined;
    if (at?.type === "tree") {
      name = `${rev}:${path === "" ? "" : `${path}/`}${deps.SNAPSHOT_FILE}`;
      const inner = await batch.read(name);
      content = inner?.type === "blob" ? inner.content : undefined;
    }
    if (content === undefined) {
      throw new RampartError(
        "DEPS_DATABASE_MISSING",
        `deps.database (${policy.database}) is inside the repository and ${rev} holds no snapshot or OSV zip there; with --policy-rev it is never read from the checkout`,
        { hint: 'pass --db a database outside the checkout (CI: rampart deps update --db "$RUNNER_TEMP/osv")' },
      );
    }
    ctx.info(`rampart deps check: deps.database is read from ${name} (--policy-rev), not from the checkout`);
    return { content, name };
  } finally {
    batch.close();
  }
}

/**
 * The deps policy: from `--policy-rev REV` (git objects at the trusted revision, e.g. the base
 * branch in CI, so a change cannot add an exception for what it adds), else the working tree's.
 * REV without a policy: the defaults, tightened where an adopting change's own policy is stricter
 * (core's adoptedPolicy: no exceptions, no database or online sources of its own), by the rule
 * every --policy-rev command shares (../policy-rev.ts).
 */
async function checkPolicy(
  ctx: CommandContext,
  root: string,
  core: typeof import("@rampart/core"),
): Promise<{ policy: import("@rampart/deps").DepsPolicy; trustedRev?: string }> {
  const rev = ctx.values["policy-rev"];
  if (typeof rev !== "string")
    return { policy: (await core.loadConfig({ cwd: ctx.cwd, env: ctx.env, root })).config.deps };
  const trusted = await policyAtRevision(ctx, rev, root, { command: "deps check", section: "deps" });
  // The adopting change's licence cache is its own, like its licence policy: the defaults judge no licences.
  if (trusted.adopting) return { policy: trusted.config.deps };
  if (trusted.at === null) {
    ctx.info(`rampart deps check: ${rev} has no .rampart/config.yaml: the default deps policy, no exceptions`);
    return { policy: trusted.config.deps };
  }
  return { policy: trusted.config.deps, trustedRev: rev };
}

async function runUpdate(ctx: CommandContext): Promise<ExitCode> {
  const [deps, core] = await Promise.all([import("@rampart/deps"), import("@rampart/core")]);
  const root = await core.getRepoRoot({ cwd: ctx.cwd, env: ctx.env }).catch(() => ctx.cwd);
  const config = await core.loadConfig({ cwd: ctx.cwd, env: ctx.env, root });
  const policy = config.config.deps;
  const db = databaseAt(ctx, root, policy, deps);
  const from =
    typeof ctx.values.from === "string" ? ctx.values.from : (ctx.env.RAMPART_OSV_EXPORT ?? deps.OSV_NPM_EXPORT);
  const r = await deps.updateDatabase({ from, db, cwd: ctx.cwd });
  for (const p of r.problems.slice(0, 20)) ctx.info(`rampart deps update: ${p.file}: ${p.message} (skipped)`);
  if (r.problems.length > 20)
    ctx.info(`rampart deps update: ${r.problems.length - 20} more unreadable records skipped`);
  ctx.info(
    `rampart deps update: ${r.records} records (${r.packages} npm packages) from ${from}, sha256 ${r.sha256}, newest record ${r.dataDate ?? "undated"}; snapshot written to ${r.file}`,
  );
  // A lockfile that cannot be read is named (exit 2) after the others' licences were fetched.
  const unreadable: unknown[] = [];
  const licenses = ctx.values.online === true ? await updateLicenses(ctx, root, policy, deps, unreadable) : undefined;
  return reportJudged(
    ctx,
    {
      ok: true,
      findings: [],
      stats: { ...r, problems: r.problems.length, ...(licenses === undefined ? {} : { licenses }) },
    },
    {},
    unreadable,
  );
}

/** `deps update --online`: registry documents into the registry cache and `.rampart/licenses.json`. */
async function updateLicenses(
  ctx: CommandContext,
  root: string,
  policy: import("@rampart/deps").DepsPolicy,
  deps: typeof import("@rampart/deps"),
  unreadable: unknown[],
): Promise<import("@rampart/deps").FillLicenseCacheResult> {
  const lockLib = await import("@rampart/lockfile");
  const lockfiles: Array<{ path: string; lockfile: import("@rampart/lockfile").Lockfile }> = [];
  for (const p of await lockLib.listLockfiles(root, ctx.env)) {
    const lockfile = await unlessUnreadable(lockLib.parseLockfile({ path: p, cwd: root }), unreadable);
    if (lockfile !== undefined) lockfiles.push({ path: p, lockfile });
  }
  const registry = deps.onlineOptions(ctx.env, policy).npm;
  // Asked only about the packages that come from it, as deps check routes them (fillLicenseCache).
  const r = await deps.fillLicenseCache({
    root,
    lockfiles,
    registry,
    env: ctx.env,
    registryDir: deps.registryCacheDir(ctx.env),
    force: ctx.values.force === true,
  });
  ctx.info(
    `rampart deps update --online: ${r.file}: ${r.entries} licence(s) (${r.noLicense} with none named on the registry), ${r.fetched} registry document(s) fetched from ${registry}`,
  );
  if (r.notAsked.length > 0)
    ctx.info(
      `rampart deps update --online: not asked: ${r.notAsked.length} package(s) that do not come from ${registry}, whose names are not sent there (${r.notAsked
        .slice(0, 10)
        .map((n) => `${n.package}: ${n.why}`)
        .join("; ")}${r.notAsked.length > 10 ? `; and ${r.notAsked.length - 10} more` : ""})`,
    );
  if (r.missing.length > 0)
    ctx.info(
      `rampart deps update --online: not on ${registry}: ${r.missing.slice(0, 10).join(", ")}${r.missing.length > 10 ? ` and ${r.missing.length - 10} more` : ""}`,
    );
  return r;
}

async function runLicenses(ctx: CommandContext): Promise<ExitCode> {
  const [lockLib, deps, core, path] = await Promise.all([
    import("@rampart/lockfile"),
    import("@rampart/deps"),
    import("@rampart/core"),
    import("node:path"),
  ]);
  const as = ctx.values.as;
  if (as !== undefined && as !== "csv" && as !== "markdown")
    throw new core.UsageError(`--as ${String(as)}: not a table format`, { hint: "--as csv or --as markdown" });
  const root = await core.getRepoRoot({ cwd: ctx.cwd, env: ctx.env });
  const paths =
    ctx.positionals.length > 0
      ? ctx.positionals.map((p) => path.relative(root, path.resolve(ctx.cwd, p)).split(path.sep).join("/") || p)
      : await lockLib.listLockfiles(root, ctx.env);
  const inventory: Array<{ lockfile: string; licenses: import("@rampart/deps").InventoryEntry[] }> = [];
  const cache = deps.readLicenseCache(root);
  if (cache.problem !== undefined) ctx.info(`rampart deps licenses: ${cache.problem}`);
  // A lockfile that cannot be read is named (exit 2) after the others' inventory was printed.
  const unreadable: unknown[] = [];
  for (const p of paths) {
    const lockfile = await unlessUnreadable(lockLib.parseLockfile({ path: p, cwd: root }), unreadable);
    if (lockfile === undefined) continue;
    inventory.push({
      lockfile: p,
      licenses: deps.licenseInventory(lockfile, {
        root: path.join(root, path.dirname(p)),
        includeDev: ctx.values["include-dev"] === true,
        ...(cache.cache === undefined ? {} : { cache: cache.cache }),
      }),
    });
  }
  const rows = inventory.flatMap((i) =>
    i.licenses.flatMap((g) =>
      g.packages.map((p) => [
        g.license,
        p.name,
        p.version,
        p.dev ? "dev" : "prod",
        p.path.join(" > "),
        p.source,
        i.lockfile,
      ]),
    ),
  );
  const header = ["license", "package", "version", "scope", "path", "source", "lockfile"];
  if (as === "csv") {
    const cell = (v: string) =>
      /[",\n\r]/.test(v) || /^[=+\-@\t]/.test(v) ? `"${v.replace(/^([=+\-@\t])/, "'$1").replaceAll('"', '""')}"` : v;
    ctx.stdout.write(`${[header, ...rows].map((r) => r.map(cell).join(",")).join("\n")}\n`);
    return reportUnreadable(ctx, core.ExitCode.Clean, unreadable);
  }
  if (as === "markdown") {
    const cell = (v: string) => v.replaceAll("|", "\\|").replaceAll("\n", " ");
    const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
    for (const r of rows) lines.push(`| ${r.map(cell).join(" | ")} |`);
    ctx.stdout.write(`${lines.join("\n")}\n`);
    return reportUnreadable(ctx, core.ExitCode.Clean, unreadable);
  }
  if (ctx.format === "json") {
    // Never a complete-looking inventory while a lockfile went unread: `notJudged` names each.
    const notJudged = (unreadable as import("@rampart/core/report").NotJudged[]).map((e) => ({
      code: e.code,
      message: e.message,
      file: e.file,
      line: e.line,
    }));
    ctx.stdout.write(
      `${JSON.stringify({ lockfiles: inventory, ...(notJudged.length > 0 ? { notJudged } : {}) }, null, 2)}\n`,
    );
    return reportUnreadable(ctx, core.ExitCode.Clean, unreadable);
  }
  const out: string[] = [];
  for (const i of inventory) {
    out.push(`${i.lockfile}:`);
    for (const g of i.licenses) {
      out.push(`  ${g.license} (${g.packages.length})`);
      for (const p of g.packages) {
        out.push(`    ${p.name}@${p.version}${p.dev ? " (dev)" : ""}  ${p.path.join(" > ")}`);
        if (p.tried !== undefined) out.push(`      tried: ${p.tried.join("; ")}`);
      }
    }
  }
  for (const e of unreadable as import("@rampart/core/report").NotJudged[])
    out.push(`${e.file ?? "(lockfile)"}${e.line === undefined ? "" : `:${e.line}`}: could not be read, not listed`);
  ctx.stdout.write(`${out.join("\n")}\n`);
  return reportUnreadable(ctx, core.ExitCode.Clean, unreadable);
}

/**
 * Per lockfile path, the registry name@versions to ask about (all of it where `only` has no entry),
 * leaving out those `elsewhere` names for that lockfile.
 */
function registryPackages(
  lockfiles: ReadonlyArray<{ path: string; lockfile: import("@rampart/lockfile").Lockfile }>,
  only: ReadonlyMap<string, ReadonlySet<string>> | undefined,
  production: boolean,
  elsewhere?: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Map<string, { name: string; version: string }> {
  const wanted = new Map<string, { name: string; version: string }>();
  for (const { path: p, lockfile } of lockfiles) {
    const set = only?.get(p);
    const skip = elsewhere?.get(p);
    for (const pkg of lockfile.packages) {
      if (pkg.source !== "registry" || (production && pkg.dev)) continue;
      if (set !== undefined && !set.has(`${pkg.name}@${pkg.version}`)) continue;
      if (skip?.has(`${pkg.name}@${pkg.version}`) === true) continue;
      wanted.set(`${pkg.name}@${pkg.version}`, { name: pkg.name, version: pkg.version });
    }
  }
  return wanted;
}

interface LockfileChanges {
  /** Per lockfile, the name@versions its change adds or upgrades (an empty set: none). */
  only: Map<string, Set<string>>;
  /** Per lockfile, the version each upgraded or downgraded name comes from (maintainer change). */
  upgrades: Map<string, Map<string, string>>;
}

/**
 * What the lockfiles of the index add or upgrade against `rev` (default HEAD: the staged change),
 * by the lockfile package's own diff, per lockfile: the name@versions (an unchanged lockfile has
 * no entry) and the version each upgraded or downgraded name comes from (maintainer change).
 */
async function lockfileChanges(
  ctx: CommandContext,
  root: string,
  lockLib: typeof import("@rampart/lockfile"),
  unreadable: unknown[],
  rev?: string,
): Promise<LockfileChanges> {
  const { changedVersions } = await import("@rampart/deps");
  const diff = await lockLib.diffLockfileRevisions({
    cwd: root,
    env: ctx.env,
    unreadable,
    ...(rev === undefined ? {} : { rev }),
  });
  const out = new Map<string, Set<string>>();
  const upgrades = new Map<string, Map<string, string>>();
  for (const s of diff.stats.lockfiles) {
    const set = changedVersions(s);
    if (set.size > 0) out.set(s.lockfile, set);
    const from = new Map<string, string>();
    for (const c of [...s.upgraded, ...s.downgraded]) if (c.from !== undefined) from.set(c.name, c.from);
    upgrades.set(s.lockfile, from);
  }
  if (out.size === 0 && rev === undefined)
    ctx.info(
      `rampart deps check --staged: no staged lockfile ${unreadable.length > 0 ? "that could be read " : ""}adds or upgrades a package`,
    );
  return { only: out, upgrades };
}

/**
 * `--policy-rev REV`: what each judged lockfile (the working tree's) adds or upgrades against REV's,
 * for the quality rules, by the same diff as --staged (REV against the index, which is the checkout
 * in CI). A lockfile judged whole instead, said on stderr: one whose working-tree copy differs from
 * the index (a local run with an unstaged edit: the index's diff does not describe it), one that is
 * not tracked, and one whose index copy could not be read.
 */
async function changesAgainstRevision(
  ctx: CommandContext,
  root: string,
  lockLib: typeof import("@rampart/lockfile"),
  rev: string,
  paths: readonly string[],
): Promise<LockfileChanges> {
  const { git, splitNul } = await import("@rampart/core/git");
  const indexUnreadable: unknown[] = [];
  const changes = await lockfileChanges(ctx, root, lockLib, indexUnreadable, rev);
  const tracked = new Set(await lockLib.listLockfiles(root, ctx.env));
  const judged = paths.filter((p) => tracked.has(p));
  const dirty = new Set(
    judged.length === 0
      ? []
      : splitNul(
          (
            await git(
              [
                "diff",
                "--no-ext-diff",
                "--no-renames",
                "--name-only",
                "-z",
                "--",
                ...judged.map((p) => `:(top,literal)${p}`),
              ],
              { cwd: root, env: ctx.env },
            )
          ).stdout,
        ),
  );
  const unreadableAtIndex = new Set((indexUnreadable as Array<{ file?: string }>).map((e) => e.file));
  // Why a lockfile is judged whole, and what would let only its change be judged.
  const whole = (p: string): string | undefined =>
    !tracked.has(p)
      ? "not tracked (add it"
      : dirty.has(p)
        ? "the working tree's copy is not the index's (stage it"
        : unreadableAtIndex.has(p)
          ? "the index's copy could not be read (fix it"
          : undefined;
  let count = 0;
  for (const p of paths) {
    const why = whole(p);
    if (why !== undefined) {
      changes.only.delete(p);
      changes.upgrades.delete(p);
      ctx.info(
        `rampart deps check: ${p}: ${why} to judge only what it changes against ${rev}): the quality rules judge every package of it`,
      );
      continue;
    }
    const set = changes.only.get(p) ?? new Set<string>();
    changes.only.set(p, set);
    count += set.size;
  }
  ctx.info(
    `rampart deps check: the quality rules judge what the lockfiles add or upgrade against ${rev}: ${count} package(s)`,
  );
  return changes;
}

/** The staged (index) text of a lockfile: what gets committed, not the working tree. */
async function stagedText(ctx: CommandContext, root: string, path: string): Promise<string> {
  const { git } = await import("@rampart/core/git");
  return (await git(["show", `:${path}`], { cwd: root, env: ctx.env })).stdout;
}
