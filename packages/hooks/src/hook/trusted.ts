import type { ObjectReader, RampartConfig } from "@rampart/core/config";
import { readCache, writeCache } from "@rampart/core/fs";
import { type GitObject, headFromFiles, parseTree } from "@rampart/core/git";
import { type HooksConfig, hooksSettings } from "../hooks-config.js";
import type { HeadObjects } from "./head-copy.js";
import type { HookEnv } from "./run.js";
import { HOOKS_MANIFEST, packageDir, packageDirOf, packagePrefix, toolConfigNames } from "./tools.js";

// What a change may use to switch a check off is read from the trusted side, never from the
// change itself:
//   pre-commit, commit-msg: HEAD (the staged change cannot exempt itself: a baseline entry or an
//                           ignorePaths staged together with the secret does not apply to it);
//   pre-push:               the remote side of each push (the tip of the remote's default branch,
//                           core's pushSide), so a pushed commit, or an earlier push of the same
//                           branch, cannot exempt itself.
// That covers the whole policy file (secrets.ignorePaths/disableRules/baseline path/secretlint/
// gitleaks switches, lockfile rules and accepted state, deps exceptions, workflows audits, the
// hook toggles and protectedBranches) and the files it points at (the secrets baseline, the
// actions lock, the other secret scanners' configs: .gitleaks.toml, .secretlintrc*), the package-manager config that relaxes the staged lockfile's check (steps.ts), and at HEAD the configs of commitlint and lint-staged and `.rampart/hooks.lock.json`, which names the package folder they run from (pkgDir). Switches that turn a check ON take effect at once: a hook check runs when the
// trusted side OR the working tree enables it, and protectedBranches is the union of both.
// When the trusted side has no policy (the commit or push that adopts rampart) there is no older
// policy to trust, and the change must not exempt itself by its own: every section the hooks use
// is core's adoptedPolicy of the working tree's policy, as CI's --policy-rev judges an adopting
// change: the defaults, tightened where it is stricter (secrets: no ignorePaths, disableRules or
// failOn of its own; lockfile: no hosts, sources, install scripts or rules off of its own, only
// what the trusted side's lockfiles already held, each other error for its own package (lockfile's acceptedAt); workflows: no audit
// off; deps: no exceptions, database or online source of its own; hooks: no switch off), no
// baseline and none of the working tree's other scanner configs. The files that relax a check
// (the package-manager config, the action lock) are the trusted commit's, as for a trusted side
// with a policy; the licence cache stays the change's own, as CI reads it (its licence policy is
// its own too: the defaults judge no licences). Without a trusted revision at all (an unborn
// HEAD, a first push of a root commit: a new history) the working tree's policy applies as written.

/** The secrets baseline a trusted revision holds, for @rampart/secrets' `baseline` option. */
export type TrustedBaseline = { name: string; text: string } | false;

export interface TrustedPolicy {
  /**
   * The trusted revision, whose files are read (its policy, or for an adopting change only the files
   * that relax a check), or undefined when the working tree's policy applies (nothing trusted exists).
   */
  rev: string | undefined;
  /** The trusted revision has no policy: the change adopts rampart, judged by core's adoptedPolicy. */
  adopting: boolean;
  config: RampartConfig;
  /** The hook toggles: the trusted side's, with what the working tree turns on added (protectedBranches: the trusted side's). */
  settings: HooksConfig;
  /** The baseline: the trusted revision's (false when it has none), or undefined: the working tree's default. */
  baseline: TrustedBaseline | undefined;
  /** Read a repository file as the trusted side holds it (the working tree's when none). */
  read(path: string): Promise<string | undefined>;
  /**
   * The package folder the hooks run the project's tools from (lint-staged, commitlint) and read
   * their configs in: the one the trusted revision's `.rampart/hooks.lock.json` names (the root when
   * it names none), so that a change cannot point the hooks at a folder without configs; the working
   * tree's when the trusted revision has no policy (the change adopting rampart writes it) or there
   * is none.
   */
  pkgDir: string;
  /**
   * The other secret scanners' configs (.gitleaks.toml, .secretlintrc*) the trusted revision holds,
   * by name, for @rampart/secrets' `scannerConfigs`; undefined: the working tree's apply.
   */
  scannerConfigs: Record<string, { name: string; text: string }> | undefined;
  /** The trusted revision's folders and blobs, for HEAD's copy of a module config (head-copy.ts); none without a revision. */
  objects: HeadObjects;
}

