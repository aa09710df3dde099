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
});
