import { execFile } from "node:child_process";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { git } from "@rampart/core/git";
import { earlyExit, findBlock } from "./hook-block.js";
import { CONFIG_PATH, readHooksConfig } from "./hooks-config.js";
import { MANIFEST_PATH, type Manifest, readManifest, sha256 } from "./manifest.js";
import { SAVED_INDEX_PATH, savedIndexLeft } from "./saved-index.js";

const run = promisify(execFile);

export interface StatusCheck {
  name: string;
  ok: boolean;
  /** What was found, one line. */
  detail: string;
  /** The command or step that fixes it, when not ok. */
  fix?: string;
  /** A warning does not fail the doctor (e.g. signing not set up in the minimal profile). */
  warning?: boolean;
}

export interface StatusOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Validates the whole policy (core's loadConfig, when the CLI has it); throws RampartError. */
  validateConfig?: (gitRoot: string) => Promise<void>;
}

/** `rampart hooks status`: every check, in order; the CLI exits 1 when one fails. */
export async function hooksStatus(options: StatusOptions): Promise<{ gitRoot: string; checks: StatusCheck[] }> {
  const gitRoot = (await git(["rev-parse", "--show-toplevel"], options)).stdout.trim();
  const checks: StatusCheck[] = [];
  const manifest = readManifest(gitRoot);
  if (!manifest) {
    checks.push({
      name: "installed",
      ok: false,
      detail: `no ${MANIFEST_PATH}: rampart's hooks are not installed here`,
      fix: "npx --no-install rampart init",
    });
    return { gitRoot, checks };
  }
  checks.push(...hookChecks(gitRoot, manifest));
  checks.push(await hooksPathCheck(gitRoot, manifest, options));
  checks.push(await configCheck(gitRoot, options));
  checks.push(...(await toolChecks(gitRoot, manifest, options)));
  checks.push(await signingCheck(options));
  checks.push(snapshotCheck(gitRoot));
  checks.push(savedIndexCheck(gitRoot));
  checks.push(...ciPinChecks(gitRoot, manifest));
  return { gitRoot, checks };
}

function hookChecks(gitRoot: string, manifest: Manifest): StatusCheck[] {
  return Object.entries(manifest.hooks).map(([path, want]) => {
    const name = `hook ${path}`;
    const file = join(gitRoot, path);
    if (!existsSync(file)) return { name, ok: false, detail: "missing", fix: "npx --no-install rampart hooks install" };
    const text = readFileSync(file, "utf8");
    const found = findBlock(text);
    if (!found)
      return {
        name,
        ok: false,
        detail: "rampart's block was removed or replaced",
        fix: `npx --no-install rampart hooks install (then review ${path})`,
      };
    if (sha256(found.block) !== want.sha256) {
      return {
        name,
        ok: false,
        detail: "rampart's block was modified (digest differs from the manifest)",
        fix: "npx --no-install rampart hooks install",
      };
    }
    const exit = earlyExit(text);
    if (exit !== undefined)
      return {
        name,
        ok: false,
        detail: `\`${exit.trim()}\` before rampart's block skips it`,
        fix: `remove that line from ${path}`,
      };
    return { name, ok: true, detail: "installed, unmodified" };
  });
}

async function hooksPathCheck(gitRoot: string, manifest: Manifest, options: StatusOptions): Promise<StatusCheck> {
  const name = "core.hooksPath";
  const hookDir = Object.keys(manifest.hooks)[0]?.replace(/\/[^/]+$/, "") ?? ".husky";
  const r = await git(["config", "--get", "core.hooksPath"], { ...options, okExitCodes: [1] });
  const value = r.stdout.trim();
  const fix = "npx --no-install rampart hooks install";
  if (r.exitCode !== 0) return { name, ok: false, detail: "not set: git runs .git/hooks, not rampart's", fix };
  const relativeOk = value === `${hookDir}/_` || value === `${hookDir}/_/`;
  if (!relativeOk && value.endsWith(`/${hookDir}/_`))
    return {
      name,
      ok: false,
      detail: `${value} is absolute: the hooks stop when the repository is moved, copied or mounted elsewhere`,
      fix,
    };
  if (!relativeOk) return { name, ok: false, detail: `redirected to ${value}`, fix };
  const wrapper = join(gitRoot, hookDir, "_", "h");
  if (!existsSync(wrapper)) {
    return {
      name,
      ok: false,
      detail: `${value} has no husky wrappers in this worktree, so no hook runs`,
      fix: "run your package manager's install here (its prepare script runs husky), or npx --no-install rampart hooks install",
    };
  }
  return { name, ok: true, detail: value };
}

