import { readFileSync } from "node:fs";
import { isRampartError } from "@rampart/core";
import { gitRepo, prng } from "@rampart/test-helpers";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import {
  AUDIT_REPORT_SCHEMA_PATH,
  renderAuditJson,
  renderAuditMarkdown,
  renderAuditText,
  runAudit,
} from "../src/index.js";
import { HARDENED_CI, LOOSE_CI, PACKAGE_JSON, PWN_REQUEST, packageLock } from "./support/layouts.js";

// Inputs a repository controls, mutated: a malformed object never aborts the audit, the report
// always matches its schema, and nothing but a RampartError (exit 2) may escape.
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(AUDIT_REPORT_SCHEMA_PATH, "utf8")),
);

const NASTY = [
  "",
  "\u0000",
  "[",
  "{",
  "]]",
  ": :",
  "&a *a",
  "!!js/function x",
  "\u202e",
  "${{",
  "'",
  '"',
  "\t",
  "~",
  "- - -",
  "\r\n",
  "0x",
  "1e999",
  "é",
];

function mutate(text: string, next: () => number): string {
  const out = text.split("");
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (out.length + 1));
    const op = next();
    const piece = NASTY[Math.floor(next() * NASTY.length)] as string;
    if (op < 0.4) out.splice(at, 0, piece);
    else if (op < 0.7) out.splice(at, 1 + Math.floor(next() * 20));
    else out.splice(at, 0, ...text.slice(Math.floor(next() * text.length)).slice(0, 40));
  }
  return out.join("");
}

const BASE: Record<string, string> = {
  ".github/workflows/ci.yml": HARDENED_CI,
  ".github/workflows/loose.yml": LOOSE_CI,
  ".github/workflows/pr.yml": PWN_REQUEST,
  ".github/CODEOWNERS": "/.github/ @acme/ops\npackage.json @acme/leads\n",
  ".github/rulesets/main.json": JSON.stringify({
    enforcement: "active",
    rules: [{ type: "pull_request", parameters: { required_approving_review_count: 1 } }],
  }),
  ".github/dependabot.yml": "version: 2\nupdates: []\n",
  "package.json": PACKAGE_JSON,
  "package-lock.json": packageLock(),
  ".npmrc": "ignore-scripts=true\n",
  "SECURITY.md": "Report to security@example.com within 90 days. Rotate keys yearly.\n",
  Dockerfile: "FROM node:20\nRUN npm ci\n",
};

describe("mutated repository inputs", () => {
  // 24 repositories, each made with real git and audited: the project's 30 s per-test default is
  // for one case, and this one ran out of it on a loaded machine (two test files at a time).
  it("always give a report that matches the schema, or a RampartError", { timeout: 180_000 }, async () => {
    const next = prng(Number(process.env.RAMPART_FUZZ_SEED ?? 14));
    for (let n = 0; n < 24; n++) {
      const files = { ...BASE };
      const keys = Object.keys(files);
      for (let k = 0; k < 3; k++) {
        const key = keys[Math.floor(next() * keys.length)] as string;
        files[key] = mutate(files[key] as string, next);
      }
      const repo = await gitRepo(files);
      try {
        const report = await runAudit({ cwd: repo.dir, env: repo.env });
        const json = JSON.parse(renderAuditJson(report));
        expect(validate(json), `case ${n}: ${JSON.stringify(validate.errors)}`).toBe(true);
        expect(renderAuditText(report)).toContain("rampart audit: score");
        expect(renderAuditMarkdown(report)).toContain("## rampart audit");
      } catch (error) {
        expect(isRampartError(error), `case ${n}: ${(error as Error).stack}`).toBe(true);
      } finally {
        repo.cleanup();
      }
    }
  });
});
