import { ExitCode } from "@rampart/core/errors";
import { makeResult } from "@rampart/core/findings";
import type { CommandDefinition } from "../command.js";
import { reportUnreadable } from "../lockfile-unreadable.js";

// What git runs through the husky hooks rampart installs. The behaviour lives in @rampart/hooks;
// this command hands it the checkers as lazy loaders (a step imports its package only when it
// has something to do) and reports.
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
  // Every commit pays the hooks' process: it ends as soon as the hook is done (main.ts).
  exitWhenDone: true,
  async run(ctx) {
    const { runHook } = await import("@rampart/hooks/runtime");
    const result = await runHook({
      hook: ctx.subcommand as "pre-commit" | "commit-msg" | "pre-push",
      args: ctx.positionals,
      cwd: ctx.cwd,
      env: ctx.env,
      // Built on first read (ctx.stdin is a getter that sets up Node's stream, a socket for a
      // pipe): pre-push reads the pushed refs from it; pre-commit and commit-msg never do.
      stdin: { [Symbol.asyncIterator]: () => ctx.stdin[Symbol.asyncIterator]() },
      log: (text) => ctx.stderr.write(text),
      checkers: {
        secretsHook: () => import("@rampart/secrets/hook"),
        secrets: () => import("@rampart/secrets"),
        signatures: () => import("@rampart/signatures"),
        lockfile: () => import("@rampart/lockfile"),
        deps: () => import("@rampart/deps"),
        workflows: () => import("@rampart/workflows"),
      },
    });
    // The hook line ran this because the startup snapshot was missing or refused: rebuild it.
    if (ctx.env.RAMPART_SNAPSHOT_MISS !== undefined)
      (await import("../hook-snapshot-blob.js")).rebuildAfterMiss(ctx.cwd, ctx.env);
    const report = makeResult(result.findings, result.stats);
    const unreadable = result.errors ?? [];
    if (report.findings.length === 0 && unreadable.length === 0) return ExitCode.Clean;
    const reported =
      report.findings.length === 0 ? ExitCode.Clean : ctx.report(report, { command: `hook ${ctx.subcommand}` });
    // A file a check could not read (a broken staged lockfile or workflow) is named after the
    // others' findings, one line each: it refuses the hook (exit 2) without hiding them.
    const code = await reportUnreadable(ctx, reported, unreadable);
    if (code !== ExitCode.Clean) {
      ctx.stderr.write(
        `rampart: ${ctx.subcommand} refused. Fix the above; CI runs the same checks, so skipping (RAMPART=0) only delays it.\n`,
      );
    }
    return code;
  },
};
