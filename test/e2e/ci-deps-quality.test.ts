import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../helpers/src/index.js";
import { loopbackRegistry, offlineAdvisories, parseYaml, registryDocument, runWorkflow } from "./ci-runner.js";
import { ciTools, initRepo } from "./linked.js";

// A `--no-verify` commit skips the pre-commit gate: CI's deps step is where a version published
// today is refused (deps/release-too-new, default deps.quality.minReleaseAgeDays 2), on what the
// push adds against the base, with registry documents from a registry the base names, never the
// change. The registries are loopback servers of this process; no other network.
const DAY = 86_400_000;
const DOCS = {
  "fresh-lib": registryDocument("fresh-lib", { "1.0.0": { ageMs: 300 * DAY }, "1.1.0": { ageMs: DAY / 4 } }),
  "new-lib": registryDocument("new-lib", { "1.0.0": { ageMs: DAY / 3 } }),
  "old-lib": registryDocument("old-lib", { "2.0.0": { ageMs: 400 * DAY } }),
};

type Repo = Awaited<ReturnType<typeof initRepo>>;

const PRIVATE_REGISTRY = "https://npm.corp.example";

/**
 * An npm v3 lockfile (well-formed registry URLs, sha512 integrity) and its package.json, every
 * package direct, resolved from `registry`: the step asks a registry only about the packages that
 * come from its host (the loopback registries are paths of one server: one host). A package of
 * the @corp scope resolves from the company's private registry instead.
 */
function writeProject(repo: Repo, registry: string, packages: Record<string, string>): void {
  const entries = Object.fromEntries(
    Object.entries(packages).map(([name, version]) => [
      `node_modules/${name}`,
      {
        version,
        resolved: `${name.startsWith("@corp/") ? PRIVATE_REGISTRY : registry}/${name}/-/${name.split("/").pop()}-${version}.tgz`,
        integrity: `sha512-${createHash("sha512").update(`${name}@${version}`).digest("base64")}`,
        license: "MIT",
      },
    ]),
  );
  const root = { name: "shop", version: "1.0.0", dependencies: packages };
  repo.write("package.json", `${JSON.stringify({ ...root, private: true }, null, 2)}\n`);
  repo.write(
    "package-lock.json",
    `${JSON.stringify({ name: "shop", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": root, ...entries } }, null, 2)}\n`,
  );
}

async function commit(repo: Repo, message: string): Promise<string> {
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-qm", message, "--no-verify"]);
  return (await repo.git(["rev-parse", "HEAD"])).trim();
}

const DEPS_STEP = /^known vulnerabilities/;

