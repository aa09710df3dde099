import { copyFileSync, cpSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../packages/core/src/exit-codes.js";
import { describeWithShared, gitRepo, runCli, sharedPath } from "../helpers/src/index.js";
import { fakeAwsKey, linkTools, PACKAGE_JSON } from "./linked.js";

const LOCKFILES = "fixtures/lockfiles";

// rampart adopted on untouched real lockfiles (from ../shared): init records what is there as
// the accepted state, so CI's `lockfile check` is green on day one and only changes are errors.
describeWithShared(LOCKFILES, "adoption on a real lockfile", () => {
  const cases = [
    { dir: "npm-v3-small-lint-staged", lockfile: "package-lock.json", expect: '"fsevents"' },
    { dir: "yarn-v1-webpack", lockfile: "yarn.lock", expect: '"tooling": ["https://codeload.github.com/' },
  ];
  for (const c of cases) {
    it(`${c.dir}: init accepts what the lockfile holds; lockfile check passes untouched`, async () => {
      const repo = await gitRepo({ ".gitignore": "node_modules\n" });
      for (const f of ["package.json", c.lockfile]) copyFileSync(sharedPath(join(LOCKFILES, c.dir, f)), repo.path(f));
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-qm", "chore: the project as it is"]);
      const before = await runCli(["lockfile", "check"], { cwd: repo.dir, env: repo.env });
      expect(before.exitCode, "the default policy refuses this lockfile before init").toBe(ExitCode.Findings);
      linkTools(repo.dir);
      const init = await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env });
      expect(init.exitCode, init.stderr).toBe(ExitCode.Clean);
      expect(init.stderr).toContain("the lockfiles' current state is accepted in .rampart/config.yaml");
      const policy = readFileSync(repo.path(".rampart/config.yaml"), "utf8");
      expect(policy).toContain(c.expect);
      // init added devDependencies that the user's next install puts in the lockfile; without a
      // registry here, check the untouched lockfile against the package.json it was made for.
      await repo.git(["checkout", "package.json"]);
      const after = await runCli(["lockfile", "check"], { cwd: repo.dir, env: repo.env });
      expect(after.exitCode, after.stdout).toBe(ExitCode.Clean);
    });
  }

  it("yarn-berry-v10-babel untouched: the 110 checksum-less platform packages are one group with one hint", async () => {
    const dir = "yarn-berry-v10-babel";
    const repo = await gitRepo({});
    cpSync(sharedPath(join(LOCKFILES, dir)), repo.dir, { recursive: true });
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: the project as it is"]);
    const text = await runCli(["lockfile", "check"], { cwd: repo.dir, env: repo.env });
    expect(text.exitCode, text.stdout).toBe(ExitCode.Clean);
    const lines = text.stdout.split("\n");
    expect(lines.filter((l) => /^ {2}hint/.test(l))).toEqual([
      expect.stringMatching(/^ {2}hint \(all 110\): yarn records no checksum for platform packages it skipped/),
    ]);
    expect(lines.filter((l) => l.includes("lockfile/missing-integrity")).length).toBeLessThan(10);
    expect(text.stdout).toContain("… and 105 more lockfile/missing-integrity warnings");
    const json = await runCli(["lockfile", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(JSON.parse(json.stdout).findings).toHaveLength(110);
  });

  it("a new install script after adoption is an error again", async () => {
    const c = cases[0] as (typeof cases)[number];
    const repo = await gitRepo({ ".gitignore": "node_modules\n" });
    for (const f of ["package.json", c.lockfile]) copyFileSync(sharedPath(join(LOCKFILES, c.dir, f)), repo.path(f));
    linkTools(repo.dir);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: the project as it is"]);
    expect((await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(ExitCode.Clean);
    const lock = JSON.parse(readFileSync(repo.path(c.lockfile), "utf8")) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const victim = Object.entries(lock.packages).find(
      ([k, v]) => k !== "" && !v.hasInstallScript && !k.includes("fsevents"),
    );
    if (victim === undefined) throw new Error("fixture has no package to change");
    victim[1].hasInstallScript = true;
    repo.write(c.lockfile, `${JSON.stringify(lock, null, 2)}\n`);
    const r = await runCli(["lockfile", "check"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode).toBe(ExitCode.Findings);
    expect(r.stdout).toContain("lockfile/install-script");
  });
});

describe("existing secrets at adoption", () => {
  it("init lists them and writes no baseline unless asked (--baseline), even with --yes", async () => {
    const repo = await gitRepo({
      "package.json": PACKAGE_JSON,
      ".gitignore": "node_modules\n",
      "deploy.ini": `aws_access_key_id = ${fakeAwsKey()}\n`,
    });
    linkTools(repo.dir);
    const r = await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode, r.stderr).toBe(ExitCode.Clean);
    expect(r.stderr).toContain("the first secrets scan found 1 finding(s)");
    expect(r.stderr).toMatch(/deploy\.ini:1 {2}aws-access-key-id/);
    expect(r.stderr).toContain("no baseline written");
    expect(`${r.stdout}${r.stderr}`).not.toContain(fakeAwsKey());
    expect(existsSync(repo.path(".rampart/secrets-baseline.json"))).toBe(false);
    const accepted = await runCli(["init", "--yes", "--baseline"], { cwd: repo.dir, env: repo.env });
    expect(accepted.exitCode, accepted.stderr).toBe(ExitCode.Clean);
    expect(readFileSync(repo.path(".rampart/secrets-baseline.json"), "utf8")).toContain("aws-access-key-id");
  });
});
