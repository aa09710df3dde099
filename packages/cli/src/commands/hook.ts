import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { join } from "node:path";
import { ExitCode, type Finding, fingerprint, git, makeResult, type RampartConfig, UsageError } from "@rampart/core";
import type { CommandContext, CommandDefinition } from "../command.js";

// What git runs through the husky hooks rampart installs. Each step loads its package only when
// it has something to do: with nothing staged, pre-commit never imports the secret guard.
const { enableCompileCache } = nodeModule as { enableCompileCache?: (dir?: string) => unknown };

export const command: CommandDefinition = {
  name: "hook",
  summary: "Entry points the git hooks call: pre-commit, commit-msg, pre-push",
  framework: ["SRC-1", "SRC-2", "SRC-4", "SRC-7", "MAT-3"],
  usage: "rampart hook <pre-commit | commit-msg FILE | pre-push REMOTE URL>",
  options: [],
  subcommands: [
    {
      name: "pre-commit",
      summary: "Secret guard on the staged content; lockfile check when a lockfile is staged",
      usage: "rampart hook pre-commit",
    },
    {
      name: "commit-msg",
      summary: "commitlint (the project's config) and the secret guard on the message",
      usage: "rampart hook commit-msg FILE",
    },
    {
      name: "pre-push",
      summary: "Signatures and secrets on each pushed range; protected branches",
      usage: "rampart hook pre-push REMOTE URL < ref lines",
    },
  ],
  available: true,
  async run(ctx) {
    const { root, commonDir, config } = await loadHookConfig(ctx);
    // Hooks start a fresh Node on every commit: V8's compile cache (Node >= 22.1) spares
    // recompiling the checkers' modules each time. Kept in the git dir, per repository.
    enableCompileCache?.(join(commonDir, "rampart", "node-compile-cache"));
    const steps = await import("./hook-steps.js");
    const hooksLib = await import("@rampart/hooks/runtime");
    const settings = hooksLib.hooksSettings(config.hooks);
    // After each install husky points core.hooksPath back to a relative path that new linked
    // worktrees lack; re-pin it (one git call, concurrent with the checks; best effort).
    const pinned = hooksLib.pinHooksPath({ cwd: root, env: ctx.env, commonDir }).catch(() => undefined);
    const env = { ctx, root, commonDir, config, settings };
    let result: { findings: Finding[]; stats: Record<string, unknown> };
    if (ctx.subcommand === "pre-commit") result = await steps.preCommit(env);
    else if (ctx.subcommand === "commit-msg") {
      const file = ctx.positionals[0];
      if (file === undefined)
        throw new UsageError("`rampart hook commit-msg` needs the message file git passes", {
          hint: 'the hook line is: rampart hook commit-msg "$1"',
        });
      result = await steps.commitMsg(env, file);
    } else {
      const remote = ctx.positionals[0];
      if (remote === undefined)
        throw new UsageError("`rampart hook pre-push` needs the remote name git passes", {
          hint: 'the hook line is: rampart hook pre-push "$@"',
        });
      result = await steps.prePush(env, remote, ctx.positionals[1]);
    }
    await pinned;
    const report = makeResult(result.findings, result.stats);
    if (report.findings.length === 0) return ExitCode.Clean;
    const code = ctx.report(report, { command: `hook ${ctx.subcommand}` });
    if (code !== ExitCode.Clean) {
      ctx.stderr.write(
        `rampart: ${ctx.subcommand} refused. Fix the above; CI runs the same checks, so skipping (RAMPART=0) only delays it.\n`,
      );
    }
    return code;
  },
};

/**
 * The policy, validated against the schema only when it changed since the last hook that
 * validated it: compiling the schema costs more than everything else a pre-commit does. The
 * stamp (a digest of policy + schema) lives in the git dir, never in the working tree.
 */
async function loadHookConfig(
  ctx: CommandContext,
): Promise<{ root: string; commonDir: string; config: RampartConfig }> {
  const out = await git(["rev-parse", "--show-toplevel", "--path-format=absolute", "--git-common-dir"], {
    cwd: ctx.cwd,
    env: ctx.env,
  });
  const [root = "", commonDir = ""] = out.stdout.trim().split("\n");
  const core = await import("@rampart/core");
  let text: string;
  try {
    text = readFileSync(join(root, core.CONFIG_FILE), "utf8");
  } catch {
    return { root, commonDir, config: core.defaultConfig() };
  }
  const schema = readFileSync(new URL(import.meta.resolve("@rampart/core/config.schema.json")), "utf8");
  const digest = createHash("sha256").update(schema).update("\0").update(text).digest("hex");
  const stamp = join(commonDir, "rampart", "config-validated");
  let validated = false;
  try {
    validated = readFileSync(stamp, "utf8").trim() === digest;
  } catch {}
  if (validated) {
    const { parsePolicyData } = await import("@rampart/hooks/runtime");
    return { root, commonDir, config: { ...core.defaultConfig(), ...parsePolicyData(text) } as RampartConfig };
  }
  const { config } = await core.loadConfig({ cwd: root, env: ctx.env, root });
  try {
    mkdirSync(join(commonDir, "rampart"), { recursive: true });
    writeFileSync(stamp, `${digest}\n`);
  } catch {}
  return { root, commonDir, config };
}

export function policyFinding(
  ruleId: string,
  message: string,
  hint: string,
  framework: Finding["framework"],
  key: string,
): Finding {
  return { ruleId, severity: "error", message, hint, framework, fingerprint: fingerprint(ruleId, key) };
}

export type HookEnv = {
  ctx: CommandContext;
  root: string;
  /** git's common dir (shared by worktrees): where rampart keeps its caches. */
  commonDir: string;
  config: import("@rampart/core").RampartConfig;
  settings: import("@rampart/hooks/runtime").HooksConfig;
};
