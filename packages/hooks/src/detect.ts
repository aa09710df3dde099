import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { getHeadCommit, git } from "@rampart/core/git";

export type PackageManager = "npm" | "pnpm" | "yarn-classic" | "yarn-berry";
export type OtherHookManager = "lefthook" | "simple-git-hooks" | "pre-commit" | "husky-v4" | "git-hooks";

export interface ProjectInfo {
  /** Absolute top level of the working tree. */
  gitRoot: string;
  /** Absolute directory of the package.json rampart manages (the nearest one from cwd). */
  pkgDir: string;
  /** pkgDir relative to gitRoot, forward slashes, "." at the root. */
  pkgRel: string;
  packageManager: PackageManager;
  /** Version from `packageManager` in package.json, when it names one. */
  packageManagerVersion: string | undefined;
  workspaces: boolean;
  /** A husky 5+ setup exists (.husky/ folder or husky in devDependencies). */
  husky: boolean;
  /** Hook managers rampart would take over from (husky switches core.hooksPath away from them). */
  otherManagers: OtherHookManager[];
  /** core.hooksPath as configured before rampart, if any. */
  hooksPath: string | undefined;
  ci: { github: boolean; gitlab: boolean };
  renovate: boolean;
  defaultBranch: string;
  /** HEAD's commit when init runs (null in an empty repository). */
  head: string | null;
  /** The recent history's commit messages (non-merge, up to 100): how many follow Conventional Commits. */
  conventional: { examined: number; passing: number };
}

/** Reads the repository and its package.json; throws when there is no package.json to manage. */
export async function detectProject(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ProjectInfo> {
  const gitRoot = (await git(["rev-parse", "--show-toplevel"], options)).stdout.trim();
  const pkgDir = findPackageDir(options.cwd, gitRoot);
  const pkg = readJson(join(pkgDir, "package.json"));
  const pm = detectPackageManager(pkgDir, gitRoot, pkg);
  const hooksPath = await gitConfig(["core.hooksPath"], options);
  return {
    gitRoot,
    pkgDir,
    pkgRel: toPosix(relative(gitRoot, pkgDir)) || ".",
    packageManager: pm.name,
    packageManagerVersion: pm.version,
    workspaces: pkg.workspaces !== undefined || existsSync(join(pkgDir, "pnpm-workspace.yaml")),
    husky: existsSync(join(pkgDir, ".husky")) || hasDep(pkg, "husky"),
    otherManagers: detectOtherManagers(pkgDir, gitRoot, pkg, hooksPath),
    hooksPath,
    ci: {
      github: existsSync(join(gitRoot, ".github", "workflows")),
      gitlab: existsSync(join(gitRoot, ".gitlab-ci.yml")),
    },
    renovate: ["renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".github/renovate.json"].some(
      (f) => existsSync(join(gitRoot, f)),
    ),
    defaultBranch: await detectDefaultBranch(options),
    head: await getHeadCommit(options),
    conventional: await conventionalShare(options),
  };
}

function findPackageDir(cwd: string, gitRoot: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dir === gitRoot || dirname(dir) === dir) break;
  }
  throw new RampartError("HOOKS_NO_PACKAGE_JSON", `no package.json between ${cwd} and the repository root`, {
    hint: "run `npm init -y` (or your package manager's init) first, or run rampart init in the folder that has package.json",
  });
}

type Json = Record<string, unknown>;

export function readJson(file: string): Json {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not a JSON object");
    return value as Json;
  } catch (error) {
    throw new RampartError("HOOKS_BAD_JSON", `${file} is not a valid JSON object: ${(error as Error).message}`, {
      hint: "fix the file (a trailing comma or a stray character is the usual cause) and run again",
      file,
      cause: error,
    });
  }
}

function hasDep(pkg: Json, name: string): boolean {
  return ["dependencies", "devDependencies"].some((k) => {
    const deps = pkg[k];
    return typeof deps === "object" && deps !== null && name in deps;
  });
}

function detectPackageManager(pkgDir: string, gitRoot: string, pkg: Json): { name: PackageManager; version?: string } {
  const declared = typeof pkg.packageManager === "string" ? pkg.packageManager : "";
  const [, tool, version] = /^(npm|pnpm|yarn)@(\d[^+]*)/.exec(declared) ?? [];
  if (tool === "yarn") return { name: Number(version?.split(".")[0]) >= 2 ? "yarn-berry" : "yarn-classic", version };
  if (tool === "npm" || tool === "pnpm") return { name: tool, version };
  // Lockfiles, from the package up to the root: a workspace member has its lockfile above it.
  for (let dir = pkgDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-lock.yaml")) || existsSync(join(dir, "pnpm-workspace.yaml")))
      return { name: "pnpm" };
    if (existsSync(join(dir, "yarn.lock"))) {
      const berry =
        existsSync(join(dir, ".yarnrc.yml")) || readFileSync(join(dir, "yarn.lock"), "utf8").includes("__metadata:");
      return { name: berry ? "yarn-berry" : "yarn-classic" };
    }
    if (existsSync(join(dir, "package-lock.json")) || existsSync(join(dir, "npm-shrinkwrap.json")))
      return { name: "npm" };
    if (dir === gitRoot || dirname(dir) === dir) return { name: "npm" };
  }
}

