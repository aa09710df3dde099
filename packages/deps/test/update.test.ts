import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode } from "@rampart/core";
import { runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { loadDatabase, SNAPSHOT_FILE } from "../src/database.js";
import { updateDatabase } from "../src/update.js";
import { npmProjectRepo } from "./lockfiles.js";
import { useLoopbackServer, useRepos } from "./support/server.js";
import { makeZip } from "./support/zip.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures/osv");
const ZIP = makeZip([
  {
    name: "GHSA-35jh-r3h4-6jhm.json",
    data: readFileSync(join(FIXTURES, "github-reviewed/2021/02/GHSA-35jh-r3h4-6jhm/GHSA-35jh-r3h4-6jhm.json")),
  },
  { name: "MAL-2018-0001.json", data: readFileSync(join(FIXTURES, "synthetic/MAL-2018-flatmap-stream.json")) },
]);

// A loopback server standing in for OSV's bucket: /npm/all.zip, a slow path, a huge path, a 404.
const server = useLoopbackServer((req, res) => {
  if (req.url === "/npm/all.zip") res.end(ZIP);
  else if (req.url === "/slow") setTimeout(() => res.end(ZIP), 3_000).unref();
  else if (req.url === "/huge") {
    res.writeHead(200);
    res.end(Buffer.alloc(3_000_000));
  } else {
    res.statusCode = 404;
    res.end();
  }
});
const repos = useRepos();

const project = (policy?: string) => npmProjectRepo(repos.list, policy);

describe("updateDatabase from a URL (loopback server)", () => {
  it("downloads the zip export, stores the snapshot with the download's sha256", async () => {
    const r = await project();
    const res = await updateDatabase({ from: `${server.url}/npm/all.zip`, db: r.path("db"), cwd: r.dir });
    const { createHash } = await import("node:crypto");
    expect(res.sha256).toBe(createHash("sha256").update(ZIP).digest("hex"));
    expect(res.records).toBe(2);
    const db = loadDatabase(r.path("db"), { cacheDir: false });
    expect(db.from).toBe("snapshot");
    expect(db.snapshot?.source).toBe(`${server.url}/npm/all.zip`);
    expect(db.lookup("lodash")?.[0]?.id).toBe("GHSA-35jh-r3h4-6jhm");
  });

  it("is bounded: a timeout, a size cap, an HTTP error, and plain http off this machine is refused", async () => {
    const r = await project();
    const db = r.path("db");
    await expect(
      updateDatabase({ from: `${server.url}/slow`, db, cwd: r.dir, limits: { timeoutMs: 300 } }),
    ).rejects.toThrow(/timed out/);
    await expect(
      updateDatabase({ from: `${server.url}/huge`, db, cwd: r.dir, limits: { maxBytes: 1_000_000 } }),
    ).rejects.toThrow(/more than 1000000 bytes/);
    await expect(updateDatabase({ from: `${server.url}/missing`, db, cwd: r.dir })).rejects.toThrow(/HTTP 404/);
    await expect(updateDatabase({ from: "http://example.org/npm/all.zip", db, cwd: r.dir })).rejects.toThrow(
      /not https/,
    );
    await expect(updateDatabase({ from: "ftp://example.org/all.zip", db, cwd: r.dir })).rejects.toThrow(/not https/);
  });
});

describe("rampart deps update / check (CLI)", () => {
  it("update --from a directory, then check reads the snapshot and says its date and age", async () => {
    const r = await project("version: 1\ndeps:\n  database: .osv\n  maxAgeDays: 30\n");
    const up = await runCli(["deps", "update", "--from", FIXTURES], { cwd: r.dir, env: r.env });
    expect(up.exitCode, up.stderr).toBe(ExitCode.Clean);
    expect(up.stderr).toMatch(
      /rampart deps update: \d+ records .* sha256 [0-9a-f]{64}.*snapshot written to .*npm-osv\.snapshot/,
    );
    expect(readFileSync(r.path(".osv", SNAPSHOT_FILE)).subarray(0, 17).toString()).toBe("RAMPART-OSV-INDEX");
    const out = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(out.exitCode).toBe(ExitCode.Findings);
    expect(out.stderr).toMatch(
      /advisory records from .*\.osv \(snapshot of \d{4}-\d\d-\d\d, sha256 [0-9a-f]{12}, newest record \d+ days old\)/,
    );
    const report = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    // The fixtures' newest record is from 2024: past maxAgeDays, so the data is called stale.
    expect(report.findings.find((f) => f.ruleId === "deps/stale-database")?.message).toMatch(
      /days old .* more than 30/,
    );
  });

  it("update --from a URL of the zip export; a bad source is exit 2 with one line", async () => {
    const r = await project();
    const up = await runCli(["deps", "update", "--from", `${server.url}/npm/all.zip`, "--db", "db"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(up.exitCode, up.stderr).toBe(ExitCode.Clean);
    const check = await runCli(["deps", "check", "--db", "db", "--format", "json"], { cwd: r.dir, env: r.env });
    const report = JSON.parse(check.stdout) as { findings: Array<{ ruleId: string }> };
    expect(report.findings.map((f) => f.ruleId)).toContain("deps/malicious");
    const bad = await runCli(["deps", "update", "--from", `${server.url}/missing`, "--db", "db"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(bad.exitCode).toBe(ExitCode.Error);
    expect(bad.stderr).toContain("HTTP 404");
    expect(bad.stderr).not.toContain("    at ");
    // The snapshot from before is intact.
    expect(loadDatabase(r.path("db"), { cacheDir: false }).records).toBe(2);
  });

  it("a raw database is indexed once into the user's cache, outside the repository", async () => {
    const r = await project();
    const env = { ...r.env, XDG_CACHE_HOME: r.path("..", "xdg-cache") };
    const first = await runCli(["deps", "check", "--db", FIXTURES], { cwd: r.dir, env });
    expect(first.stderr).toContain("(indexed now,");
    const second = await runCli(["deps", "check", "--db", FIXTURES], { cwd: r.dir, env });
    expect(second.stderr).toContain("(index cache,");
    expect(second.stdout).toBe(first.stdout);
  });
});
