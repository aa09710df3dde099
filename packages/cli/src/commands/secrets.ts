import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { ExitCode, RampartError, UsageError } from "@rampart/core/errors";
import type { CheckResult } from "@rampart/core/findings";
import type { RuleInfo } from "@rampart/core/report";
import type { CommandContext, CommandDefinition, OptionSpec } from "../command.js";

// One table: parsing, --help and the README's CLI section all come from it.
const SCAN_OPTIONS: OptionSpec[] = [
  {
    name: "staged",
    type: "boolean",
    description: "Scan what the next commit will contain (the index), as the pre-commit hook does",
  },
  {
    name: "range",
    type: "string",
    value: "A..B",
    description: "Scan the lines added by the commits in A..B (pre-push, CI)",
  },
  {
    name: "ref",
    type: "string",
    multiple: true,
    value: "NAME",
    description:
      "With --range: a name the range was pushed as (CI: the pushed ref, a pull request's head branch), judged as text: no object holds a branch's name",
  },
  { name: "all-history", type: "boolean", description: "Scan every commit reachable from any ref, in parallel" },
  {
    name: "message-file",
    type: "string",
    value: "FILE",
    description: "Scan a commit message file (the commit-msg hook passes it)",
  },
  {
    name: "policy-rev",
    type: "string",
    value: "REV",
    description:
      "With --range: read .rampart/config.yaml, the baseline, .gitleaks.toml and .secretlintrc from REV (the base branch), not from the commits under review",
  },
  {
    name: "since",
    type: "string",
    value: "DATE",
    description: 'With --all-history or --range: only commits made after DATE (2024-01-31, or "90 days ago")',
  },
  {
    name: "max-commits",
    type: "string",
    value: "N",
    description: "With --all-history or --range: only the N newest commits",
  },
  { name: "no-gitignore", type: "boolean", description: "Scan files .gitignore excludes too (PATH mode)" },
  { name: "show-secrets", type: "boolean", description: "Print secrets whole instead of masked (never in CI logs)" },
  {
    name: "baseline",
    type: "string",
    value: "FILE",
    description: "Baseline of accepted findings (default .rampart/secrets-baseline.json)",
  },
];

export const command: CommandDefinition = {
  name: "secrets",
  summary: "Find secrets in staged changes, commit ranges, history or files",
  framework: ["SRC-2", "SRC-4"],
  usage: "rampart secrets <scan|baseline> [options] [PATH...]",
  options: [],
  subcommands: [
    {
      name: "scan",
      summary: "Report secrets; exit 1 on any not in the baseline",
      usage: "rampart secrets scan [PATH...] [--staged | --range A..B | --all-history | --message-file FILE]",
      options: SCAN_OPTIONS,
    },
    {
      name: "baseline",
      summary: "Accept the secrets the repository's files hold now (writes the baseline file)",
      usage: "rampart secrets baseline [PATH...] [--baseline FILE] [--no-gitignore]",
      options: SCAN_OPTIONS.filter((o) => o.name === "baseline" || o.name === "no-gitignore"),
    },
  ],
  formats: ["text", "json", "sarif"],
  available: true,
  async run(ctx) {
    return ctx.subcommand === "baseline" ? runBaseline(ctx) : runScan(ctx);
  },
};

type Secrets = typeof import("@rampart/secrets");
type Hook = typeof import("@rampart/secrets/hook");

