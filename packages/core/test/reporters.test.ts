import { createHash } from "node:crypto";
import { validateSarif } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { type Finding, fingerprint, makeResult } from "../src/findings.js";
import {
  renderJson,
  renderReport,
  renderSarif,
  renderText,
  sarifFailure,
  validateJsonReport,
} from "../src/reporters/index.js";
import { clean, dirty, findings, options } from "./sample-findings.js";

describe("fingerprint", () => {
  it("is the SHA-256 of the parts, each followed by a NUL (stable across releases: baselines hold them)", () => {
    const parts = ["lockfile/weak-integrity", "package-lock.json", "node_modules/ü", 12, undefined, ""];
    const h = createHash("sha256");
    for (const p of parts) h.update(`${p ?? ""}\0`);
    expect(fingerprint(...parts)).toBe(h.digest("hex"));
    expect(fingerprint("a", "b")).toBe("8fb20ef63ced4145fc2e983ffe597d1dcff39154c3bf21f0fa9dde6a0c50fdc9"); // sha256 of "a\0b\0"
    expect(fingerprint("a", "b")).not.toBe(fingerprint("ab"));
  });

  it("is node:crypto's SHA-256 for every length around the block and padding boundaries, and any UTF-16 text", () => {
    const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
    // Every length from 0 to 300 bytes (with the NUL): one, two and more blocks, the 55/56-byte edge.
    for (let n = 0; n <= 300; n++) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7 + n) % 94))).join("");
      expect(fingerprint(text), `length ${n}`).toBe(sha(`${text}\0`));
    }
    // Two-, three- and four-byte UTF-8, a lone surrogate (encoded as U+FFFD, as node:crypto does), long text.
    for (const text of ["ü€😀 naïve", "\ud800 lone", "x\udfffy", "é".repeat(40_000), "\u0000\u0001\u007f\u0080"])
      expect(fingerprint(text, 7)).toBe(sha(`${text}\u00007\u0000`));
  });
});

describe("json reporter", () => {
  it("prints one document with the documented top-level fields, in order", () => {
    const text = renderJson(dirty, options);
    expect(text.endsWith("}\n")).toBe(true);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(["tool", "version", "command", "ok", "findings", "stats"]);
    expect(doc).toMatchObject({ tool: "rampart", version: "0.1.0", command: "secrets scan", ok: false });
    expect(doc.stats).toEqual({ filesScanned: 3, durationMs: 0 });
  });

  it("sorts findings and writes each with a fixed key order, omitting absent fields", () => {
    const doc = JSON.parse(renderJson(dirty, options));
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual([
      "signatures/unsigned-commit",
      "lockfile/http-source",
      "secrets/aws-access-key-id",
    ]);
    expect(Object.keys(doc.findings[2])).toEqual([
      "ruleId",
      "severity",
      "message",
      "file",
      "line",
      "column",
      "framework",
      "fingerprint",
      "hint",
      "confidence",
      "properties",
    ]);
    expect(Object.keys(doc.findings[0])).toEqual([
      "ruleId",
      "severity",
      "message",
      "commit",
      "framework",
      "fingerprint",
    ]);
  });

  it("is deterministic whatever the input order", () => {
    const reversed = { ...dirty, findings: [...findings].reverse() };
    expect(renderJson(reversed, options)).toBe(renderJson(dirty, options));
  });

  it("reports a clean run as ok with an empty list", () => {
    expect(JSON.parse(renderJson(clean, options))).toMatchObject({ ok: true, findings: [] });
  });
});

describe("sarif reporter", () => {
  it("is valid SARIF 2.1.0, with findings and without", () => {
    for (const result of [dirty, clean]) {
      expect(validateSarif(JSON.parse(renderSarif(result, options)))).toEqual({ valid: true, errors: [] });
    }
  });

  it("the schema check can fail: a broken log is rejected", () => {
    const doc = JSON.parse(renderSarif(dirty, options));
    doc.runs[0].results[0].level = "fatal";
    expect(validateSarif(doc).valid).toBe(false);
  });

  it("lists rules from the rule ids and maps each finding to a result", () => {
    const sarif = JSON.parse(
      renderSarif(dirty, {
        ...options,
        rules: [{ id: "secrets/aws-access-key-id", description: "AWS access key ids" }],
      }),
    );
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe("rampart");
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      "lockfile/http-source",
      "secrets/aws-access-key-id",
      "signatures/unsigned-commit",
    ]);
    expect(run.tool.driver.rules[1].shortDescription.text).toBe("AWS access key ids");
    expect(run.tool.driver.rules[0].properties.tags).toEqual(["security", "BLD-5", "MAT-1"]);
    const aws = run.results.find((r: { ruleId: string }) => r.ruleId === "secrets/aws-access-key-id");
    expect(aws.ruleIndex).toBe(1);
    expect(aws.level).toBe("error");
    expect(aws.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "src/config%20with%20space/%C3%BC.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 12, startColumn: 7 },
    });
    expect(aws.partialFingerprints["rampart/v1"]).toBe(findings[0]!.fingerprint);
    expect(aws.properties).toMatchObject({ framework: ["SRC-2"], confidence: "high", details: { provider: "aws" } });
    const unsigned = run.results.find((r: { ruleId: string }) => r.ruleId === "signatures/unsigned-commit");
    // GitHub code scanning needs a physical location on every result: the policy file, commit in properties.
    expect(unsigned.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: ".rampart/config.yaml", uriBaseId: "%SRCROOT%" },
          region: { startLine: 1 },
        },
        logicalLocations: [{ name: "0123456789abcdef0123456789abcdef01234567", kind: "commit" }],
      },
    ]);
    expect(unsigned.properties.commit).toBe("0123456789abcdef0123456789abcdef01234567");
    expect(run.results.find((r: { level: string }) => r.level === "warning").ruleId).toBe("lockfile/http-source");
  });
});

