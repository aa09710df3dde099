import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/src/index.js";
import { offlineAdvisories, runWorkflow } from "./ci-runner.js";
import { ciTools, initRepo } from "./linked.js";

/**
 * Files in the checkout that CI's checks read are the change's: what they may relax must come from
 * the base or from CI itself. Here: the advisory database `deps check` reads.
 */
describe("CI's vulnerability gate reads the advisory data CI downloaded, not a file the change commits", () => {
  it("a change that commits a stale snapshot at the base policy's deps.database and moves its own policy's elsewhere is still judged by fresh data", async () => {
    const lock = {
      name: "shop",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: { "": { name: "shop", version: "1.0.0" } },
    };
    const repo = await initRepo("recommended", { "package-lock.json": `${JSON.stringify(lock, null, 2)}\n` });
    // The base keeps its advisory data in the repository (deps.database).
    const policyFile = repo.path(".rampart/config.yaml");
    const { readFileSync } = await import("node:fs");
    const policy = readFileSync(policyFile, "utf8");
    const withDatabase = (path: string) => policy.replace(/^deps:\n/m, `deps:\n  database: ${path}\n`);
    expect(withDatabase("x")).not.toBe(policy);
    writeFileSync(policyFile, withDatabase(".rampart/osv"));
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    const base = (await repo.git(["rev-parse", "HEAD"])).trim();

    // The change: a dependency OSV calls malicious, a snapshot at the base's database path that
    // knows nothing of it (fresh dates, one unrelated record), and its own policy pointing the
    // database elsewhere, so that CI's download would not overwrite the planted file.
    const unrelated = join(repo.home, "unrelated");
    mkdirSync(unrelated);
    writeFileSync(
      join(unrelated, "GHSA-0000-0000-0001.json"),
      JSON.stringify({
        id: "GHSA-0000-0000-0001",
        modified: new Date().toISOString(),
        affected: [{ package: { ecosystem: "npm", name: "left-pad" }, versions: ["0.0.1"] }],
      }),
    );
    const planted = await runCli(["deps", "update", "--from", unrelated, "--db", repo.path(".rampart/osv")], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(planted.exitCode, planted.stderr).toBe(0);
    writeFileSync(policyFile, withDatabase("elsewhere/osv"));
    const withMalware = {
      ...lock,
      packages: {
        "": { name: "shop", version: "1.0.0", dependencies: { "flatmap-stream": "0.1.1" } },
        "node_modules/flatmap-stream": {
          version: "0.1.1",
          resolved: "https://registry.npmjs.org/flatmap-stream/-/flatmap-stream-0.1.1.tgz",
          integrity: `sha512-${"A".repeat(86)}==`,
        },
      },
    };
    repo.write("package-lock.json", `${JSON.stringify(withMalware, null, 2)}\n`);
    await repo.git(["add", "-A", "-f"]);
    await repo.git(["commit", "-qm", "feat: streams", "--no-verify"]);
    const head = (await repo.git(["rev-parse", "HEAD"])).trim();
    // On a persistent runner an earlier job of the change (its tests) can leave registry data in
    // the user's cache: here a deprecation notice only that file knows of. CI's gate keeps its own.
    const registryCache = join(repo.home, ".cache", "rampart", "registry");
    mkdirSync(registryCache, { recursive: true });
    writeFileSync(
      join(registryCache, `${createHash("sha256").update("flatmap-stream").digest("hex").slice(0, 32)}.json`),
      JSON.stringify({
        name: "flatmap-stream",
        fetchedAt: new Date().toISOString(),
        time: { "0.1.1": "2018-09-05T00:00:00.000Z" },
        deprecated: { "0.1.1": "PLANTED-IN-THE-RUNNER-CACHE" },
      }),
    );

    const steps = await runWorkflow(
      repo.path(".github/workflows/rampart.yml"),
      repo.dir,
      {
        ...repo.env,
        ...(await offlineAdvisories(join(repo.home, "osv"))),
        RUNNER_TEMP: ciTools(join(repo.home, "runner-temp")),
      },
      { before: base, sha: head },
      (step) => !/^(known vulnerabilities|base \(the trusted side\))/.test(step.name ?? ""),
    );
    const gate = steps.find((s) => s.step.startsWith("known vulnerabilities"));
    expect(gate?.exitCode, gate?.output).toBe(1);
    expect(gate?.output).toContain("flatmap-stream");
    expect(gate?.output).toContain("deps/malicious");
    expect(gate?.output).not.toContain("PLANTED-IN-THE-RUNNER-CACHE");
  });
});
