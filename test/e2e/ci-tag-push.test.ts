import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { offlineAdvisories, parseYaml, runWorkflow } from "./ci-runner.js";
import { ciTools, fakeAwsKey, initRepo } from "./linked.js";

type Repo = Awaited<ReturnType<typeof initRepo>>;

/** CI's checkout (a clone of the remote, as fetch-depth: 0 gives) and the runner's environment. */
async function ciClone(repo: Repo, remote: string): Promise<{ ci: string; env: NodeJS.ProcessEnv }> {
  const ci = join(repo.home, "ci");
  await repo.git(["clone", "-q", remote, ci]);
  const env = {
    ...repo.env,
    ...(await offlineAdvisories(join(repo.home, "osv"))),
    RUNNER_TEMP: ciTools(join(repo.home, "runner-temp")),
  };
  return { ci, env };
}

/** Writes what the relaxed policy would let through: a key under leak/ and a package from evil.example. */
function addKeyAndForeignPackage(repo: Repo): void {
  repo.write("leak/key.txt", `aws_access_key_id = ${fakeAwsKey()}\n`);
  const lock = JSON.parse(readFileSync(repo.path("package-lock.json"), "utf8"));
  lock.packages[""].dependencies = { "left-pad": "1.3.0" };
  lock.packages["node_modules/left-pad"] = {
    version: "1.3.0",
    resolved: "https://evil.example/left-pad/-/left-pad-1.3.0.tgz",
    integrity: `sha512-${"A".repeat(86)}==`,
  };
  repo.write("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
  repo.write(
    "package.json",
    `${JSON.stringify({ ...JSON.parse(readFileSync(repo.path("package.json"), "utf8")), dependencies: { "left-pad": "1.3.0" } }, null, 2)}\n`,
  );
}

/**
 * `git push --no-verify origin v1` skips the pre-push hook: CI is where a tag is checked, and a
 * tag is judged against the default branch (the trusted side), never by the push event's
 * `before`: for a moved tag that is its previous target (a commit no one reviewed), for a new
 * one the zero id.
 */
describe("CI checks a tag pushed past the hooks, against the default branch", () => {
  it("runs on tag pushes; neither a moved tag's previous target nor a history of its own decides its policy", async () => {
    const repo = await initRepo("recommended", {
      "package-lock.json": `${JSON.stringify({ name: "shop", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name: "shop", version: "1.0.0" } } }, null, 2)}\n`,
    });
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    const workflowFile = repo.path(".github/workflows/rampart.yml");
    const on = (
      parseYaml(readFileSync(workflowFile, "utf8")) as { on: { push: { branches: string[]; tags?: string[] } } }
    ).on;
    expect(on.push).toEqual({ branches: ["main"], tags: ["**"] });
    const remote = join(repo.home, "remote.git");
    await repo.git(["init", "-q", "--bare", remote]);
    await repo.git(["push", "-q", "--no-verify", remote, "HEAD:refs/heads/main"]);

    // The tag's first target relaxes the policy: leak/ is ignored, a registry host of its own allowed.
    await repo.git(["checkout", "-q", "--detach"]);
    const policyFile = repo.path(".rampart/config.yaml");
    writeFileSync(
      policyFile,
      `${readFileSync(policyFile, "utf8")}\nsecrets:\n  ignorePaths: ["leak/**"]\nlockfile:\n  allowedHosts: [evil.example]\n`,
    );
    await repo.git(["commit", "-qam", "chore: policy", "--no-verify"]);
    const before = (await repo.git(["rev-parse", "HEAD"])).trim();
    await repo.git(["tag", "v1"]);
    await repo.git(["push", "-q", "--no-verify", remote, "refs/tags/v1"]);
    // Then the tag moves to a child that commits a key there and a package from that host.
    addKeyAndForeignPackage(repo);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "feat: pad", "--no-verify"]);
    const sha = (await repo.git(["rev-parse", "HEAD"])).trim();
    await repo.git(["tag", "-f", "v1"]);
    await repo.git(["push", "-q", "-f", "--no-verify", remote, "refs/tags/v1"]);
    // A tag on a history of its own (no commit in common with main): the same tree, in one commit.
    await repo.git(["checkout", "-q", "--orphan", "own"]);
    await repo.git(["commit", "-qm", "feat: own", "--no-verify"]);
    const orphan = (await repo.git(["rev-parse", "HEAD"])).trim();
    await repo.git(["tag", "v2"]);
    await repo.git(["push", "-q", "--no-verify", remote, "refs/tags/v2"]);

    // An annotated tag of main's tip: no commit is new, the key is in the tag's own message.
    await repo.git(["tag", "-a", "v3", "-m", `release\n\naws_access_key_id = ${fakeAwsKey()}`, "main"]);
    await repo.git(["push", "-q", "--no-verify", remote, "refs/tags/v3"]);
    const mainSha = (await repo.git(["rev-parse", "main"])).trim();

    // CI's checkout: a clone of the remote at the tag (origin/main is there, as fetch-depth: 0 gives).
    const { ci, env } = await ciClone(repo, remote);
    const checks = ["base (the trusted side)", "secrets (SRC-2)", "lockfile (MAT-1, MAT-3, BLD-5)"];
    const run = async (tag: string, event: { before: string; sha: string }) => {
      await repo.git(["-C", ci, "checkout", "-q", "--detach", `refs/tags/${tag}`]);
      const steps = await runWorkflow(
        join(ci, ".github/workflows/rampart.yml"),
        ci,
        env,
        { ...event, ref: `refs/tags/${tag}` },
        (step) => !checks.includes(step.name ?? ""),
      );
      return Object.fromEntries(steps.map((s) => [s.step, s]));
    };
    const moved = await run("v1", { before, sha });
    expect(moved["base (the trusted side)"]?.exitCode, moved["base (the trusted side)"]?.output).toBe(0);
    expect(moved["secrets (SRC-2)"]?.exitCode, moved["secrets (SRC-2)"]?.output).toBe(1);
    expect(moved["secrets (SRC-2)"]?.output).toContain("leak/key.txt");
    expect(moved["secrets (SRC-2)"]?.output).not.toContain(fakeAwsKey());
    expect(moved["lockfile (MAT-1, MAT-3, BLD-5)"]?.exitCode, moved["lockfile (MAT-1, MAT-3, BLD-5)"]?.output).toBe(1);
    expect(moved["lockfile (MAT-1, MAT-3, BLD-5)"]?.output).toContain("lockfile/disallowed-host");
    const own = await run("v2", { before: "0".repeat(40), sha: orphan });
    expect(own["secrets (SRC-2)"]?.exitCode, own["secrets (SRC-2)"]?.output).toBe(1);
    expect(own["secrets (SRC-2)"]?.output).toContain("leak/key.txt");
    const tagOnly = await run("v3", { before: "0".repeat(40), sha: mainSha });
    expect(tagOnly["secrets (SRC-2)"]?.exitCode, tagOnly["secrets (SRC-2)"]?.output).toBe(1);
    expect(tagOnly["secrets (SRC-2)"]?.output).toContain("tag v3");
    expect(tagOnly["secrets (SRC-2)"]?.output).not.toContain(fakeAwsKey());
    // A lightweight tag of main's tip named with a key: no object holds the name, the push does.
    const named = `v4-${fakeAwsKey()}`;
    await repo.git(["tag", named, "main"]);
    await repo.git(["push", "-q", "--no-verify", remote, `refs/tags/${named}`]);
    await repo.git(["-C", ci, "fetch", "-q", "--tags"]);
    const byName = await run(named, { before: "0".repeat(40), sha: mainSha });
    expect(byName["secrets (SRC-2)"]?.exitCode, byName["secrets (SRC-2)"]?.output).toBe(1);
    expect(byName["secrets (SRC-2)"]?.output).toContain("ref refs/tags/v4-AKIA");
    expect(byName["secrets (SRC-2)"]?.output).not.toContain(fakeAwsKey());
  });
});

