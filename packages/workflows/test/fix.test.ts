import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkWorkflows,
  emptyLock,
  fixWorkflow,
  parseLock,
  parseWorkflow,
  resolveOnline,
  stringifyLock,
  unpinnedRefs,
} from "../src/index.js";

const SHA_CHECKOUT = "11bd71901bbe5b1630ceea73d27597364c9af683";
const SHA_NODE = "49933ea5288caeca8642d1e84afbd3f7d6820020";
const lock = parseLock(
  JSON.stringify({
    version: 1,
    actions: { "actions/checkout@v4": { sha: SHA_CHECKOUT }, "actions/setup-node@v4": { sha: SHA_NODE } },
  }),
);

// GitHub's Node.js starter workflow, as users have it: tags, no permissions, comments, odd spacing.
const STARTER = `# This workflow will do a clean installation of node dependencies
name: Node.js CI

on:
  push:
    branches: [ "main" ]
  pull_request:
    branches: [ "main" ]

jobs:
  build:

    runs-on: ubuntu-latest   # hosted

    strategy:
      matrix:
        node-version: [18.x, 20.x, 22.x]

    steps:
    - uses: actions/checkout@v4
      with:
        persist-credentials: false
    - name: Use Node.js \${{ matrix.node-version }}
      uses: "actions/setup-node@v4" # was v3
      with:
        node-version: \${{ matrix.node-version }}
    - run: npm ci --ignore-scripts
    - run: npm test
`;

describe("fixWorkflow", () => {
  it("pins from the lock with the version comment, adds least permissions, and keeps every other byte", () => {
    const r = fixWorkflow(".github/workflows/node.yml", STARTER, lock);
    expect(r.unresolved).toEqual([]);
    expect(r.after).toContain(`- uses: actions/checkout@${SHA_CHECKOUT} # v4\n`);
    expect(r.after).toContain(`uses: "actions/setup-node@${SHA_NODE}" # v4\n`);
    expect(r.after).toContain(`branches: [ "main" ]\n\npermissions: {}\njobs:\n`);
    expect(r.after).toContain("    runs-on: ubuntu-latest   # hosted\n    permissions:\n      contents: read\n");
    // Only added lines and the two pinned lines differ.
    const before = STARTER.split("\n");
    const after = r.after.split("\n");
    const removed = before.filter((l) => !after.includes(l));
    expect(removed).toEqual(["    - uses: actions/checkout@v4", '      uses: "actions/setup-node@v4" # was v3']);
    const result = checkWorkflows([{ file: ".github/workflows/node.yml", text: r.after }], { lock });
    expect(result.findings).toEqual([]);
  });

  it("names each action that needs resolving and leaves unknown jobs to a person", () => {
    const text = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: octo/tool@v2\n`;
    const r = fixWorkflow("w.yml", text, emptyLock());
    expect(r.unresolved).toEqual([{ file: "w.yml", line: 6, repo: "octo/tool", ref: "v2" }]);
    expect(r.permissions.join("\n")).toMatch(/`a` uses steps rampart does not know/);
    expect(r.after).toContain("permissions:\n  contents: read\njobs:");
    expect(() => parseWorkflow("w.yml", r.after)).not.toThrow();
  });

  it("fixes every permissions-missing and unpinned-action fixture it has lock entries for into a parseable file", () => {
    const dir = join(import.meta.dirname, "fixtures/permissions-missing");
    const text = readFileSync(join(dir, "ng.starter-node.yml"), "utf8");
    const r = fixWorkflow("ci.yml", text, lock);
    const after = checkWorkflows([{ file: "ci.yml", text: r.after }], { lock });
    expect(after.findings.filter((f) => f.ruleId === "workflows/permissions-missing")).toEqual([]);
  });
});

describe("resolveOnline (against a loopback server serving GitHub's commit-SHA media type)", () => {
  let server: Server;
  let base = "";
  const seen: Array<{ url: string; accept: string | undefined; auth: string | undefined }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? "", accept: req.headers.accept, auth: req.headers.authorization });
      const m = /^\/repos\/([^/]+)\/([^/]+)\/commits\/(.+)$/.exec(req.url ?? "");
      if (m && m[1] === "actions" && m[2] === "checkout" && req.headers.accept === "application/vnd.github.sha") {
        res.writeHead(200, { "content-type": "application/vnd.github.sha" }).end(SHA_CHECKOUT);
        return;
      }
      res.writeHead(404, { "content-type": "application/json" }).end('{"message":"No commit found for SHA"}');
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("resolves, caches in the lock, reports failures and keeps to the call budget", async () => {
    const l = emptyLock();
    const refs = [
      { repo: "actions/checkout", ref: "v4" },
      { repo: "actions/checkout", ref: "v4" },
      { repo: "octo/missing", ref: "v1" },
      { repo: "octo/other", ref: "v1" },
    ];
    const report = await resolveOnline(refs, l, {
      apiUrl: base,
      token: "t0ken-for-test",
      maxCalls: 2,
      today: "2026-01-01",
    });
    expect(report.calls).toBe(2);
    expect(report.resolved).toEqual(["actions/checkout@v4"]);
    expect(report.failed).toEqual([
      { key: "octo/missing@v1", reason: "HTTP 404" },
      { key: "octo/other@v1", reason: "call budget of 2 spent" },
    ]);
    expect(l.actions["actions/checkout@v4"]).toEqual({ sha: SHA_CHECKOUT, resolvedAt: "2026-01-01" });
    expect(seen[0]).toEqual({
      url: "/repos/actions/checkout/commits/v4",
      accept: "application/vnd.github.sha",
      auth: "Bearer t0ken-for-test",
    });
    const again = await resolveOnline([{ repo: "actions/checkout", ref: "v4" }], l, { apiUrl: base });
    expect(again).toMatchObject({ calls: 0, cached: ["actions/checkout@v4"] });
    expect(stringifyLock(l)).toBe(
      `{\n  "version": 1,\n  "actions": {\n    "actions/checkout@v4": {\n      "sha": "${SHA_CHECKOUT}",\n      "resolvedAt": "2026-01-01"\n    }\n  }\n}\n`,
    );
  });

  it("lists what a file needs resolved", () => {
    const wf = parseWorkflow("w.yml", STARTER);
    expect(unpinnedRefs(wf).map((r) => `${r.repo}@${r.ref}`)).toEqual(["actions/checkout@v4", "actions/setup-node@v4"]);
  });
});
