import type { PolicyAtRevision, RampartConfig } from "@rampart/core/config";
import type { CommandContext, OptionSpec } from "./command.js";

/** The shared `--policy-rev REV` option of the commands CI runs on a change. */
export const POLICY_REV_OPTION: OptionSpec = {
  name: "policy-rev",
  type: "string",
  value: "REV",
  description:
    "Read .rampart/config.yaml (and what it names: baseline, accepted state, exceptions) from REV, the base branch, not from the change under review",
};

/** Files only rampart's adoption writes: their presence means the repository runs rampart. */
const ADOPTION_MARKS = [".github/workflows/rampart.yml", ".gitlab/rampart.gitlab-ci.yml", ".rampart/hooks.lock.json"];
const HOOK_FILES = [".husky/pre-commit", ".husky/commit-msg", ".husky/pre-push"];
const BLOCK_MARK = "# >>> rampart";

export interface TrustedCommandPolicy {
  /** The policy REV holds, or null when it has none (the change adopts rampart). */
  at: PolicyAtRevision | null;
  /**
   * What the command applies: REV's policy; or, REV having none, the defaults, tightened where an
   * adopting change's own policy is stricter (core's adoptedPolicy).
   */
  config: RampartConfig;
  /** REV has no policy and the working tree has one: the change adopts rampart. */
  adopting: boolean;
  /** The adopting change's own policy as written (for `rampart audit`'s posture), else undefined. */
  own?: RampartConfig;
}

/**
 * What CI judges a change by, defined once for every command that takes --policy-rev:
 *
 * - REV holds `.rampart/config.yaml`: its policy, whatever the change did to the file (deleted,
 *   renamed, broken: the head's copy is never read);
 * - REV holds it under another name, or a copy that does not parse: exit 2 (CONFIG_INVALID)
 *   naming `REV:file` and the line;
 * - REV has none and the working tree has one: the change adopts rampart; there is no older
 *   policy to trust, so the defaults judge it and its own policy only where it is stricter
 *   (core's adoptedPolicy: it cannot ignore, allow or accept what it commits), said on stderr with
 *   what was left out;
 * - neither has one but rampart's CI template, hook block or manifest is here: the policy was
 *   deleted; exit 2 (CONFIG_MISSING) naming `.rampart/config.yaml`. Without those marks rampart is
 *   used as a plain scanner: the defaults apply.
 * - REV is not a commit this clone has: exit 2 (POLICY_REV_UNKNOWN).
 */
export async function policyAtRevision(
  ctx: CommandContext,
  rev: string,
  root: string,
  options: {
    /** Names the command in the messages. */
    command?: string;
    /** The section the command applies: only what was left out of it is listed. */
    section?: keyof RampartConfig;
    /** Said instead of the adoption note (false: nothing), for a command that reads the change's policy its own way. */
    adoptionNote?: string | false;
  } = {},
): Promise<TrustedCommandPolicy> {
  const core = { ...(await import("@rampart/core/config")), ...(await import("@rampart/core/errors")) };
  const git = { cwd: root, env: ctx.env };
  if (rev.startsWith("-") || !(await core.hasCommit(rev, git))) {
    throw new core.RampartError("POLICY_REV_UNKNOWN", `--policy-rev ${rev} is not a commit in this repository`, {
      hint: "fetch the base branch first (e.g. git fetch origin main) and pass it: --policy-rev origin/main",
    });
  }
  // Parsed here, never answered from core's policy cache in the git dir: on a runner that keeps its
  // checkout (self-hosted, GitLab's fetch strategy) another job runs the change's code, which could
  // write a permissive policy under the digest of REV's text there.
  const at = await core.loadConfigAt(rev, git, (text, file) => core.parseConfig(text, file));
  if (at !== null) return { at, config: at.config, adopting: false };
  const { existsSync, readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  if (existsSync(join(root, core.CONFIG_FILE))) {
    // The change adopts rampart: there is no older policy to trust, and a first policy must not
    // judge itself (it could ignore the very secret it commits). The defaults apply, tightened
    // where its own is stricter; what was left out is said on stderr.
    const own = (await core.loadConfig({ cwd: root, env: ctx.env, root })).config;
    const { config, dropped } = core.adoptedPolicy(own);
    const who = `rampart${options.command === undefined ? "" : ` ${options.command}`}`;
    if (options.adoptionNote !== undefined) {
      if (options.adoptionNote !== false) ctx.info(options.adoptionNote);
    } else {
      ctx.info(
        `${who}: ${rev} has no ${core.CONFIG_FILE}: this change adopts rampart; the defaults judge it, its own policy only where stricter`,
      );
      const left = options.section === undefined ? dropped : dropped.filter((d) => d.startsWith(`${options.section}.`));
      if (left.length > 0) ctx.info(`${who}: left out of the change's policy: ${left.join(", ")}`);
    }
    return { at: null, config, adopting: true, own };
  }
  const marked =
    ADOPTION_MARKS.some((f) => existsSync(join(root, f))) ||
    HOOK_FILES.some((f) => {
      try {
        return readFileSync(join(root, f), "utf8").includes(BLOCK_MARK);
      } catch {
        return false;
      }
    });
  if (marked) {
    throw new core.RampartError(
      "CONFIG_MISSING",
      `neither ${rev} nor the working tree has the policy, but rampart's CI job or hooks are here`,
      {
        file: core.CONFIG_FILE,
        hint: `restore it (git checkout ${rev}~1 -- ${core.CONFIG_FILE}), or remove rampart's CI job and hooks (rampart hooks uninstall) in a reviewed change`,
      },
    );
  }
  return { at: null, config: core.defaultConfig(), adopting: false };
}
