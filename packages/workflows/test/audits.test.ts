import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUDITS, checkWorkflows, emptyLock, parseLock } from "../src/index.js";

// Each audit has a folder of real-world workflow shapes: ng.* files whose first line lists the
// lines the audit must report (`# expect: 12, 18`), ok.* files (the safe look-alikes) where it
// must report nothing. A file named *gitlab-ci.yml is read as GitLab CI.
const FIXTURES = join(import.meta.dirname, "fixtures");

function expectedLines(text: string): number[] {
  const m = /^# expect:(.*)$/m.exec(text);
  if (!m) throw new Error("fixture without an `# expect:` line");
  return (m[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
}

describe.each(AUDITS.map((a) => a.id))("audit %s", (id) => {
  const dir = join(FIXTURES, id);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
  const lock = existsSync(join(dir, "actions.lock.json"))
    ? parseLock(readFileSync(join(dir, "actions.lock.json"), "utf8"))
    : emptyLock();

  it("has a finding fixture and a safe look-alike", () => {
    expect(files.some((f) => f.startsWith("ng."))).toBe(true);
    expect(files.some((f) => f.startsWith("ok."))).toBe(true);
  });

  it.each(files)("%s", (name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const file = name.endsWith("gitlab-ci.yml") ? `.gitlab-ci.yml` : `.github/workflows/${name}`;
    const result = checkWorkflows([{ file, text }], { lock });
    expect(result.stats.errors).toEqual([]);
    const mine = result.findings.filter((f) => f.ruleId === `workflows/${id}`);
    expect(mine.map((f) => f.line)).toEqual(expectedLines(text));
    for (const f of mine) {
      expect(f.column).toBeGreaterThan(0);
      expect(f.framework.length).toBeGreaterThan(0);
      expect(f.hint).toBeTruthy();
      expect(f.confidence).toBeDefined();
    }
    if (name.startsWith("ng.")) expect(result.ok).toBe(false);
  });
});

describe("the policy schema", () => {
  it("lists exactly the audits there are (the schema is the source of the policy's audit ids)", () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../../core/schema/config.schema.json"), "utf8"));
    const ids = Object.keys(schema.properties.workflows.properties.audits.properties);
    expect([...ids].sort()).toEqual(AUDITS.map((a) => a.id).sort());
  });

  it("audit ids are unique and each carries framework ids, a fix and a summary", () => {
    expect(new Set(AUDITS.map((a) => a.id)).size).toBe(AUDITS.length);
    for (const a of AUDITS) {
      expect(a.framework.length).toBeGreaterThan(0);
      expect(a.fix.length).toBeGreaterThan(10);
      expect(a.summary.length).toBeGreaterThan(10);
    }
  });
});

describe("policy", () => {
  const text = readFileSync(join(FIXTURES, "persist-credentials/ng.default.yml"), "utf8");
  const file = ".github/workflows/ci.yml";

  it("fails on warnings by default and passes them under severity: error", () => {
    expect(checkWorkflows([{ file, text }]).ok).toBe(false);
    const lenient = checkWorkflows([{ file, text }], { policy: { severity: "error" } });
    expect(lenient.ok).toBe(true);
    expect(lenient.findings.length).toBeGreaterThan(0);
  });

  it("turns an audit off or raises its severity", () => {
    const off = checkWorkflows([{ file, text }], { policy: { audits: { "persist-credentials": "off" } } });
    expect(off.findings.filter((f) => f.ruleId === "workflows/persist-credentials")).toEqual([]);
    const raised = checkWorkflows([{ file, text }], {
      policy: { severity: "error", audits: { "persist-credentials": "error" } },
    });
    expect(raised.ok).toBe(false);
  });
});

describe("malformed files", () => {
  it("names the file and line of the broken one and still judges the others", () => {
    const good = readFileSync(join(FIXTURES, "persist-credentials/ng.default.yml"), "utf8");
    const result = checkWorkflows([
      { file: ".github/workflows/broken.yml", text: "on: push\njobs:\n  a:\n    steps: [\n" },
      { file: ".github/workflows/ci.yml", text: good },
    ]);
    expect(result.stats.errors).toHaveLength(1);
    expect(result.stats.errors[0]).toMatchObject({ file: ".github/workflows/broken.yml", line: expect.any(Number) });
    expect(result.findings.some((f) => f.file === ".github/workflows/ci.yml")).toBe(true);
  });
});

describe("README", () => {
  it("lists every audit with its severity, confidence and framework ids (the generated table; test/scripts/rules.test.ts checks all of it)", () => {
    const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");
    for (const a of AUDITS) {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`workflows/${a.id}\` |`));
      expect(row, a.id).toContain(
        `| ${a.severity} | ${a.confidence} | ${a.framework.join(", ")} | ${a.summary.replaceAll("|", "\\|")} |`,
      );
    }
  });
});

