import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type GitRepo, gitRepo, repoRoot } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { activateHusky, writeChanges } from "../src/apply.js";
import { readManifest } from "../src/manifest.js";
import { type InitOptions, planInit } from "../src/plan.js";
import { uninstall } from "../src/uninstall.js";

const templatesDir = resolve(repoRoot, "packages/hooks/templates");
const pkg = (extra: object = {}) => `${JSON.stringify({ name: "app", version: "1.0.0", ...extra }, null, 2)}\n`;

async function init(repo: GitRepo, options: Partial<InitOptions> = {}) {
  const plan = await planInit({
    cwd: repo.dir,
    env: repo.env,
    templatesDir,
    profile: "recommended",
    rampartVersion: "0.1.0",
    ...options,
  });
  writeChanges(plan.project.gitRoot, plan.changes);
  return plan;
}
const read = (repo: GitRepo, path: string) => readFileSync(repo.path(path), "utf8");
const actions = (plan: Awaited<ReturnType<typeof init>>) =>
  Object.fromEntries(plan.changes.map((c) => [c.path, c.action]));

describe("rampart init (plan + write)", () => {
  it("scaffolds an npm project: hooks, policy, CI, governance, pinned devDependencies", async () => {
    const repo = await gitRepo({ "package.json": pkg(), "package-lock.json": "{}\n" });
    const plan = await init(repo);
    expect(plan.project.packageManager).toBe("npm");
    for (const f of [
      ".husky/pre-commit",
      ".husky/commit-msg",
      ".husky/pre-push",
      ".rampart/config.yaml",
      ".github/workflows/rampart.yml",
      "SECURITY.md",
      ".github/CODEOWNERS",
      ".github/dependabot.yml",
      ".github/rulesets/default-branch.json",
      ".github/rulesets/tags.json",
      ".rampart/hooks.lock.json",
    ]) {
      expect(existsSync(repo.path(f)), f).toBe(true);
    }
    const json = JSON.parse(read(repo, "package.json"));
    expect(json.scripts.prepare).toBe("husky");
    expect(json.devDependencies).toEqual({
      "@commitlint/cli": "21.2.4",
      "@commitlint/config-conventional": "21.2.4",
      husky: "9.1.7",
      "lint-staged": "17.6.1",
      rampart: "0.1.0",
    });
    expect(read(repo, ".husky/pre-push")).toContain('node "node_modules/rampart/bin/rampart.js" hook pre-push "$@"');
    const config = read(repo, ".rampart/config.yaml");
    expect(config).toContain(`since: "${await repo.git(["rev-parse", "HEAD"])}"`);
    expect(config).toContain("protectedBranches: [main]");
    expect(read(repo, ".github/workflows/rampart.yml")).not.toMatch(/\{\{[#/]?\w+\}\}|\{\{#if|uses: [^@\n]+@v\d/);
    expect(() => JSON.parse(read(repo, ".github/rulesets/default-branch.json"))).not.toThrow();
  });

  it("every action in the workflow is pinned by a full commit SHA with its version in a comment", async () => {
    const repo = await gitRepo({ "package.json": pkg(), "pnpm-lock.yaml": "lockfileVersion: '9.0'\n" });
    await init(repo, { profile: "strict" });
    const uses = read(repo, ".github/workflows/rampart.yml").match(/uses: .*/g) ?? [];
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const u of uses) expect(u).toMatch(/^uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    const wf = read(repo, ".github/workflows/rampart.yml");
    expect(wf).toContain("permissions: {}");
    expect(wf).toContain("pnpm/action-setup@");
    // The lockfile and SBOM jobs install the project; the source job installs nothing of the change.
    expect(wf.match(/version: 10 # package.json has no packageManager/g)).toHaveLength(2);
    const source = wf.slice(wf.indexOf("\n  source:"), wf.indexOf("\n  lockfile:"));
    expect(source).not.toMatch(/pnpm install|action-setup/);
    expect(wf.match(/persist-credentials: false/g)).toHaveLength(3);
    expect(wf.match(/timeout-minutes:/g)).toHaveLength(3);
  });

  it("a second run changes nothing", async () => {
    const repo = await gitRepo({ "package.json": pkg() });
    await init(repo);
    await repo.commit("chore: rampart");
    const again = await init(repo);
    expect(again.changes.filter((c) => c.action !== "unchanged")).toEqual([]);
    expect(await repo.git(["status", "--porcelain"])).toBe("");
  });

  it("planning writes nothing (the base of --dry-run)", async () => {
    const repo = await gitRepo({ "package.json": pkg() });
    const plan = await planInit({
      cwd: repo.dir,
      env: repo.env,
      templatesDir,
      profile: "strict",
      rampartVersion: "0.1.0",
    });
    expect(plan.changes.filter((c) => c.action === "create").length).toBeGreaterThan(10);
    expect(await repo.git(["status", "--porcelain"])).toBe("");
  });

  it("never overwrites a user's file without force, and --force keeps a copy uninstall restores", async () => {
    const repo = await gitRepo({ "package.json": pkg(), "SECURITY.md": "# ours\n" });
    expect(actions(await init(repo))["SECURITY.md"]).toBe("skip");
    expect(read(repo, "SECURITY.md")).toBe("# ours\n");
    expect(actions(await init(repo, { force: true }))["SECURITY.md"]).toBe("update");
    expect(read(repo, "SECURITY.md")).not.toBe("# ours\n");
    await uninstall({ cwd: repo.dir, env: repo.env });
    expect(read(repo, "SECURITY.md")).toBe("# ours\n");
  });

  it("extends an existing husky setup: its block goes first in each hook, uninstall gives them back", async () => {
    const repo = await gitRepo({
      "package.json": pkg({ scripts: { prepare: "husky" }, devDependencies: { husky: "9.1.7" } }),
      ".husky/pre-commit": "npx lint-staged\n",
      ".lintstagedrc.json": '{ "*.js": "echo" }\n',
    });
    await repo.git(["config", "core.hooksPath", ".husky/_"]);
    const plan = await init(repo);
    expect(plan.project.husky).toBe(true);
    const hook = read(repo, ".husky/pre-commit");
    // First, so the user's lines (husky runs them with sh -e) cannot end the hook before it.
    expect(hook.startsWith("# >>> rampart")).toBe(true);
    expect(hook.endsWith("# <<< rampart\n\nnpx lint-staged\n")).toBe(true);
    // lint-staged already runs from the user's line: rampart does not run it a second time.
    expect(read(repo, ".rampart/config.yaml")).toContain("lintStaged: false");
    expect(existsSync(repo.path("lint-staged.config.mjs"))).toBe(false);
    expect(JSON.parse(read(repo, "package.json")).devDependencies.husky).toBe("9.1.7");
    await uninstall({ cwd: repo.dir, env: repo.env });
    expect(await repo.git(["status", "--porcelain"])).toBe("");
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".husky/_");
  });

  it("refuses to clobber lefthook (or hooks in .git/hooks) unless forced", async () => {
    const repo = await gitRepo({ "package.json": pkg(), "lefthook.yml": "pre-commit:\n  commands: {}\n" });
    await expect(init(repo)).rejects.toMatchObject({
      code: "HOOKS_OTHER_MANAGER",
      hint: expect.stringContaining("--force"),
    });
    expect(await repo.git(["status", "--porcelain"])).toBe("");
    const forced = await init(repo, { force: true });
    expect(actions(forced)[".husky/pre-commit"]).toBe("create");

    const other = await gitRepo({ "package.json": pkg() });
    writeFileSync(other.path(".git/hooks/pre-commit"), "#!/bin/sh\nmake lint\n");
    await expect(init(other)).rejects.toMatchObject({ code: "HOOKS_OTHER_MANAGER" });
  });

  it("taking over from simple-git-hooks (--force) carries its commands into .husky/ below rampart's block; uninstall removes them again", async () => {
    const sgh = {
      "pre-commit": "npx lint-staged && npm run check",
      "commit-msg": "node scripts/verify-commit.js",
      "pre-rebase": "echo no",
    };
    const repo = await gitRepo({
      "package.json": pkg({
        scripts: { postinstall: "simple-git-hooks" },
        "simple-git-hooks": sgh,
        "lint-staged": { "*.js": "eslint" },
      }),
    });
    await expect(init(repo)).rejects.toMatchObject({ code: "HOOKS_OTHER_MANAGER" });
    const plan = await init(repo, { force: true });
    expect(read(repo, ".husky/pre-commit")).toMatch(
      /^# >>> rampart[\s\S]*# <<< rampart\n\nnpx lint-staged && npm run check\n$/,
    );
    expect(read(repo, ".husky/commit-msg").endsWith("# <<< rampart\n\nnode scripts/verify-commit.js\n")).toBe(true);
    // Its pre-commit runs lint-staged already: rampart does not run it a second time.
    expect(read(repo, ".rampart/config.yaml")).toContain("lintStaged: false");
    expect(plan.notes.join("\n")).toContain("simple-git-hooks' pre-commit, commit-msg command(s) now run from .husky/");
    expect(plan.notes.join("\n")).toContain("not carried over: pre-rebase");
    expect(actions(await init(repo, { force: true }))[".husky/pre-commit"]).toBe("unchanged");
    expect(actions(await init(repo))[".husky/pre-commit"]).toBe("unchanged"); // taken over: no --force again
    const code = await gitRepo({ "package.json": pkg(), ".simple-git-hooks.cjs": "module.exports = {};\n" });
    const codePlan = await init(code, { force: true });
    expect(codePlan.notes.join("\n")).toContain("its config is code rampart does not run (.simple-git-hooks.cjs/.js)");
    await uninstall({ cwd: repo.dir, env: repo.env });
    expect(await repo.git(["status", "--porcelain", "-uall"])).toBe("");
  });

  it("handles a package.json below the git root (husky's `cd .. && husky app/.husky`)", async () => {
    const repo = await gitRepo({ "web/package.json": pkg(), "README.md": "x\n" });
    const plan = await planInit({
      cwd: repo.path("web"),
      env: repo.env,
      templatesDir,
      profile: "minimal",
      rampartVersion: "0.1.0",
    });
    writeChanges(plan.project.gitRoot, plan.changes);
    expect(plan.project.pkgRel).toBe("web");
    expect(JSON.parse(read(repo, "web/package.json")).scripts.prepare).toBe("cd .. && husky web/.husky");
    expect(read(repo, "web/.husky/pre-commit")).toContain(
      'node "web/node_modules/rampart/bin/rampart.js" hook pre-commit',
    );
    expect(existsSync(repo.path(".rampart/config.yaml"))).toBe(true);
    expect(read(repo, ".github/workflows/rampart.yml")).toContain("working-directory: web");
    expect(existsSync(repo.path("SECURITY.md"))).toBe(false); // minimal profile
  });

  it("pnpm: CI refuses a packageManager that is not a pnpm release before pnpm/action-setup installs it", async () => {
    const repo = await gitRepo({
      "package.json": pkg({ packageManager: "pnpm@10.34.8" }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    });
    await init(repo);
    const { parse } = await import("yaml");
    const wf = parse(read(repo, ".github/workflows/rampart.yml")) as {
      jobs: Record<string, { steps: Array<{ name?: string; run?: string; uses?: string }> }>;
    };
    const guards: string[] = [];
    for (const job of Object.values(wf.jobs)) {
      const at = job.steps.findIndex((s) => s.uses?.startsWith("pnpm/action-setup@"));
      if (at < 0) continue;
      const before = job.steps[at - 1];
      expect(before?.name).toContain("not a URL or a path");
      guards.push(before?.run ?? "");
    }
    expect(guards).toHaveLength(2);
    const { spawnSync } = await import("node:child_process");
    const run = (packageManager: string | undefined) => {
      repo.write("package.json", pkg(packageManager === undefined ? {} : { packageManager }));
      return spawnSync("bash", ["-eo", "pipefail", "-c", guards[0] as string], { cwd: repo.dir, env: repo.env }).status;
    };
    // pnpm/action-setup would install these as written: a tarball from anywhere, a file of the change.
    for (const bad of [
      "pnpm@https://example.com/pnpm.tgz",
      "pnpm@file:tools/pnpm.tgz",
      "pnpm@github:a/b",
      "pnpm@10.0.0 || x",
    ])
      expect(run(bad), bad).toBe(2);
    for (const good of [undefined, "pnpm@10.34.8", `pnpm@10.34.8+sha512.${"ab12".repeat(32)}`, "pnpm@11.0.0-rc.1"])
      expect(run(good), good).toBe(0);
  });

  it("pnpm: merges hardening settings into pnpm-workspace.yaml, keeping the user's comments and values", async () => {
    const yaml = "# our workspace\npackages:\n  - packages/*\n# we want a week\nminimumReleaseAge: 10080\n";
    const repo = await gitRepo({
      "package.json": pkg({ packageManager: "pnpm@10.34.8" }),
      "pnpm-workspace.yaml": yaml,
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    });
    const plan = await init(repo);
    const out = read(repo, "pnpm-workspace.yaml");
    expect(out.startsWith(yaml)).toBe(true);
    expect(out).toContain("strictDepBuilds: true");
    expect(out).toContain("onlyBuiltDependencies: []");
    expect(plan.notes.join("\n")).toContain("kept your own minimumReleaseAge");
    await uninstall({ cwd: repo.dir, env: repo.env });
    expect(read(repo, "pnpm-workspace.yaml")).toBe(yaml);
  });

  it("pnpm 11 gets allowBuilds instead of onlyBuiltDependencies; a user's allowBuilds is not doubled", async () => {
    const eleven = await gitRepo({
      "package.json": pkg({ packageManager: "pnpm@11.0.0" }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    });
    await init(eleven);
    const out = read(eleven, "pnpm-workspace.yaml");
    expect(out).toContain("allowBuilds: {}");
    expect(out).not.toContain("onlyBuiltDependencies");
    const own = await gitRepo({
      "package.json": pkg({ packageManager: "pnpm@10.34.8" }),
      "pnpm-workspace.yaml": "allowBuilds:\n  esbuild: true\n",
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    });
    await init(own);
    const mine = read(own, "pnpm-workspace.yaml");
    expect(mine).toContain("  esbuild: true");
    expect(mine).not.toContain("onlyBuiltDependencies");
  });

  it("pnpm too old for a setting: skipped with a note, not written", async () => {
    const repo = await gitRepo({
      "package.json": pkg({ packageManager: "pnpm@10.4.0" }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    });
    const plan = await init(repo);
    expect(read(repo, "pnpm-workspace.yaml")).not.toContain("minimumReleaseAge");
    expect(plan.notes.join("\n")).toMatch(/too old for minimumReleaseAge/);
  });

  it("detects yarn berry and GitLab CI", async () => {
    const repo = await gitRepo({
      "package.json": pkg({ packageManager: "yarn@4.5.0", workspaces: ["packages/*"] }),
      ".gitlab-ci.yml": "stages: [test]\n",
    });
    const plan = await init(repo, { profile: "minimal" });
    expect(plan.project.packageManager).toBe("yarn-berry");
    expect(plan.project.workspaces).toBe(true);
    // yarn 2+ activates the hooks from postinstall (it runs no prepare of the project): the next step says so.
    expect((await activateHusky(plan, { env: repo.env })).nextStep).toBe(
      "run `yarn install`: its postinstall script activates the hooks",
    );
    expect(read(repo, ".gitlab/rampart.gitlab-ci.yml")).toContain("yarn install --immutable");
    expect(existsSync(repo.path(".github/workflows/rampart.yml"))).toBe(false);
    expect(read(repo, ".gitlab-ci.yml")).toBe(
      "# rampart's checks (SRC-1, SRC-2, MAT-3, MAT-6), added by rampart init\ninclude:\n  - local: .gitlab/rampart.gitlab-ci.yml\nstages: [test]\n",
    );
    expect((await init(repo, { profile: "minimal" })).changes.filter((c) => c.action !== "unchanged")).toEqual([]);
    await uninstall({ cwd: repo.dir, env: repo.env });
    expect(await repo.git(["status", "--porcelain"])).toBe("");
  });

  it("a published yarn berry package gets husky's pinst pattern; npm and private packages use prepare", async () => {
    const lib = await gitRepo({ "package.json": pkg({ packageManager: "yarn@4.5.0", private: undefined }) });
    const plan = await init(lib, { profile: "minimal" });
    const scripts = JSON.parse(read(lib, "package.json")) as {
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(scripts.scripts).toMatchObject({
      postinstall: "husky",
      prepack: "pinst --disable",
      postpack: "pinst --enable",
    });
    expect(scripts.devDependencies.pinst).toBe("3.0.0");
    expect(plan.notes.join("\n")).toContain("switched off while packing by pinst");
    await uninstall({ cwd: lib.dir, env: lib.env });
    expect(await lib.git(["status", "--porcelain"])).toBe("");
    const app = await gitRepo({ "package.json": pkg({ packageManager: "yarn@4.5.0", private: true }) });
    await init(app, { profile: "minimal" });
    const appPkg = JSON.parse(read(app, "package.json")) as { scripts: Record<string, string> };
    expect(appPkg.scripts).toEqual({ postinstall: "husky" });
    const npmLib = await gitRepo({ "package.json": pkg({ private: undefined }) });
    await init(npmLib, { profile: "minimal" });
    expect((JSON.parse(read(npmLib, "package.json")) as { scripts: Record<string, string> }).scripts).toEqual({
      prepare: "husky",
    });
  });

  it("does not impose Conventional Commits on a history that does not follow them, and says so", async () => {
    const free = await gitRepo({ "package.json": pkg({ private: true }) });
    for (let i = 0; i < 12; i++) await free.git(["commit", "-q", "--allow-empty", "-m", `Update the thing ${i}`]);
    const plan = await init(free);
    expect(plan.notes.join("\n")).toMatch(/Conventional Commits not enforced: 0 of the last 1[23] commit messages/);
    expect(existsSync(free.path("commitlint.config.mjs"))).toBe(false);
    expect(read(free, ".rampart/config.yaml")).toMatch(/commitMsg:\n\s+commitlint: false/);
    expect(read(free, ".github/workflows/rampart.yml")).not.toContain("commitlint");

    const conventional = await gitRepo({ "package.json": pkg({ private: true }) });
    for (let i = 0; i < 12; i++) await conventional.git(["commit", "-q", "--allow-empty", "-m", `fix: thing ${i}`]);
    const enforced = await init(conventional);
    expect(enforced.notes.join("\n")).not.toContain("Conventional Commits");
    expect(existsSync(conventional.path("commitlint.config.mjs"))).toBe(true);
    expect(read(conventional, ".rampart/config.yaml")).toMatch(/commitMsg:\n\s+commitlint: true/);
    // CI runs every check the hooks run: commitlint too.
    expect(read(conventional, ".github/workflows/rampart.yml")).toContain(
      '"$T/node_modules/.bin/commitlint" --config "$CONFIG" --cwd "$PWD" --from "$BASE" --to "$HEAD"',
    );
  });

  it("the repository's own CODEOWNERS (root or docs/) and dependabot.yaml win: no second copy", async () => {
    const repo = await gitRepo({
      "package.json": pkg({ private: true }),
      "docs/CODEOWNERS": "* @me\n",
      ".github/dependabot.yaml": "version: 2\nupdates: []\n",
      ".github/workflows/ci.yml": "on: push\n",
    });
    await init(repo);
    expect(existsSync(repo.path(".github/CODEOWNERS"))).toBe(false);
    expect(existsSync(repo.path(".github/dependabot.yml"))).toBe(false);
    expect(existsSync(repo.path(".github/workflows/rampart.yml"))).toBe(true);
  });

  it("rampart's devDependency: the running version; a user's own spec kept quietly; a workspace's own rampart linked", async () => {
    const plain = await gitRepo({ "package.json": pkg() });
    await init(plain, { rampartVersion: "0.4.2" });
    expect(JSON.parse(read(plain, "package.json")).devDependencies.rampart).toBe("0.4.2");

    const aliased = await gitRepo({
      "package.json": pkg({ devDependencies: { rampart: "npm:@corp/rampart@^0.4.0" } }),
    });
    const plan = await init(aliased, { rampartVersion: "0.4.2" });
    expect(JSON.parse(read(aliased, "package.json")).devDependencies.rampart).toBe("npm:@corp/rampart@^0.4.0");
    expect(plan.notes.join("\n")).not.toContain("rampart@");

    // rampart's own repository: the workspace holds a package named rampart.
    const cli = `${JSON.stringify({ name: "rampart", version: "0.1.0" })}\n`;
    const mono = await gitRepo({
      "package.json": pkg({ private: true, packageManager: "pnpm@10.34.8" }),
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      "packages/cli/package.json": cli,
    });
    await init(mono);
    expect(JSON.parse(read(mono, "package.json")).devDependencies.rampart).toBe("workspace:*");
    const npmMono = await gitRepo({
      "package.json": pkg({ private: true, workspaces: ["tools/**"] }),
      "package-lock.json": "{}\n",
      "tools/deep/cli/package.json": cli,
    });
    await init(npmMono);
    expect(JSON.parse(read(npmMono, "package.json")).devDependencies.rampart).toBe("*");
    // ...and the package that is rampart does not depend on itself.
    const self = await gitRepo({ "package.json": cli });
    const selfPlan = await init(self);
    expect(JSON.parse(read(self, "package.json")).devDependencies.rampart).toBeUndefined();
    expect(selfPlan.notes.join("\n")).toContain("this package is rampart itself");
  });

  it("the protected branch is the remote's default, else main/master, never the feature branch init runs on", async () => {
    const protectedOf = (repo: GitRepo) => /protectedBranches: \[(.*)\]/.exec(read(repo, ".rampart/config.yaml"))?.[1];
    const feature = await gitRepo({ "package.json": pkg() });
    await feature.git(["checkout", "-qb", "feat/adopt-rampart"]);
    await init(feature);
    expect(protectedOf(feature)).toBe("main");

    const master = await gitRepo({ "package.json": pkg() }, { branch: "master" });
    await master.git(["checkout", "-qb", "develop"]);
    await init(master);
    expect(protectedOf(master)).toBe("master");

    const remote = await gitRepo({ "package.json": pkg() }, { branch: "trunk" });
    const clone = await gitRepo({});
    await clone.git(["remote", "add", "origin", remote.dir]);
    await clone.git(["fetch", "-q", "origin"]);
    await clone.git(["remote", "set-head", "origin", "trunk"]);
    await clone.git(["checkout", "-qb", "wip", "origin/trunk"]);
    await init(clone);
    expect(protectedOf(clone)).toBe("trunk");
  });

  it("a lint-staged config under any name lint-staged reads is the user's: no second config, and comments name it", async () => {
    for (const name of [".lintstagedrc.ts", ".lintstagedrc.mts", "lint-staged.config.cts", "lint-staged.config.ts"]) {
      const repo = await gitRepo({ "package.json": pkg(), [name]: "export default {};\n" });
      await init(repo);
      expect(existsSync(repo.path("lint-staged.config.mjs")), name).toBe(false);
      expect(read(repo, ".rampart/config.yaml")).toContain(`# your own tasks, from ${name} (SRC-4)`);
      expect(read(repo, ".husky/pre-commit")).toContain(`(when ${name} lists any)`);
    }
    const inPackage = await gitRepo({ "package.json": pkg({ "lint-staged": { "*.js": "eslint" } }) });
    await init(inPackage);
    expect(read(inPackage, ".rampart/config.yaml")).toContain('from the "lint-staged" key of package.json');
    const fresh = await gitRepo({ "package.json": pkg() });
    await init(fresh);
    expect(read(fresh, ".husky/pre-commit")).toContain("(when lint-staged.config.mjs lists any)");
  });

  it("a spell-checked repository keeps rampart's files out of CSpell's checked set; uninstall takes them back", async () => {
    const json = await gitRepo({
      "package.json": pkg({ private: true }),
      "cspell.json": '{\n  "version": "0.2",\n  "words": ["shop"],\n  "ignorePaths": ["dist/**"]\n}\n',
    });
    await init(json);
    expect(read(json, "cspell.json")).toContain('"ignorePaths": ["dist/**", ".rampart/**", ".husky/pre-commit", ');
    const config = JSON.parse(read(json, "cspell.json"));
    expect(config.words).toEqual(["shop"]);
    expect(config.ignorePaths).toEqual(
      expect.arrayContaining([
        "dist/**",
        ".rampart/**",
        ".husky/pre-commit",
        "lint-staged.config.mjs",
        ".github/workflows/rampart.yml",
        "SECURITY.md",
      ]),
    );
    expect(config.ignorePaths).not.toContain("package.json");
    expect(actions(await init(json))["cspell.json"]).toBe("unchanged");
    await uninstall({ cwd: json.dir, env: json.env });
    expect(await json.git(["status", "--porcelain"])).toBe("");

    const yaml = await gitRepo({
      "package.json": pkg({ private: true }),
      ".cspell.yaml": "# our dictionary\nwords:\n  - shop # the product\n",
      "SECURITY.md": "# ours\n",
    });
    await init(yaml);
    const text = read(yaml, ".cspell.yaml");
    expect(text).toContain("# our dictionary");
    expect(text).toContain("- shop # the product");
    expect(text).toMatch(/ignorePaths:\n {2}- \.rampart\/\*\*\n/);
    expect(text).not.toContain("SECURITY.md"); // the user's own file, kept by init, stays checked
    await uninstall({ cwd: yaml.dir, env: yaml.env });
    expect(await yaml.git(["status", "--porcelain"])).toBe("");

    // JSON with comments is edited in place; a code config gets a note with the paths.
    const jsonc = '{\n  // words of the shop\n  "words": ["shop"], /* more later */\n}\n';
    const commented = await gitRepo({ "package.json": pkg({ private: true }), "cspell.jsonc": jsonc });
    await init(commented);
    const edited = read(commented, "cspell.jsonc");
    expect(edited.startsWith('{\n  // words of the shop\n  "words": ["shop"], /* more later */')).toBe(true);
    expect(edited).toContain('  "ignorePaths": [\n    ".rampart/**",\n');
    await uninstall({ cwd: commented.dir, env: commented.env });
    expect(await commented.git(["status", "--porcelain"])).toBe("");
    const code = await gitRepo({ "package.json": pkg({ private: true }), "cspell.config.mjs": "export default {};\n" });
    const plan = await init(code);
    expect(read(code, "cspell.config.mjs")).toBe("export default {};\n");
    expect(plan.notes.join("\n")).toMatch(
      /cspell\.config\.mjs \(spell checking\): add rampart's files to ignorePaths .*\.rampart\/\*\*/,
    );
  });

  it("seeds allowed_signers with the user's SSH signing key", async () => {
    const repo = await gitRepo({ "package.json": pkg() });
    mkdirSync(join(repo.home, ".ssh"), { recursive: true });
    writeFileSync(
      join(repo.home, ".ssh", "id.pub"),
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyBodyForTests0000000000000000000 me@host\n",
    );
    await repo.git(["config", "gpg.format", "ssh"]);
    await repo.git(["config", "user.signingkey", join(repo.home, ".ssh", "id.pub")]);
    await init(repo);
    expect(read(repo, ".rampart/allowed_signers")).toContain(
      'test@rampart.invalid namespaces="git" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyBodyForTests0000000000000000000\n',
    );
  });

  it("uninstall right after init leaves the repository exactly as it was", async () => {
    const repo = await gitRepo({ "package.json": '{\n\t"name": "app"\n}\n' });
    await init(repo, { profile: "strict" });
    expect(readManifest(repo.dir)?.profile).toBe("strict");
    const steps = await uninstall({ cwd: repo.dir, env: repo.env });
    expect(steps.some((s) => s.action === "kept")).toBe(false);
    expect(await repo.git(["status", "--porcelain", "--ignored"])).toBe("");
  });
});