describe("CI's deps step judges the release age of what a push adds (registry data, --registry-data)", () => {
  it("a version published today fails the push; one the base held passes; the change's policy and .npmrc neither relax it nor pick the registry", async () => {
    const trusted = await loopbackRegistry(DOCS); // the one the base's policy names
    const decoy = await loopbackRegistry(DOCS); // the one the change names
    // GitHub and GitLab CI: init writes both pipelines.
    const repo = await initRepo("recommended", {
      ".gitlab-ci.yml": "stages: [test]\n",
      ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n",
    });
    writeProject(repo, trusted.url, { "fresh-lib": "1.1.0" });
    const policyFile = repo.path(".rampart/config.yaml");
    const policy = readFileSync(policyFile, "utf8");
    expect(policy).toContain("deps:\n  vulnerabilities:\n");
    repo.write(".rampart/config.yaml", policy.replace("deps:\n", `deps:\n  online:\n    npm: ${trusted.url}\n`));
    const base = await commit(repo, "chore: adopt rampart");

    // Change A adds new-lib@1.0.0 (published 8 hours ago) and a private package (its name is
    // never sent to the registry asked), and turns the rule off and names its own registry in its
    // policy and .npmrc.
    writeProject(repo, trusted.url, { "fresh-lib": "1.1.0", "new-lib": "1.0.0", "@corp/secret-lib": "1.0.0" });
    repo.write(
      ".rampart/config.yaml",
      `${readFileSync(policyFile, "utf8").replace(trusted.url, decoy.url)}`.replace(
        "deps:\n",
        "deps:\n  quality:\n    minReleaseAgeDays: 0\n",
      ),
    );
    repo.write(".npmrc", `registry=${decoy.url}/\n`);
    const added = await commit(repo, "feat: new-lib");
    // Change B, from the base: adds a version published long ago, keeps fresh-lib@1.1.0 (as young
    // as new-lib, but the base held it: not this push's addition).
    await repo.git(["checkout", "-q", "-b", "old", base]);
    writeProject(repo, trusted.url, { "fresh-lib": "1.1.0", "old-lib": "2.0.0" });
    const kept = await commit(repo, "feat: old-lib");

    const ci = join(repo.home, "ci");
    await repo.git(["clone", "-q", repo.dir, ci]);
    let runs = 0;
    const deps = async (sha: string, registry: "env" | "policy") => {
      await repo.git(["-C", ci, "checkout", "-q", "--detach", sha]);
      const fromEnv = await loopbackRegistry(DOCS);
      const env: NodeJS.ProcessEnv = {
        ...repo.env,
        ...(await offlineAdvisories(join(repo.home, "osv"), fromEnv)),
        RUNNER_TEMP: ciTools(join(repo.home, `runner-temp-${++runs}`)), // a fresh registry cache each run
      };
      if (registry === "policy") delete env.RAMPART_NPM_REGISTRY;
      const steps = await runWorkflow(
        join(ci, ".github/workflows/rampart.yml"),
        ci,
        env,
        { before: base, sha, ref: "refs/heads/main" },
        (step) => !(step.name === "base (the trusted side)" || DEPS_STEP.test(step.name ?? "")),
      );
      const step = steps.find((s) => s.job === "lockfile" && DEPS_STEP.test(s.step));
      if (step === undefined) throw new Error(`the deps step did not run: ${JSON.stringify(steps)}`);
      return { ...step, requests: fromEnv.requests };
    };

    const refused = await deps(added, "env");
    expect(refused.exitCode, refused.output).toBe(1);
    expect(refused.output).toContain("deps/release-too-new");
    expect(refused.output).toMatch(/new-lib@1\.0\.0 was published .* less than a day ago/);
    expect(refused.output).not.toMatch(/fresh-lib@1\.1\.0 was published/);
    // One GET, for what the push adds from the registry asked; no advisory service asked (the
    // export is the job's own); the private package is named as not checked, its name never sent.
    expect(refused.requests).toEqual(["GET /new-lib"]);
    expect(refused.output).toContain(
      "NOT checked for 1 package(s) that do not come from the registry asked (http://127.0.0.1:",
    );
    expect(refused.output).toContain("(@corp/secret-lib@1.0.0: resolved from npm.corp.example)");

    // Without RAMPART_NPM_REGISTRY: the base's deps.online.npm, not the change's, not its .npmrc.
    const fromPolicy = await deps(added, "policy");
    expect(fromPolicy.exitCode, fromPolicy.output).toBe(1);
    expect(fromPolicy.output).toContain("deps/release-too-new");
    expect(trusted.requests).toEqual(["GET /new-lib"]);
    expect(decoy.requests, "a request went to the registry the change names").toEqual([]);

    const passed = await deps(kept, "env");
    expect(passed.exitCode, passed.output).toBe(0);
    expect(passed.output).not.toContain("deps/release-too-new");
    expect(passed.requests).toEqual(["GET /old-lib"]);

    // GitLab's job: the same command lines, its tools folder in the sandbox rather than /tmp.
    await repo.git(["-C", ci, "checkout", "-q", "--detach", added]);
    const job = (
      parseYaml(readFileSync(join(ci, ".gitlab/rampart.gitlab-ci.yml"), "utf8")) as Record<string, { script: string[] }>
    ).rampart;
    const lines = (job?.script ?? []).filter((line) => /XDG_CACHE_HOME|deps (update|check)/.test(line));
    expect(lines.some((line) => line.includes("deps check") && line.includes("--registry-data"))).toBe(true);
    const tools = join(ciTools(join(repo.home, "runner-temp-gitlab")), "rampart");
    const gitlabRegistry = await loopbackRegistry(DOCS);
    const r = await runCommand(
      "bash",
      ["--noprofile", "--norc", "-eo", "pipefail", "-c", lines.join("\n").replaceAll("/tmp/rampart-tools", tools)],
      {
        cwd: ci,
        env: {
          ...repo.env,
          ...(await offlineAdvisories(join(repo.home, "osv"), gitlabRegistry)),
          BASE: base,
          CI_COMMIT_SHA: added,
        },
        timeout: 120_000,
      },
    );
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toMatch(/new-lib@1\.0\.0 was published .* less than a day ago/);
    expect(gitlabRegistry.requests).toEqual(["GET /new-lib"]);
    expect(decoy.requests).toEqual([]);
  }, 240_000);
});
