import { createHash } from "node:crypto";
import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode } from "@rampart/core";
import { parseLockfile } from "@rampart/lockfile";
import { describeWithShared, runCli, sharedPath } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { refreshRegistryCache, registryCacheDir } from "../src/registry.js";
import { editDistance, oneEditApart, skeleton, typosquatOf } from "../src/typosquat.js";
import { npmLock, npmManifest } from "./lockfiles.js";
import { packument, registryHandler, useLoopbackServer, useRepos } from "./support/server.js";

const DB = resolve(import.meta.dirname, "fixtures/osv");
const DAY = 86_400_000;

// A loopback npm registry: full packuments (time, deprecation, publisher, maintainers,
// provenance attestations, an archived flag), 404 for the rest, {} from the advisory endpoint.
const registry = useLoopbackServer(
  registryHandler({
    "fresh-lib": packument("fresh-lib", { "1.0.0": { ageMs: 400 * DAY }, "1.1.0": { ageMs: DAY / 2 } }),
    "new-lib": packument("new-lib", { "1.0.0": { ageMs: DAY / 4 } }),
    "old-lib": packument("old-lib", { "2.0.0": { ageMs: 900 * DAY, deprecated: "use new-lib instead" } }),
    "took-over": packument("took-over", {
      "1.0.0": { ageMs: 500 * DAY, publisher: "alice", maintainers: ["alice", "bob"], provenance: true },
      "1.1.0": { ageMs: 400 * DAY, publisher: "alice", maintainers: ["alice", "bob"], provenance: true },
      "1.2.0": { ageMs: 300 * DAY, publisher: "eve", maintainers: ["alice", "bob", "eve"] },
    }),
    "steady-lib": packument("steady-lib", {
      "3.0.0": { ageMs: 400 * DAY, publisher: "carol", maintainers: ["carol", "dan"], provenance: true },
      "3.1.0": { ageMs: 300 * DAY, publisher: "dan", maintainers: ["carol", "dan"], provenance: true },
    }),
    "gone-lib": packument("gone-lib", { "0.9.0": { publisher: "x", maintainers: ["x"] } }, { archived: true }),
    "plain-lib": packument("plain-lib", { "1.0.0": { ageMs: 400 * DAY } }),
  }),
);
// Another registry (a company's private one): the lockfiles' private packages resolve from it.
const privateRegistry = useLoopbackServer(registryHandler({}));
const repos = useRepos();

const policy = (extra = "") =>
  `version: 1\ndeps:\n  database: ${DB}\n  maxAgeDays: 100000\n  online:\n    npm: ${registry.url}\n    sources: [npm]\n${extra}`;
// The lockfiles resolve from the loopback registry: only a package resolved from the registry
// asked is looked up there (deps' registryRoute).
const lock = (deps: Record<string, string>) => npmLock(deps, registry.url);
// A project whose hooks run the lockfile check resolves from the public registry (the check allows
// no loopback host); such a test reads the registry cache offline.
const PUBLIC = "https://registry.npmjs.org";
const project = (deps: Record<string, string>, extra = "", commit = false, from = registry.url) =>
  repos.make(
    {
      "package.json": npmManifest(deps),
      "package-lock.json": npmLock(deps, from),
      ".rampart/config.yaml": policy(extra),
    },
    commit ? { commit: true } : undefined,
  );
type Report = { findings: Array<{ ruleId: string; severity: string; message: string }> };

