import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODE_PACKAGES, renderErrorCodes, splice } from "../../scripts/lib/generated-docs.mjs";
import { repoRoot } from "../helpers/src/index.js";

type Table = Record<string, { meaning: string; hint: string }>;

const REGENERATE = "regenerate: pnpm exec tsc -b && node scripts/gen-docs.mjs";
const packages = readdirSync(join(repoRoot, "packages")).filter((p) =>
  statSync(join(repoRoot, "packages", p, "src"), { throwIfNoEntry: false })?.isDirectory(),
);
const tables = new Map<string, Table>();
for (const pkg of ERROR_CODE_PACKAGES) {
  const mod = (await import(join(repoRoot, "packages", pkg, "src", "error-codes.ts"))) as { errorCodes: Table };
  tables.set(pkg, mod.errorCodes);
}
// core's sources, by a computed path: test/ is type-checked on its own (rootDir), and the test must
// judge the sources, not a build.
const core = (await import(join(repoRoot, "packages", "core", "src", "index.ts"))) as {
  errorExitCode(error: unknown): number;
  RampartError: new (code: string, message: string) => Error;
};
const exitFor = (code: string) => core.errorExitCode(new core.RampartError(code, ""));

/** The prefixes of each package's area; a package not listed owns `<NAME>_`. */
const AREA: Record<string, readonly string[]> = {
  core: ["GIT_", "NOT_A_GIT_REPO", "CONFIG_", "POLICY_", "USAGE_", "FS_"],
  workflows: ["WORKFLOW_", "WORKFLOWS_"],
  cli: ["COMMAND_"],
};
const areaOf = (pkg: string) => AREA[pkg] ?? [`${pkg.toUpperCase()}_`];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith(".ts") && e.name !== "error-codes.ts"
        ? [join(dir, e.name)]
        : [],
  );
}

const CODE = /"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g;
/**
 * Codes a source raises or compares: the first argument of `new RampartError(`, `super(` or a
 * helper named `...Error(`/`...Failure(`/`fail(` (ternaries too), `code === "X"`, `code: "X"`.
 */
function codesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\b\w*(?:Error|Failure)(?:<[^>]*>)?|\bsuper|\bfail)\(\s*([^,()]*?),/g)) {
    for (const c of (m[1] ?? "").matchAll(CODE)) out.push(c[1] as string);
  }
  for (const m of text.matchAll(/\bcode\s*(?:===|!==|:)\s*"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g))
    out.push(m[1] as string);
  return out.filter((c) => !c.startsWith("ERR_"));
}

const raised = new Map<string, string[]>(); // code -> files
for (const pkg of packages) {
  for (const file of sourceFiles(join(repoRoot, "packages", pkg, "src"))) {
    for (const code of codesIn(readFileSync(file, "utf8"))) {
      raised.set(code, [...(raised.get(code) ?? []), relative(repoRoot, file)]);
    }
  }
}

describe("error codes", () => {
  it.each(ERROR_CODE_PACKAGES)("packages/%s/README.md lists exactly its src/error-codes.ts", (pkg) => {
    const file = `packages/${pkg}/README.md`;
    const text = readFileSync(join(repoRoot, file), "utf8");
    const body = renderErrorCodes(tables.get(pkg) as Table, { exitFor, core: pkg === "core" });
    const expected = splice(text, "errors", body);
    expect(expected, `${file} lacks the errors markers (${REGENERATE})`).toEqual(expect.any(String));
    expect(text, `${file} drifted from src/error-codes.ts (${REGENERATE})`).toBe(expected);
  });

  it("has a table for every package", () => {
    expect(packages.filter((p) => !ERROR_CODE_PACKAGES.includes(p))).toEqual([]);
  });

  it("lists every code raised anywhere in the table of the area its prefix names", () => {
    const unlisted: string[] = [];
    for (const [code, files] of raised) {
      const owner = [...tables].find(([pkg]) => areaOf(pkg).some((p) => code === p || code.startsWith(p)))?.[0];
      if (owner === undefined || !(code in (tables.get(owner) as Table))) {
        unlisted.push(`${code} (${files.join(", ")}) -> ${owner ? `packages/${owner}/src/error-codes.ts` : "no area"}`);
      }
    }
    expect(unlisted).toEqual([]);
  });

  it("keeps no row for a code nothing raises, and each row in its own area", () => {
    for (const [pkg, table] of tables) {
      for (const code of Object.keys(table)) {
        expect(raised.has(code), `${code} in packages/${pkg}/src/error-codes.ts is raised nowhere`).toBe(true);
        expect(
          areaOf(pkg).some((p) => code === p || code.startsWith(p)),
          `${code} is not in ${pkg}'s area`,
        ).toBe(true);
      }
    }
  });

  it("raises usage mistakes as UsageError, never a hand-made USAGE_INVALID", () => {
    const handMade = [...(raised.get("USAGE_INVALID") ?? [])].filter((f) => f !== "packages/core/src/errors.ts");
    expect(handMade).toEqual([]);
  });

  it("gives exit 2 to every code but a cancelled prompt (130)", () => {
    for (const table of tables.values()) {
      for (const code of Object.keys(table)) expect(exitFor(code)).toBe(code === "USAGE_CANCELLED" ? 130 : 2);
    }
  });
});
