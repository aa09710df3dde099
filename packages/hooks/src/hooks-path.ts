import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { getGitDir, git } from "@rampart/core";

/** The wrapper husky 9 writes for each hook in `.husky/_`. */
const HUSKY_WRAPPER = '#!/usr/bin/env sh\n. "$(dirname "$0")/h"';
const RAMPART_HOOKS = ["pre-commit", "commit-msg", "pre-push"];

/**
 * Keeps husky's hook folder working for rampart, after every install husky does:
 * - husky sets core.hooksPath to a relative `.husky/_`, and `_` is git-ignored: a new linked
 *   worktree has no `.husky/_` until someone installs there, so git silently runs no hook at all.
 *   core.hooksPath is shared by every worktree, so pointing it at the main worktree's `.husky/_`
 *   makes hooks run everywhere (and, without node_modules, fail closed with the fix). Submodules
 *   keep the relative path: their hooks run from their own working tree.
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
  if (isAbsolute(value)) {
    announceHuskySkip(value);
    return undefined;
  }
  const { commonDir } = await getGitDir(options);
  if (basename(commonDir) !== ".git") return undefined;
  const absolute = join(dirname(commonDir), value);
  if (!existsSync(join(absolute, "h"))) return undefined;
  announceHuskySkip(absolute);
  await git(["config", "core.hooksPath", absolute], options);
  return absolute;
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

function announceHuskySkip(dir: string): void {
  for (const hook of RAMPART_HOOKS) {
    const file = join(dir, hook);
    try {
      if (readFileSync(file, "utf8").trim() !== HUSKY_WRAPPER) continue;
      const warn = `[ "\${HUSKY-}" = "0" ] && echo "rampart: HUSKY=0 is set: ${hook} checks SKIPPED (CI runs them again)" >&2`;
      writeFileSync(file, `#!/usr/bin/env sh\n${warn}\n. "$(dirname "$0")/h"\n`, { mode: 0o755 });
    } catch {
      // Not there (husky not installed yet): nothing to announce through.
    }
  }
}
