import { ExitCode, RampartError, UsageError } from "@rampart/core/errors";
import type { CommandContext, CommandDefinition } from "../command.js";
import { POLICY_REV_OPTION, policyAtRevision } from "../policy-rev.js";

const FORMATS = ["text", "markdown", "json", "sarif"];

export const command: CommandDefinition = {
  name: "audit",
  summary: "How does your supply chain stack up? Every framework id judged from the clone, with evidence and fixes",
  framework: ["SRC-1", "SRC-9", "MAT-1", "MAT-6", "BLD-1", "BLD-9", "ART-1", "ART-3"],
  usage:
    "rampart audit [PATH] [--format text|markdown|json|sarif] [--online] [--min-score N] [--badge FILE] [--policy-rev REV]",
  options: [
    { name: "format", type: "string", value: "FORMAT", description: "text (default), markdown, json or sarif" },
    {
      name: "online",
      type: "boolean",
      description:
        "Also read GitHub's settings (branch protection, rulesets, 2FA, secret scanning, default token permissions) with GITHUB_TOKEN or GH_TOKEN; GITHUB_API_URL for GitHub Enterprise Server",
    },
    {
      name: "repo",
      type: "string",
      value: "OWNER/NAME",
      description: "With --online: the repository (default: from the origin remote)",
    },
    {
      name: "min-score",
      type: "string",
      value: "N",
      description: "Exit 1 when the overall score (0-100) is below N: a CI gate",
    },
    { name: "badge", type: "string", value: "FILE", description: "Write an SVG badge with the score to FILE" },
    {
      name: "force",
      type: "boolean",
      description: "With --badge: replace FILE even when it is not a badge rampart wrote",
    },
    {
      name: "commits",
      type: "string",
      value: "N",
      description: "How many recent default-branch commits SRC-1 verifies (default 50)",
    },
    {
      ...POLICY_REV_OPTION,
      description:
        "Read the policy (suppressions, the settings judged) and .rampart/allowed_signers from REV, the base branch, and SRC-1's trust root; nothing from the checkout's .git (CI)",
    },
  ],
  available: true,
  async run(ctx): Promise<ExitCode> {
    const format = typeof ctx.values.format === "string" ? ctx.values.format : "text";
    if (!FORMATS.includes(format))
      throw new UsageError(`unknown format '${format}'`, { hint: `formats: ${FORMATS.join(", ")}` });
    const minScore = integer(ctx.values["min-score"], "--min-score", 0, 100);
    const commits = integer(ctx.values.commits, "--commits", 1, 10_000);
    if (ctx.positionals.length > 1)
      throw new UsageError("rampart audit takes one PATH", { hint: "rampart audit [PATH]" });
    const { resolve } = await import("node:path");
    const cwd = resolve(ctx.cwd, ctx.positionals[0] ?? ".");
    const lib = await import("@rampart/audit");
    const policyFrom =
      typeof ctx.values["policy-rev"] === "string"
        ? await trustedPolicy(ctx, cwd, ctx.values["policy-rev"])
        : undefined;
    const report = await lib.runAudit({
      cwd,
      env: ctx.env,
      online: ctx.values.online === true,
      ...(typeof ctx.values.repo === "string" ? { repo: ctx.values.repo } : {}),
      ...(commits === undefined ? {} : { recentCommits: commits }),
      ...(policyFrom === undefined ? {} : { policyFrom }),
    });
    ctx.stdout.write(await render(format, report, lib));
    if (typeof ctx.values.badge === "string") await writeBadge(ctx, ctx.values.badge, lib.renderBadge(report.score));
    if (minScore !== undefined && (report.score === null || report.score < minScore)) {
      ctx.stderr.write(`rampart audit: score ${report.score ?? "unknown"} is below --min-score ${minScore}\n`);
      return ExitCode.Findings;
    }
    return ExitCode.Clean;
  },
};

type Lib = typeof import("@rampart/audit");

/**
 * --policy-rev REV: the policy by the rule every --policy-rev command shares (missing at REV while
 * rampart's CI or hooks are here, renamed or broken: exit 2). A change that adopts rampart is
 * judged by its own policy as written (the posture it declares: a switch it turns off lowers the
 * score), without its suppressions: they could only raise its own score.
 */
async function trustedPolicy(
  ctx: CommandContext,
  cwd: string,
  rev: string,
): Promise<NonNullable<import("@rampart/audit").AuditOptions["policyFrom"]>> {
  const { getRepoRoot } = await import("@rampart/core/git");
  const root = await getRepoRoot({ cwd, env: ctx.env });
  const trusted = await policyAtRevision(ctx, rev, root, {
    adoptionNote: `rampart audit: ${rev} has no .rampart/config.yaml: this change adopts rampart and is judged by its own policy as written, without its audit.suppressions`,
  });
  if (trusted.adopting) return { rev, config: trusted.own ?? null, adopting: true };
  return { rev, config: trusted.at === null ? null : trusted.config, adopting: false };
}

async function render(format: string, report: import("@rampart/audit").AuditReport, lib: Lib): Promise<string> {
  if (format === "json") return lib.renderAuditJson(report);
  if (format === "markdown") return lib.renderAuditMarkdown(report);
  if (format === "sarif") {
    const { renderSarif } = await import("@rampart/core/report");
    const { VERSION } = await import("../main.js");
    return renderSarif(lib.auditFindings(report), { command: "audit", version: VERSION, rules: lib.auditRules() });
  }
  return lib.renderAuditText(report);
}

function integer(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}`, {
      hint: `e.g. ${name} ${max === 100 ? 80 : 50}`,
    });
  }
  return n;
}

/**
 * Writes the badge through core's safe write (atomic, never through a symlink); an existing file
 * that is not a rampart badge is replaced only with --force.
 */
async function writeBadge(ctx: CommandContext, file: string, svg: string): Promise<void> {
  const { readFileSafe, writeOutputFile } = await import("@rampart/core/fs");
  const { dirname, resolve } = await import("node:path");
  const path = resolve(ctx.cwd, file);
  const existing = readFileSafe(path, { root: dirname(path), name: file });
  if (existing !== null && ctx.values.force !== true && !existing.includes('aria-label="supply chain:'))
    throw new RampartError("AUDIT_BADGE_REFUSED", `--badge ${file} exists and is not a badge rampart wrote`, {
      hint: "pass --force to replace it, or choose another path",
    });
  writeOutputFile(file, svg, { root: ctx.cwd });
  ctx.info(`rampart audit: wrote the badge to ${file}`);
}
