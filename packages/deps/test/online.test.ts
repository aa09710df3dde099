import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode } from "@rampart/core";
import { runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { fetchOnline, onlineOptions } from "../src/online.js";
import { npmProjectRepo } from "./lockfiles.js";
import { useLoopbackServer, useRepos } from "./support/server.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures/osv");
const LODASH = JSON.parse(
  readFileSync(join(FIXTURES, "github-reviewed/2021/02/GHSA-35jh-r3h4-6jhm/GHSA-35jh-r3h4-6jhm.json"), "utf8"),
);

// A loopback server answering with the documented shapes of OSV's API
// (https://google.github.io/osv.dev/post-v1-querybatch/, /get-v1-vulns/) and npm's bulk advisory
// endpoint (https://docs.npmjs.com/cli/commands/npm-audit#bulk-advisory-endpoint).
const server = useLoopbackServer((req, res) => {
  const body = req.body as Record<string, unknown> & {
    queries: Array<{ package: { name: string }; version: string; page_token?: string }>;
  };
  res.setHeader("content-type", "application/json");
  if (req.method === "POST" && req.url === "/v1/querybatch") {
    const results = body.queries.map((q) => {
      if (q.package.name === "lodash" && q.version === "4.17.20" && q.page_token === undefined)
        return { vulns: [{ id: "GHSA-35jh-r3h4-6jhm", modified: LODASH.modified }], next_page_token: "p2" };
      if (q.package.name === "lodash" && q.page_token === "p2") return { vulns: [] };
      return {};
    });
    res.end(JSON.stringify({ results }));
  } else if (req.method === "GET" && req.url === "/v1/vulns/GHSA-35jh-r3h4-6jhm") res.end(JSON.stringify(LODASH));
  else if (req.method === "POST" && req.url === "/-/npm/v1/security/advisories/bulk") {
    const out: Record<string, unknown[]> = {};
    if (body["old-thing"])
      out["old-thing"] = [
        {
          id: 1_099_999,
          url: "https://github.com/advisories/GHSA-2222-3333-4444",
          title: "Synthetic npm advisory",
          severity: "critical",
          vulnerable_versions: "<1.3.0",
          cwe: ["CWE-94"],
          cvss: { score: 9.8, vectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" },
        },
      ];
    out["not-asked"] = [{ id: 1, url: "", title: "", severity: "high", vulnerable_versions: "*" }];
    res.end(JSON.stringify(out));
  } else {
    res.statusCode = 404;
    res.end("{}");
  }
});
const seen = server.seen;
const repos = useRepos();

describe("fetchOnline (loopback server)", () => {
  it("OSV: querybatch for each name@version, pages followed, then the details of each id", async () => {
    const options = { ...onlineOptions({ RAMPART_OSV_API: server.url }), sources: ["osv" as const] };
    const r = await fetchOnline(
      [
        { name: "lodash", version: "4.17.20" },
        { name: "left-pad", version: "1.3.0" },
      ],
      options,
    );
    expect(r.db.lookup("lodash")?.map((a) => a.id)).toEqual(["GHSA-35jh-r3h4-6jhm"]);
    expect(r.db.lookup("left-pad")).toBeUndefined();
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "POST /v1/querybatch",
      "POST /v1/querybatch",
      "GET /v1/vulns/GHSA-35jh-r3h4-6jhm",
    ]);
    expect(seen[0]?.body).toEqual({
      queries: [
        { package: { name: "lodash", ecosystem: "npm" }, version: "4.17.20" },
        { package: { name: "left-pad", ecosystem: "npm" }, version: "1.3.0" },
      ],
    });
    expect((seen[1]?.body as { queries: unknown[] } | undefined)?.queries).toEqual([
      { package: { name: "lodash", ecosystem: "npm" }, version: "4.17.20", page_token: "p2" },
    ]);
  });

  it("npm: one bulk request {name: [versions]}; only asked names and covered versions count", async () => {
    const options = { ...onlineOptions({ RAMPART_NPM_REGISTRY: `${server.url}/` }), sources: ["npm" as const] };
    const r = await fetchOnline(
      [
        { name: "old-thing", version: "1.2.0" },
        { name: "old-thing", version: "1.4.0" },
      ],
      options,
    );
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(["POST /-/npm/v1/security/advisories/bulk"]);
    expect(seen[0]?.body).toEqual({ "old-thing": ["1.2.0", "1.4.0"] });
    const [a] = r.db.lookup("old-thing") ?? [];
    expect(a).toMatchObject({ id: "GHSA-2222-3333-4444", aliases: ["NPM-1099999"], versions: ["1.2.0"] });
    expect(a?.severity).toMatchObject({ level: "critical", score: 9.8 });
    expect(r.db.lookup("not-asked")).toBeUndefined();
  });

  it("a service that fails or answers another shape is an error, never an empty answer", async () => {
    const wrong = { ...onlineOptions({ RAMPART_OSV_API: `${server.url}/nowhere` }), sources: ["osv" as const] };
    await expect(fetchOnline([{ name: "lodash", version: "4.17.20" }], wrong)).rejects.toThrow(/HTTP 404/);
    const plain = { ...onlineOptions({ RAMPART_OSV_API: "http://example.org" }), sources: ["osv" as const] };
    await expect(fetchOnline([{ name: "lodash", version: "4.17.20" }], plain)).rejects.toThrow(/not https/);
    expect(() => onlineOptions({}, { online: { sources: [] } })).toThrow(/checks nothing|check nothing/);
  });
});

describe("rampart deps check --online (CLI)", () => {
  // The lockfile resolves from the server: npm's bulk endpoint is told only the names of packages
  // that come from that registry.
  const project = () =>
    npmProjectRepo(
      repos.list,
      `version: 1\ndeps:\n  online:\n    osv: ${server.url}\n    npm: ${server.url}\n`,
      (lock) => {
        for (const entry of Object.values(lock.packages))
          if (typeof entry.resolved === "string")
            entry.resolved = entry.resolved.replace("https://registry.npmjs.org", server.url);
      },
    );

  it("without a stored database asks both services and fails on what they report", async () => {
    const r = await project();
    const out = await runCli(["deps", "check", "--online", "--db", r.path("none"), "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(out.exitCode, out.stderr).toBe(ExitCode.Findings);
    const report = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; properties?: { package?: string } }> };
    expect(report.findings.map((f) => f.properties?.package).sort()).toEqual(["lodash", "old-thing"]);
    expect(out.stderr).toContain("no stored database");
    expect(out.stderr).toMatch(/osv \(http:\/\/127\.0\.0\.1:\d+\): \d+ asked, 1 advisories/);
  });

  it("offline (no --online) never touches the network, even with deps.online set", async () => {
    const r = await project();
    const out = await runCli(["deps", "check", "--db", FIXTURES], { cwd: r.dir, env: r.env });
    expect(out.exitCode).toBe(ExitCode.Findings);
    expect(seen).toEqual([]);
  });
});