describe("release age and deprecation (registry data through one cache)", () => {
  it("--online fills the cache; a one-day-old version is refused by default, naming the rule; offline reads the cache", async () => {
    const r = await project({ "fresh-lib": "1.1.0", "old-lib": "2.0.0", "private-lib": "1.0.0" });
    const online = await runCli(["deps", "check", "--online", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(online.exitCode, online.stderr).toBe(ExitCode.Findings);
    const report = JSON.parse(online.stdout) as Report;
    const tooNew = report.findings.find((f) => f.ruleId === "deps/release-too-new");
    expect(tooNew?.message).toMatch(
      /^fresh-lib@1\.1\.0 was published .* less than a day ago: younger than deps\.quality\.minReleaseAgeDays \(2\)/,
    );
    expect(tooNew?.severity).toBe("error");
    expect(report.findings.find((f) => f.ruleId === "deps/deprecated")).toMatchObject({
      severity: "warning",
      message: expect.stringContaining("old-lib@2.0.0 is deprecated: use new-lib instead"),
    });
    expect(registry.seen.map((s) => `${s.method} ${s.url}`)).toContain("GET /fresh-lib");
    expect(online.stderr).toContain("registry data refreshed for 2 package(s)");
    // private-lib is not on the registry: each registry rule says it had no data for it.
    expect(online.stderr).toContain(
      "release age, deprecation, archived, provenance, maintainer change NOT checked for 1 package(s) (private-lib@1.0.0): no registry data in the cache",
    );
    expect(online.stderr).toContain("archived repositories: no data for 2 package(s)");

    registry.seen.length = 0;
    const offline = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(registry.seen).toEqual([]);
    expect(offline.stdout).toContain("deps/release-too-new");
    // Turned off by the policy.
    r.write(".rampart/config.yaml", policy("  quality:\n    minReleaseAgeDays: 0\n    deprecated: off\n"));
    const off = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(off.stdout).not.toContain("deps/release-too-new");
    expect(off.stdout).not.toContain("deps/deprecated");
  });

  it("pre-commit holds back a one-day-old version from the cache, offline; without data it says so once per cache state", async () => {
    const r = await project({ "old-lib": "2.0.0" }, "", true, PUBLIC);
    const stage = async (deps: Record<string, string>) => {
      r.write("package.json", npmManifest(deps));
      r.write("package-lock.json", npmLock(deps, PUBLIC));
      await r.git(["add", "package.json", "package-lock.json"]);
      const out = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
      return { ...out, all: out.stdout + out.stderr };
    };
    const first = await stage({ "old-lib": "2.0.0", "fresh-lib": "1.1.0" });
    expect(first.all).toContain(
      "release age, deprecation, provenance, maintainer change NOT checked for 1 added package(s) (fresh-lib@1.1.0): no registry data in the cache (said once until the registry cache changes",
    );
    // The same cache state: quiet; `deps check` still lists it.
    const again = await stage({ "old-lib": "2.0.0", "fresh-lib": "1.1.0", "other-lib": "1.0.0" });
    expect(again.all).not.toContain("deps/no-registry-data");
    const explicit = await runCli(["deps", "check", "--staged"], { cwd: r.dir, env: r.env });
    expect(explicit.stderr).toContain("NOT checked for 2 package(s) (fresh-lib@1.1.0, other-lib@1.0.0)");
    // A policy that sets the rule explicitly hears it every time.
    r.write(".rampart/config.yaml", policy("  quality:\n    minReleaseAgeDays: 3\n"));
    await r.git(["add", ".rampart/config.yaml"]);
    await r.git(["commit", "-qm", "policy", "--no-verify", "--", ".rampart/config.yaml"]);
    for (let i = 0; i < 2; i++) {
      const each = await stage({ "old-lib": "2.0.0", "other-lib": "1.0.0" });
      expect(each.all).toContain("NOT checked for 1 added package(s) (other-lib@1.0.0): no registry data in the cache");
      expect(each.all).not.toContain("said once");
    }

    // Once the cache is filled, the hook judges offline.
    await refreshRegistryCache(["fresh-lib"], { registry: registry.url, dir: registryCacheDir(r.env) });
    registry.seen.length = 0;
    const held = await stage({ "old-lib": "2.0.0", "fresh-lib": "1.1.0" });
    expect(held.exitCode).toBe(ExitCode.Findings);
    expect(held.all).toContain("deps/release-too-new");
    expect(held.all).toContain("fresh-lib@1.1.0 was published");
    expect(registry.seen).toEqual([]); // the hook never touches the network
    // Five hooked commits: 13 s at load 17, over the 30 s default at load 30 (a CI simulation).
  }, 120_000);
});

describe("--policy-rev (CI): the quality rules judge what the change adds against REV", () => {
  it("a version the base held is not judged again, one the change adds is; vulnerabilities judge every package; registry documents only for what is judged", async () => {
    const held = { "old-lib": "2.0.0", "fresh-lib": "1.1.0", lodash: "4.17.20" };
    const r = await project(held, "", true);
    const base = (await r.git(["rev-parse", "HEAD"])).trim();
    const change = { ...held, "new-lib": "1.0.0" };
    r.write("package.json", npmManifest(change));
    r.write("package-lock.json", lock(change));
    // The change's own policy and .npmrc neither relax the rule nor name the registry asked.
    const decoy = "http://127.0.0.1:9";
    r.write(".rampart/config.yaml", policy("  quality:\n    minReleaseAgeDays: 0\n").replace(registry.url, decoy));
    r.write(".npmrc", `registry=${decoy}/\n`);
    await r.git(["add", "-A"]);
    await r.git(["commit", "-qm", "add new-lib", "--no-verify"]);
    // --registry-data: the registry documents of what the change adds, no advisory service (CI).
    const ci = await runCli(["deps", "check", "--policy-rev", base, "--registry-data", "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(ci.exitCode, ci.stderr).toBe(ExitCode.Findings);
    const found = (out: string) =>
      (JSON.parse(out) as Report).findings.map((f) => `${f.ruleId} ${f.message.split(/:? /)[0]}`).sort();
    const quality = (out: string) =>
      found(out).filter((f) =>
        /^deps\/(release-too-new|deprecated|typosquat|no-provenance|provenance-dropped|maintainer-change|archived) /.test(
          f,
        ),
      );
    // fresh-lib@1.1.0 is as young, but the base held it: not the change's addition.
    expect(quality(ci.stdout)).toEqual(["deps/release-too-new new-lib@1.0.0"]);
    expect(found(ci.stdout)).toContain("deps/vulnerable lodash@4.17.20"); // every package, as before
    expect(ci.stderr).toContain(
      `the quality rules judge what the lockfiles add or upgrade against ${base}: 1 package(s)`,
    );
    expect(registry.seen.map((s) => `${s.method} ${s.url}`)).toEqual(["GET /new-lib"]);
    expect(ci.stderr).toContain(`registry data refreshed for 1 package(s) of 1 asked (${registry.url})`);

    // Nothing added against HEAD: nothing for the quality rules, the vulnerabilities still judged.
    const same = await runCli(["deps", "check", "--policy-rev", "HEAD", "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(quality(same.stdout)).toEqual([]);
    expect(found(same.stdout)).toContain("deps/vulnerable lodash@4.17.20");

    // An unstaged edit: the index's diff does not describe the working tree, so it is judged whole.
    registry.seen.length = 0;
    const edited = { ...change, "other-lib": "1.0.0" };
    r.write("package-lock.json", lock(edited));
    const local = await runCli(["deps", "check", "--policy-rev", base, "--online", "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(local.stderr).toContain(
      `package-lock.json: the working tree's copy is not the index's (stage it to judge only what it changes against ${base}): the quality rules judge every package of it`,
    );
    expect(found(local.stdout)).toEqual(
      expect.arrayContaining([
        "deps/deprecated old-lib@2.0.0",
        "deps/release-too-new fresh-lib@1.1.0",
        "deps/release-too-new new-lib@1.0.0",
      ]),
    );
    expect(
      registry.seen
        .filter((s) => s.method === "GET")
        .map((s) => s.url)
        .sort(),
    ).toEqual(["/fresh-lib", "/lodash", "/old-lib", "/other-lib"]);

    // A lockfile committed as a symlink: git holds the link, which is no lockfile, while the
    // check reads what it points at; it is judged whole too.
    r.write("real-lock.json", lock(edited));
    rmSync(r.path("package-lock.json"));
    symlinkSync("real-lock.json", r.path("package-lock.json"));
    await r.git(["add", "-A"]);
    await r.git(["commit", "-qm", "link", "--no-verify"]);
    const linked = await runCli(["deps", "check", "--policy-rev", base, "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(linked.stderr).toContain(
      `package-lock.json: the index's copy could not be read (fix it to judge only what it changes against ${base}): the quality rules judge every package of it`,
    );
    expect(quality(linked.stdout)).toContain("deps/deprecated old-lib@2.0.0");
  });
});

describe("--policy-rev (CI): a name@version the base held from git, now from the registry", () => {
  it("is judged as the change's (release age): its registry package is new content", async () => {
    // The base's git dependency; its name is free on the registry, where someone publishes it today.
    const spec = "git+ssh://git@github.com/acme/new-lib.git#v1.0.0";
    const lock = (dep: string, entry: Record<string, unknown>) =>
      `${JSON.stringify(
        {
          name: "app",
          version: "1.0.0",
          lockfileVersion: 3,
          requires: true,
          packages: {
            "": { name: "app", version: "1.0.0", dependencies: { "new-lib": dep } },
            "node_modules/new-lib": { version: "1.0.0", ...entry },
          },
        },
        null,
        2,
      )}\n`;
    const r = await repos.make(
      {
        "package.json": npmManifest({ "new-lib": spec }),
        "package-lock.json": lock(spec, {
          resolved: "git+ssh://git@github.com/acme/new-lib.git#0123456789abcdef0123456789abcdef01234567",
        }),
        ".rampart/config.yaml": policy(),
        // No URL in the lockfile: the package comes from the registry the project's config names.
        ".npmrc": `registry=${registry.url}/\n`,
      },
      { commit: true },
    );
    const base = (await r.git(["rev-parse", "HEAD"])).trim();
    // The change: the same name@version from the registry, with no URL (npm's omit-lockfile-registry-resolved).
    r.write("package.json", npmManifest({ "new-lib": "1.0.0" }));
    r.write("package-lock.json", lock("1.0.0", { integrity: `sha512-${Buffer.from("new").toString("base64")}` }));
    await r.git(["commit", "-qam", "chore: new-lib from the registry", "--no-verify"]);
    const ci = await runCli(["deps", "check", "--policy-rev", base, "--online", "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(ci.stderr).toContain(
      `the quality rules judge what the lockfiles add or upgrade against ${base}: 1 package(s)`,
    );
    expect((JSON.parse(ci.stdout) as Report).findings.map((f) => f.ruleId)).toContain("deps/release-too-new");
    expect(ci.exitCode, ci.stderr).toBe(ExitCode.Findings);
  });
});

describe("registry documents are asked only of the registry a package comes from", () => {
  it("a private package (another registry's URL, a scope the config maps there), git, tarball and file sources: their names never reach the registry asked; each is NOT checked, naming why", async () => {
    const integrity = (n: string) => `sha512-${Buffer.from(n).toString("base64")}`;
    const entries: Record<string, Record<string, unknown>> = {
      // From the registry asked: by its URL, and by the project's default registry (no URL).
      "new-lib": {
        version: "1.0.0",
        resolved: `${registry.url}/new-lib/-/new-lib-1.0.0.tgz`,
        integrity: integrity("n"),
      },
      "plain-lib": { version: "1.0.0", integrity: integrity("p") },
      // From elsewhere: another registry's URL, a scope mapped there (no URL), git, a tarball, a folder.
      "@corp/secret-lib": {
        version: "1.0.0",
        resolved: `${privateRegistry.url}/@corp/secret-lib/-/secret-lib-1.0.0.tgz`,
        integrity: integrity("s"),
      },
      "@corp/quiet-lib": { version: "2.0.0", integrity: integrity("q") },
      "git-lib": {
        version: "1.0.0",
        resolved: "git+ssh://git@git.corp.example/git-lib.git#0123456789abcdef0123456789abcdef01234567",
      },
      "tarball-lib": {
        version: "1.0.0",
        resolved: "https://files.corp.example/tarball-lib-1.0.0.tgz",
        integrity: integrity("t"),
      },
      "file-lib": { version: "1.0.0", resolved: "file:../file-lib" },
    };
    const deps = Object.fromEntries(Object.entries(entries).map(([n, e]) => [n, e.version as string]));
    const lockText = (names: string[]) =>
      `${JSON.stringify(
        {
          name: "app",
          version: "1.0.0",
          lockfileVersion: 3,
          requires: true,
          packages: {
            "": { name: "app", version: "1.0.0", dependencies: Object.fromEntries(names.map((n) => [n, deps[n]])) },
            ...Object.fromEntries(names.map((n) => [`node_modules/${n}`, entries[n]])),
          },
        },
        null,
        2,
      )}\n`;
    const r = await repos.make(
      {
        "package.json": npmManifest({}),
        "package-lock.json": lockText([]),
        ".rampart/config.yaml": policy(),
        ".npmrc": `registry=${registry.url}/\n@corp:registry=${privateRegistry.url}/\n`,
      },
      { commit: true },
    );
    const base = (await r.git(["rev-parse", "HEAD"])).trim();
    r.write("package.json", npmManifest(deps));
    r.write("package-lock.json", lockText(Object.keys(entries)));
    await r.git(["commit", "-qam", "feat: dependencies", "--no-verify"]);
    const asked = () => registry.seen.map((s) => `${s.method} ${s.url}`).sort();
    const secret = /corp|secret-lib|quiet-lib|git-lib|tarball-lib|file-lib/;
    // CI (what the change adds against the base), and a whole-lockfile run (a first push).
    for (const args of [["--policy-rev", base, "--registry-data"], ["--online"]]) {
      registry.seen.length = 0;
      rmSync(registryCacheDir(r.env), { recursive: true, force: true });
      const out = await runCli(["deps", "check", ...args, "--format", "json"], { cwd: r.dir, env: r.env });
      expect(out.exitCode, out.stderr).toBe(ExitCode.Findings);
      expect((JSON.parse(out.stdout) as Report).findings.map((f) => f.ruleId)).toContain("deps/release-too-new");
      expect(
        asked().filter((x) => x.startsWith("GET")),
        args.join(" "),
      ).toEqual(["GET /new-lib", "GET /plain-lib"]);
      expect(
        registry.seen.filter((s) => secret.test(s.url) || secret.test(JSON.stringify(s.body ?? ""))),
        "a private name reached the registry asked",
      ).toEqual([]);
      expect(privateRegistry.seen).toEqual([]);
      const host = new URL(privateRegistry.url).host;
      expect(out.stderr).toContain(
        `NOT checked for 2 package(s) that do not come from the registry asked (${registry.url}), whose names are not sent there (@corp/secret-lib@1.0.0: resolved from ${host}; @corp/quiet-lib@2.0.0: its scope @corp maps to ${host})`,
      );
    }
    // A cache holding another registry's data for a private name (a persistent runner) judges nothing.
    const dir = registryCacheDir(r.env);
    await refreshRegistryCache(["new-lib"], { registry: registry.url, dir });
    writeFileSync(
      join(dir, `${createHash("sha256").update("@corp/secret-lib").digest("hex").slice(0, 32)}.json`),
      JSON.stringify({
        name: "@corp/secret-lib",
        fetchedAt: new Date().toISOString(),
        time: { "1.0.0": new Date().toISOString() },
        deprecated: {},
        versions: { "1.0.0": { provenance: false } },
      }),
    );
    const cached = await runCli(["deps", "check", "--policy-rev", base, "--registry-data", "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect((JSON.parse(cached.stdout) as Report).findings.filter((f) => f.message.includes("secret-lib"))).toEqual([]);
    expect(cached.stderr).toContain("@corp/secret-lib@1.0.0: resolved from");
  });
});

describe("which registry a package comes from is the trusted side's config, not the change's", () => {
  it("a change naming another registry in its own .npmrc does not move what it adds out of the registry rules: not asked, and deps/registry-moved fails it (--policy-rev; --staged against HEAD)", async () => {
    // No resolved URLs (npm's omit-lockfile-registry-resolved, like pnpm): the config routes them.
    const integrity = (n: string) => `sha512-${Buffer.from(n).toString("base64")}`;
    const entries: Record<string, Record<string, unknown>> = {
      "new-lib": { version: "1.0.0", integrity: integrity("n") },
      "@corp/quiet-lib": { version: "2.0.0", integrity: integrity("q") },
    };
    const lockText = (names: string[]) =>
      `${JSON.stringify({
        name: "app",
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages: {
          "": {
            name: "app",
            version: "1.0.0",
            dependencies: Object.fromEntries(names.map((n) => [n, entries[n]?.version])),
          },
          ...Object.fromEntries(names.map((n) => [`node_modules/${n}`, entries[n]])),
        },
      })}\n`;
    const r = await repos.make(
      {
        "package.json": npmManifest({}),
        "package-lock.json": lockText([]),
        ".rampart/config.yaml": policy(),
        ".npmrc": `registry=${registry.url}/\n`,
      },
      { commit: true },
    );
    const base = (await r.git(["rev-parse", "HEAD"])).trim();
    const change = () => {
      // The change's own default registry (package.json's "pnpm" key: CI's restore of the base's
      // .npmrc does not cover it), and its scope mapped elsewhere (.npmrc: a private registry).
      const manifest = JSON.parse(npmManifest({ "new-lib": "1.0.0", "@corp/quiet-lib": "2.0.0" })) as object;
      const pnpm = { registries: { default: "https://npm.elsewhere.example/" } };
      r.write("package.json", `${JSON.stringify({ ...manifest, pnpm }, null, 2)}\n`);
      r.write("package-lock.json", lockText(Object.keys(entries)));
      r.write(".npmrc", `registry=${registry.url}/\n@corp:registry=${privateRegistry.url}/\n`);
    };
    change();
    await r.git(["add", "-A"]);
    await r.git(["commit", "-qm", "feat: new-lib", "--no-verify"]);
    const judge = async (args: string[]) => {
      registry.seen.length = 0;
      rmSync(registryCacheDir(r.env), { recursive: true, force: true });
      const out = await runCli(["deps", "check", ...args, "--registry-data", "--format", "json"], {
        cwd: r.dir,
        env: r.env,
      });
      expect(out.exitCode, out.stderr).toBe(ExitCode.Findings);
      const findings = (JSON.parse(out.stdout) as Report).findings.filter((f) => f.ruleId !== "deps/bad-record");
      expect(findings.map((f) => `${f.ruleId} ${f.severity} ${f.message.split(":")[0]}`).sort()).toEqual([
        "deps/registry-moved error @corp/quiet-lib@2.0.0",
        "deps/registry-moved error new-lib@1.0.0",
      ]);
      // Neither name was sent anywhere: the change's config withholds them, the base's would judge them.
      expect(registry.seen.map((s) => `${s.method} ${s.url}`)).toEqual([]);
      expect(privateRegistry.seen).toEqual([]);
    };
    await judge(["--policy-rev", base]);
    // The pre-commit's --staged: HEAD's config routes, as the staged lockfile check's does.
    await r.git(["reset", "-q", "--hard", base]);
    change();
    await r.git(["add", "-A"]);
    await judge(["--staged"]);
  });
});

describe("a package the change resolves from another host than the trusted config maps it to", () => {
  it("is not asked and fails as deps/registry-moved; one on the public registry is asked of the base's mirror (which lockfile check always allows)", async () => {
    const r = await repos.make(
      {
        "package.json": npmManifest({}),
        "package-lock.json": npmLock({}, registry.url),
        ".rampart/config.yaml": policy(),
        ".npmrc": `registry=${registry.url}/\n`,
      },
      { commit: true },
    );
    const base = (await r.git(["rev-parse", "HEAD"])).trim();
    const judge = async (from: string) => {
      await r.git(["reset", "-q", "--hard", base]);
      r.write("package.json", npmManifest({ "new-lib": "1.0.0" }));
      r.write("package-lock.json", npmLock({ "new-lib": "1.0.0" }, from));
      await r.git(["commit", "-qam", "feat: new-lib", "--no-verify"]);
      registry.seen.length = 0;
      rmSync(registryCacheDir(r.env), { recursive: true, force: true });
      const out = await runCli(["deps", "check", "--policy-rev", base, "--registry-data", "--format", "json"], {
        cwd: r.dir,
        env: r.env,
      });
      expect(out.exitCode, out.stderr).toBe(ExitCode.Findings);
      const rules = (JSON.parse(out.stdout) as Report).findings
        .map((f) => f.ruleId)
        .filter((id) => id !== "deps/bad-record");
      return { rules, asked: registry.seen.map((s) => `${s.method} ${s.url}`) };
    };
    // From the mirror the base names: asked there, and too new.
    expect(await judge(registry.url)).toEqual({ rules: ["deps/release-too-new"], asked: ["GET /new-lib"] });
    // From the public registry (npm fetches it through the mirror): a public name, asked there.
    expect(await judge(PUBLIC)).toEqual({ rules: ["deps/release-too-new"], asked: ["GET /new-lib"] });
    // From another host: not asked, and not passed unjudged.
    expect(await judge("https://npm.other.example")).toEqual({ rules: ["deps/registry-moved"], asked: [] });
  });
});

describe("the registry cache is untrusted input", () => {
  it("a damaged cache file is one line naming the package and what is wrong, read as no data; --online rewrites it", async () => {
    const r = await project({ "fresh-lib": "1.1.0", "old-lib": "2.0.0" });
    const dir = registryCacheDir(r.env);
    await refreshRegistryCache(["fresh-lib", "old-lib"], { registry: registry.url, dir });
    const file = join(dir, `${createHash("sha256").update("fresh-lib").digest("hex").slice(0, 32)}.json`);
    for (const [damage, why] of [
      ["{ nope", "not JSON"],
      [
        JSON.stringify({ name: "other", fetchedAt: new Date().toISOString(), time: {}, deprecated: {} }),
        "written for another package",
      ],
      [JSON.stringify({ name: "fresh-lib", fetchedAt: "x", time: {}, deprecated: {} }), "no fetch date"],
      [
        JSON.stringify({
          name: "fresh-lib",
          fetchedAt: new Date().toISOString(),
          time: { "1.1.0": 5 },
          deprecated: {},
        }),
        "malformed time or deprecation data",
      ],
      [
        JSON.stringify({
          name: "fresh-lib",
          fetchedAt: new Date().toISOString(),
          time: {},
          deprecated: {},
          versions: { "1.1.0": { provenance: "yes" } },
        }),
        "malformed version data",
      ],
    ] as const) {
      writeFileSync(file, damage);
      const out = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
      expect(out.stderr).toContain(
        `registry cache: 1 file(s) did not check out and were read as no data (fresh-lib: ${why})`,
      );
      expect(out.stderr).not.toMatch(/\n\s+at /);
      expect(out.stdout).toContain("old-lib@2.0.0 is deprecated"); // the others are still judged
      expect(out.stdout).not.toContain("deps/release-too-new");
    }
    const online = await runCli(["deps", "check", "--online", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(online.stdout).toContain("deps/release-too-new");
    expect(JSON.parse(readFileSync(file, "utf8")).name).toBe("fresh-lib");
  });
});

describe("provenance, maintainer change, archived repositories (registry data)", () => {
  it("an upgrade published by a new maintainer is reported, not blocked; provenance and archived follow the policy", async () => {
    // The upgrade skips 1.1.0: the hooks compare with the version the diff replaces (1.0.0).
    const r = await project({ "took-over": "1.0.0", "steady-lib": "3.0.0" }, "", true, PUBLIC);
    const deps = { "took-over": "1.2.0", "steady-lib": "3.1.0", "gone-lib": "0.9.0" };
    r.write("package-lock.json", npmLock(deps, PUBLIC));
    r.write("package.json", npmManifest(deps));
    // The registry asked is the project's npm mirror (its .npmrc): the public packages are asked of it.
    r.write(".npmrc", `registry=${registry.url}/\n`);
    const up = await runCli(["deps", "update", "--online", "--from", DB, "--db", r.path("db")], {
      cwd: r.dir,
      env: r.env,
    });
    expect(up.exitCode, up.stderr).toBe(ExitCode.Clean);
    await r.git(["add", "package.json", "package-lock.json"]);
    const hook = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    const all = hook.stdout + hook.stderr;
    expect(hook.exitCode, all).toBe(ExitCode.Clean); // warnings only, by default
    expect(all).toContain(
      "took-over@1.2.0: published by eve, who did not maintain took-over@1.0.0 (alice, bob); maintainers added since 1.0.0: eve",
    );
    const staged = await runCli(["deps", "check", "--staged"], { cwd: r.dir, env: r.env });
    expect(staged.stdout + staged.stderr).toContain("who did not maintain took-over@1.0.0");
    // CI's --policy-rev compares with the version the diff against REV replaces, as --staged does.
    const ci = await runCli(["deps", "check", "--policy-rev", "HEAD"], { cwd: r.dir, env: r.env });
    expect(ci.stdout + ci.stderr).toContain("who did not maintain took-over@1.0.0");
    expect(all).toContain("deps/maintainer-change");
    expect(all).not.toMatch(/steady-lib@3\.1\.0: published/); // dan maintained 3.0.0
    expect(all).toContain("gone-lib's repository is archived");
    expect(all).not.toContain("deps/no-provenance"); // off by default
    // ...but an upgrade that loses the provenance its old version had is reported by default.
    expect(all).toContain(
      "took-over@1.2.0 carries no provenance attestation, but took-over@1.0.0 did: published outside the package's attested build",
    );
    expect(all).not.toMatch(/steady-lib@3\.1\.0 carries no provenance/);

    r.write(
      ".rampart/config.yaml",
      policy("  quality:\n    provenance: fail\n    maintainerChange: fail\n    archived: off\n"),
    );
    await r.git(["add", ".rampart/config.yaml"]);
    await r.git(["commit", "-qm", "policy", "--no-verify", "--", ".rampart/config.yaml"]);
    const strict = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    const report = JSON.parse(strict.stdout) as Report;
    const by = (rule: string) =>
      report.findings
        .filter((f) => f.ruleId === rule)
        .map((f) => `${f.severity} ${f.message}`)
        .sort();
    expect(by("deps/no-provenance")).toEqual([
      expect.stringMatching(/^error gone-lib@0\.9\.0 carries no registry provenance/),
      expect.stringMatching(/^error took-over@1\.2\.0 carries no registry provenance/),
    ]);
    // Whole lockfile: compared with the version published before (1.1.0).
    expect(by("deps/maintainer-change")).toEqual([expect.stringMatching(/^error took-over@1\.2\.0: published by eve/)]);
    expect(by("deps/archived")).toEqual([]);
    expect(strict.exitCode).toBe(ExitCode.Findings);
  });
});

describe("typosquat names (offline, from the shipped list of popular names)", () => {
  it.each([
    ["lodahs", "lodash", "one edit"],
    ["expresss", "express", "one edit"],
    ["l0dash", "lodash", "look-alike characters"],
    ["rnocha", "mocha", "look-alike characters"],
    ["crossenv", "cross-env", "separators"],
    ["types-node", "@types/node", "scope"],
    ["@bable/core", "@babel/core", "scope"],
    ["@typescript_eslint/parser", "@typescript-eslint/parser", "scope"],
  ])("%s looks like %s (%s)", (name, target, how) => {
    expect(typosquatOf(name)).toEqual({ target, how });
  });

  it.each(["lodash", "react-dom", "react-dnd", "ms", "qs", "@types/lodash", "my-own-thing", "babel-cli"])(
    "%s is not flagged (popular itself, too short, or unlike any popular name)",
    (name) => {
      expect(typosquatOf(name)).toBeUndefined();
    },
  );

  it("edit distance counts a swap of neighbours as one edit; skeletons fold separators and look-alikes", () => {
    expect(editDistance("lodash", "lodahs")).toBe(1);
    expect(editDistance("lodash", "lodhas")).toBe(2);
    expect(skeleton("Lo_Da.sh")).toBe(skeleton("lodash"));
    for (const [a, b, one] of [
      ["lodash", "lodahs", true],
      ["lodash", "lodas", true],
      ["lodash", "llodash", true],
      ["lodash", "lodask", true],
      ["lodash", "lodash", false],
      ["lodash", "lodhas", false],
      ["lodash", "lo", false],
    ] as const)
      expect(oneEditApart(a, b), `${a} ${b}`).toBe(one);
    expect(skeleton("c0lors")).toBe(skeleton("colors"));
  });

  it("the hook warns on an added typosquat by default; fail refuses it; typosquatAllow accepts it", async () => {
    const r = await project(
      { "old-lib": "2.0.0" },
      "  quality:\n    minReleaseAgeDays: 0\n    deprecated: off\n    maintainerChange: off\n    archived: off\n",
      true,
      PUBLIC,
    );
    const deps = { "old-lib": "2.0.0", lodahs: "1.0.0" };
    r.write("package.json", npmManifest(deps));
    r.write("package-lock.json", npmLock(deps, PUBLIC));
    await r.git(["add", "package.json", "package-lock.json"]);
    const warned = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(warned.exitCode).toBe(ExitCode.Clean);
    expect(warned.stdout + warned.stderr).toContain(
      "lodahs@1.0.0: the name looks like a typosquat of the popular package lodash (one edit away) (path: lodahs)",
    );
    const setPolicy = async (extra: string) => {
      r.write(".rampart/config.yaml", policy(`  quality:\n    minReleaseAgeDays: 0\n${extra}`));
      await r.git(["commit", "-qm", "policy", "--no-verify", "--", ".rampart/config.yaml"]);
    };
    await setPolicy("    typosquat: fail\n");
    const refused = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(refused.exitCode).toBe(ExitCode.Findings);
    expect(refused.stdout + refused.stderr).toContain("deps/typosquat");
    await setPolicy("    typosquat: fail\n    typosquatAllow: [lodahs]\n");
    const allowed = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(allowed.stdout + allowed.stderr).not.toContain("deps/typosquat");
  });
});

describeWithShared("fixtures/lockfiles", "typosquat false positives on real lockfiles", () => {
  it("flags at most 1 in 1,000 of the names of the shared fixture lockfiles (all real packages)", async () => {
    const names = new Set<string>();
    for (const [dir, file] of [
      ["npm-v3-large-nodejs.org", "package-lock.json"],
      ["npm-v2-workspaces-create-react-app", "package-lock.json"],
      ["pnpm-v9-large-vite", "pnpm-lock.yaml"],
      ["yarn-berry-v10-babel", "yarn.lock"],
    ] as const) {
      const l = await parseLockfile({ path: file, cwd: sharedPath(`fixtures/lockfiles/${dir}`) });
      for (const p of l.packages) names.add(p.name);
    }
    const flagged = [...names].filter((n) => typosquatOf(n) !== undefined);
    expect(names.size).toBeGreaterThan(3000);
    expect(flagged.length / names.size, flagged.join(", ")).toBeLessThanOrEqual(0.001);
  });
});