const NO_OBJECTS: HeadObjects = { tree: async () => undefined, blob: async () => undefined };

/** A revision's folders and blobs through `reader`; `tree("")` is its root. */
function objectsAt(rev: string, reader: ObjectReader | undefined): HeadObjects {
  if (reader === undefined) return NO_OBJECTS;
  return {
    tree: async (dir) => {
      const o = await reader.read(`${rev}:${dir}`).catch(() => null);
      return o?.type === "tree" ? parseTree(o.content, o.oid.length / 2) : undefined;
    },
    blob: async (oid) => {
      const o = await reader.read(oid).catch(() => null);
      return o?.type === "blob" ? o.content : undefined;
    },
  };
}

const DEFAULT_BASELINE = ".rampart/secrets-baseline.json";
/** What the pre-commit read at HEAD, by HEAD's commit id, for the commit-msg of the same commit. */
const HEAD_READS = "trusted-head.json";
/** The reviewed action pins (pre-commit's workflow audit): read with the policy, one git process for all. */
const ACTIONS_LOCK = ".rampart/actions.lock.json";

/**
 * The policy as `rev` holds it (undefined rev, or a revision without `.rampart/config.yaml`:
 * the working tree's, loaded by the hook already). A policy the revision holds but that does not
 * parse is CONFIG_INVALID naming `REV:.rampart/config.yaml`: the hook refuses, never passes.
 * `null`: the trusted side cannot be known (a blob or tree pushed where the remote's default
 * branch is not known): core's adoptedPolicy of the working tree's, as for an adopting change.
 */