async function runScan(ctx: CommandContext): Promise<ExitCode> {
  const v = ctx.values;
  const modes = (["staged", "range", "all-history", "message-file"] as const).filter(
    (m) => v[m] !== undefined && v[m] !== false,
  );
  if (modes.length > 1 || (modes.length === 1 && ctx.positionals.length > 0)) {
    throw new UsageError(
      `choose one of PATH..., --staged, --range, --all-history, --message-file (got ${[...modes.map((m) => `--${m}`), ...(ctx.positionals.length > 0 ? ["PATH"] : [])].join(", ")})`,
      {
        hint: "run one scan per invocation",
      },
    );
  }
  // A CI log is read by others (every reader of a public repository's runs): secrets are never
  // printed whole there, whatever the flag says.
  const ci = ctx.env.CI;
  if (v["show-secrets"] === true && ci !== undefined && ci !== "" && ci !== "false" && ci !== "0") {
    throw new UsageError("--show-secrets is refused in CI (CI is set): its logs are read by others", {
      hint: "run it on your own machine; the masked report names the file, line and rule of each secret",
    });
  }
  if (v.ref !== undefined && typeof v.range !== "string") {
    throw new UsageError("--ref names what a --range was pushed as", {
      hint: 'rampart secrets scan --range "$BASE..$HEAD" --ref "$GITHUB_REF"',
    });
  }
  const narrowing = narrowingOf(v);
  if (Object.keys(narrowing).length > 0 && typeof v.range !== "string" && v["all-history"] !== true) {
    throw new UsageError("--since and --max-commits narrow --all-history or --range scans", {
      hint: "rampart secrets scan --all-history --since 2024-01-01",
    });
  }
  // Hooks (staged, commit message) load the library's small hook entry, not the whole barrel.
  const hookMode = v.staged === true || typeof v["message-file"] === "string";
  const lib: Hook = hookMode ? await import("@rampart/secrets/hook") : await import("@rampart/secrets");
  const base = await scanBase(ctx, lib);
  let result: CheckResult;
  if (v.staged === true) result = await lib.scanStaged(base);
  else if (typeof v["message-file"] === "string") result = await scanMessageFile(lib, ctx, v["message-file"], base);
  else {
    const full: Secrets = await import("@rampart/secrets");
    if (typeof v.range === "string") {
      const trusted = typeof v["policy-rev"] === "string" ? await trustedPolicy(ctx, v["policy-rev"], base) : {};
      const refNames = Array.isArray(v.ref) ? v.ref : [];
      result = await withProgress(ctx, (onProgress) =>
        full.scanRange({ ...base, ...trusted, ...narrowing, range: v.range as string, refNames, ...onProgress }),
      );
    } else if (typeof v["policy-rev"] === "string") {
      throw new UsageError("--policy-rev applies to --range scans", {
        hint: "rampart secrets scan --range BASE..HEAD --policy-rev BASE",
      });
    } else if (v["all-history"] === true) {
      result = await withProgress(ctx, (onProgress) => full.scanHistory({ ...base, ...narrowing, ...onProgress }));
    } else result = await full.scanPaths({ ...base, paths: ctx.positionals, gitignore: v["no-gitignore"] !== true });
  }
  for (const w of (result.stats as { warnings?: string[] }).warnings ?? []) ctx.info(`rampart secrets: warning: ${w}`);
  return ctx.report(result, { rules: await ruleInfo(result) });
}

function narrowingOf(v: CommandContext["values"]): { since?: string; maxCommits?: number } {
  const out: { since?: string; maxCommits?: number } = {};
  if (typeof v.since === "string") out.since = v.since;
  if (typeof v["max-commits"] === "string") {
    const n = v["max-commits"];
    if (!/^\d+$/.test(n) || Number(n) < 1) {
      throw new UsageError(`--max-commits ${n} is not a positive whole number`, {
        hint: "e.g. --max-commits 1000 scans the 1000 newest commits",
      });
    }
    out.maxCommits = Number(n);
  }
  return out;
}

type ProgressOption = { onProgress?: (done: number, total: number) => void };

/**
 * Runs a commit scan with a progress line on stderr when it is a terminal and the scan takes
 * more than a couple of seconds ("rampart secrets: 1200/20000 commits (6%)"), rewritten in place
 * at most a few times a second and erased at the end. Nothing when stderr is a file, a pipe or CI.
 */
async function withProgress<T>(ctx: CommandContext, run: (p: ProgressOption) => Promise<T>): Promise<T> {
  const stderr = ctx.stderr as CommandContext["stderr"] & { isTTY?: boolean };
  if (ctx.quiet || stderr.isTTY !== true) return run({});
  const start = Date.now();
  let last = 0;
  let shown = false;
  const onProgress = (done: number, total: number) => {
    const now = Date.now();
    if (now - start < 2000 || (now - last < 250 && done < total)) return;
    last = now;
    shown = true;
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    const rate = Math.round(done / ((now - start) / 1000));
    stderr.write(`\rrampart secrets: ${done}/${total} commits (${pct}%), ${rate}/s\x1b[K`);
  };
  try {
    return await run({ onProgress });
  } finally {
    if (shown) stderr.write("\r\x1b[K");
  }
}

async function runBaseline(ctx: CommandContext): Promise<ExitCode> {
  const lib: Secrets = await import("@rampart/secrets");
  const base = await scanBase(ctx, lib);
  const out = await lib.writeBaseline({
    ...base,
    paths: ctx.positionals,
    gitignore: ctx.values["no-gitignore"] !== true,
    ...(typeof ctx.values.baseline === "string" ? { file: ctx.values.baseline } : {}),
  });
  const summary = {
    file: relative(ctx.cwd, out.file) || out.file,
    total: out.total,
    added: out.added.length,
    removed: out.removed.length,
    migrated: out.migrated,
  };
  if (ctx.format === "json")
    ctx.stdout.write(`${JSON.stringify({ tool: "rampart", command: "secrets baseline", ...summary }, null, 2)}\n`);
  else
    ctx.stdout.write(
      `wrote ${summary.file}: ${summary.total} accepted finding(s), ${summary.added} added, ${summary.removed} removed${summary.migrated > 0 ? `; ${summary.migrated} carried over from version 1 (keys now salted scrypt, no longer unsalted hashes of the secrets): commit it` : ""}\n`,
    );
  return ExitCode.Clean;
}

