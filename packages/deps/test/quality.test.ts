import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { ExitCode } from "@rampart/core";
import { type GitRepo, gitRepo, runCli } from "@rampart/test-helpers";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refreshRegistryCache, registryCacheDir } from "../src/registry.js";
import { npmLock, npmManifest } from "./lockfiles.js";

const DB = resolve(import.meta.dirname, "fixtures/osv");
const DAY = 86_400_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

// A loopback npm registry: full packuments (`time`, `versions[v].deprecated`), 404 for the rest,
// and an empty answer from the bulk advisory endpoint.
const seen: string[] = [];
let server: Server;
let base = "";
beforeAll(async () => {
  const packuments: Record<string, unknown> = {
    "fresh-lib": {
      name: "fresh-lib",
      time: { created: iso(400 * DAY), modified: iso(DAY / 2), "1.0.0": iso(400 * DAY), "1.1.0": iso(DAY / 2) },
      versions: { "1.0.0": {}, "1.1.0": {} },
    },
    "old-lib": {
      name: "old-lib",
      time: { "2.0.0": iso(900 * DAY) },
      versions: { "2.0.0": { deprecated: "use new-lib instead" } },
    },
  };
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader("content-type", "application/json");
    const name = decodeURIComponent((req.url ?? "").slice(1));
    if (req.method === "POST") res.end("{}");
    else if (packuments[name] !== undefined) res.end(JSON.stringify(packuments[name]));
    else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  seen.length = 0;
});
const repos: GitRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const policy = (extra = "") =>
  `version: 1\ndeps:\n  database: ${DB}\n  maxAgeDays: 100000\n  online:\n    npm: ${base}\n    sources: [npm]\n${extra}`;

describe("release age and deprecation (registry data through one cache)", () => {
  it("--online fills the cache; a one-day-old version is refused by default, naming the rule; offline reads the cache", async () => {
    const deps = { "fresh-lib": "1.1.0", "old-lib": "2.0.0", "private-lib": "1.0.0" };
    const r = await gitRepo({
      "package.json": npmManifest(deps),
      "package-lock.json": npmLock(deps),
      ".rampart/config.yaml": policy(),
    });
    repos.push(r);
    const online = await runCli(["deps", "check", "--online", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(online.exitCode, online.stderr).toBe(ExitCode.Findings);
    const report = JSON.parse(online.stdout) as {
      findings: Array<{ ruleId: string; severity: string; message: string }>;
    };
    const tooNew = report.findings.find((f) => f.ruleId === "deps/release-too-new");
    expect(tooNew?.message).toMatch(
      /^fresh-lib@1\.1\.0 was published .* less than a day ago: younger than deps\.quality\.minReleaseAgeDays \(2\)/,
    );
    expect(tooNew?.severity).toBe("error");
    expect(report.findings.find((f) => f.ruleId === "deps/deprecated")).toMatchObject({
      severity: "warning",
      message: expect.stringContaining("old-lib@2.0.0 is deprecated: use new-lib instead"),
    });
    expect(seen).toContain("GET /fresh-lib");
    expect(online.stderr).toContain("registry data refreshed for 2 package(s)");
    expect(online.stderr).toContain("NOT checked for 1 package(s)"); // private-lib: not on the registry

    seen.length = 0;
    const offline = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(seen).toEqual([]);
    expect(offline.stdout).toContain("deps/release-too-new");
    // Turned off by the policy.
    r.write(".rampart/config.yaml", policy("  quality:\n    minReleaseAgeDays: 0\n    deprecated: off\n"));
    const off = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(off.stdout).not.toContain("deps/release-too-new");
    expect(off.stdout).not.toContain("deps/deprecated");
  });

  it("pre-commit holds back a one-day-old version from the cache, offline; without data it says so", async () => {
    const r = await gitRepo({
      "package.json": npmManifest({ "old-lib": "2.0.0" }),
      "package-lock.json": npmLock({ "old-lib": "2.0.0" }),
      ".rampart/config.yaml": policy(),
    });
    repos.push(r);
    const deps = { "old-lib": "2.0.0", "fresh-lib": "1.1.0" };
    r.write("package.json", npmManifest(deps));
    r.write("package-lock.json", npmLock(deps));
    await r.git(["add", "package.json", "package-lock.json"]);
    const noData = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(noData.stdout + noData.stderr).toContain("release age NOT checked for 1 added package(s) (fresh-lib@1.1.0)");
    await refreshRegistryCache(["fresh-lib"], { registry: base, dir: registryCacheDir(r.env) });
    seen.length = 0;
    const held = await runCli(["hook", "pre-commit"], { cwd: r.dir, env: r.env });
    expect(held.exitCode).toBe(ExitCode.Findings);
    expect(held.stdout + held.stderr).toContain("deps/release-too-new");
    expect(held.stdout + held.stderr).toContain("fresh-lib@1.1.0 was published");
    expect(seen).toEqual([]); // the hook never touches the network
  });
});
