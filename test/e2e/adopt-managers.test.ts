import { cpSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../packages/core/src/exit-codes.js";
import { type GitRepo, gitRepo, hasShared, repoRoot, runCli, sharedPath } from "../helpers/src/index.js";
import { commitSecretRefused, gitIn, signCommits } from "./adoption.js";
import { offlineAdvisories, runWorkflow, skipInstalls } from "./ci-runner.js";
import { ciTools, linkTools } from "./linked.js";

// "Done when", per package manager, with the tools linked (tarball-managers.test.ts installs them
// from the registry and packed tarballs): a repository with history and a real lockfile (the
// real-world ones in ../shared when present, else the small ones the package managers wrote in
// packages/lockfile/test/fixtures/changes), `rampart init` with the defaults, then: the commit that
// adopts rampart passes its own hooks; the repository moved, and cloned fresh, still refuses a
// secret at commit; every job of the CI workflow init wrote is green on the untouched repository;
// a legitimate lockfile change (made by the package manager) commits through the hooks.
const LOCKFILES = "fixtures/lockfiles";
const CHANGES = join(repoRoot, "packages", "lockfile", "test", "fixtures", "changes");

const MANAGERS = [
  { name: "npm", shared: "npm-v3-small-lint-staged", changes: "npm-overrides-alias-file" },
  { name: "pnpm monorepo", shared: "pnpm-v9-vue-core", changes: "pnpm-overrides-catalog" },
  { name: "yarn berry", shared: "yarn-berry-v10-babel", changes: "yarn-berry-resolutions-catalog" },
  { name: "yarn classic", shared: "yarn-v1-webpack", changes: "yarn-classic-resolutions" },
] as const;

/** What `npm install` would link besides linkTools: commitlint's bin, which the CI job calls. */
function linkAll(dir: string): void {
  linkTools(dir);
  symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(dir, "node_modules", "lint-staged"));
  symlinkSync(
    join(repoRoot, "bench", "node_modules", "lint-staged", "bin", "lint-staged.js"),
    join(dir, "node_modules", ".bin", "lint-staged"),
  );
}

/** A repository with some history: the project, then a few everyday commits (signed from here on). */
async function projectWithHistory(source: string): Promise<{ repo: GitRepo; before: string }> {
  const repo = await gitRepo({});
  await signCommits(repo); // init seeds .rampart/allowed_signers with the maintainer's key
  cpSync(source, repo.dir, { recursive: true });
  neutralizeOwnTasks(repo.dir);
  repo.write(".gitignore", "node_modules\n.yarn\n.pnp.*\n");
  await repo.commit("chore: the project as it is");
  repo.write("README.md", "# the project\n");
  await repo.commit("docs: readme");
  repo.write("src/index.js", "export const answer = 42;\n");
  await repo.commit("feat: the answer");
  return { repo, before: await repo.git(["rev-parse", "HEAD"]) };
}

/**
 * The project's own pre-commit tasks (lint-staged's eslint and prettier, simple-git-hooks'
 * commands) need its dependencies and sources, which are not here: their config stays (so the
 * hooks run the real lint-staged, and init carries simple-git-hooks' commands over) with each task
 * replaced by a no-op. The tarball tests install and run a project's tasks for real.
 */
