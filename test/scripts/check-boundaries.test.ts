import { describe, expect, it } from "vitest";
import { gitRepo, repoRoot, runCommand } from "../helpers/src/index.js";

const script = `${repoRoot}/scripts/check-boundaries.mjs`;

const manifest = (name: string, deps: Record<string, string> = {}, dev: Record<string, string> = {}) =>
  JSON.stringify({ name, version: "0.1.0", type: "module", dependencies: deps, devDependencies: dev });

/** A tiny workspace that obeys the layering; each test breaks it in one way. */
function goodTree(): Record<string, string> {
  return {
    "packages/core/package.json": manifest("@rampart/core", { yaml: "1.0.0" }),
    "packages/core/src/index.ts":
      'import { parse } from "yaml";\nimport { join } from "node:path";\nexport const x = 1;\n',
    "packages/secrets/package.json": manifest(
      "@rampart/secrets",
      { "@rampart/core": "workspace:*" },
      { "@rampart/test-helpers": "workspace:*", vitest: "1" },
    ),
    "packages/secrets/src/index.ts": 'export { x } from "@rampart/core";\nimport type { Y } from "./y.js";\n',
    "packages/secrets/test/a.test.ts":
      'import { gitRepo } from "@rampart/test-helpers";\nimport { it } from "vitest";\n',
    "packages/lockfile/package.json": manifest("@rampart/lockfile", { "@rampart/core": "workspace:*" }),
    "packages/lockfile/src/index.ts": '// import "@rampart/sbom" in a comment is fine\nconst s = "--import";\n',
    "packages/sbom/package.json": manifest("@rampart/sbom", {
      "@rampart/core": "workspace:*",
      "@rampart/lockfile": "workspace:*",
    }),
    "packages/sbom/src/index.ts": 'const m = await import("@rampart/lockfile");\n',
    "packages/cli/package.json": manifest("rampart", {
      "@rampart/core": "workspace:*",
      "@rampart/secrets": "workspace:*",
    }),
    "packages/cli/src/commands/secrets.ts":
      'import { ExitCode } from "@rampart/core";\nimport type { Rule } from "@rampart/secrets";\nconst lib = await import("@rampart/secrets");\n',
    "test/helpers/package.json": manifest("@rampart/test-helpers", { execa: "1" }),
    "test/helpers/src/index.ts": 'import { execa } from "execa";\n',
  };
}

async function check(files: Record<string, string>) {
  const tree = await gitRepo(files, { init: false });
  const r = await runCommand(process.execPath, [script, "--root", tree.dir]);
  return { exitCode: r.exitCode, output: `${r.stdout}${r.stderr}` };
}

describe("scripts/check-boundaries.mjs", () => {
  it("passes a tree that follows the layering", async () => {
    const r = await check(goodTree());
    expect(r.output).toContain("check-boundaries: ok (5 packages, 7 files)");
    expect(r.exitCode).toBe(0);
  });

  it.each([
    [
      "a tool importing another tool",
      { "packages/secrets/src/bad.ts": 'import { y } from "@rampart/lockfile";\n' },
      "packages/secrets/src/bad.ts:1: imports @rampart/lockfile, but secrets may depend on: core",
    ],
    [
      "a dynamic import",
      { "packages/lockfile/src/bad.ts": '\n\nconst m = await import("@rampart/sbom");\n' },
      "packages/lockfile/src/bad.ts:3: imports @rampart/sbom, but lockfile may depend on: core",
    ],
    [
      "core importing upwards in a test",
      { "packages/core/test/x.test.ts": 'import { a } from "@rampart/secrets/internal";\n' },
      "packages/core/test/x.test.ts:1: imports @rampart/secrets, but core may depend on: nothing internal",
    ],
    [
      "a package.json dependency",
      {
        "packages/lockfile/package.json": manifest("@rampart/lockfile", {
          "@rampart/core": "workspace:*",
          "@rampart/secrets": "workspace:*",
        }),
      },
      "packages/lockfile/package.json: dependencies has @rampart/secrets, but lockfile may depend on: core",
    ],
    [
      "test-helpers as a runtime dependency",
      {
        "packages/core/package.json": manifest("@rampart/core", { yaml: "1", "@rampart/test-helpers": "workspace:*" }),
      },
      "@rampart/test-helpers may only be a devDependency (it is in dependencies)",
    ],
    [
      "test-helpers imported from src",
      { "packages/secrets/src/bad.ts": 'import { gitRepo } from "@rampart/test-helpers";\n' },
      "packages/secrets/src/bad.ts:1: @rampart/test-helpers is for tests only",
    ],
    [
      "a relative import into another package",
      { "packages/secrets/src/bad.ts": 'export * from "../../lockfile/src/index.js";\n' },
      "relative import '../../lockfile/src/index.js' reaches outside packages/secrets",
    ],
    [
      "an undeclared dependency",
      { "packages/lockfile/src/bad.ts": 'import semver from "semver";\n' },
      "imports semver, which packages/lockfile/package.json does not declare in dependencies",
    ],
    [
      "a static import of a tool in the CLI",
      { "packages/cli/src/commands/secrets.ts": 'import { scan } from "@rampart/secrets";\n' },
      "packages/cli/src/commands/secrets.ts:1: imports @rampart/secrets statically; load it with `await import()` inside run()",
    ],
    [
      "a package with no layer",
      { "packages/extra/package.json": manifest("@rampart/extra") },
      "no layer declared for extra",
    ],
  ])("fails on %s", async (_name, change, message) => {
    const r = await check({ ...goodTree(), ...change });
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain(message);
  });
});
