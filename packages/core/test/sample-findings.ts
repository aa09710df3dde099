import { type Finding, fingerprint, makeResult } from "../src/findings.js";

export const findings: Finding[] = [
  {
    ruleId: "secrets/aws-access-key-id",
    severity: "error",
    message: "AWS access key id AKIA…MPLE",
    file: "src/config with space/ü.ts",
    line: 12,
    column: 7,
    framework: ["SRC-2"],
    fingerprint: fingerprint("aws", "src/config with space/ü.ts"),
    hint: "rotate the key, then remove it from history",
    confidence: "high",
    properties: { provider: "aws" },
  },
  {
    ruleId: "signatures/unsigned-commit",
    severity: "error",
    message: "Commit is not signed",
    commit: "0123456789abcdef0123456789abcdef01234567",
    framework: ["SRC-1"],
    fingerprint: fingerprint("unsigned", "0123456789abcdef0123456789abcdef01234567"),
  },
  {
    ruleId: "lockfile/http-source",
    severity: "warning",
    message: "left-pad resolves over plain http",
    file: "package-lock.json",
    line: 40,
    framework: ["MAT-1", "BLD-5"],
    fingerprint: fingerprint("http", "left-pad"),
  },
];

export const dirty = makeResult(findings, { filesScanned: 3, durationMs: 0 });
export const clean = makeResult([], { filesScanned: 3 });
export const options = { command: "secrets scan", version: "0.1.0" };
