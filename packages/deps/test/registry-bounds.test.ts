import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ExitCode } from "@rampart/core";
import { runCli } from "@rampart/test-helpers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REGISTRY_CONCURRENCY, refreshRegistryCache, registryCacheDir } from "../src/registry.js";
import { npmLock, npmManifest } from "./lockfiles.js";
import { packument, useLoopbackServer, useRepos } from "./support/server.js";

const DB = resolve(import.meta.dirname, "fixtures/osv");

// A loopback registry: `stall-*` is never answered (a registry that hangs, or a document too
// large to arrive in time), `fail-lib` is HTTP 500, any other name its packument. It counts the
// requests it holds at once.
let open = 0;
let most = 0;
const registry = useLoopbackServer((req, res) => {
  const name = decodeURIComponent(req.url.slice(1));
  open++;
  most = Math.max(most, open);
  res.on("close", () => open--);
  if (name.startsWith("stall-")) return;
  res.setHeader("content-type", "application/json");
  if (name === "fail-lib") {
    res.statusCode = 500;
    res.end("{}");
    return;
  }
  res.end(JSON.stringify(packument(name, { "1.0.0": {} })));
});
const repos = useRepos();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  most = 0;
});
const cacheDir = () => {
  const d = mkdtempSync(join(tmpdir(), "rampart-registry-"));
  dirs.push(d);
  return d;
};

describe("registry documents: a bounded run (a first push asks for every package's)", () => {
  it("at most REGISTRY_CONCURRENCY requests at once; past the deadline the rest are aborted and the run is an error naming the registry and how far it got; what arrived is cached", async () => {
    const dir = cacheDir();
    const names = ["ok-lib", ...Array.from({ length: 40 }, (_, i) => `stall-${i}`)];
    const run = refreshRegistryCache(names, { registry: registry.url, dir, deadlineMs: 1_500 });
    await expect(run).rejects.toMatchObject({
      code: "DEPS_FETCH_FAILED",
      message: `${registry.url}/: 1 of 41 registry documents answered in 2 s, the time a run may spend on them; the quality rules would judge the rest with no data`,
    });
    expect(most).toBe(REGISTRY_CONCURRENCY);
    expect(registry.seen.length).toBe(REGISTRY_CONCURRENCY + 1); // ok-lib's slot took one more
    expect(readdirSync(dir)).toHaveLength(1); // ok-lib's document, kept for the next run
    // No request outlives the run: the server holds none of them now.
    await vi.waitFor(() => expect(open).toBe(0), { timeout: 10_000 });
  });

  it("the first failure is the run's error (not the deadline's), and the other requests stop", async () => {
    const run = refreshRegistryCache(["fail-lib", ...Array.from({ length: 20 }, (_, i) => `stall-${i}`)], {
      registry: registry.url,
      dir: cacheDir(),
      deadlineMs: 60_000,
    });
    await expect(run).rejects.toMatchObject({
      code: "DEPS_FETCH_FAILED",
      message: `${registry.url}/fail-lib: HTTP 500`,
    });
    await vi.waitFor(() => expect(open).toBe(0), { timeout: 10_000 });
  });

  it("deps check --registry-data: RAMPART_REGISTRY_DEADLINE bounds it, exit 2 with one line naming the registry; a bad value is exit 2", async () => {
    const deps = { "ok-lib": "1.0.0", "stall-a": "1.0.0", "stall-b": "1.0.0" };
    const r = await repos.make({
      "package.json": npmManifest(deps),
      "package-lock.json": npmLock(deps, registry.url),
      ".rampart/config.yaml": `version: 1\ndeps:\n  database: ${DB}\n  maxAgeDays: 100000\n  online:\n    npm: ${registry.url}\n`,
    });
    const out = await runCli(["deps", "check", "--registry-data"], {
      cwd: r.dir,
      env: { ...r.env, RAMPART_REGISTRY_DEADLINE: "1" },
    });
    expect(out.exitCode, out.stderr).toBe(ExitCode.Error);
    expect(out.stderr).toContain(
      `asking ${registry.url} for 3 registry document(s), ${REGISTRY_CONCURRENCY} at a time, within 1 s`,
    );
    expect(out.stderr).toContain(`rampart: ${registry.url}/: 1 of 3 registry documents answered in 1 s`);
    expect(out.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(registryCacheDir(r.env))).toBe(true);
    const bad = await runCli(["deps", "check", "--registry-data"], {
      cwd: r.dir,
      env: { ...r.env, RAMPART_REGISTRY_DEADLINE: "soon" },
    });
    expect(bad.exitCode).toBe(ExitCode.Error);
    expect(bad.stderr).toContain("RAMPART_REGISTRY_DEADLINE=soon is not a number of seconds");
  });
});