describe("dogfood", () => {
  it("rampart's own workflows parse and pass every audit", async () => {
    const { defaultWorkflowFiles } = await import("../src/index.js");
    const root = join(import.meta.dirname, "../../..");
    const files = defaultWorkflowFiles(root);
    expect(files).toContain(".github/workflows/ci.yml");
    const result = checkWorkflows(files.map((file) => ({ file, text: readFileSync(join(root, file), "utf8") })));
    expect(result.stats.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
  });
});

describe("severity by context", () => {
  it("a reusable workflow without permissions is a warning (its caller's token bounds it); a triggered one an error", () => {
    const reusable = readFileSync(join(FIXTURES, "permissions-missing/ng.reusable.yml"), "utf8");
    const starter = readFileSync(join(FIXTURES, "permissions-missing/ng.starter-node.yml"), "utf8");
    const pick = (text: string) =>
      checkWorkflows([{ file: ".github/workflows/x.yml", text }]).findings.find(
        (f) => f.ruleId === "workflows/permissions-missing",
      );
    expect(pick(reusable)?.severity).toBe("warning");
    expect(pick(starter)?.severity).toBe("error");
  });

  it("an attacker field reached by string index, or a whole object holding attacker text, is an error", () => {
    const text = readFileSync(join(FIXTURES, "template-injection/ng.whole-objects.yml"), "utf8");
    const found = checkWorkflows([{ file: ".github/workflows/x.yml", text }]).findings.filter(
      (f) => f.ruleId === "workflows/template-injection",
    );
    expect(found.map((f) => [f.line, f.severity])).toEqual(expectedLines(text).map((line) => [line, "error"]));
  });

  it("a workflow_call string input expanded into run: is a medium-confidence warning, a typed one nothing", () => {
    const text = readFileSync(join(FIXTURES, "permissions-missing/ng.reusable.yml"), "utf8");
    const found = checkWorkflows([{ file: "x.yml", text }]).findings.filter(
      (f) => f.ruleId === "workflows/template-injection",
    );
    expect(found.map((f) => [f.line, f.severity, f.confidence])).toEqual([[13, "warning", "medium"]]);
    const typed = text.replace("type: string", "type: number").replace('default: "22"', "default: 22");
    expect(
      checkWorkflows([{ file: "x.yml", text: typed }]).findings.filter(
        (f) => f.ruleId === "workflows/template-injection",
      ),
    ).toEqual([]);
  });
});

describe("audit unpinned-image in a Docker action", () => {
  it("reports a docker:// image an action.yml runs unless pinned by digest; a Dockerfile is built, not pulled", () => {
    const action = (image: string) => `name: d\nruns:\n  using: docker\n  image: ${image}\n`;
    const digest = `alpine:3.20@sha256:${"a".repeat(64)}`;
    const result = checkWorkflows([
      { file: ".github/actions/tag/action.yml", text: action("docker://alpine:3.20") },
      { file: ".github/actions/latest/action.yaml", text: action("'docker://ghcr.io/acme/tool'") },
      { file: ".github/actions/digest/action.yml", text: action(`docker://${digest}`) },
      { file: ".github/actions/built/action.yml", text: action("Dockerfile") },
    ]);
    const mine = result.findings.filter((f) => f.ruleId === "workflows/unpinned-image");
    expect(mine.map((f) => [f.file, f.line])).toEqual([
      [".github/actions/latest/action.yaml", 4],
      [".github/actions/tag/action.yml", 4],
    ]);
    expect(mine[0]?.message).toContain("ghcr.io/acme/tool is not pinned to a digest");
  });
});
