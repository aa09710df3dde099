import { existsSync, readFileSync } from "node:fs";
import { parseConfig } from "@rampart/core";
import { type FileTree, type GitRepo, gitRepo } from "@rampart/test-helpers";
import { AuditContext, CHECKS, type Outcome } from "../../src/index.js";
import type { OnlineFacts } from "../../src/online/facts.js";
import { SCORECARD_CHECKS } from "../../src/scorecard/index.js";
import type { ScorecardResult } from "../../src/scorecard/model.js";

export interface JudgeOptions {
  online?: OnlineFacts;
  /** Runs in the repository before the check (extra commits, keys). */
  setup?: (repo: GitRepo) => Promise<void>;
  now?: number;
}

/** Makes a real repository from `files` (committed), and runs one framework check over it. */
export async function judge(id: string, files: FileTree, options: JudgeOptions = {}): Promise<Outcome> {
  return withContext(files, options, async (ctx) => {
    const check = CHECKS.find((c) => c.id === id);
    if (!check) throw new Error(`no check ${id}`);
    return check.run(ctx);
  });
}

/** The same for one Scorecard check, by name. */
export async function scorecard(name: string, files: FileTree): Promise<ScorecardResult> {
  return withContext(files, {}, async (ctx) => {
    const check = SCORECARD_CHECKS.find((c) => c.name === name);
    if (!check) throw new Error(`no Scorecard check ${name}`);
    return check.run(ctx);
  });
}

async function withContext<T>(
  files: FileTree,
  options: JudgeOptions,
  run: (ctx: AuditContext) => Promise<T>,
): Promise<T> {
  const repo = await gitRepo(files);
  try {
    await options.setup?.(repo);
    const policy = existsSync(repo.path(".rampart/config.yaml"))
      ? readFileSync(repo.path(".rampart/config.yaml"), "utf8")
      : null;
    const ctx = new AuditContext({
      root: repo.dir,
      env: repo.env,
      config: policy === null ? null : parseConfig(policy),
      ...(options.online ? { online: options.online } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    await ctx.init();
    return await run(ctx);
  } finally {
    repo.cleanup();
  }
}

/** Online facts with everything unreadable, to override per test. */
export function facts(overrides: Partial<OnlineFacts> = {}): OnlineFacts {
  return {
    repo: "acme/app",
    branch: "main",
    rules: null,
    twoFactor: null,
    secretScanning: null,
    pushProtection: null,
    workflowPermissions: null,
    calls: 5,
    cached: 0,
    ...overrides,
  };
}