/** Options every scan shares: where, the policy from .rampart/config.yaml, masking, baseline. */
async function scanBase(ctx: CommandContext, lib: Hook) {
  const { policy, root } = await loadPolicy(ctx, lib);
  return {
    cwd: ctx.cwd,
    env: ctx.env,
    ...(root === undefined ? {} : { root }),
    policy,
    showSecrets: ctx.values["show-secrets"] === true,
    ...(typeof ctx.values.baseline === "string" ? { baseline: ctx.values.baseline } : {}),
  };
}

/**
 * The `secrets` section of the policy, and the repository root it was looked up in (handed on,
 * so the scan does not ask git again). Outside a git repository there is neither. The root
 * comes from the library's bare git runner: on a pre-commit hook every millisecond counts.
 */
async function loadPolicy(ctx: CommandContext, lib: Hook): Promise<{ policy: Record<string, unknown>; root?: string }> {
  const root = await lib.findRepoRoot({ cwd: ctx.cwd, env: ctx.env });
  if (root === undefined) return { policy: {} };
  // With --policy-rev the change's own copy is never read: deleted, renamed or broken, REV judges it.
  if (typeof ctx.values["policy-rev"] === "string" && typeof ctx.values.range === "string") return { policy: {}, root };
  const { loadConfig } = await import("@rampart/core/config");
  const loaded = await loadConfig({ cwd: ctx.cwd, env: ctx.env, root });
  return { policy: (loaded.config.secrets ?? {}) as Record<string, unknown>, root };
}

async function scanMessageFile(
  lib: Hook,
  ctx: CommandContext,
  file: string,
  base: Awaited<ReturnType<typeof scanBase>>,
) {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, file), "utf8");
  } catch (error) {
    throw new RampartError("SECRETS_INPUT_UNREADABLE", `cannot read the message file ${file}`, {
      hint: "pass the path git gives the commit-msg hook (usually .git/COMMIT_EDITMSG)",
      file,
      cause: error,
    });
  }
  return lib.scanMessage({ ...base, text, name: file, ...(base.root === undefined ? {} : { cwd: base.root }) });
}

/** Descriptions of the rules the findings name, for SARIF's rule list (none: nothing to load). */
async function ruleInfo(result: CheckResult): Promise<RuleInfo[]> {
  if (result.findings.length === 0) return [];
  const ids = new Set(result.findings.map((f) => f.ruleId));
  const { rules } = await import("@rampart/secrets");
  return rules
    .filter((r) => ids.has(r.id))
    .map((r) => ({ id: r.id, description: r.description, framework: r.framework }));
}

/**
 * The policy, baseline and other scanners' configs (.gitleaks.toml, .secretlintrc*) as the
 * trusted revision holds them (git objects, never the working tree the change under review
 * checked out), by the rule every --policy-rev command shares (../policy-rev.ts): REV's; when REV
 * has none, the defaults, tightened where an adopting change's own policy is stricter. The
 * baseline and the other scanners' configs are REV's either way: a change never brings its own.
 */
async function trustedPolicy(ctx: CommandContext, rev: string, base: { root?: string; cwd: string }) {
  const { policyAtRevision } = await import("../policy-rev.js");
  const core = await import("@rampart/core");

  const cwd = base.root ?? base.cwd;
  const { config } = await policyAtRevision(ctx, rev, cwd, { command: "secrets scan", section: "secrets" });
  const policy = config.secrets ?? {};
  const baselinePath = typeof policy.baseline === "string" ? policy.baseline : ".rampart/secrets-baseline.json";
  const [text, ...configs] = await core.readFilesAt(rev, [baselinePath, ...core.SECRET_SCANNER_CONFIGS], {
    cwd,
    env: ctx.env,
  });
  const baseline = text === undefined ? (false as const) : { name: `${rev}:${baselinePath}`, text };
  const scannerConfigs: Record<string, { name: string; text: string }> = {};
  core.SECRET_SCANNER_CONFIGS.forEach((name, i) => {
    const config = configs[i];
    if (config !== undefined) scannerConfigs[name] = { name: `${rev}:${name}`, text: config };
  });
  return { policy, baseline, trustedPolicy: true, scannerConfigs };
}