function detectOtherManagers(pkgDir: string, gitRoot: string, pkg: Json, hooksPath?: string): OtherHookManager[] {
  const found = new Set<OtherHookManager>();
  const at = (...names: string[]) => names.some((n) => existsSync(join(pkgDir, n)) || existsSync(join(gitRoot, n)));
  if (
    at("lefthook.yml", ".lefthook.yml", "lefthook.yaml", "lefthook.json", "lefthook.toml") ||
    hasDep(pkg, "lefthook")
  ) {
    found.add("lefthook");
  }
  if (
    pkg["simple-git-hooks"] !== undefined ||
    at(".simple-git-hooks.json", ".simple-git-hooks.cjs", "simple-git-hooks.json")
  ) {
    found.add("simple-git-hooks");
  }
  if (at(".pre-commit-config.yaml")) found.add("pre-commit");
  if (typeof pkg.husky === "object" && pkg.husky !== null) found.add("husky-v4");
  if (hooksPath === undefined && hasOwnGitHooks(gitRoot)) found.add("git-hooks");
  return [...found];
}

/**
 * The commands simple-git-hooks runs, by git hook name, from package.json's "simple-git-hooks" or
 * a JSON config file (a .cjs/.js config is code rampart does not run: empty).
 */
export function simpleGitHooksCommands(pkgDir: string, gitRoot: string): Record<string, string> {
  const fromPackage = (() => {
    try {
      return (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as Json)["simple-git-hooks"];
    } catch {
      return undefined;
    }
  })();
  let config: unknown = fromPackage;
  for (const dir of new Set([pkgDir, gitRoot])) {
    for (const name of [".simple-git-hooks.json", "simple-git-hooks.json"]) {
      if (config !== undefined || !existsSync(join(dir, name))) continue;
      try {
        config = JSON.parse(readFileSync(join(dir, name), "utf8"));
      } catch {}
    }
  }
  if (config === null || typeof config !== "object" || Array.isArray(config)) return {};
  return Object.fromEntries(
    Object.entries(config as Json).filter(
      (e): e is [string, string] => /^[a-z][a-z-]*$/.test(e[0]) && typeof e[1] === "string" && e[1].trim() !== "",
    ),
  );
}

/** simple-git-hooks' commands, by hook name, when init takes over from it (--force). */
export function carriedHooks(project: ProjectInfo, force: boolean): Record<string, string> {
  if (!force || !project.otherManagers.includes("simple-git-hooks")) return {};
  return simpleGitHooksCommands(project.pkgDir, project.gitRoot);
}

/** Hand-written hooks in .git/hooks: husky's core.hooksPath would silently stop them running. */
function hasOwnGitHooks(gitRoot: string): boolean {
  const dir = join(gitRoot, ".git", "hooks");
  if (!existsSync(dir)) return false;
  try {
    return readdirSync(dir).some((f) => !f.endsWith(".sample"));
  } catch {
    return false;
  }
}

async function gitConfig(
  key: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<string | undefined> {
  const r = await git(["config", "--get", ...key], { ...options, okExitCodes: [1] });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * The branch to protect: the remote's default (origin/HEAD), else the usual names where they
 * exist (origin/main, origin/master, main, master), else git's init.defaultBranch, else main.
 * Never merely the branch checked out: init is often run on a feature branch.
 */
async function detectDefaultBranch(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  const remote = await git(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"], {
    ...options,
    okExitCodes: [1, 128],
  });
  if (remote.exitCode === 0 && remote.stdout.trim() !== "") return remote.stdout.trim().replace(/^origin\//, "");
  for (const ref of [
    "refs/remotes/origin/main",
    "refs/remotes/origin/master",
    "refs/heads/main",
    "refs/heads/master",
  ]) {
    const r = await git(["rev-parse", "--verify", "--quiet", ref], { ...options, okExitCodes: [1, 128] });
    if (r.exitCode === 0) return ref.replace(/^refs\/(remotes\/origin|heads)\//, "");
  }
  const configured = await gitConfig(["init.defaultBranch"], options);
  return configured !== undefined && /^[\w.-]+$/.test(configured) ? configured : "main";
}

/**
 * What @commitlint/config-conventional's header rules would say of the last 100 non-merge
 * subjects: a known type, optional scope and `!`, ": ", a subject not ending in ".", header <= 100
 * characters, type and subject not upper/sentence/start/pascal case where the config forbids it
 * (the usual failures of a history that does not follow the convention).
 */
export const CONVENTIONAL_HEADER =
  /^(build|chore|ci|docs|feat|fix|perf|refactor|revert|style|test)(\([^()\r\n]*\))?!?: (?![A-Z][a-z]*[A-Z])(?![A-Z][a-z]+( |$))\S.*(?<!\.)$/;

async function conventionalShare(options: {
  cwd: string;
  env?: NodeJS.ProcessEnv;
}): Promise<{ examined: number; passing: number }> {
  const r = await git(["log", "-n", "100", "--no-merges", "--format=%s"], { ...options, okExitCodes: [128] });
  const subjects = r.exitCode === 0 ? r.stdout.split("\n").filter((l) => l.trim() !== "") : [];
  const passing = subjects.filter((s) => s.length <= 100 && CONVENTIONAL_HEADER.test(s)).length;
  return { examined: subjects.length, passing };
}

export function toPosix(path: string): string {
  return path.split(sep).join("/");
}