describe("sarif for GitHub code scanning", () => {
  it("every result has a physical location; every rule has name, descriptions, help, security-severity and precision", () => {
    const sarif = JSON.parse(
      renderSarif(dirty, {
        ...options,
        rules: [
          { id: "secrets/aws-access-key-id", description: "AWS access key ids", helpUri: "https://example.org/r" },
        ],
      }),
    );
    const run = sarif.runs[0];
    for (const r of run.results) expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/\S/);
    for (const rule of run.tool.driver.rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(rule.shortDescription.text).toMatch(/\S/);
      expect(rule.fullDescription.text).toMatch(/\S/);
      expect(rule.help.text).toMatch(/\S/);
      expect(rule.help.markdown).toMatch(/\S/);
      expect(Number(rule.properties["security-severity"])).toBeGreaterThan(0);
      expect(["very-high", "high", "medium", "low"]).toContain(rule.properties.precision);
    }
    const aws = run.tool.driver.rules.find((r: { id: string }) => r.id === "secrets/aws-access-key-id");
    expect(aws).toMatchObject({ name: "SecretsAwsAccessKeyId", helpUri: "https://example.org/r" });
    expect(aws.properties["security-severity"]).toBe("7.0");
    const http = run.tool.driver.rules.find((r: { id: string }) => r.id === "lockfile/http-source");
    expect(http.properties["security-severity"]).toBe("4.0");
  });

  it("a command that failed still writes a valid log: no results, the error in invocations", () => {
    const doc = JSON.parse(
      sarifFailure(
        { code: "CONFIG_INVALID", message: "bad", hint: "fix it" },
        { command: "secrets scan", version: "0.1.0" },
      ),
    );
    expect(validateSarif(doc)).toEqual({ valid: true, errors: [] });
    expect(doc.runs[0].results).toEqual([]);
    expect(doc.runs[0].invocations[0]).toMatchObject({
      executionSuccessful: false,
      toolExecutionNotifications: [
        { level: "error", message: { text: "bad. Hint: fix it" }, descriptor: { id: "CONFIG_INVALID" } },
      ],
    });
  });
});

describe("text reporter", () => {
  it("prints nothing when all is well", () => {
    expect(renderText(clean, options)).toBe("");
  });

  it("prints one line per finding, hints, and a count, without colour by default", () => {
    const text = renderText(dirty, options);
    expect(text).not.toContain("\u001b[");
    expect(text).toContain(
      "src/config with space/ü.ts:12:7  error    AWS access key id AKIA…MPLE  secrets/aws-access-key-id  SRC-2",
    );
    expect(text).toContain("  hint: rotate the key, then remove it from history");
    expect(text).toContain("@0123456789ab  error    Commit is not signed");
    expect(text).toContain("package-lock.json:40  warning  left-pad resolves over plain http");
    expect(text.endsWith("✖ 3 problems (2 errors, 1 warning)\n")).toBe(true);
  });

  it("groups findings of one rule and hint: one hint per group, long warning groups counted, errors all listed", () => {
    const at = (ruleId: string, severity: "error" | "warning", line: number, hint?: string): Finding => ({
      ruleId,
      severity,
      message: `package ${line} has no integrity hash`,
      file: "yarn.lock",
      line,
      framework: ["BLD-5"],
      fingerprint: `${ruleId}${line}`,
      ...(hint === undefined ? {} : { hint }),
    });
    const skipped = "yarn records no checksum for platform packages it skipped";
    const review = "review it, then allow it";
    const many = [
      ...Array.from({ length: 12 }, (_, i) => at("lockfile/missing-integrity", "warning", 100 + i, skipped)),
      ...Array.from({ length: 7 }, (_, i) => at("lockfile/install-script", "error", 10 + i, review)),
      at("lockfile/weak-integrity", "warning", 5),
    ];
    const text = renderText(makeResult(many, {}), options);
    const lines = text.split("\n");
    expect(lines.filter((l) => l.startsWith("  hint"))).toEqual([
      `  hint (all 7): ${review}`,
      `  hint (all 12): ${skipped}`,
    ]);
    // errors first, every one of them; then warnings, the long group cut to its first lines
    expect(lines.filter((l) => l.includes("  error  ")).length).toBe(7);
    expect(lines.findIndex((l) => l.includes("  error  "))).toBe(0);
    expect(lines.filter((l) => l.includes("lockfile/missing-integrity  BLD-5")).length).toBe(5);
    expect(text).toContain(
      "  … and 7 more lockfile/missing-integrity warnings like these (--format json lists every one)",
    );
    expect(text).toContain("yarn.lock:5  warning  package 5 has no integrity hash  lockfile/weak-integrity");
    expect(text.endsWith("✖ 20 problems (7 errors, 13 warnings)\n")).toBe(true);
    // json keeps every finding
    expect(JSON.parse(renderJson(makeResult(many, {}), options)).findings).toHaveLength(20);
  });

  it("shows control characters in names and messages as escapes", () => {
    const evil = makeResult(
      [
        {
          ruleId: "x/y",
          severity: "error",
          message: "bad\u001b[2Jthing",
          file: "a\nb\u001b[31m.txt",
          line: 1,
          framework: ["SRC-2"],
          fingerprint: "f",
        },
      ],
      {},
    );
    const text = renderText(evil, options);
    expect(text).not.toContain("\u001b");
    expect(text).toContain("a\\nb\\x1b[31m.txt:1  error    bad\\x1b[2Jthing");
    expect(text.split("\n")[0]).toContain("x/y");
  });

  it("colours when asked", () => {
    expect(renderText(dirty, { ...options, color: true })).toContain("\u001b[31m");
  });

  it("renderReport dispatches on the format", () => {
    expect(renderReport("json", dirty, options)).toBe(renderJson(dirty, options));
    expect(renderReport("sarif", dirty, options)).toBe(renderSarif(dirty, options));
    expect(renderReport("text", dirty, options)).toBe(renderText(dirty, options));
  });
});

