import { readFileSync, writeFileSync } from "node:fs";
import { isRampartError } from "@rampart/core";
import { gitRepo } from "@rampart/test-helpers";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import {
  AUDIT_REPORT_SCHEMA_PATH,
  auditFindings,
  CHECKS,
  renderAuditJson,
  renderAuditMarkdown,
  renderAuditText,
  renderBadge,
  runAudit,
} from "../src/index.js";
import { HARDENED_CI, LOOSE_CI, PACKAGE_JSON, PWN_REQUEST } from "./support/layouts.js";

const FRAMEWORK_IDS = [
  ...Array.from({ length: 9 }, (_, i) => `SRC-${i + 1}`),
  ...Array.from({ length: 6 }, (_, i) => `MAT-${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `BLD-${i + 1}`),
  ...Array.from({ length: 3 }, (_, i) => `ART-${i + 1}`),
];

const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(AUDIT_REPORT_SCHEMA_PATH, "utf8")),
);

describe("runAudit", () => {
  it("has exactly one check per framework id, in FRAMEWORK.md's order", () => {
    expect(CHECKS.map((c) => c.id)).toEqual(FRAMEWORK_IDS);
  });

  it("reports every id, scores judged rows only, and its JSON matches the shipped schema", async () => {
    const repo = await gitRepo({
      "package.json": PACKAGE_JSON,
      ".github/workflows/ci.yml": LOOSE_CI,
      ".github/workflows/pr.yml": PWN_REQUEST,
    });
    try {
      const report = await runAudit({ cwd: repo.dir, env: repo.env });
      expect(report.checks.map((c) => c.id)).toEqual(FRAMEWORK_IDS);
      const judged = report.checks.filter((c) => c.status !== "unknown");
      expect(report.judged).toBe(judged.length);
      const points = judged.reduce((n, c) => n + (c.status === "pass" ? 1 : c.status === "partial" ? 0.5 : 0), 0);
      expect(report.score).toBe(Math.round((100 * points) / judged.length));
      for (const row of report.checks) {
        if (row.status === "unknown") expect(row.because).toBeTruthy();
        else if (row.status !== "pass") expect(row.fix).toBeTruthy();
      }
      const json = JSON.parse(renderAuditJson(report));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(Object.keys(json.sections)).toEqual(["SRC", "MAT", "BLD", "ART"]);
      expect(json.scorecard.map((s: { name: string }) => s.name)).toContain("Token-Permissions");
    } finally {
      repo.cleanup();
    }
  });

  it("the schema rejects a pass without evidence and an unknown without a reason", () => {
    const row = { id: "SRC-1", section: "SRC", title: "t", evidence: [], fix: null, suppressed: null };
    const base = {
      version: 1,
      score: 0,
      sections: { SRC: 0, MAT: null, BLD: null, ART: null },
      judged: 1,
      scorecard: [],
      online: null,
    };
    expect(validate({ ...base, checks: [{ ...row, status: "pass", because: null }] })).toBe(false);
    expect(validate({ ...base, checks: [{ ...row, status: "unknown", because: null }] })).toBe(false);
    expect(validate({ ...base, checks: [{ ...row, status: "unknown", because: "no CI" }] })).toBe(true);
  });

  it("a malformed workflow is evidence, not a crash; the other files are still judged", async () => {
    const repo = await gitRepo({
      ".github/workflows/bad.yml": "on: push\njobs: [\n",
      ".github/workflows/ci.yml": HARDENED_CI,
    });
    try {
      const report = await runAudit({ cwd: repo.dir, env: repo.env });
      const src9 = report.checks.find((c) => c.id === "SRC-9");
      expect(src9?.status).toBe("partial");
      expect(src9?.evidence.some((e) => e.file === ".github/workflows/bad.yml" && /cannot parse/.test(e.text))).toBe(
        true,
      );
      expect(report.checks.find((c) => c.id === "BLD-2")?.status).toBe("pass");
    } finally {
      repo.cleanup();
    }
  });

  it("a broken policy stops the audit with CONFIG_INVALID naming the file (fails closed)", async () => {
    const repo = await gitRepo({ ".rampart/config.yaml": "version: 1\naudit:\n  suppressions: [{ id: MAT-5 }]\n" });
    try {
      const error = await runAudit({ cwd: repo.dir, env: repo.env }).catch((e: unknown) => e);
      expect(isRampartError(error) && error.code).toBe("CONFIG_INVALID");
    } finally {
      repo.cleanup();
    }
  });

  it("masks a credential that shows up in evidence", async () => {
    const token = ["ghp", "_", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"].join("");
    const ci = LOOSE_CI.replace("npm test", `gitleaks detect --token ${token}`);
    const repo = await gitRepo({ ".github/workflows/ci.yml": ci });
    try {
      const out = renderAuditJson(await runAudit({ cwd: repo.dir, env: repo.env }));
      expect(out).toContain("gitleaks detect");
      expect(out).not.toContain(token);
    } finally {
      repo.cleanup();
    }
  });
});

describe("suppressions", () => {
  const policy = (expires: string) =>
    `version: 1\naudit:\n  suppressions:\n    - id: MAT-5\n      reason: we mirror nothing yet; tracked in #12\n      expires: "${expires}"\n`;
  const now = Date.parse("2026-06-01T12:00:00Z");

  async function audit(expires: string) {
    const repo = await gitRepo({
      "package.json": PACKAGE_JSON,
      ".rampart/config.yaml": policy(expires),
      "package-lock.json": "{}\n",
    });
    try {
      writeFileSync(
        repo.path("package-lock.json"),
        JSON.stringify({
          lockfileVersion: 3,
          packages: {
            "": {},
            "node_modules/a": {
              version: "1.0.0",
              resolved: "https://registry.npmjs.org/a/-/a-1.0.0.tgz",
              integrity: "sha512-AA==",
            },
          },
        }),
      );
      return await runAudit({ cwd: repo.dir, env: repo.env, now });
    } finally {
      repo.cleanup();
    }
  }

  it("takes an active suppression's row out of the score, keeping its status and reason", async () => {
    const report = await audit("2026-06-01");
    const row = report.checks.find((c) => c.id === "MAT-5");
    expect(row).toMatchObject({ status: "fail", suppressed: { expires: "2026-06-01" } });
    expect(report.judged).toBe(report.checks.filter((c) => c.status !== "unknown").length - 1);
    expect(renderAuditText(report)).toMatch(/suppressed until 2026-06-01: we mirror nothing yet/);
  });

  it("fails the row once the suppression has expired, naming it", async () => {
    const row = (await audit("2026-05-31")).checks.find((c) => c.id === "MAT-5");
    expect(row?.status).toBe("fail");
    expect(row?.suppressed).toBeNull();
    expect(row?.evidence[0]?.text).toMatch(/^suppression expired on 2026-05-31/);
  });

  it("refuses an id that is not a framework id", async () => {
    const repo = await gitRepo({ ".rampart/config.yaml": policy("2030-01-01").replace("MAT-5", "MAT-99") });
    try {
      const error = await runAudit({ cwd: repo.dir, env: repo.env }).catch((e: unknown) => e);
      expect(isRampartError(error) && error.message).toMatch(/MAT-99 is not a framework id/);
    } finally {
      repo.cleanup();
    }
  });
});

