import type { ExitCode } from "@rampart/core/errors";
import type { CommandContext, CommandDefinition, OptionSpec } from "../command.js";
import { POLICY_REV_OPTION } from "../policy-rev.js";

type Lib = typeof import("@rampart/workflows");

const FIX_OPTIONS: OptionSpec[] = [
  { name: "dry-run", type: "boolean", description: "Print the diff of what fix would change; write nothing" },
  {
    name: "online",
    type: "boolean",
    description:
      "Resolve tags missing from .rampart/actions.lock.json with the GitHub API (GITHUB_API_URL, GITHUB_TOKEN) and add them to it",
  },
  {
    name: "max-calls",
    type: "string",
    value: "N",
    description: "With --online: the most API calls to spend (default 50)",
  },
];

export const command: CommandDefinition = {
  name: "workflows",
  summary: "Audit CI workflows (GitHub Actions, GitLab CI) and pin/least-privilege them",
  framework: ["SRC-9", "BLD-2", "BLD-3", "BLD-5", "BLD-7", "BLD-8", "SRC-4"],
  usage: "rampart workflows <check|fix> [options]",
  options: [],
  subcommands: [
    {
      name: "check",
      summary:
        "Audit workflow files (default .github/workflows/*.y*ml, .github/actions/**/action.y*ml, .gitlab-ci.yml), the local actions and GitLab includes they use; malformed files: exit 2, the rest still judged",
      usage: "rampart workflows check [PATH...] [--policy-rev REV]",
      options: [
        {
          ...POLICY_REV_OPTION,
          description:
            "Read the workflows policy (.rampart/config.yaml) and the reviewed pins (.rampart/actions.lock.json) from REV, the base branch, not from the change under review",
        },
      ],
    },
    {
      name: "fix",
      summary:
        "Pin actions to commit SHAs (version in a comment) from .rampart/actions.lock.json and add least permissions, in place",
      usage: "rampart workflows fix [PATH...] [--dry-run] [--online] [--max-calls N]",
      options: FIX_OPTIONS,
    },
  ],
  formats: ["text", "json", "sarif"],
  available: true,
  async run(ctx) {
    const lib: Lib = await import("@rampart/workflows");
    return ctx.subcommand === "fix" ? (await import("./workflows-fix.js")).runFix(ctx, lib) : runCheck(ctx, lib);
  },
};

async function runCheck(ctx: CommandContext, lib: Lib): Promise<ExitCode> {
  const { ExitCode } = await import("@rampart/core/errors");
  const { root, files } = await resolveFiles(ctx, lib);
  const rev = ctx.values["policy-rev"];
  const [policy, lock] =
    typeof rev === "string"
      ? await trustedAt(ctx, root, lib, rev)
      : await Promise.all([loadPolicy(ctx, root), loadLock(root, lib)]);
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const sources: import("@rampart/workflows").WorkflowSource[] = files.map((file) => ({
    file,
    text: readFileSync(join(root, file), "utf8"),
  }));
  sources.push(...(await gitlabIncluded(ctx, root, lib, sources)));
  // The local actions (`uses: ./tools/x`) they use, through composite actions, from the working tree
  // (the revision CI checked out); a symlink is refused, never followed.
  const local = await lib.followLocalActions(sources, lib.workingTreeReader(root));
  sources.push(...local.sources);
  if (sources.length === 0) ctx.info("rampart workflows check: no workflow files found");
  const result = lib.checkWorkflows(sources, { policy, lock, localActions: local.refs });
  // A file that does not parse was not judged: the report says so (never "no problems found";
  // json ok:false with notJudged, SARIF executionSuccessful false with a notification), as lockfile check.
  const notJudged = result.stats.errors.map((e) => ({ code: "WORKFLOW_INVALID", ...e }));
  const code = ctx.report(result, {
    rules: lib.ruleInfo().filter((r) => result.findings.some((f) => f.ruleId === r.id)),
    ...(notJudged.length > 0 ? { notJudged } : {}),
  });
  for (const e of result.stats.errors) {
    const where = [e.file, e.line, e.column].filter((p) => p !== undefined).join(":");
    ctx.stderr.write(`rampart workflows check: ${where}: ${e.message}${e.hint ? ` (${e.hint})` : ""}\n`);
  }
  return result.stats.errors.length > 0 ? ExitCode.Error : code;
}