function neutralizeOwnTasks(dir: string): void {
  const file = join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  for (const key of ["lint-staged", "simple-git-hooks"]) {
    const tasks = pkg[key];
    if (tasks === null || typeof tasks !== "object") continue;
    pkg[key] = Object.fromEntries(Object.keys(tasks).map((k) => [k, "node -e 0"]));
  }
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

describe.each(MANAGERS)("adopting rampart with $name", (m) => {
  const real = hasShared(join(LOCKFILES, m.shared));
  const source = real ? sharedPath(LOCKFILES, m.shared) : join(CHANGES, m.changes, "before");
  const what = real ? `../shared's ${m.shared}` : `the in-repo ${m.changes}`;

  it(`init with the defaults on ${what}: the adoption commit passes its hooks, hooks survive a move and a fresh clone, CI is green`, async () => {
    const { repo, before } = await projectWithHistory(source);
    linkAll(repo.dir);
    let init = await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env });
    if (init.stderr.includes("git hooks are run by simple-git-hooks")) {
      // vue-core's own hooks: init refuses to replace them silently; --force is the documented way.
      expect(init.exitCode).toBe(ExitCode.Error);
      init = await runCli(["init", "--yes", "--force"], { cwd: repo.dir, env: repo.env });
      expect(init.stderr).toContain("simple-git-hooks' pre-commit, commit-msg command(s) now run from .husky/");
      expect(readFileSync(repo.path(".husky/pre-commit"), "utf8").endsWith("# <<< rampart\n\nnode -e 0\n")).toBe(true);
    }
    expect(init.exitCode, init.stderr).toBe(ExitCode.Clean);
    // No registry here: the devDependencies init added are not installed, so the lockfile is
    // checked against the package.json it was made for (the tarball tests install for real).
    await repo.git(["checkout", "package.json"]);
    await repo.git(["add", "-A"]);
    const adopt = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
    expect(adopt.exitCode, `${adopt.stdout}${adopt.stderr}`).toBe(0);
    const sha = await repo.git(["rev-parse", "HEAD"]);

    // Moved: core.hooksPath is relative, so the hooks still run (and refuse).
    const moved = join(dirname(repo.dir), "moved");
    renameSync(repo.dir, moved);
    expect((await gitIn(repo, moved, ["config", "core.hooksPath"])).stdout).toBe(".husky/_");
    await commitSecretRefused(repo, moved);
    renameSync(moved, repo.dir);

    // Cloned fresh and installed (linked): the clone's hooks refuse too.
    const clone = join(dirname(repo.dir), "clone");
    await repo.git(["clone", "-q", repo.dir, clone]);
    linkAll(clone);
    const husky = await runCli(["hooks", "install"], { cwd: clone, env: repo.env });
    expect(husky.exitCode, husky.stderr).toBe(ExitCode.Clean);
    await commitSecretRefused(repo, clone);

    // CI: every job of the workflow init wrote, as a push of the adoption to the default branch
    // (install steps skipped: the tools are linked in the checkout).
    const ci = join(dirname(repo.dir), "ci");
    await repo.git(["clone", "-q", repo.dir, ci]);
    linkAll(ci);
    const steps = await runWorkflow(
      join(ci, ".github", "workflows", "rampart.yml"),
      ci,
      {
        ...repo.env,
        ...(await offlineAdvisories(join(repo.home, "osv"))),
        RUNNER_TEMP: ciTools(join(repo.home, "runner-temp")),
      },
      { before, sha },
      skipInstalls,
    );
    const failed = steps.filter((s) => s.exitCode !== 0);
    expect(failed, failed.map((s) => `${s.job} / ${s.step}:\n${s.output}`).join("\n")).toEqual([]);
    expect(steps.map((s) => s.step)).toEqual(
      expect.arrayContaining([
        "secrets (SRC-2)",
        "signatures (SRC-1)",
        "lockfile (MAT-1, MAT-3, BLD-5)",
        "SBOM (MAT-6)",
      ]),
    );
    expect(readFileSync(join(ci, "sbom.cdx.json"), "utf8")).toContain('"bomFormat": "CycloneDX"');
  });

  it(`a legitimate lockfile change made by the package manager (${m.changes}) commits through the hooks`, async () => {
    const { repo } = await projectWithHistory(join(CHANGES, m.changes, "before"));
    linkAll(repo.dir);
    const init = await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env });
    expect(init.exitCode, init.stderr).toBe(ExitCode.Clean);
    await repo.git(["checkout", "package.json"]);
    await repo.git(["add", "-A"]);
    expect((await repo.gitResult(["commit", "-m", "chore: adopt rampart"])).exitCode).toBe(0);
    for (const entry of readdirSync(join(CHANGES, m.changes, "after"))) {
      cpSync(join(CHANGES, m.changes, "after", entry), repo.path(entry), { recursive: true });
    }
    await repo.git(["add", "-A"]);
    expect(await repo.git(["diff", "--cached", "--name-only"])).toMatch(
      /(package-lock\.json|pnpm-lock\.yaml|yarn\.lock)/,
    );
    const r = await repo.gitResult(["commit", "-m", "build: overrides, catalog and alias bumps"]);
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
  });
});
