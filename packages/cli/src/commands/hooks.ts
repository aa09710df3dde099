import { ExitCode, RampartError } from "@rampart/core/errors";
import type { CommandContext, CommandDefinition } from "../command.js";

export const command: CommandDefinition = {
  name: "hooks",
  summary: "Install, check (doctor) and uninstall rampart's git hooks",
  framework: ["SRC-1", "SRC-2", "SRC-7"],
  usage: "rampart hooks <status | install | uninstall | restore-index> [options]",
  options: [],
  subcommands: [
    {
      name: "status",
      summary: "Doctor: hooks installed and unmodified, hooksPath, config, Node/pnpm, signing; exit 1 with fixes",
      usage: "rampart hooks status",
    },
    {
      name: "install",
      summary: "(Re)install the hook files only and point git at them",
      usage: "rampart hooks install",
    },
    {
      name: "uninstall",
      summary: "Remove what rampart init added and restore what was there",
      usage: "rampart hooks uninstall [--force]",
      options: [
        { name: "force", type: "boolean", description: "Also remove files rampart wrote that were edited since" },
      ],
    },
    {
      name: "restore-index",
      summary:
        "Put back the index a pre-commit killed while lint-staged's tasks ran saved in .git/rampart (files changed since are kept)",
      usage: "rampart hooks restore-index [--force]",
      options: [
        {
          name: "force",
          type: "boolean",
          description:
            "Also check every tracked file out of it, and drop what was staged since (changes since are lost)",
        },
      ],
    },
  ],
  available: true,
  async run(ctx) {
    if (ctx.subcommand === "status") return status(ctx);
    if (ctx.subcommand === "install") return install(ctx);
    if (ctx.subcommand === "restore-index") return restoreIndex(ctx);
    return uninstall(ctx);
  },
};

async function status(ctx: CommandContext): Promise<ExitCode> {
  const hooks = await import("@rampart/hooks");
  const { loadConfig } = await import("@rampart/core/config");
  const { checks } = await hooks.hooksStatus({
    cwd: ctx.cwd,
    env: ctx.env,
    validateConfig: async (root) => {
      await loadConfig({ cwd: root, env: ctx.env, root });
    },
  });
  let failed = 0;
  for (const c of checks) {
    const mark = c.ok ? "ok  " : c.warning ? "warn" : "FAIL";
    ctx.stdout.write(`${mark} ${c.name}: ${c.detail}\n`);
    if (!c.ok && c.fix) ctx.stdout.write(`     fix: ${c.fix}\n`);
    if (!c.ok && !c.warning) failed++;
  }
  ctx.info(
    failed === 0 ? "rampart hooks status: all checks passed" : `rampart hooks status: ${failed} check(s) failed`,
  );
  return failed === 0 ? ExitCode.Clean : ExitCode.Findings;
}

/** Rewrites rampart's blocks in the hook files (from the profile init recorded) and activates husky. */
async function install(ctx: CommandContext): Promise<ExitCode> {
  const hooks = await import("@rampart/hooks");
  const { getRepoRoot } = await import("@rampart/core/git");
  const root = await getRepoRoot({ cwd: ctx.cwd, env: ctx.env });
  const manifest = hooks.readManifest(root);
  if (!manifest)
    throw new RampartError("HOOKS_NOT_INSTALLED", "rampart init has not run in this repository", {
      hint: "run `npx --no-install rampart init`",
    });
  const profile = hooks.isProfile(manifest.profile) ? manifest.profile : "recommended";
  const plan = await hooks.planInit({
    cwd: ctx.cwd,
    env: ctx.env,
    templatesDir: hooks.TEMPLATES_DIR,
    profile,
    force: true,
    rampartVersion: "0.0.0",
  });
  const changes = hooks.hookInstallChanges(plan, manifest);
  hooks.writeChanges(root, changes);
  for (const c of changes.filter((c) => c.path !== hooks.MANIFEST_PATH))
    ctx.stdout.write(`  ${c.action === "unchanged" ? "unchanged" : "installed"} ${c.path}\n`);
  const activation = await hooks.activateHusky(plan, { env: ctx.env });
  if (!activation.active) ctx.info(`rampart hooks install: ${activation.nextStep ?? "husky is not installed"}`);
  return activation.active ? ExitCode.Clean : ExitCode.Findings;
}

/** The index a killed pre-commit saved (hooks' saved-index.ts), put back; with --force every tracked file too. */
async function restoreIndex(ctx: CommandContext): Promise<ExitCode> {
  const hooks = await import("@rampart/hooks");
  const force = ctx.values.force === true;
  const done = await hooks.restoreSavedIndex({ cwd: ctx.cwd, env: ctx.env, force });
  if (!done.restored) {
    ctx.info(`rampart hooks restore-index: nothing to restore (no ${hooks.SAVED_INDEX_PATH})`);
    return ExitCode.Clean;
  }
  for (const path of done.kept) ctx.stdout.write(`  kept ${Buffer.from(path, "latin1").toString("utf8")}\n`);
  ctx.info(
    force
      ? `rampart hooks restore-index: the index and tracked files are back as they were before lint-staged's tasks ran (${hooks.SAVED_INDEX_PATH} removed)`
      : done.kept.length === 0
        ? `rampart hooks restore-index: the index is back as it was before lint-staged's tasks ran, and so is every tracked file (${hooks.SAVED_INDEX_PATH} removed)`
        : `rampart hooks restore-index: the index is back as it was before lint-staged's tasks ran (${hooks.SAVED_INDEX_PATH} removed); ${done.kept.length} tracked file(s) changed since were kept as they are (above; \`git diff\` shows how they differ from what is staged, \`git checkout -- FILE\` puts one back as staged)`,
  );
  return ExitCode.Clean;
}

async function uninstall(ctx: CommandContext): Promise<ExitCode> {
  const hooks = await import("@rampart/hooks");
  const steps = await hooks.uninstall({ cwd: ctx.cwd, env: ctx.env, force: ctx.values.force === true });
  for (const s of steps) ctx.stdout.write(`  ${s.action.padEnd(8)} ${s.path}${s.reason ? `  (${s.reason})` : ""}\n`);
  ctx.info("rampart hooks uninstall: done; run your package manager's install to drop the removed devDependencies");
  return ExitCode.Clean;
}