/**
 * The files the GitLab CI files among `sources` include locally (followed through their own
 * includes), read from the working tree and judged as GitLab CI: the pipeline runs their jobs.
 * Wildcards match the files git lists (tracked and untracked, ignored ones left out).
 */
async function gitlabIncluded(
  ctx: CommandContext,
  root: string,
  lib: Lib,
  sources: ReadonlyArray<{ file: string; text: string }>,
): Promise<Array<{ file: string; text: string; kind: "gitlab" }>> {
  const roots = sources.filter((s) => lib.kindOf(s.file) === "gitlab");
  if (roots.length === 0) return [];
  const { lstatSync, readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { git, splitNul } = await import("@rampart/core/git");
  const listed = await git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    env: ctx.env,
  }).catch(() => ({ stdout: "" }));
  const read = (file: string) => {
    const abs = join(root, file);
    // A symlink is not followed out of the repository; a folder or a missing file is no include.
    if (lstatSync(abs, { throwIfNoEntry: false })?.isFile() !== true) return undefined;
    return readFileSync(abs, "utf8");
  };
  const texts = new Map<string, string>();
  const included = lib.gitlabLocalIncludes(roots, {
    files: () => splitNul(listed.stdout),
    read: (file) => {
      const text = read(file);
      if (text !== undefined) texts.set(file, text);
      return text;
    },
  });
  return included
    .filter((file) => !sources.some((s) => s.file === file))
    .map((file) => ({ file, text: texts.get(file) ?? "", kind: "gitlab" as const }));
}

/**
 * CI's view (--policy-rev REV): the policy by the rule every --policy-rev command shares, and the
 * actions lock as REV holds it, so a change cannot approve its own pins by editing the lock.
 */
async function trustedAt(
  ctx: CommandContext,
  root: string,
  lib: Lib,
  rev: string,
): Promise<[import("@rampart/workflows").WorkflowsPolicy, import("@rampart/workflows").ActionsLock]> {
  const { policyAtRevision } = await import("../policy-rev.js");
  const { readFilesAt } = await import("@rampart/core/config");
  const trusted = await policyAtRevision(ctx, rev, root, { command: "workflows check", section: "workflows" });
  const [lockText] = await readFilesAt(rev, [lib.ACTIONS_LOCK_FILE], { cwd: root, env: ctx.env });
  // A base without a lock has reviewed no pins: an empty lock (a lock the change adds approves nothing).
  const lock = lockText === undefined ? lib.emptyLock() : lib.parseLock(lockText, `${rev}:${lib.ACTIONS_LOCK_FILE}`);
  return [trusted.config.workflows, lock];
}

/** Root and repository-relative files: the given paths (relative to the cwd) or the default set. */
export async function resolveFiles(ctx: CommandContext, lib: Lib): Promise<{ root: string; files: string[] }> {
  const { existsSync, lstatSync } = await import("node:fs");
  const { dirname, join, relative, resolve, sep } = await import("node:path");
  let root = ctx.cwd;
  for (let dir = ctx.cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) {
      root = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (ctx.positionals.length === 0) return { root, files: lib.defaultWorkflowFiles(root) };
  const { RampartError } = await import("@rampart/core/errors");
  const files = ctx.positionals.map((p) => {
    const abs = resolve(ctx.cwd, p);
    if (!lstatSync(abs, { throwIfNoEntry: false })?.isFile())
      throw new RampartError("WORKFLOW_NOT_FOUND", `no such file: ${p}`, {
        hint: "pass workflow files, or no path for the default set",
      });
    return relative(root, abs).split(sep).join("/");
  });
  return { root, files };
}

/** The `workflows:` section of .rampart/config.yaml (validated by core's schema). */
export async function loadPolicy(
  ctx: CommandContext,
  root: string,
): Promise<import("@rampart/workflows").WorkflowsPolicy> {
  const { loadConfig } = await import("@rampart/core/config");
  const loaded = await loadConfig({ cwd: ctx.cwd, env: ctx.env, root });
  return loaded.config.workflows;
}

/** .rampart/actions.lock.json, or an empty lock when there is none. */
export async function loadLock(root: string, lib: Lib): Promise<import("@rampart/workflows").ActionsLock> {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  let text: string;
  try {
    text = readFileSync(join(root, lib.ACTIONS_LOCK_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return lib.emptyLock();
    throw error;
  }
  return lib.parseLock(text);
}
