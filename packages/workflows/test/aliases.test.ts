import { describe, expect, it } from "vitest";
import { parseWorkflow } from "../src/index.js";

// GitHub Actions and GitLab follow YAML aliases: what an alias stands for is audited in its place
// (test/fixtures/template-injection/ng.yaml-alias.yml); what cannot be followed safely is refused.
const head = "on: push\npermissions: {}\n";

function refusal(text: string): string | undefined {
  try {
    parseWorkflow(".github/workflows/a.yml", text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("YAML aliases in a workflow", () => {
  it("puts the anchored steps in the alias's place", () => {
    const wf = parseWorkflow(
      ".github/workflows/a.yml",
      `${head}x: &s\n  - run: make\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: *s\n`,
    );
    expect(wf.jobs[0]?.steps.length).toBe(1);
  });

  it("refuses an alias inside its own anchor and aliases that expand without bound", () => {
    expect(refusal(`${head}jobs: &j\n  a:\n    runs-on: ubuntu-latest\n    steps: [*j]\n`)).toMatch(
      /inside its own anchor/,
    );
    const laughs = [`${head}a: &a [x, x, x, x, x, x, x, x, x, x]`];
    for (let i = 1; i < 8; i++)
      laughs.push(
        `a${i}: &a${i} [${Array(10)
          .fill(i === 1 ? "*a" : `*a${i - 1}`)
          .join(", ")}]`,
      );
    laughs.push("jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n");
    expect(refusal(laughs.join("\n"))).toMatch(/expand the file past/);
  });

  it("an alias names the last node anchored before it (an anchor may be set again)", () => {
    const wf = parseWorkflow(
      ".github/workflows/a.yml",
      `${head}x: &u actions/checkout@v4\ny: &u evil/action@main\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: *u\n`,
    );
    expect(String((wf.jobs[0]?.steps[0]?.uses as { value?: unknown } | undefined)?.value)).toBe("evil/action@main");
  });

  // Bounded by construction: one walk finds every alias's anchor (the yaml package's resolve walks
  // the document once per alias: 40,000 aliases in an 80,000-node file were 3.2 billion visits),
  // and merge keys stop giving pairs once the expansion cap is certain to be passed.
  it("reads a file of 40,000 anchors and 40,000 aliases, and audits what they stand for", () => {
    const n = 40_000;
    const anchors = Array.from({ length: n }, (_, i) => `&a${i} v${i}`).join(", ");
    const aliases = Array.from({ length: n }, (_, i) => `*a${i}`).join(", ");
    const wf = parseWorkflow(
      ".github/workflows/a.yml",
      `${head}x: [${anchors}]\ny: [${aliases}]\nz: &s\n  - uses: evil/action@main\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: *s\n`,
    );
    expect(wf.jobs[0]?.steps).toHaveLength(1);
    const y = (wf.root.items.find((p) => String((p.key as { value?: unknown }).value) === "y")?.value ?? {}) as {
      items: Array<{ value: unknown }>;
    };
    expect(y.items).toHaveLength(n);
    expect(y.items[n - 1]?.value).toBe(`v${n - 1}`);
  });

  it("refuses GitLab merge keys that would give more pairs than the expansion cap, before giving them", () => {
    const keys = 20_000;
    const defaults = Array.from({ length: keys }, (_, i) => `  k${i}: v`).join("\n");
    const jobs = Array.from({ length: keys }, (_, i) => `job${i}:\n  <<: *d\n  script: [make]`).join("\n");
    let message = "";
    try {
      parseWorkflow(".gitlab-ci.yml", `.defaults: &d\n${defaults}\n${jobs}\n`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/expand the file past 100000 nodes/);
    // Under the cap, merges are given in full.
    const few = parseWorkflow(
      ".gitlab-ci.yml",
      ".d: &d\n  image: node:22\n  k: v\nbuild:\n  <<: *d\n  script: [make]\n",
    );
    expect(few.jobs.map((j) => j.id)).toEqual(["build"]);
  });
});
