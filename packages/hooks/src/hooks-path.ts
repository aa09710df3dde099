import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, sep } from "node:path";
import { mkdirSafe, readFileSafe, writeFileSafe } from "@rampart/core/fs";
import { getGitDir, git } from "@rampart/core/git";

/** The wrapper husky 9 writes for each hook in `.husky/_`. */
const HUSKY_WRAPPER = '#!/usr/bin/env sh\n. "$(dirname "$0")/h"';
const RAMPART_HOOKS = ["pre-commit", "commit-msg", "pre-push"];

/**
 * Keeps husky's hook folder working for rampart, after every install husky does:
 * - core.hooksPath stays relative (`.husky/_`, as husky sets it), so a repository that is moved,
 *   copied, mounted in a container or cloned fresh keeps its hooks. An absolute pin to this
 *   repository's own `.husky/_` (what rampart before 0.2 wrote, or a moved copy of it) is turned
 *   back into the relative path.
 * - `.husky/_` is git-ignored: a linked worktree has none until someone installs there, so git
 *   would run no hook in it. Each run copies husky's generated files into the linked worktrees
 *   that lack them; their hooks then run and, before that worktree's install, fail closed with
 *   "run npm install". (A worktree added after the last hook run elsewhere has no hooks until
 *   its install or the next hook run; `rampart hooks status` there says so.)
 * - husky's wrapper exits silently under HUSKY=0, before rampart's block runs; rampart's lines
 *   in the wrapper say so on stderr (the skip itself stays husky's choice).
 * Returns the core.hooksPath it set, or undefined when that needed no change.
 */
export async function pinHooksPath(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** git's common dir when the caller knows it: the repo's config is then read, not asked for. */
  commonDir?: string;
}): Promise<string | undefined> {
  const value = (options.commonDir ? localHooksPath(options.commonDir) : await askHooksPath(options))?.replace(
    /\/$/,
    "",
  );
  if (value === undefined || !/(^|\/)\.husky\/_$/.test(value)) return undefined;
  const { commonDir } = options.commonDir === undefined ? await getGitDir(options) : { commonDir: options.commonDir };
  // Submodules (common dir under .git/modules) keep their path: their hooks run from their own tree.
  if (basename(commonDir) !== ".git") {
    if (isAbsolute(value)) announceHuskySkip(value, value);
    return undefined;
  }
  const mainRoot = dirname(commonDir);
  let relativeValue = value;
  if (isAbsolute(value)) {
    const rel = ownHuskyDir(mainRoot, value);
    if (rel === undefined) {
      announceHuskySkip(value, value); // someone else's absolute path: theirs to keep
      return undefined;
    }
    relativeValue = rel;
  }
  const mainDir = join(mainRoot, relativeValue);
  if (existsSync(join(mainDir, "h"))) {
    announceHuskySkip(mainDir, mainRoot);
    copyToLinkedWorktrees(commonDir, mainDir, relativeValue);
  }
  if (relativeValue === value) return undefined;
  await git(["config", "core.hooksPath", relativeValue], options);
  return relativeValue;
}

/**
 * The relative husky folder an absolute `.../.husky/_` stands for in this repository: the path
 * below the main worktree, or (a moved repository) the longest tail of it that exists here.
 */
function ownHuskyDir(mainRoot: string, value: string): string | undefined {
  const rel = relative(mainRoot, value);
  if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) return rel.split(sep).join("/");
  const parts = value.split(/[\\/]/).filter((p) => p !== "");
  for (let i = 0; i <= parts.length - 2; i++) {
    const tail = parts.slice(i).join("/");
    if (existsSync(join(mainRoot, tail, "h")) || existsSync(join(mainRoot, dirname(tail)))) {
      if (!parts.slice(i).includes("..")) return tail;
    }
  }
  return undefined;
}

/** Copies husky's generated folder into each linked worktree that has the hooks but not the folder. */
function copyToLinkedWorktrees(commonDir: string, mainDir: string, rel: string): void {
  let names: string[];
  try {
    names = readdirSync(join(commonDir, "worktrees"));
  } catch {
    return; // no linked worktree: the usual case, one failed readdir
  }
  for (const name of names) {
    try {
      const gitFile = readFileSync(join(commonDir, "worktrees", name, "gitdir"), "utf8").trim();
      const root = dirname(gitFile);
      const target = join(root, rel);
      // Only where the worktree has the hook folder itself (tracked) and no `_` yet; the safe
      // writes refuse a symlink anywhere below the worktree's root.
      if (!existsSync(dirname(target)) || existsSync(target)) continue;
      mkdirSafe(rel, { root });
      for (const entry of readdirSync(mainDir, { withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const from = join(mainDir, entry.name);
        writeFileSafe(`${rel}/${entry.name}`, readFileSync(from), { root, mode: statSync(from).mode & 0o777 });
      }
    } catch {
      // A worktree that is gone or unwritable: best effort, `hooks status` there reports it.
    }
  }
}

async function askHooksPath(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string | undefined> {
  const r = await git(["config", "--get", "core.hooksPath"], { ...options, okExitCodes: [1] });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** core.hooksPath from the repository's own config file (where husky writes it), no git process. */
function localHooksPath(commonDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(commonDir, "config"), "utf8");
  } catch {
    return undefined;
  }
  let inCore = false;
  let found: string | undefined;
  for (const line of text.split("\n")) {
    const section = /^\s*\[([^\]]+)\]/.exec(line);
    if (section) inCore = section[1]?.trim().toLowerCase() === "core";
    const kv = inCore ? /^\s*hookspath\s*=\s*(.*?)\s*$/i.exec(line) : null;
    if (kv) found = kv[1]?.replace(/^"(.*)"$/, "$1");
  }
  return found;
}

/** Edits husky's generated wrappers in `dir`; `root` is the folder from which no symlink is followed. */
function announceHuskySkip(dir: string, root: string): void {
  for (const hook of RAMPART_HOOKS) {
    const file = join(dir, hook);
    try {
      if (readFileSafe(file, { root })?.trim() !== HUSKY_WRAPPER) continue;
      const warn = `[ "\${HUSKY-}" = "0" ] && echo "rampart: HUSKY=0 is set: ${hook} checks SKIPPED (CI runs them again)" >&2`;
      writeFileSafe(file, `#!/usr/bin/env sh\n${warn}\n. "$(dirname "$0")/h"\n`, { root, mode: 0o755 });
    } catch {
      // Not there (husky not installed yet): nothing to announce through.
    }
  }
}
