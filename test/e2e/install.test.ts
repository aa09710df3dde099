import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type GitRepo, gitRepo, runCommand } from "../helpers/src/index.js";
import { allowTarballs as allowTarballsIn, commitSecretRefused as secretRefused, signCommits } from "./adoption.js";
import { fileSpecs, installEnv, must, packOnce, type Tarballs, yarnBerry } from "./tarballs.js";

// rampart as a new user gets it: packed tarballs installed by npm/pnpm/yarn into fresh repos, then
// `npx rampart init --yes`, an install, and real commits and pushes. husky, lint-staged and
// commitlint come from the npm registry (cached between runs).
const SLOW = 300_000;
let tarballs: Tarballs;

beforeAll(async () => {
  tarballs = await packOnce();
}, SLOW);

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A repo whose own commits are signed with a fresh SSH key (so pushes pass the signature policy). */
async function signingRepo(files: Record<string, string>): Promise<GitRepo> {
  const repo = await gitRepo(files);
  await signCommits(repo);
  return repo;
}

const commitSecretRefused = (repo: GitRepo, dir = repo.dir) => secretRefused(repo, dir, installEnv(repo));
const allowTarballs = (repo: GitRepo, dir = repo.dir) => allowTarballsIn(dir, tarballs);

async function cleanCommitAndPush(repo: GitRepo): Promise<void> {
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["add", "-A"]);
  const adopt = await repo.gitResult(["commit", "-m", "chore: adopt rampart"], { env: installEnv(repo) });
  expect(adopt.exitCode, adopt.stderr).toBe(0);
  await repo.git(["checkout", "-qb", "feat/clean"]);
  repo.write("CHANGELOG.md", "# changes\n");
  await repo.git(["add", "CHANGELOG.md"]);
  const clean = await repo.gitResult(["commit", "-m", "docs: changelog"], { env: installEnv(repo) });
  expect(clean.exitCode, clean.stderr).toBe(0);
  await repo.git(["remote", "add", "origin", remote.dir]);
  const push = await repo.gitResult(["push", "origin", "feat/clean"], { env: installEnv(repo) });
  expect(push.exitCode, `${push.stdout}${push.stderr}`).toBe(0);
  const unsigned = await repo.gitResult(
    ["-c", "commit.gpgsign=false", "commit", "--allow-empty", "-m", "chore: unsigned"],
    { env: installEnv(repo) },
  );
  expect(unsigned.exitCode).toBe(0);
  const refused = await repo.gitResult(["push", "origin", "feat/clean"], { env: installEnv(repo) });
  expect(refused.exitCode).not.toBe(0);
  expect(`${refused.stdout}${refused.stderr}`).toContain("signatures/unsigned");
}