async function configCheck(gitRoot: string, options: StatusOptions): Promise<StatusCheck> {
  const name = "config";
  if (!existsSync(join(gitRoot, CONFIG_PATH)))
    return { name, ok: false, detail: `${CONFIG_PATH} is missing`, fix: "npx --no-install rampart init" };
  try {
    readHooksConfig(gitRoot);
    await options.validateConfig?.(gitRoot);
    return { name, ok: true, detail: `${CONFIG_PATH} is valid` };
  } catch (error) {
    const e = error as { message: string; hint?: string };
    return { name, ok: false, detail: e.message, fix: e.hint ?? `fix ${CONFIG_PATH}` };
  }
}

/** Node and the rampart bin as a hook sees them: a hook's PATH, from the git root. */
async function toolChecks(gitRoot: string, manifest: Manifest, options: StatusOptions): Promise<StatusCheck[]> {
  const pkgDir = manifest.packageJson?.path.replace(/\/?package\.json$/, "") || ".";
  const bin = `${pkgDir === "." ? "" : `${pkgDir}/`}node_modules/rampart/bin/rampart.js`;
  const env = options.env ?? process.env;
  const node = await run("sh", ["-c", "command -v node && node --version"], { cwd: gitRoot, env }).catch(
    () => undefined,
  );
  const checks: StatusCheck[] = [
    node
      ? { name: "node", ok: true, detail: node.stdout.trim().replace(/\n/, " ") }
      : {
          name: "node",
          ok: false,
          detail: "node is not on the PATH git hooks get",
          fix: "put Node's bin folder (or nvm's init) in ~/.config/husky/init.sh",
        },
    existsSync(join(gitRoot, bin))
      ? { name: "rampart bin", ok: true, detail: bin }
      : {
          name: "rampart bin",
          ok: false,
          detail: `${bin} is missing`,
          fix: "install the project's dependencies (npm install / pnpm install / yarn)",
        },
  ];
  if (existsSync(join(gitRoot, pkgDir, "pnpm-lock.yaml"))) {
    const pnpm = await run("sh", ["-c", "pnpm --version"], { cwd: gitRoot, env }).catch(() => undefined);
    checks.push(
      pnpm
        ? { name: "pnpm", ok: true, detail: pnpm.stdout.trim() }
        : {
            name: "pnpm",
            ok: false,
            warning: true,
            detail: "pnpm is not on the hooks' PATH",
            fix: "npm install -g pnpm, or corepack enable",
          },
    );
  }
  return checks;
}

/** The CI files init writes, and how each names the rampart it installs. */
const CI_FILES = [".github/workflows/rampart.yml", ".gitlab/rampart.gitlab-ci.yml"];

/**
 * CI installs rampart from the registry at the version its workflow pins (never the checkout's
 * node_modules/.bin, which the change under review controls). Renovate and Dependabot bump the
 * devDependency, not that line: say when the two disagree, and when a workflow from an older
 * init still runs the checkout's copy. Warnings: CI still runs its checks either way.
 */