describe("renderers", () => {
  it("markdown escapes table-breaking characters from evidence; text names each fix; SARIF lists the non-passing rows", async () => {
    const repo = await gitRepo({ ".github/workflows/ci.yml": LOOSE_CI.replace("npm test", "npm install | tee log") });
    try {
      const report = await runAudit({ cwd: repo.dir, env: repo.env });
      const md = renderAuditMarkdown(report);
      expect(md).toMatch(/^## rampart audit/);
      for (const line of md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| ---"))) {
        expect(line.replace(/\\\|/g, "").split("|").length).toBe(
          line.startsWith("| id") || /^\| [A-Z]{3}-\d/.test(line) ? 6 : 5,
        );
      }
      expect(renderAuditText(report)).toMatch(/fix: /);
      const sarif = auditFindings(report);
      expect(sarif.findings.map((f) => f.ruleId)).toContain("audit/SRC-1");
      expect(sarif.findings.every((f) => f.file !== undefined)).toBe(true);
    } finally {
      repo.cleanup();
    }
  });

  it("the badge shows the score and its colour band", () => {
    expect(renderBadge(95)).toMatch(/aria-label="supply chain: 95\/100"[\s\S]*#4c1/);
    expect(renderBadge(30)).toContain("#e05d44");
    expect(renderBadge(null)).toContain("supply chain: unknown");
  });
});
