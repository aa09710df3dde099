import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ExitCode, UsageError } from "@rampart/core/errors";
import type { CommandContext, CommandDefinition } from "../command.js";

/** The rulesets init writes (recommended, strict): each must be imported on the forge to hold. */
const RULESETS = [
  [".github/rulesets/default-branch.json", "branch"],
  [".github/rulesets/tags.json", "tag"],
] as const;

export const command: CommandDefinition = {
  name: "init",
  summary: "Scaffold a hardened repository: hooks, policy, CI workflow and governance files",
  framework: ["SRC-1", "SRC-2", "SRC-5", "SRC-7", "SRC-9", "BLD-2", "MAT-3", "MAT-4"],
  usage: "rampart init [--yes] [--profile minimal|recommended|strict] [--dry-run] [--force] [--baseline]",
  options: [
    {
      name: "yes",
      short: "y",
      type: "boolean",
      description: "Take the defaults without asking (also when not on a TTY)",
    },
    {
      name: "profile",
      type: "string",
      value: "NAME",
      description: "minimal, recommended (the default) or strict; asked on a TTY",
    },
    {
      name: "dry-run",
      type: "boolean",
      description: "Print the unified diff of every file init would write; write nothing",
    },
    {
      name: "force",
      type: "boolean",
      description: "Replace files that exist with other content, and take over from another hook manager",
    },
    {
      name: "baseline",
      type: "boolean",
      description:
        "Record the secrets a first scan finds as the reviewed baseline (default: list them and write none; asked on a TTY)",
    },
  ],
  available: true,
  async run(ctx) {
    const hooks = await import("@rampart/hooks");
    const profileValue = typeof ctx.values.profile === "string" ? ctx.values.profile : "recommended";
    if (!hooks.isProfile(profileValue)) {
      throw new UsageError(`unknown profile '${profileValue}'`, { hint: `profiles: ${hooks.PROFILES.join(", ")}` });
    }
    const dryRun = ctx.values["dry-run"] === true;
    const stdinTTY = (ctx.stdin as { isTTY?: boolean }).isTTY === true;
    const interactive = ctx.values.yes !== true && stdinTTY && (ctx.stdout as { isTTY?: boolean }).isTTY === true;
    let answers = { profile: profileValue };
    if (interactive && ctx.values.profile === undefined)
      answers = await hooks.askInit({ input: ctx.stdin, output: ctx.stdout }, answers);
    const base = {
      cwd: ctx.cwd,
      env: ctx.env,
      templatesDir: hooks.TEMPLATES_DIR,
      profile: answers.profile,
      force: ctx.values.force === true,
      rampartVersion: version(),
    };
    const secretsBaseline = await firstBaseline(ctx, ctx.values.baseline === true, interactive);
    const lockfileAccepted = await adoptedLockfileState(ctx);
    const plan = await hooks.planInit({
      ...base,
      ...(secretsBaseline === undefined ? {} : { secretsBaseline }),
      ...(lockfileAccepted === undefined ? {} : { lockfileAccepted }),
    });
    const policyChange = plan.changes.find((c) => c.path === ".rampart/config.yaml");
    if (lockfileAccepted && policyChange?.action === "create") {
      const n = (l: readonly unknown[]) => l.length;
      ctx.info(
        `rampart init: the lockfiles' current state is accepted in .rampart/config.yaml (lockfile:): ${n(lockfileAccepted.allowInstallScripts)} install script(s), ${n(Object.keys(lockfileAccepted.allowedSources))} git/tarball source(s), ${n(lockfileAccepted.allowedHosts)} registry host(s); only changes to them are errors${lockfileAccepted.held.length > 0 ? `; warnings until fixed, for those packages only (lockfile.heldAtAdoption): ${lockfileAccepted.held.length} error(s) of ${[...new Set(lockfileAccepted.held.map((e) => e.rule))].join(", ")}` : ""}`,
      );
    }
    const pending = plan.changes.filter((c) => c.action === "create" || c.action === "update");
    if (dryRun) {
      for (const c of pending) ctx.stdout.write(hooks.unifiedDiff(c.path, c.before, c.after));
      listChanges(ctx, plan.changes, true);
      ctx.info(
        pending.length === 0
          ? "rampart init --dry-run: nothing would change"
          : `rampart init --dry-run: ${pending.length} file(s) would change; nothing was written`,
      );
      return ExitCode.Clean;
    }
    if (
      pending.length > 0 &&
      interactive &&
      !(await hooks.confirmWrite({ input: ctx.stdin, output: ctx.stdout }, pending.length))
    ) {
      ctx.info("rampart init: nothing was written");
      return ExitCode.Clean;
    }
    hooks.writeChanges(plan.project.gitRoot, plan.changes);
    listChanges(ctx, plan.changes, false);
    const activation = await hooks.activateHusky(plan, { env: ctx.env });
    if (pending.length === 0)
      ctx.info(`rampart init: nothing to change; this repository is already set up (profile ${plan.profile})`);
    for (const note of plan.notes) ctx.info(`note: ${note}`);
    for (const [file, what] of RULESETS) {
      if (plan.changes.some((c) => c.path === file && c.action !== "skip"))
        ctx.info(
          `next: import the ${what} ruleset with \`gh api --method POST repos/{owner}/{repo}/rulesets --input ${file}\``,
        );
    }
    if (plan.changes.some((c) => c.path === ".github/CODEOWNERS" && c.action === "create")) {
      ctx.info("next: put your team in .github/CODEOWNERS (it names @your-org/maintainers)");
    }
    if (!activation.active && activation.nextStep) ctx.info(`next: ${activation.nextStep}`);
    if (await listsNoSigner(plan.project.gitRoot)) {
      // The signing path, in the order that works (packages/signatures/README.md, "The first signer").
      ctx.info(
        "next: sign your commits: `npx --no-install rampart signatures setup --generate` (drop --generate to use your own SSH key), then `npx --no-install rampart signatures add <your email> <key.pub>` as it prints, and commit .rampart/ with the rest: .rampart/allowed_signers lists no key yet, so the commit that adds yours is the trust root",
      );
    }
    return ExitCode.Clean;
  },
};