describe("the JSON report schema", () => {
  it("accepts what the json reporter prints, with and without findings", () => {
    for (const result of [dirty, clean]) {
      expect(validateJsonReport(JSON.parse(renderJson(result, options)))).toEqual({ valid: true, errors: [] });
    }
  });

  it("rejects a document of another shape", () => {
    const doc = JSON.parse(renderJson(dirty, options));
    doc.findings[0].severity = "fatal";
    delete doc.stats;
    const r = validateJsonReport(doc);
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual(expect.arrayContaining(["/ must have required property 'stats'"]));
    expect(r.errors.some((e) => e.startsWith("/findings/0/severity"))).toBe(true);
  });
});

describe("inputs that could not be judged (options.notJudged)", () => {
  const notJudged = [
    {
      code: "LOCKFILE_PARSE_FAILED",
      message: "not valid JSON",
      file: "a/package-lock.json",
      line: 4,
      hint: "regenerate it",
    },
    { code: "LOCKFILE_PARSE_FAILED", message: "bad YAML", file: "b/pnpm-lock.yaml" },
  ];
  const withUnjudged = { ...options, notJudged };

  it("json: ok is false even with no finding, each input in notJudged; valid against the schema", () => {
    const doc = JSON.parse(renderJson(clean, withUnjudged));
    expect(doc.ok).toBe(false);
    expect(doc.notJudged).toEqual(notJudged);
    expect(validateJsonReport(doc)).toEqual({ valid: true, errors: [] });
    // Absent when everything was read: the document is what it always was.
    expect(Object.keys(JSON.parse(renderJson(clean, { ...options, notJudged: [] })))).not.toContain("notJudged");
  });

  it("sarif: the run is not successful, one error notification per input at its file and line", () => {
    const doc = JSON.parse(renderSarif(dirty, withUnjudged));
    expect(validateSarif(doc)).toEqual({ valid: true, errors: [] });
    const invocation = doc.runs[0].invocations[0];
    expect(invocation).toMatchObject({ executionSuccessful: false, exitCode: 2 });
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: "error",
        message: { text: "not valid JSON. Hint: regenerate it" },
        descriptor: { id: "LOCKFILE_PARSE_FAILED" },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "a/package-lock.json", uriBaseId: "%SRCROOT%" },
              region: { startLine: 4 },
            },
          },
        ],
      },
      {
        level: "error",
        message: { text: "bad YAML" },
        descriptor: { id: "LOCKFILE_PARSE_FAILED" },
        locations: [{ physicalLocation: { artifactLocation: { uri: "b/pnpm-lock.yaml", uriBaseId: "%SRCROOT%" } } }],
      },
    ]);
    expect(doc.runs[0].results).toHaveLength(findings.length);
  });

  it("text: a clean run with an input not judged prints a ✖ line naming each, never nothing", () => {
    expect(renderText(clean, withUnjudged)).toBe(
      "✖ 2 files could not be read, not judged: a/package-lock.json:4, b/pnpm-lock.yaml\n",
    );
    expect(renderText(dirty, withUnjudged).trimEnd().split("\n").at(-1)).toBe(
      "✖ 2 files could not be read, not judged: a/package-lock.json:4, b/pnpm-lock.yaml",
    );
    const odd = renderText(clean, { ...options, notJudged: [{ message: "x", file: "evil\u001b[2J.lock" }] });
    expect(odd).toBe("✖ 1 file could not be read, not judged: evil\\x1b[2J.lock\n");
  });
});
