import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_PACKAGES, renderRules, splice } from "../../scripts/lib/generated-docs.mjs";
import { repoRoot } from "../helpers/src/index.js";

// Each package's rule registry (RULES) is the one source of its rule metadata: SARIF's rule
// descriptions, the findings' framework ids and the README's rule table, which must not drift.
type Registry = Record<
  string,
  { title: string; description: string; help: string; severity: string; framework: readonly string[] }
>;
const REGENERATE = "regenerate: pnpm exec tsc -b && node scripts/gen-docs.mjs";
const registries = new Map<string, Registry>();
for (const pkg of RULE_PACKAGES) {
  const mod = (await import(join(repoRoot, "packages", pkg, "src", "index.ts"))) as { RULES: Registry };
  registries.set(pkg, mod.RULES);
}
const read = (file: string) => readFileSync(join(repoRoot, file), "utf8");
function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : [],
  );
}

describe("rule registries", () => {
  it.each(RULE_PACKAGES)("packages/%s/README.md carries the table of its RULES", (pkg) => {
    const file = `packages/${pkg}/README.md`;
    const text = read(file);
    const expected = splice(text, "rules", renderRules(registries.get(pkg)));
    expect(expected, `${file} lacks the rules markers`).toEqual(expect.any(String));
    expect(text, `${file} drifted from RULES (${REGENERATE})`).toBe(expected);
  });

  it.each(RULE_PACKAGES)(
    "every rule %s reports is in its registry, with a title, a description, help and framework ids",
    (pkg) => {
      const registry = registries.get(pkg) as Registry;
      for (const [id, rule] of Object.entries(registry)) {
        expect(id).toMatch(new RegExp(`^${pkg}/[a-z0-9-]+$`));
        expect(rule.title.length, id).toBeGreaterThan(2);
        expect(rule.description.length, id).toBeGreaterThan(10);
        expect(rule.help.length, id).toBeGreaterThan(10);
        expect(["error", "warning"]).toContain(rule.severity);
        for (const f of rule.framework) expect(f, id).toMatch(/^(SRC|MAT|BLD|ART)-\d+$/);
        expect(rule.framework.length, id).toBeGreaterThan(0);
      }
      const reported = new Set<string>();
      for (const file of sources(`packages/${pkg}/src`)) {
        for (const m of read(file).matchAll(new RegExp(`["'\`](${pkg}/[a-z0-9-]+)["'\`]`, "g")))
          reported.add(m[1] as string);
      }
      expect([...reported].filter((id) => !(id in registry))).toEqual([]);
    },
  );

  it("lists a signatures rule for every verdict a commit can fail with", () => {
    const union = /export type Verdict =([^;]+);/.exec(read("packages/signatures/src/record.ts"))?.[1] ?? "";
    const verdicts = [...union.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]).filter((v) => v !== "good" && v !== "exempt");
    expect(verdicts.length).toBeGreaterThan(5);
    for (const v of verdicts)
      expect(Object.keys(registries.get("signatures") as Registry)).toContain(`signatures/${v}`);
  });
});
