import { join } from "node:path";
import { getGitDir, getRepoRoot, git, loadConfig } from "@rampart/core";
import { CHECKS } from "./checks/index.js";
import { AuditContext } from "./context.js";
import { type AuditCheck, type CheckReport, type Evidence, type Outcome, type Section, sectionOf } from "./model.js";
import { collectOnline, repoFromRemote } from "./online/collect.js";
import type { OnlineFacts } from "./online/facts.js";
import { judgedCount, scoreOf, sectionScores } from "./score.js";
import { runScorecard } from "./scorecard/index.js";
import type { ScorecardResult } from "./scorecard/model.js";
import { applySuppressions, readSuppressions } from "./suppressions.js";

export interface AuditOptions {
  /** Any directory inside the repository. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Ask GitHub's REST API for what a clone cannot show (needs GITHUB_TOKEN or GH_TOKEN). */
  online?: boolean;
  /** owner/name for --online; default: the origin remote. */
  repo?: string;
  /** Epoch ms (tests). */
  now?: number;
  /** How many recent default-branch commits SRC-1 verifies (default 50). */
  recentCommits?: number;
}

export interface AuditReport {
  /** 0-100 over the judged rows; null when none could be judged. */
  score: number | null;
  sections: Record<Section, number | null>;
  /** Rows that count towards the score (not unknown, not suppressed). */
  judged: number;
  checks: CheckReport[];
  scorecard: ScorecardResult[];
  online: { repo: string; branch: string; calls: number; cached: number } | null;
}

/** Judges every framework id from the repository at `cwd` (and GitHub's settings with `online`). */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const env = options.env ?? process.env;
  const gitOptions = { cwd: options.cwd, env };
  const root = await getRepoRoot(gitOptions);
  const loaded = await loadConfig({ cwd: root, env, root });
  const config = loaded.file === null ? null : loaded.config;
  const suppressions = readSuppressions(
    config,
    CHECKS.map((c) => c.id),
  );
  let online: OnlineFacts | undefined;
  if (options.online) {
    const repo = options.repo ?? (await originRepo(root, env));
    const { commonDir } = await getGitDir(gitOptions);
    online = await collectOnline({
      env,
      repo,
      cacheFile: join(commonDir, "rampart", "audit-github-cache.json"),
      cacheRoot: commonDir,
    });
  }
  const ctx = new AuditContext({
    root,
    env,
    config,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(online ? { online } : {}),
    ...(options.recentCommits === undefined ? {} : { recentCommits: options.recentCommits }),
  });
  await ctx.init();
  // Side by side: the signature check waits on git while the workflow parse keeps the CPU busy.
  const [rows, scorecard] = await Promise.all([
    Promise.all(CHECKS.map((check) => judge(check, ctx))),
    runScorecard(ctx),
  ]);
  const checks = applySuppressions(rows, suppressions, ctx.now);
  return {
    score: scoreOf(checks),
    sections: sectionScores(checks),
    judged: judgedCount(checks),
    checks,
    scorecard,
    online: online ? { repo: online.repo, branch: online.branch, calls: online.calls, cached: online.cached } : null,
  };
}

async function judge(check: AuditCheck, ctx: AuditContext): Promise<CheckReport> {
  let result: Outcome;
  try {
    result = await check.run(ctx);
  } catch (error) {
    // One check that cannot run never aborts the others; it is unknown, with the reason.
    result = { status: "unknown", evidence: [], because: `the check could not run: ${(error as Error).message}` };
  }
  return {
    id: check.id,
    section: sectionOf(check.id),
    status: result.status,
    title: check.title,
    evidence: result.evidence.map(normalise),
    because: result.because ?? null,
    fix: result.status === "pass" ? null : (result.fix ?? null),
    suppressed: null,
  };
}

/** Evidence with only the fields it has (stable JSON). */
function normalise(e: Evidence): Evidence {
  return {
    text: e.text,
    ...(e.file ? { file: e.file } : {}),
    ...(e.line ? { line: e.line } : {}),
    ...(e.commit ? { commit: e.commit } : {}),
    ...(e.command ? { command: e.command } : {}),
  };
}

async function originRepo(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await git(["remote", "get-url", "origin"], { cwd: root, env, okExitCodes: [2, 128] });
  const repo = r.exitCode === 0 ? repoFromRemote(r.stdout) : undefined;
  if (repo) return repo;
  const { RampartError } = await import("@rampart/core");
  throw new RampartError("AUDIT_ONLINE_REPO", "--online: no GitHub repository to ask about (no origin remote)", {
    hint: "pass --repo OWNER/NAME",
  });
}
