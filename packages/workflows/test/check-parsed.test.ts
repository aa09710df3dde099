import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkWorkflows, parseWorkflow } from "../src/index.js";

const fixtures = join(import.meta.dirname, "fixtures");

describe("checkWorkflows with files already parsed", () => {
  it("judges them exactly as it judges their sources, without parsing again", () => {
    const sources = ["template-injection/ng.issue-title.yml", "permissions-missing/ok.top-level.yml"].map((f) => ({
      file: `.github/workflows/${f.replace("/", "-")}`,
      text: readFileSync(join(fixtures, f), "utf8"),
    }));
    const fromSources = checkWorkflows(sources);
    const parsed = sources.map((s) => parseWorkflow(s.file, s.text));
    const fromParsed = checkWorkflows([], { parsed });
    expect(fromSources.findings.length).toBeGreaterThan(0);
    expect(fromParsed.findings).toEqual(fromSources.findings);
    expect(fromParsed.stats).toEqual(fromSources.stats);
  });
});
