import { lstatSync, readdirSync } from "node:fs";
import { isAbsolute, join, posix, relative, resolve } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { readFileSafe, removeSafe, writeFileSafe } from "@rampart/core/fs";
import { git } from "@rampart/core/git";
import { removeIgnorePaths } from "./cspell.js";
import { removeGitlabInclude } from "./gitlab.js";
import { removeBlock } from "./hook-block.js";
import { MANIFEST_PATH, type Manifest, readManifest, sha256 } from "./manifest.js";
import { unmergePackageJson } from "./package-json.js";
import { unmergePnpmWorkspace } from "./pnpm-workspace.js";

export interface UninstallStep {
  path: string;
  action: "removed" | "restored" | "edited" | "kept";
  reason?: string;
}

/** One change uninstall makes: every one is worked out (and every file read) before the first. */
interface Undo {
  step: UninstallStep;
  /** New content, null to remove the file, undefined to leave it. */
  content?: string | null;
}

/**
 * Removes what init added, as recorded in the manifest, and restores what it replaced. A file
 * rampart wrote that was edited since is kept (it is the user's now) unless `force`.
 * The manifest is repository content: its paths are checked (relative, inside the repository),
 * nothing is read or written through a symlink, and every file is read and every change worked
 * out before the first is made, so a refusal leaves the repository as it was.
 */
export async function uninstall(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  force?: boolean;
}): Promise<UninstallStep[]> {
  const gitRoot = (await git(["rev-parse", "--show-toplevel"], options)).stdout.trim();
  const manifest = readManifest(gitRoot);
  if (!manifest) {
    throw new RampartError(
      "HOOKS_NOT_INSTALLED",
      `no ${MANIFEST_PATH} here: there is nothing rampart installed to remove`,
      {
        hint: "run this in the repository where `rampart init` ran",
      },
    );
  }
  const read = (path: string) => readFileSafe(path, { root: gitRoot });
  const undos: Undo[] = [];
  for (const [path, entry] of Object.entries(manifest.hooks)) {
    const text = read(path);
    if (text === null) continue;
    const rest = removeBlock(text);
    undos.push(
      entry.created && (rest === null || rest === entry.carried)
        ? { step: { path, action: "removed" }, content: null }
        : { step: { path, action: "edited", reason: "rampart's block removed" }, content: rest ?? "" },
    );
  }
  for (const [path, entry] of Object.entries(manifest.files)) {
    const undo = undoFile(read(path), path, entry, options.force);
    if (undo) undos.push(undo);
  }
  undos.push(...undoMerges(manifest, read));
  const huskyDir = removableHuskyDir(manifest);
  if (huskyDir !== undefined) read(`${huskyDir}/_/h`); // refuses a symlinked hook folder before any change
  const state = await stateDir(gitRoot, options);

  const steps: UninstallStep[] = [];
  for (const { step, content } of undos) {
    if (content === null) {
      removeSafe(step.path, { root: gitRoot });
      removeIfEmpty(gitRoot, posix.dirname(step.path));
    } else if (content !== undefined) writeFileSafe(step.path, content, { root: gitRoot });
    steps.push(step);
  }
  await restoreHooksPath(gitRoot, manifest, options);
  if (huskyDir !== undefined) {
    removeSafe(`${huskyDir}/_`, { root: gitRoot, recursive: true });
    removeIfEmpty(gitRoot, huskyDir);
  }
  removeSafe(MANIFEST_PATH, { root: gitRoot });
  steps.push({ path: MANIFEST_PATH, action: "removed" });
  removeIfEmpty(gitRoot, ".rampart");
  if (state !== undefined) {
    if (state.symlink)
      steps.push({ path: state.shown, action: "kept", reason: "a symlink: not followed; remove it yourself" });
    else {
      try {
        removeSafe("rampart", { root: state.commonDir, recursive: true });
        steps.push({
          path: state.shown,
          action: "removed",
          reason: "rampart's caches and the hooks' startup snapshot",
        });
      } catch (error) {
        // The repository's own changes are made: what is left here is caches, said, not an error.
        const why = error instanceof RampartError ? error.message : String((error as Error)?.message ?? error);
        steps.push({ path: state.shown, action: "kept", reason: `could not remove it (${why}); remove it yourself` });
      }
    }
  }
  return steps;
}

/**
 * rampart's folder in git's common dir (`.git/rampart`: the hooks' startup snapshot, the policy,
 * commitlint and signature caches), when there is one: nothing in it is the user's, and a blob
 * left there is code no hook line runs any more. A symlink there is never followed (nor removed:
 * rampart did not make it).
 */
