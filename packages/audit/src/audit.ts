import { join } from "node:path";
import { getGitDir, getRepoRoot, git, loadConfig, type RampartConfig } from "@rampart/core";
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
  /**
   * CI's view (`rampart audit --policy-rev REV`): the policy as the trusted revision holds it, by
   * the rule every --policy-rev command shares (the CLI's policyAtRevision). With `config` from
   * REV, the files the policy names (`.rampart/allowed_signers`) are read at REV too and SRC-1 takes
   * its trust root from REV; `adopting` (REV has no policy, the working tree has one): the
   * change's own policy without its suppressions, which could only raise its own score. Either
   * way nothing is read from or written to the checkout's .git (no policy cache, no GitHub cache).
   */
  policyFrom?: { rev: string; config: RampartConfig | null; adopting: boolean };
}

/** The files of .rampart/ the checks read besides the policy, read at REV with --policy-rev. */
const POLICY_FILES = [".rampart/config.yaml", ".rampart/allowed_signers"] as const;

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
  const trusted = options.policyFrom;
  let config: RampartConfig | null;
  let policyTexts: Map<string, string | null> | undefined;
  if (trusted === undefined) {
    const loaded = await loadConfig({ cwd: root, env, root });
    config = loaded.file === null ? null : loaded.config;
  } else if (trusted.adopting) {
    config = trusted.config === null ? null : withoutSuppressions(trusted.config);
  } else {
    config = trusted.config;
    // REV's copies (null: REV has none), never the working tree's: the change could add a key.
    const { readFilesAt } = await import("@rampart/core/config");
    const texts = await readFilesAt(trusted.rev, [...POLICY_FILES], { cwd: root, env });
    policyTexts = new Map(POLICY_FILES.map((f, i) => [f, texts[i] ?? null]));
  }
  const suppressions = readSuppressions(
    config,
    CHECKS.map((c) => c.id),
  );
  let online: OnlineFacts | undefined;
  if (options.online) {
    const repo = options.repo ?? (await originRepo(root, env));
    const { commonDir } = await getGitDir(gitOptions);
    // CI (--policy-rev) keeps no cache: on a runner that keeps its checkout, a job running the
    // change's code could have written GitHub's answers there.
    online = await collectOnline({
      env,
      repo,
      ...(trusted === undefined
        ? { cacheFile: join(commonDir, "rampart", "audit-github-cache.json"), cacheRoot: commonDir }
        : {}),
    });
  }
  const ctx = new AuditContext({
    root,
    env,
    config,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(online ? { online } : {}),
    ...(options.recentCommits === undefined ? {} : { recentCommits: options.recentCommits }),
    ...(policyTexts === undefined || trusted === undefined
      ? {}
      : { trusted: { rev: trusted.rev, files: policyTexts } }),
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

/** A policy without `audit.suppressions`: an adopting change's own cannot accept its own gaps. */
function withoutSuppressions(config: RampartConfig): RampartConfig {
  if (config.audit?.suppressions === undefined) return config;
  const { suppressions: _, ...audit } = config.audit;
  return { ...config, audit };
}
