import type { RampartConfig } from "@rampart/core/config";
import { type HooksConfig, hooksSettings } from "../hooks-config.js";
import type { HookEnv } from "./run.js";

// What a change may use to switch a check off is read from the trusted side, never from the
// change itself:
//   pre-commit, commit-msg: HEAD (the staged change cannot exempt itself: a baseline entry or an
//                           ignorePaths staged together with the secret does not apply to it);
//   pre-push:               the remote side of each pushed range (the remote tip, or the parent of
//                           the oldest pushed commit), so a pushed commit cannot exempt itself.
// That covers the whole policy file (secrets.ignorePaths/disableRules/baseline path/secretlint/
// gitleaks switches, lockfile rules and accepted state, deps exceptions, workflows audits, the
// hook toggles and protectedBranches) and the files it points at (the secrets baseline, the
// actions lock, the other secret scanners' configs: .gitleaks.toml, .secretlintrc*), and the package-manager config that relaxes the staged lockfile's check (steps.ts). Switches that turn a check ON take effect at once: a hook check runs when the
// trusted side OR the working tree enables it, and protectedBranches is the union of both.
// When the trusted side has no policy (the commit or push that adopts rampart, an unborn HEAD, a
// first push of a root commit) the working tree's applies, the adopter's own: there is no older
// policy to trust. CI's --policy-rev does the same for a base without a policy.

/** The secrets baseline a trusted revision holds, for @rampart/secrets' `baseline` option. */
export type TrustedBaseline = { name: string; text: string } | false;

export interface TrustedPolicy {
  /** The revision read, or undefined when the working tree's policy applies (nothing trusted exists). */
  rev: string | undefined;
  config: RampartConfig;
  /** The hook toggles: the trusted side's, with what the working tree turns on added (protectedBranches: the trusted side's). */
  settings: HooksConfig;
  /** The baseline: the trusted revision's (false when it has none), or undefined: the working tree's default. */
  baseline: TrustedBaseline | undefined;
  /** Read a repository file as the trusted side holds it (the working tree's when none). */
  read(path: string): Promise<string | undefined>;
  /**
   * The other secret scanners' configs (.gitleaks.toml, .secretlintrc*) the trusted revision holds,
   * by name, for @rampart/secrets' `scannerConfigs`; undefined: the working tree's apply.
   */
  scannerConfigs: Record<string, { name: string; text: string }> | undefined;
}

const DEFAULT_BASELINE = ".rampart/secrets-baseline.json";
/** The reviewed action pins (pre-commit's workflow audit): read with the policy, one git process for all. */
const ACTIONS_LOCK = ".rampart/actions.lock.json";

/**
 * The policy as `rev` holds it (undefined rev, or a revision without `.rampart/config.yaml`:
 * the working tree's, loaded by the hook already). A policy the revision holds but that does not
 * parse is CONFIG_INVALID naming `REV:.rampart/config.yaml`: the hook refuses, never passes.
 */
export async function trustedPolicy(env: HookEnv, rev: string | undefined): Promise<TrustedPolicy> {
  // Through the hook's cat-file process when it has one (pre-commit, commit-msg).
  const git = {
    cwd: env.root,
    ...(env.options.env === undefined ? {} : { env: env.options.env }),
    ...(env.batch === undefined ? {} : { batch: env.batch }),
  };
  const core = await import("@rampart/core/config");
  const { SECRET_SCANNER_CONFIGS } = await import("@rampart/core/glob");
  const at =
    rev === undefined
      ? null
      : await core.loadConfigAt(rev, git, (text, file) => core.parseConfigCached(text, file, env.commonDir), [
          DEFAULT_BASELINE,
          ACTIONS_LOCK,
          ...SECRET_SCANNER_CONFIGS,
        ]);
  if (at === null) {
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    return {
      rev: undefined,
      config: env.config,
      settings: env.settings,
      baseline: undefined,
      read: (path) => readFile(join(env.root, path), "utf8").catch(() => undefined),
      scannerConfigs: undefined,
    };
  }
  const secrets = (at.config.secrets ?? {}) as { baseline?: unknown };
  const baselinePath = typeof secrets.baseline === "string" ? secrets.baseline : DEFAULT_BASELINE;
  // Read with the policy already (the usual names), else by one more git process.
  const readAt = async (path: string) => {
    const plain = path.replace(/^\.\//, "");
    return at.also.has(plain) ? at.also.get(plain) : (await core.readFilesAt(at.rev, [plain], git))[0];
  };
  const baselineText = await readAt(baselinePath);
  const scannerConfigs: Record<string, { name: string; text: string }> = {};
  for (const name of SECRET_SCANNER_CONFIGS) {
    const text = at.also.get(name);
    if (text !== undefined) scannerConfigs[name] = { name: `${at.rev}:${name}`, text };
  }
  return {
    scannerConfigs,
    rev: at.rev,
    config: at.config,
    settings: strictest(hooksSettings(at.config.hooks), env.settings),
    baseline: baselineText === undefined ? false : { name: `${at.rev}:${baselinePath}`, text: baselineText },
    read: readAt,
  };
}

/**
 * Each check on when either side turns it on. protectedBranches stays the trusted side's: the
 * pre-push step also checks the working tree's list (two glob lists, each with its own `!`s).
 */
function strictest(trusted: HooksConfig, local: HooksConfig): HooksConfig {
  const or = <T extends Record<string, boolean>>(a: T, b: T): T =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v || b[k] === true])) as T;
  return {
    protectedBranches: trusted.protectedBranches,
    preCommit: or(trusted.preCommit, local.preCommit),
    commitMsg: or(trusted.commitMsg, local.commitMsg),
    prePush: or(trusted.prePush, local.prePush),
  };
}