/**
 * The default branch's first push has no trusted side: its merge base with the default branch is
 * itself. Judged against it, the change would judge itself (its own ignorePaths, its own registry
 * host) and its range would be empty; CI judges it against an empty commit instead: the defaults,
 * the change's own policy only where stricter, every commit in the range.
 */
describe("CI on a push with no trusted base", () => {
  it("the default branch's first push is judged against an empty commit, never by itself", async () => {
    const repo = await initRepo("recommended", {
      "package-lock.json": `${JSON.stringify({ name: "shop", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name: "shop", version: "1.0.0" } } }, null, 2)}\n`,
    });
    const policyFile = repo.path(".rampart/config.yaml");
    writeFileSync(
      policyFile,
      `${readFileSync(policyFile, "utf8")}\nsecrets:\n  ignorePaths: ["leak/**"]\nlockfile:\n  allowedHosts: [evil.example]\n`,
    );
    addKeyAndForeignPackage(repo);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    const sha = (await repo.git(["rev-parse", "HEAD"])).trim();
    const remote = join(repo.home, "remote.git");
    await repo.git(["init", "-q", "--bare", remote]);
    await repo.git(["push", "-q", "--no-verify", remote, "HEAD:refs/heads/main"]);
    const { ci, env } = await ciClone(repo, remote);
    const checks = ["base (the trusted side)", "secrets (SRC-2)", "lockfile (MAT-1, MAT-3, BLD-5)"];
    const steps = await runWorkflow(
      join(ci, ".github/workflows/rampart.yml"),
      ci,
      env,
      { before: "0".repeat(40), sha, ref: "refs/heads/main" },
      (step) => !checks.includes(step.name ?? ""),
    );
    const byJob = (job: string, step: string) => steps.find((s) => s.job === job && s.step === step);
    const base = byJob("lockfile", "base (the trusted side)");
    expect(base?.exitCode, base?.output).toBe(0);
    expect(base?.output).toContain("no trusted base");
    const secrets = byJob("source", "secrets (SRC-2)");
    expect(secrets?.exitCode, secrets?.output).toBe(1);
    expect(secrets?.output).toContain("leak/key.txt");
    expect(secrets?.output).not.toContain(fakeAwsKey());
    const lockfile = byJob("lockfile", "lockfile (MAT-1, MAT-3, BLD-5)");
    expect(lockfile?.exitCode, lockfile?.output).toBe(1);
    expect(lockfile?.output).toContain("lockfile/disallowed-host");
  });
});
