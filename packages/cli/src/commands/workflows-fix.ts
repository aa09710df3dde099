import type { ExitCode } from "@rampart/core/errors";
import type { CommandContext } from "../command.js";
import { loadLock, resolveFiles } from "./workflows.js";

type Lib = typeof import("@rampart/workflows");

/** `rampart workflows fix`: pin from the lock (refreshed with --online), add least permissions, diff with --dry-run. */
export async function runFix(ctx: CommandContext, lib: Lib): Promise<ExitCode> {
  const [{ ExitCode, RampartError, UsageError }, { writeFileSafe }] = await Promise.all([
    import("@rampart/core/errors"),
    import("@rampart/core/fs"),
  ]);
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { root, files } = await resolveFiles(ctx, lib);
  const lock = await loadLock(root, lib);
  const dryRun = ctx.values["dry-run"] === true;
  const sources = files.map((file) => ({ file, text: readFileSync(join(root, file), "utf8") }));
  let broken = 0;
  const parsed = sources.flatMap((s) => {
    try {
      return [{ ...s, wf: lib.parseWorkflow(s.file, s.text) }];
    } catch (error) {
      broken++;
      const e = error as InstanceType<typeof RampartError>;
      ctx.stderr.write(
        `rampart workflows fix: ${[s.file, e.line, e.column].filter((p) => p !== undefined).join(":")}: ${e.message}\n`,
      );
      return [];
    }
  });
  if (ctx.values.online === true) {
    const max = ctx.values["max-calls"] === undefined ? 50 : Number(ctx.values["max-calls"]);
    if (!Number.isInteger(max) || max < 0)
      throw new UsageError("--max-calls takes a whole number", { hint: "e.g. --max-calls 20" });
    const refs = parsed.flatMap((p) => lib.unpinnedRefs(p.wf));
    const token = ctx.env.GITHUB_TOKEN ?? ctx.env.GH_TOKEN;
    const report = await lib.resolveOnline(refs, lock, {
      maxCalls: max,
      today: new Date().toISOString().slice(0, 10),
      ...(ctx.env.GITHUB_API_URL ? { apiUrl: ctx.env.GITHUB_API_URL } : {}),
      ...(token ? { token } : {}),
    });
    ctx.info(
      `rampart workflows fix: ${report.calls} API call(s) of a budget of ${max}; ${report.resolved.length} resolved, ${report.cached.length} already in the lock`,
    );
    for (const f of report.failed) ctx.stderr.write(`rampart workflows fix: could not resolve ${f.key}: ${f.reason}\n`);
    if (report.resolved.length > 0 && !dryRun) {
      writeFileSafe(lib.ACTIONS_LOCK_FILE, lib.stringifyLock(lock), { root, createParents: true });
      ctx.info(`rampart workflows fix: wrote ${lib.ACTIONS_LOCK_FILE}`);
    }
  }
  const { unifiedDiff } = await import("@rampart/hooks");
  let unresolved = 0;
  for (const { file, text } of parsed) {
    const result = lib.fixWorkflow(file, text, lock);
    for (const u of result.unresolved) {
      unresolved++;
      ctx.stderr.write(
        `rampart workflows fix: ${u.file}:${u.line}: ${u.repo}@${u.ref} needs resolving: not in ${lib.ACTIONS_LOCK_FILE} (run with --online, or add its commit SHA)\n`,
      );
    }
    for (const note of result.permissions) ctx.info(`rampart workflows fix: ${file}: ${note}`);
    if (result.after === text) continue;
    if (dryRun) ctx.stdout.write(unifiedDiff(file, text, result.after));
    else {
      writeFileSafe(file, result.after, { root });
      ctx.info(`rampart workflows fix: ${file}: ${result.pinned.length} pinned`);
    }
  }
  if (broken > 0) return ExitCode.Error;
  return unresolved > 0 ? ExitCode.Findings : ExitCode.Clean;
}