function listChanges(
  ctx: CommandContext,
  changes: readonly { path: string; action: string; reason?: string }[],
  dryRun: boolean,
): void {
  const verb: Record<string, string> = dryRun
    ? { create: "would create", update: "would update", unchanged: "unchanged", skip: "would skip" }
    : { create: "created", update: "updated", unchanged: "unchanged", skip: "skipped" };
  for (const c of changes) {
    ctx.stdout.write(`  ${(verb[c.action] ?? c.action).padEnd(13)} ${c.path}${c.reason ? `  (${c.reason})` : ""}\n`);
  }
}

/**
 * The first scan: what it finds is listed (file, line, rule; never the secret) and becomes the
 * baseline only when the user says so (`--baseline`, or yes at the prompt): never silently.
 * Skipped when a baseline exists already.
 */
async function firstBaseline(ctx: CommandContext, accept: boolean, interactive: boolean): Promise<string | undefined> {
  const { getRepoRoot } = await import("@rampart/core/git");
  const root = await getRepoRoot({ cwd: ctx.cwd, env: ctx.env });
  if (existsSync(join(root, ".rampart", "secrets-baseline.json"))) return undefined;
  const secrets = await import("@rampart/secrets");
  const scan = await secrets.scanPaths({ cwd: root, env: ctx.env, baseline: false });
  const update = await secrets.updateBaseline(undefined, scan.findings);
  if (update.added.length === 0) return accept ? secrets.serializeBaseline(update.baseline) : undefined;
  ctx.stderr.write(
    `rampart init: the first secrets scan found ${scan.findings.length} finding(s) in the working tree:\n`,
  );
  for (const f of scan.findings)
    ctx.stderr.write(`  ${f.file ?? "?"}${f.line === undefined ? "" : `:${f.line}`}  ${f.ruleId}  ${f.message}\n`);
  const hooks = await import("@rampart/hooks");
  const yes =
    accept ||
    (interactive && (await hooks.confirmBaseline({ input: ctx.stdin, output: ctx.stdout }, scan.findings.length)));
  if (yes) {
    ctx.info("rampart init: they go into .rampart/secrets-baseline.json as reviewed; rotate any that are real");
    return secrets.serializeBaseline(update.baseline);
  }
  ctx.info(
    "rampart init: no baseline written: the hooks and CI report these. Remove (and rotate) them, or accept them with `npx --no-install rampart init --baseline`",
  );
  return undefined;
}

/**
 * What the tracked lockfiles hold today that the default policy would refuse and that a team
 * accepted by having it (install scripts, git/tarball sources, registry hosts): init records it,
 * so the first CI run on an untouched repository is green and only changes are errors. A
 * lockfile that cannot be read is left for `lockfile check` to report.
 */
async function adoptedLockfileState(ctx: CommandContext) {
  const lockfile = await import("@rampart/lockfile");
  let loaded: Awaited<ReturnType<typeof lockfile.loadLockfiles>>;
  try {
    loaded = await lockfile.loadLockfiles({ cwd: ctx.cwd, env: ctx.env });
  } catch {
    return undefined;
  }
  if (loaded.lockfiles.length === 0) return undefined;
  const findings = [];
  const held = [];
  for (const file of loaded.lockfiles) {
    try {
      const found = (await lockfile.checkLockfile(file, {}, { cwd: loaded.root, skipDrift: true })).findings;
      findings.push(...found);
      // Each other error for its own package (never `rules: {id: warning}`, which would excuse
      // every package added later that breaks the same rule).
      held.push(...lockfile.heldAtAdoption(file, found));
    } catch {}
  }
  const state = lockfile.adoptionState(findings);
  const empty =
    state.allowInstallScripts.length +
      Object.keys(state.allowedSources).length +
      state.allowedHosts.length +
      held.length ===
    0;
  return empty ? undefined : { ...state, held };
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** True when the policy's allowed_signers exists and holds no key line (comments only). */
async function listsNoSigner(root: string): Promise<boolean> {
  const { readFile } = await import("node:fs/promises");
  const { join } = await import("node:path");
  const text = await readFile(join(root, ".rampart", "allowed_signers"), "utf8").catch(() => undefined);
  return text !== undefined && !text.split("\n").some((l) => l.trim() !== "" && !l.trim().startsWith("#"));
}