function ciPinChecks(gitRoot: string, manifest: Manifest): StatusCheck[] {
  const pkgDir = manifest.packageJson?.path.replace(/\/?package\.json$/, "") || ".";
  const installed = installedVersion(join(gitRoot, pkgDir, "node_modules", "rampart", "package.json"));
  const checks: StatusCheck[] = [];
  for (const file of CI_FILES) {
    const text = readIfExists(join(gitRoot, file));
    if (text === undefined) continue;
    const name = `CI ${file}`;
    const pins = [...new Set([...text.matchAll(/\srampart@([\w.+-]+)/g)].map((m) => m[1] ?? ""))];
    if (pins.length === 0) {
      if (!/node_modules\/\.bin\/rampart/.test(text)) continue;
      checks.push({
        name,
        ok: false,
        warning: true,
        detail: "runs the checkout's node_modules/.bin/rampart, which the change under review can replace",
        fix: `re-run \`npx --no-install rampart init\` and take the ${file} it writes (rampart from the registry at a pinned version)`,
      });
    } else if (installed !== undefined && (pins.length > 1 || pins[0] !== installed)) {
      checks.push({
        name,
        ok: false,
        warning: true,
        detail: `installs rampart@${pins.join(", rampart@")}; the hooks run ${installed}`,
        fix: `set rampart@${installed} in ${file} (Dependabot and Renovate do not edit that line)`,
      });
    } else {
      checks.push({ name, ok: true, detail: `installs rampart@${pins[0]} from the registry` });
    }
  }
  return checks;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function installedVersion(file: string): string | undefined {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  try {
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The hooks' startup snapshot (the CLI's hook-snapshot*.ts; the hook lines look for it in the
 * main worktree's .git/rampart/): a speed-up only, so never a failure; a build that failed is a
 * warning with the builder's error, since the hooks then stay on the slower path.
 */
function snapshotCheck(gitRoot: string): StatusCheck {
  const name = "hook snapshot";
  // The hook lines look in a main worktree's .git folder only: a linked worktree or a submodule
  // (.git a file) never has one, and no commit there builds one.
  if (lstatSync(join(gitRoot, ".git"), { throwIfNoEntry: false })?.isDirectory() !== true)
    return { name, ok: true, detail: "not used here (.git is not a folder: a linked worktree or a submodule)" };
  const dir = join(gitRoot, ".git", "rampart");
  let failed: string | undefined;
  try {
    failed = readFileSync(join(dir, "hook.blob.failed"), "utf8").split("\n")[1]?.trim();
  } catch {
    failed = undefined;
  }
  if (failed !== undefined)
    return {
      name,
      ok: false,
      warning: true,
      detail: `could not be built (${failed || "no reason recorded"}): the hooks run without it`,
      fix: "remove .git/rampart/hook.blob.failed to have the next commit try again (RAMPART_SNAPSHOT=0 turns it off)",
    };
  const blob = lstatSync(join(dir, "hook.blob"), { throwIfNoEntry: false });
  if (blob !== undefined && existsSync(join(dir, "hook.blob.json"))) {
    // The hook lines start Node from the blob only when it and its folder are the user's, neither is
    // a link, and it has its builder's mark: 04600 (the set-user-ID bit, which any write clears).
    const folder = lstatSync(dir);
    const uid = process.geteuid?.();
    const mine = (st: typeof blob): boolean => !st.isSymbolicLink() && (uid === undefined || st.uid === uid);
    if (!mine(blob) || !mine(folder) || (blob.mode & 0o4077) !== 0o4000 || (folder.mode & 0o077) !== 0)
      return {
        name,
        ok: true,
        detail:
          "not used: .git/rampart/hook.blob lacks its builder's mark (04600 in a 0700 folder, yours): the next commit rebuilds it",
      };
    return { name, ok: true, detail: ".git/rampart/hook.blob (used while current; a stale one is rebuilt)" };
  }
  return { name, ok: true, detail: "none yet: the next commit builds one in the background" };
}

/** A pre-commit killed while lint-staged's tasks ran left what was staged in .git/rampart (saved-index.ts). */
function savedIndexCheck(gitRoot: string): StatusCheck {
  const name = "interrupted pre-commit";
  const gitDir = join(gitRoot, ".git");
  if (lstatSync(gitDir, { throwIfNoEntry: false })?.isDirectory() !== true || !savedIndexLeft(gitDir))
    return { name, ok: true, detail: "none" };
  return {
    name,
    ok: false,
    detail: `a pre-commit was stopped while lint-staged's tasks ran: the index from before them is kept in ${SAVED_INDEX_PATH}`,
    fix: `npx --no-install rampart hooks restore-index (puts it back; tracked files changed since are kept, --force overwrites them), or rm ${SAVED_INDEX_PATH} to keep things as they are`,
  };
}

async function signingCheck(options: StatusOptions): Promise<StatusCheck> {
  const get = async (key: string) =>
    (await git(["config", "--get", key], { ...options, okExitCodes: [1] })).stdout.trim();
  const key = await get("user.signingkey");
  const sign = await get("commit.gpgsign");
  if (key !== "" && sign === "true")
    return { name: "signing", ok: true, detail: `commits are signed (${(await get("gpg.format")) || "openpgp"})` };
  return {
    name: "signing",
    ok: false,
    warning: true,
    detail: key === "" ? "no signing key configured" : "commit.gpgsign is not true: commits are not signed by default",
    fix: "npx --no-install rampart signatures setup --generate (or --key ~/.ssh/your_key), then npx --no-install rampart signatures add <your email> <key.pub> if .rampart/allowed_signers lacks your key",
  };
}