async function stateDir(
  gitRoot: string,
  options: { env?: NodeJS.ProcessEnv },
): Promise<{ commonDir: string; shown: string; symlink: boolean } | undefined> {
  const out = (await git(["rev-parse", "--git-common-dir"], { cwd: gitRoot, env: options.env })).stdout.trim();
  const commonDir = resolve(gitRoot, out);
  const stats = lstatSync(join(commonDir, "rampart"), { throwIfNoEntry: false });
  if (stats === undefined) return undefined;
  const rel = relative(gitRoot, join(commonDir, "rampart"));
  const shown = rel.startsWith("..") || isAbsolute(rel) ? join(commonDir, "rampart") : rel.split("\\").join("/");
  return { commonDir, shown, symlink: stats.isSymbolicLink() };
}

function undoFile(
  text: string | null,
  path: string,
  entry: Manifest["files"][string],
  force?: boolean,
): Undo | undefined {
  if (text === null) return undefined;
  if (sha256(text) !== entry.sha256 && !force) {
    return { step: { path, action: "kept", reason: "edited since init; remove it yourself or use --force" } };
  }
  if (entry.replaced !== undefined) {
    return { step: { path, action: "restored", reason: "the version init --force replaced" }, content: entry.replaced };
  }
  return { step: { path, action: "removed" }, content: null };
}

function undoMerges(manifest: Manifest, read: (path: string) => string | null): Undo[] {
  const undos: Undo[] = [];
  const pkg = manifest.packageJson;
  const pkgText = pkg ? read(pkg.path) : null;
  if (pkg && pkgText !== null) {
    undos.push({
      step: { path: pkg.path, action: "edited", reason: "rampart's devDependencies and prepare script removed" },
      content: parsed(pkg.path, () => unmergePackageJson(pkgText, pkg.edits)),
    });
  }
  const gitlab = manifest.gitlabInclude ? read(".gitlab-ci.yml") : null;
  if (gitlab !== null) {
    undos.push({
      step: { path: ".gitlab-ci.yml", action: "edited", reason: "rampart's include removed" },
      content: parsed(".gitlab-ci.yml", () => removeGitlabInclude(gitlab)),
    });
  }
  const cspell = manifest.cspell;
  const cspellText = cspell ? read(cspell.path) : null;
  if (cspell && cspellText !== null) {
    const format = /\.ya?ml$/.test(cspell.path) ? "yaml" : "json";
    undos.push({
      step: {
        path: cspell.path,
        action: "edited",
        reason: "rampart's files removed from the spell checker's ignorePaths",
      },
      content: removeIgnorePaths(cspellText, { ...cspell, format }, cspell.added, cspell.createdKey),
    });
  }
  const pnpm = manifest.pnpmWorkspace;
  const pnpmText = pnpm ? read(pnpm.path) : null;
  if (pnpm && pnpmText !== null) {
    const rest = parsed(pnpm.path, () => unmergePnpmWorkspace(pnpmText, pnpm.added));
    undos.push(
      pnpm.created && rest.replace(/#.*$/gm, "").trim() === "{}"
        ? { step: { path: pnpm.path, action: "removed" }, content: null }
        : { step: { path: pnpm.path, action: "edited", reason: "rampart's settings removed" }, content: rest },
    );
  }
  return undos;
}

/** A file rampart merged into that no longer parses is the user's to fix: one error naming it. */
function parsed(path: string, undo: () => string): string {
  try {
    return undo();
  } catch (error) {
    throw new RampartError("HOOKS_BAD_JSON", `cannot remove rampart's entries: the file does not parse`, {
      file: path,
      hint: "fix the file (or restore it from git) and run `rampart hooks uninstall` again",
      cause: error,
    });
  }
}

async function restoreHooksPath(
  gitRoot: string,
  manifest: Manifest,
  options: { env?: NodeJS.ProcessEnv },
): Promise<void> {
  const opts = { cwd: gitRoot, env: options.env };
  if (manifest.hooksPathBefore !== null) {
    await git(["config", "core.hooksPath", manifest.hooksPathBefore], opts);
    return;
  }
  await git(["config", "--unset", "core.hooksPath"], { ...opts, okExitCodes: [5] });
}

/** husky's generated `_` folder goes when rampart created every hook; an existing husky setup keeps it. */
function removableHuskyDir(manifest: Manifest): string | undefined {
  const hooks = Object.entries(manifest.hooks);
  if (hooks.length === 0 || !hooks.every(([, h]) => h.created)) return undefined;
  return posix.dirname(hooks[0]?.[0] ?? ".husky/x");
}

/** Removes a folder inside the repository that is left empty (never the repository itself). */
function removeIfEmpty(gitRoot: string, dir: string): void {
  if (dir === "." || dir === "") return;
  let entries: string[];
  try {
    entries = readdirSync(join(gitRoot, dir));
  } catch {
    return;
  }
  if (entries.length === 0) removeSafe(dir, { root: gitRoot, recursive: true });
}
