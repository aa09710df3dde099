import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { isRampartError } from "@rampart/core";
import { gitRepo, tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { collectOnline, renderAuditJson, repoFromRemote, runAudit } from "../src/index.js";
import { HARDENED_CI } from "./support/layouts.js";

const TOKEN = ["ghp", "_", "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2"].join("");

type Route = (req: IncomingMessage) => { status: number; body?: unknown; headers?: Record<string, string> };

/** A loopback server answering with the response shapes GitHub's REST docs give for each endpoint. */
async function github(
  routes: Record<string, Route>,
): Promise<{ url: string; seen: string[]; auth: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const auth: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    auth.push(String(req.headers.authorization));
    const route = routes[req.url ?? ""];
    const r = route ? route(req) : { status: 404, body: { message: "Not Found" } };
    if (r.headers?.etag && req.headers["if-none-match"] === r.headers.etag) {
      res.writeHead(304, r.headers);
      res.end();
      return;
    }
    res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
    res.end(r.body === undefined ? "" : JSON.stringify(r.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, auth, close: () => new Promise((r) => server.close(() => r())) };
}

const ORG_REPO = {
  full_name: "acme/app",
  default_branch: "main",
  owner: { login: "acme", type: "Organization" },
  security_and_analysis: {
    secret_scanning: { status: "enabled" },
    secret_scanning_push_protection: { status: "disabled" },
  },
};

const PROTECTION = {
  required_pull_request_reviews: {
    required_approving_review_count: 1,
    require_code_owner_reviews: true,
    dismiss_stale_reviews: true,
  },
  // The check runs HARDENED_CI's job `check` reports (a job's check is named by the job, not the workflow).
  required_status_checks: { strict: true, contexts: ["check"], checks: [{ context: "check", app_id: 15368 }] },
  required_signatures: { enabled: true },
  allow_force_pushes: { enabled: false },
  allow_deletions: { enabled: false },
  enforce_admins: { enabled: true },
};

function routes(overrides: Partial<Record<string, Route>> = {}): Record<string, Route> {
  const etag =
    (tag: string, body: unknown): Route =>
    () => ({ status: 200, body, headers: { etag: `"${tag}"`, "x-oauth-scopes": "repo, read:org" } });
  return {
    "/repos/acme/app": etag("r", ORG_REPO),
    "/repos/acme/app/branches/main/protection": etag("p", PROTECTION),
    "/repos/acme/app/rules/branches/main": etag("rs", [
      {
        type: "pull_request",
        ruleset_id: 7,
        parameters: { required_approving_review_count: 2, require_code_owner_review: true },
      },
      { type: "non_fast_forward", ruleset_id: 7 },
    ]),
    "/repos/acme/app/actions/permissions/workflow": etag("w", {
      default_workflow_permissions: "read",
      can_approve_pull_request_reviews: false,
    }),
    "/orgs/acme": etag("o", { login: "acme", two_factor_requirement_enabled: true }),
    ...overrides,
  } as Record<string, Route>;
}

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("--online against a local server with GitHub's documented shapes", () => {
  it("reads branch protection and rulesets together, 2FA, secret scanning and workflow permissions; counts and caches calls", async () => {
    const api = await github(routes());
    servers.push(api);
    const cache = tempDir();
    try {
      const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url };
      const cacheFile = join(cache.dir, "cache.json");
      const facts = await collectOnline({ env, repo: "acme/app", cacheFile });
      expect(facts.rules).toMatchObject({
        reviews: 2,
        codeOwnerReview: true,
        signatures: true,
        statusChecks: 1,
        forcePushBlocked: true,
        deletionBlocked: true,
      });
      expect(facts).toMatchObject({
        twoFactor: true,
        secretScanning: true,
        pushProtection: false,
        workflowPermissions: "read",
        calls: 5,
        cached: 0,
      });
      expect(api.auth.every((a) => a === `Bearer ${TOKEN}`)).toBe(true);
      const again = await collectOnline({ env, repo: "acme/app", cacheFile });
      expect(again).toMatchObject({ calls: 5, cached: 5, twoFactor: true });
      expect(readFileSync(cacheFile, "utf8")).not.toContain(TOKEN);
    } finally {
      cache.cleanup();
    }
  });

  it("feeds the rows through runAudit, names the repo from the origin remote, and never prints the token", async () => {
    const api = await github(routes());
    servers.push(api);
    const repo = await gitRepo({
      ".github/workflows/ci.yml": HARDENED_CI,
      "SECURITY.md": "Rotate a key once a year.\n",
    });
    try {
      await repo.git(["remote", "add", "origin", "git@github.com:acme/app.git"]);
      const report = await runAudit({
        cwd: repo.dir,
        env: { ...repo.env, GH_TOKEN: TOKEN, GITHUB_API_URL: api.url },
        online: true,
      });
      const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
      expect(status).toMatchObject({ "SRC-6": "pass", "SRC-7": "pass", "SRC-8": "pass" });
      expect(report.online).toMatchObject({ repo: "acme/app", branch: "main", calls: 5 });
      expect(renderAuditJson(report)).not.toContain(TOKEN);
    } finally {
      repo.cleanup();
    }
  });

  it("SRC-7: a required status check no workflow job reports (the workflow's name, a job renamed) is partial, naming it", async () => {
    const protection = (contexts: string[]) => ({
      ...PROTECTION,
      required_status_checks: { strict: true, contexts, checks: contexts.map((context) => ({ context })) },
    });
    const matrix = HARDENED_CI.replace(
      "  sbom:\n",
      `  sbom:\n    name: sbom \${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [a, b]\n`,
    );
    expect(matrix).not.toBe(HARDENED_CI);
    const cases: Array<[string[], string, string[]]> = [
      [["check"], "pass", []],
      [["check", "sbom a"], "pass", []],
      [["ci", "check"], "partial", ["ci"]],
      [["check", "lint"], "partial", ["lint"]],
    ];
    for (const [contexts, status, orphans] of cases) {
      const api = await github(
        routes({ "/repos/acme/app/branches/main/protection": () => ({ status: 200, body: protection(contexts) }) }),
      );
      servers.push(api);
      const repo = await gitRepo({ ".github/workflows/ci.yml": matrix, "SECURITY.md": "Rotate a key once a year.\n" });
      try {
        const env = { ...repo.env, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url };
        const report = await runAudit({ cwd: repo.dir, env, online: true, repo: "acme/app" });
        const src7 = report.checks.find((c) => c.id === "SRC-7");
        expect({ contexts, status: src7?.status }).toEqual({ contexts, status });
        const named = (src7?.evidence ?? [])
          .map((e) => /required status check "([^"]+)"/.exec(e.text)?.[1])
          .filter(Boolean);
        expect(named).toEqual(orphans);
      } finally {
        repo.cleanup();
      }
    }
  });

  it("an unprotected branch fails SRC-6 and SRC-7; a token that cannot read protection leaves them unknown, naming the missing scope", async () => {
    const open = await github(
      routes({
        "/repos/acme/app/branches/main/protection": () => ({ status: 404, body: { message: "Branch not protected" } }),
        "/repos/acme/app/rules/branches/main": () => ({ status: 200, body: [] }),
      }),
    );
    servers.push(open);
    const repo = await gitRepo({ "SECURITY.md": "Rotate a key once a year and after a leak.\n" });
    try {
      const env = { ...repo.env, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: open.url };
      const report = await runAudit({ cwd: repo.dir, env, online: true, repo: "acme/app" });
      expect(report.checks.find((c) => c.id === "SRC-6")?.status).toBe("fail");
      expect(report.checks.find((c) => c.id === "SRC-7")?.status).toBe("fail");
      const limited = await github(
        routes({
          "/repos/acme/app": () => ({
            status: 200,
            body: { ...ORG_REPO, security_and_analysis: undefined },
            headers: { "x-oauth-scopes": "public_repo" },
          }),
          "/repos/acme/app/branches/main/protection": () => ({
            status: 403,
            body: { message: "Resource not accessible" },
          }),
          "/repos/acme/app/rules/branches/main": () => ({ status: 403, body: { message: "Resource not accessible" } }),
          "/orgs/acme": () => ({ status: 200, body: { login: "acme" } }),
        }),
      );
      servers.push(limited);
      const r2 = await runAudit({
        cwd: repo.dir,
        env: { ...env, GITHUB_API_URL: limited.url },
        online: true,
        repo: "acme/app",
      });
      const src6 = r2.checks.find((c) => c.id === "SRC-6");
      expect(src6?.status).toBe("unknown");
      expect(src6?.because).toMatch(/HTTP 403\/403\) \(the token lacks the repo, read:org scope\)/);
      expect(r2.checks.find((c) => c.id === "SRC-8")?.because ?? "").toMatch(/only to its owners/);
    } finally {
      repo.cleanup();
    }
  });

  it("refuses without a token, on 401, and when the API is unreachable: exit-2 errors that never hold the token", async () => {
    const none = await collectOnline({ env: {}, repo: "acme/app" }).catch((e: unknown) => e);
    expect(isRampartError(none) && none.code).toBe("AUDIT_ONLINE_NO_TOKEN");
    const api = await github({ "/repos/acme/app": () => ({ status: 401, body: { message: "Bad credentials" } }) });
    servers.push(api);
    const bad = await collectOnline({ env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url }, repo: "acme/app" }).catch(
      (e: unknown) => e,
    );
    expect(isRampartError(bad) && bad.code).toBe("AUDIT_ONLINE_UNAUTHORIZED");
    expect(String((bad as Error).message)).not.toContain(TOKEN);
    const down = await collectOnline({
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: "http://127.0.0.1:9" },
      repo: "acme/app",
    }).catch((e: unknown) => e);
    expect(isRampartError(down) && down.code).toBe("AUDIT_ONLINE_UNREACHABLE");
  });

  it("reads owner/name from https, ssh and scp-like remotes", () => {
    expect(repoFromRemote("https://github.com/acme/app.git")).toBe("acme/app");
    expect(repoFromRemote("ssh://git@github.example.com/acme/app")).toBe("acme/app");
    expect(repoFromRemote("git@github.com:acme/app.git\n")).toBe("acme/app");
    expect(repoFromRemote("/srv/git/app")).toBeUndefined();
  });
});