describe("installed from the packed tarballs", () => {
  it(
    "npm project: npx rampart init --yes, npm install, commits and pushes",
    async () => {
      const repo = await signingRepo({
        "package.json": json({
          name: "shop",
          version: "1.0.0",
          private: true,
          devDependencies: { rampart: `file:${tarballs.rampart}` },
          overrides: fileSpecs(tarballs),
        }),
        ".gitignore": "node_modules\n",
      });
      await must(repo, "npm", ["install"]);
      // The tarballs (from outside the repository) come in a commit before the adoption: the hooks,
      // as CI, judge an adopting commit by the defaults and accept what HEAD's lockfile held.
      await repo.commit("build: rampart");
      const init = await must(repo, "npx", ["rampart", "init", "--yes"]);
      expect(init).toContain("created       .husky/pre-commit");
      allowTarballs(repo);
      await must(repo, "npm", ["install"]);
      expect(await repo.git(["config", "core.hooksPath"])).toMatch(/\.husky\/_$/);
      await commitSecretRefused(repo);
      const again = await must(repo, "npx", ["rampart", "init", "--yes"]);
      expect(again).toContain("nothing to change");
      await cleanCommitAndPush(repo);
      const status = await runCommand("npx", ["rampart", "hooks", "status"], { cwd: repo.dir, env: installEnv(repo) });
      expect(status.exitCode, status.stdout).toBe(0);
    },
    SLOW,
  );

  it(
    "pnpm monorepo: init in the workspace root, hardening merged, commits checked",
    async () => {
      const repo = await signingRepo({
        "package.json": json({
          name: "mono",
          private: true,
          packageManager: "pnpm@10.34.8",
          devDependencies: { rampart: `file:${tarballs.rampart}` },
        }),
        "pnpm-workspace.yaml": `packages:\n  - packages/*\noverrides:\n${Object.entries(fileSpecs(tarballs))
          .map(([k, v]) => `  "${k}": "${v}"`)
          .join("\n")}\n`,
        "packages/a/package.json": json({ name: "a", version: "1.0.0" }),
        ".gitignore": "node_modules\n",
      });
      await must(repo, "pnpm", ["install"]);
      const dry = await must(repo, "npx", ["rampart", "init", "--yes", "--dry-run"]);
      expect(dry).toContain("+strictDepBuilds: true");
      expect(await repo.git(["status", "--porcelain"])).toBe("?? pnpm-lock.yaml");
      await repo.commit("build: rampart"); // before the adoption, as in the npm project above
      await must(repo, "npx", ["rampart", "init", "--yes"]);
      allowTarballs(repo);
      expect(readFileSync(repo.path("pnpm-workspace.yaml"), "utf8")).toMatch(
        /minimumReleaseAge: 1440[\s\S]*|strictDepBuilds/,
      );
      await must(repo, "pnpm", ["install"]);
      await commitSecretRefused(repo);
      await cleanCommitAndPush(repo);
    },
    SLOW,
  );

  it(
    "yarn berry project (node-modules linker): postinstall activates the hooks",
    async () => {
      const yarn = await yarnBerry("4.18.1");
      if (yarn === undefined) throw new Error("could not obtain yarn berry from the npm registry (@yarnpkg/cli-dist)");
      const repo = await signingRepo({
        "package.json": json({
          name: "berry",
          version: "1.0.0",
          private: true,
          packageManager: "yarn@4.18.1",
          devDependencies: { rampart: `file:${tarballs.rampart}` },
          resolutions: fileSpecs(tarballs),
        }),
        ".yarnrc.yml": "nodeLinker: node-modules\nenableTelemetry: false\n",
        ".gitignore": "node_modules\n.yarn\n",
      });
      await must(repo, process.execPath, [yarn, "install"]);
      await must(repo, process.execPath, [join(repo.dir, "node_modules", ".bin", "rampart"), "init", "--yes"]);
      allowTarballs(repo);
      expect(JSON.parse(readFileSync(repo.path("package.json"), "utf8")).scripts.postinstall).toBe("husky");
      await must(repo, process.execPath, [yarn, "install"]);
      expect(existsSync(repo.path(".husky/_/h"))).toBe(true);
      await commitSecretRefused(repo);
    },
    SLOW,
  );

  it(
    "existing husky setup: extended, the user's hook still runs, uninstall restores it",
    async () => {
      const repo = await signingRepo({
        "package.json": json({
          name: "old",
          version: "1.0.0",
          private: true,
          scripts: { prepare: "husky" },
          devDependencies: { husky: "9.1.7", rampart: `file:${tarballs.rampart}` },
          overrides: fileSpecs(tarballs),
        }),
        ".husky/pre-commit": "echo ran >> .user-hook-ran\n",
        ".gitignore": "node_modules\n.user-hook-ran\n",
      });
      await must(repo, "npm", ["install"]);
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-qm", "chore: lockfile", "--no-verify"]);
      await must(repo, "npx", ["rampart", "init", "--yes"]);
      allowTarballs(repo);
      // rampart's block goes first: nothing the user wrote (husky runs it with sh -e) can skip it.
      expect(readFileSync(repo.path(".husky/pre-commit"), "utf8")).toMatch(
        /^# >>> rampart[\s\S]*# <<< rampart\n\necho ran >> \.user-hook-ran\n$/,
      );
      await must(repo, "npm", ["install"]);
      await commitSecretRefused(repo);
      const clean = await repo.gitResult(["commit", "--allow-empty", "-m", "chore: clean"], { env: installEnv(repo) });
      expect(clean.exitCode, clean.stderr).toBe(0);
      expect(existsSync(repo.path(".user-hook-ran"))).toBe(true);
      const un = await must(repo, "npx", ["rampart", "hooks", "uninstall"]);
      // The policy was edited after init (allowTarballs): it is the user's now, so it stays.
      expect(un).toContain("kept     .rampart/config.yaml  (edited since init");
      // package-lock.json keeps what `npm install` added; everything else rampart wrote is gone.
      const left = (await repo.git(["status", "--porcelain", "-uall"]))
        .split("\n")
        .filter((l) => !l.endsWith("package-lock.json"));
      expect(left).toEqual(["?? .rampart/config.yaml"]);
      expect(readFileSync(repo.path(".husky/pre-commit"), "utf8")).toBe("echo ran >> .user-hook-ran\n");
    },
    SLOW,
  );
});