export async function trustedPolicy(env: HookEnv, rev: string | undefined | null): Promise<TrustedPolicy> {
  if (rev === null) {
    const { adoptedPolicy } = await import("@rampart/core/config");
    const { config } = adoptedPolicy(env.config);
    return {
      rev: undefined,
      adopting: true,
      config,
      settings: hooksSettings(config.hooks),
      baseline: false,
      read: async () => undefined,
      scannerConfigs: {},
      pkgDir: packageDir(env.root),
      objects: NO_OBJECTS,
    };
  }
  // Through the hook's cat-file process when it has one (pre-commit, commit-msg), and for HEAD
  // through what the pre-commit of the same commit read there (headReads).
  const reads = rev === "HEAD" ? headReads(env) : undefined;
  const objects = reads?.reader ?? env.objects;
  const git = {
    cwd: env.root,
    ...(env.options.env === undefined ? {} : { env: env.options.env }),
    ...(objects === undefined ? {} : { batch: objects }),
  };
  const core = await import("@rampart/core/config");
  const { SECRET_SCANNER_CONFIGS } = await import("@rampart/core/glob");
  // At HEAD, also the configs of the tools the hooks run (commitlint, lint-staged): a commit does
  // not switch off its own message or lint-staged checks by editing them (toolConfig). They are
  // read in the package folder HEAD's manifest names; the working tree's names it in one read
  // (the usual case: the same), else they are read at HEAD's when it differs (readAt).
  const guess = packageDir(env.root);
  const tools = rev === "HEAD" ? toolConfigNames(packagePrefix(env.root, guess)) : [];
  const at =
    rev === undefined
      ? null
      : await core.loadConfigAt(rev, git, (text, file) => core.parseConfigCached(text, file, env.commonDir), [
          DEFAULT_BASELINE,
          ACTIONS_LOCK,
          ...SECRET_SCANNER_CONFIGS,
          HOOKS_MANIFEST,
          ...tools,
        ]);
  const read = async (path: string) => {
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    return readFile(join(env.root, path), "utf8").catch(() => undefined);
  };
  // No trusted revision at all (an unborn HEAD, a push to a remote with no refs): a new history,
  // nothing anyone else could have changed; the working tree's policy applies as written.
  const commit = at === null && rev !== undefined ? await commitId(rev, objects, git) : undefined;
  if (at === null && commit === undefined) {
    return {
      rev: undefined,
      adopting: false,
      config: env.config,
      settings: env.settings,
      baseline: undefined,
      read,
      scannerConfigs: undefined,
      pkgDir: guess,
      objects: NO_OBJECTS,
    };
  }
  if (at === null) {
    // The change adopts rampart: judged by the defaults, its own policy only where stricter.
    const { config, dropped } = core.adoptedPolicy(env.config);
    if (dropped.length > 0 && env.options.hook !== "commit-msg") {
      env.options.log(
        `rampart: ${rev === "HEAD" ? "HEAD" : "the remote side"} has no ${core.CONFIG_FILE}: this change adopts rampart; the defaults judge it, its own policy only where stricter (left out: ${dropped.join(", ")})\n`,
      );
    }
    await reads?.done();
    return {
      rev: commit,
      adopting: true,
      config,
      settings: hooksSettings(config.hooks),
      baseline: false,
      read: async (path) => (await core.readFilesAt(commit as string, [path], { ...git, batch: env.objects }))[0],
      scannerConfigs: {},
      pkgDir: guess,
      objects: objectsAt(commit as string, env.objects),
    };
  }
  // The commit the policy was read at (pre-commit, commit-msg: HEAD as the hook pinned it): every
  // later read of the trusted side (the package-manager config, the lockfile diff's base, the
  // licence cache) is at that id, never at a HEAD another process may have moved since.
  const pinned = (await reads?.head()) ?? at.rev;
  const secrets = (at.config.secrets ?? {}) as { baseline?: unknown };
  const baselinePath = typeof secrets.baseline === "string" ? secrets.baseline : DEFAULT_BASELINE;
  // Read with the policy already (the usual names), else by one more git process.
  const readAt = async (path: string) => {
    const plain = path.replace(/^\.\//, "");
    return at.also.has(plain) ? at.also.get(plain) : (await core.readFilesAt(pinned, [plain], git))[0];
  };
  const baselineText = await readAt(baselinePath);
  const pkgDir = packageDirOf(env.root, at.also.get(HOOKS_MANIFEST));
  // HEAD's objects by names at HEAD through the hook's reader (pinned to the commit it resolved),
  // and HEAD's package folder read now, with the policy: commit-msg finds it in pre-commit's record.
  const headObjects = objectsAt(reads === undefined ? pinned : "HEAD", objects);
  if (rev === "HEAD") await headObjects.tree(packagePrefix(env.root, pkgDir).replace(/\/$/, ""));
  await reads?.done();
  const scannerConfigs: Record<string, { name: string; text: string }> = {};
  for (const name of SECRET_SCANNER_CONFIGS) {
    const text = at.also.get(name);
    if (text !== undefined) scannerConfigs[name] = { name: `${at.rev}:${name}`, text };
  }
  return {
    scannerConfigs,
    rev: pinned,
    adopting: false,
    config: at.config,
    settings: strictest(hooksSettings(at.config.hooks), env.settings),
    baseline: baselineText === undefined ? false : { name: `${at.rev}:${baselinePath}`, text: baselineText },
    read: readAt,
    pkgDir,
    objects: headObjects,
  };
}

/** The commit `rev` names, or undefined when it names none (HEAD is unborn in a new repository). */
async function commitId(
  rev: string,
  objects: ObjectReader | undefined,
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string | undefined> {
  if (objects !== undefined) {
    const o = await objects.read(`${rev}^{commit}`);
    return o?.type === "commit" ? o.oid : undefined;
  }
  const { git } = await import("@rampart/core/git");
  const r = await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { ...options, okExitCodes: [1, 128] });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
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

/**
 * What a hook reads at HEAD, shared by the two hooks of one commit: pre-commit records every
 * object it read at HEAD through the cat-file process (the policy, its folder's tree, the names a
 * misplaced policy may have, the baseline, the actions lock, the other scanners' configs: id,
 * type and content, or null when HEAD has none) with the commit id git resolved HEAD to, in
 * `.git/rampart/trusted-head.json` (core's cache: 0600, refused unless this user's and closed
 * to others); commit-msg, when HEAD read from `.git`'s files (core's headFromFiles) is that very
 * commit, is answered from it: git objects never change under an id, so these are HEAD's, and
 * commit-msg starts no git process. Any other HEAD, a name not recorded, an unusual layout (a
 * linked worktree, GIT_DIR, reftable): git is asked, at the commit HEAD was first resolved to
 * (`head()`, which the caller's later reads of the trusted side use too), in any layout.
 */
function headReads(
  env: HookEnv,
): { reader: ObjectReader; head(): Promise<string | undefined>; done(): Promise<void> } | undefined {
  const e = env.options.env ?? process.env;
  const objects = env.objects;
  const { commonDir } = env;
  const { hook } = env.options;
  if (objects === undefined || (hook !== "pre-commit" && hook !== "commit-msg")) return undefined;
  const { lstatSync } = process.getBuiltinModule("node:fs");
  const { resolve } = process.getBuiltinModule("node:path");
  // Recorded and answered only in the usual layout; pinned in any.
  const usual =
    e.GIT_DIR === undefined &&
    e.GIT_COMMON_DIR === undefined &&
    resolve(commonDir) === resolve(env.root, ".git") &&
    lstatSync(commonDir).isDirectory() === true;
  if (hook === "commit-msg" && usual) {
    const commit = headFromFiles(commonDir);
    const recorded = commit === undefined ? undefined : recordedReads(readCache(commonDir, HEAD_READS), commit);
    if (commit !== undefined && recorded !== undefined) {
      return {
        reader: {
          read: async (name) => {
            if (!Object.hasOwn(recorded, name))
              return objects.read(AT_HEAD.test(name) ? `${commit}${name.slice(4)}` : name);
            const o = recorded[name];
            if (o === null || o === undefined) return null;
            const content = Buffer.from(o[2], "base64");
            return { oid: o[0], type: o[1], size: content.length, content };
          },
        },
        head: async () => commit,
        done: async () => {},
      };
    }
  }
  const objectsRead: Record<string, Recorded> = {};
  let head: Promise<GitObject | null> | undefined;
  const resolveHead = async () => {
    head ??= objects.read("HEAD");
    return head.catch(() => null);
  };
  return {
    reader: {
      read: async (name) => {
        // HEAD is resolved first, and every name at HEAD is read at that commit: a checkout
        // between two reads (another process moving HEAD) must not pair one commit's id with
        // another's policy, nor make this hook read two commits.
        const commit = await resolveHead();
        const at = commit?.type === "commit" && AT_HEAD.test(name) ? `${commit.oid}${name.slice(4)}` : name;
        const o = await objects.read(at);
        objectsRead[name] = o === null ? null : [o.oid, o.type, o.content.toString("base64")];
        return o;
      },
    },
    head: async () => {
      const commit = await resolveHead();
      return commit?.type === "commit" ? commit.oid : undefined;
    },
    done: async () => {
      if (hook !== "pre-commit" || !usual) return;
      const commit = await head?.catch(() => null);
      if (commit?.type === "commit")
        writeCache(commonDir, HEAD_READS, JSON.stringify({ commit: commit.oid, objects: objectsRead }));
    },
  };
}

/** A name read at HEAD: HEAD itself, a path in it (`HEAD:x`), its tree or parents (`HEAD^{tree}`, `HEAD~1`). */
const AT_HEAD = /^HEAD(?=$|[:^~])/;

/** An object as git's cat-file gave it (id, type, content in base64), or null: it does not exist. */
type Recorded = [oid: string, type: GitObject["type"], content: string] | null;
const TYPES = new Set(["blob", "tree", "commit", "tag"]);

/** The recorded objects when `text` is a record for `commit` (else undefined: git is asked). */
function recordedReads(text: string | undefined, commit: string): Record<string, Recorded> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { commit?: unknown; objects?: unknown };
    if (value.commit !== commit || typeof value.objects !== "object" || value.objects === null) return undefined;
    const objects = value.objects as Record<string, unknown>;
    const valid = (v: unknown) =>
      v === null ||
      (Array.isArray(v) &&
        v.length === 3 &&
        typeof v[0] === "string" &&
        TYPES.has(v[1] as string) &&
        typeof v[2] === "string");
    return Object.values(objects).every(valid) ? (objects as Record<string, Recorded>) : undefined;
  } catch {
    return undefined;
  }
}
