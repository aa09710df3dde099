import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { type CheckResult, ExitCode, RampartError, type RuleInfo, UsageError } from "@rampart/core";
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
  { name: "all-history", type: "boolean", description: "Scan every commit reachable from any ref, in parallel" },
  {
    name: "message-file",
    type: "string",
    value: "FILE",
    description: "Scan a commit message file (the commit-msg hook passes it)",
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
  // Hooks (staged, commit message) load the library's small hook entry, not the whole barrel.
  const hookMode = v.staged === true || typeof v["message-file"] === "string";
  const lib: Hook = hookMode ? await import("@rampart/secrets/hook") : await import("@rampart/secrets");
  const base = await scanBase(ctx, lib);
  let result: CheckResult;
  if (v.staged === true) result = await lib.scanStaged(base);
  else if (typeof v["message-file"] === "string") result = await scanMessageFile(lib, ctx, v["message-file"], base);
  else {
    const full: Secrets = await import("@rampart/secrets");
    if (typeof v.range === "string") result = await full.scanRange({ ...base, range: v.range });
    else if (v["all-history"] === true) result = await full.scanHistory(base);
    else result = await full.scanPaths({ ...base, paths: ctx.positionals, gitignore: v["no-gitignore"] !== true });
  }
  for (const w of (result.stats as { warnings?: string[] }).warnings ?? []) ctx.info(`rampart secrets: warning: ${w}`);
  return ctx.report(result, { rules: await ruleInfo(result) });
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
  };
  if (ctx.format === "json")
    ctx.stdout.write(`${JSON.stringify({ tool: "rampart", command: "secrets baseline", ...summary }, null, 2)}\n`);
  else
    ctx.stdout.write(
      `wrote ${summary.file}: ${summary.total} accepted finding(s), ${summary.added} added, ${summary.removed} removed\n`,
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
  const { loadConfig } = await import("@rampart/core");
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
