import { describe, expect, it } from "vitest";
import { gitRepo, repoRoot, runCommand } from "../helpers/src/index.js";

const script = `${repoRoot}/scripts/check-pack.mjs`;

/** One publishable package with a bin, whose tarball has everything it promises. */
function goodTree(): Record<string, string> {
  return {
    "packages/tool/package.json": JSON.stringify({
      name: "@demo/tool",
      version: "1.2.3",
      type: "module",
      license: "Apache-2.0",
      engines: { node: ">=22.12" },
      files: ["bin", "dist", "templates"],
      bin: { tool: "bin/tool.js" },
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" },
    }),
    "packages/tool/README.md": "# tool\n",
    "packages/tool/bin/tool.js": "#!/usr/bin/env node\nimport '../dist/index.js';\n",
    "packages/tool/dist/index.js": "export {};\n",
    "packages/tool/dist/index.d.ts": "export {};\n",
    "packages/tool/templates/a/b.txt": "b\n",
    "packages/private/package.json": JSON.stringify({
      name: "@demo/private",
      version: "0.0.0",
      private: true,
      main: "nope.js",
    }),
  };
}

async function check(files: Record<string, string>) {
  const tree = await gitRepo(files, { init: false });
  const r = await runCommand(process.execPath, [script, "--root", tree.dir], { timeout: 60_000 });
  return { exitCode: r.exitCode, output: `${r.stdout}${r.stderr}` };
}

describe("scripts/check-pack.mjs", () => {
  it("passes a package whose tarball has its exports, bin, README and templates", async () => {
    const r = await check(goodTree());
    expect(r.output).toContain("check-pack: ok: @demo/tool@1.2.3 (6 files)");
    expect(r.exitCode).toBe(0);
  });

  it("fails when the tarball lacks what the package promises", async () => {
    const tree = goodTree();
    delete tree["packages/tool/dist/index.d.ts"];
    delete tree["packages/tool/README.md"];
    tree["packages/tool/bin/tool.js"] = "import '../dist/index.js';\n";
    tree["packages/tool/dist/index.test.js"] = "";
    tree["packages/tool/package.json"] = JSON.stringify({
      ...JSON.parse(tree["packages/tool/package.json"]!),
      license: undefined,
      files: ["bin", "dist"],
      exports: { ".": { default: "./dist/index.js", types: "./dist/index.d.ts" } },
    });
    const r = await check(tree);
    expect(r.exitCode).toBe(1);
    for (const message of [
      "@demo/tool (packages/tool): tarball has no README.md",
      "exports/main/types name dist/index.d.ts, which the tarball lacks",
      "bin bin/tool.js lacks a node shebang",
      "tarball ships dist/index.test.js",
      "templates/a/b.txt is not in the tarball",
      "package.json has no license",
      'exports["."] must list "types" first',
    ]) {
      expect(r.output).toContain(message);
    }
  });

  it("fails when the packed manifest names devDependencies or a private workspace package", async () => {
    const tree = goodTree();
    tree["packages/tool/package.json"] = JSON.stringify({
      ...JSON.parse(tree["packages/tool/package.json"]!),
      dependencies: { "@demo/private": "0.0.0" },
      devDependencies: { vitest: "5.1.1" },
    });
    const r = await check(tree);
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain("@demo/tool (packages/tool): packed package.json lists devDependencies");
    expect(r.output).toContain("packed dependencies names the private workspace package @demo/private");
  });

  it("fails when a shipped module imports a package the packed manifest does not depend on", async () => {
    const tree = goodTree();
    tree["packages/tool/package.json"] = JSON.stringify({
      ...JSON.parse(tree["packages/tool/package.json"]!),
      dependencies: { "left-pad": "1.3.0", "@demo/dep": "1.0.0" },
    });
    // A devDependency's import (the bundle's input, left in dist/), beside imports that are fine.
    tree["packages/tool/dist/snapshot-input.js"] = 'export { default as lint } from "@commitlint/lint";\n';
    tree["packages/tool/dist/ok.js"] = [
      'import pad from "left-pad";',
      'import { x } from "@demo/dep/sub/path.js";',
      'import "./index.js";',
      'import { readFileSync } from "node:fs";',
      'const os = require("os");',
      'const self = await import("@demo/tool/package.json");',
      'const later = await import("lazy-dev-only");',
      "",
    ].join("\n");
    const r = await check(tree);
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain(
      "dist/snapshot-input.js imports @commitlint/lint, which is not among the packed package's dependencies",
    );
    expect(r.output).toContain("dist/ok.js imports lazy-dev-only, which is not among");
    expect(r.output).not.toMatch(/imports (left-pad|@demo\/dep|node:fs|os|@demo\/tool),/);
  });

  it("checks a bundled bin's tarball: its entries, every chunk they import and an SBOM of what is inside", async () => {
    const sbom = (components: unknown[]) => JSON.stringify({ bomFormat: "CycloneDX", components });
    const lib = {
      purl: "pkg:npm/%40demo/lib@2.0.0",
      hashes: [{ alg: "SHA-512", content: "ab" }],
      licenses: [{ license: { id: "MIT" } }],
    };
    const bundled = (): Record<string, string> => ({
      ...goodTree(),
      "packages/tool/bin/tool.js": "#!/usr/bin/env node\nawait import('../dist/bundle/main.js');\n",
      "packages/tool/dist/bundle/main.js":
        'import { a } from "./chunk-A.js";\n// packages/lib/dist/x.js\nawait import("./lazy-B.js");\n',
      "packages/tool/dist/bundle/chunk-A.js": "// packages/tool/dist/a.js\nexport const a = 1;\n",
      "packages/tool/dist/bundle/lazy-B.js": "export {};\n",
      // A command's own one-file bundle (the CLI's lockfile command): no chunks of its own.
      "packages/tool/dist/bundle/main-lockfile.js": "// packages/lib/dist/x.js\nexport {};\n",
      "packages/tool/dist/bundle/main-sbom.js": "// packages/lib/dist/x.js\nexport {};\n",
      "packages/tool/dist/bundle/scan-worker.js": 'import "./chunk-A.js";\n',
      "packages/tool/dist/bundle/bundle.cdx.json": sbom([lib]),
      "packages/lib/package.json": JSON.stringify({
        name: "@demo/lib",
        version: "2.0.0",
        license: "MIT",
        private: true,
      }),
    });
    const good = await check(bundled());
    expect(good.output).toContain("check-pack: ok: @demo/tool@1.2.3");
    expect(good.exitCode).toBe(0);
    const bad = bundled();
    delete bad["packages/tool/dist/bundle/lazy-B.js"];
    delete bad["packages/tool/dist/bundle/scan-worker.js"];
    delete bad["packages/tool/dist/bundle/main-lockfile.js"];
    delete bad["packages/tool/dist/bundle/main-sbom.js"];
    bad["packages/tool/dist/bundle/bundle.cdx.json"] = sbom([{ ...lib, purl: "pkg:npm/%40demo/lib@1.0.0" }]);
    bad["packages/tool/bundle-stamp.json"] = "{}";
    bad["packages/tool/package.json"] = JSON.stringify({
      ...JSON.parse(bad["packages/tool/package.json"]!),
      files: ["bin", "dist", "bundle-stamp.json"],
    });
    const r = await check(bad);
    expect(r.exitCode).toBe(1);
    for (const message of [
      "dist/bundle/main.js imports ./lazy-B.js, which the tarball lacks",
      "dist/bundle/scan-worker.js is missing from the tarball",
      "dist/bundle/main-lockfile.js is missing from the tarball",
      "dist/bundle/main-sbom.js is missing from the tarball",
      "the bundle holds @demo/lib's modules, but bundle.cdx.json has no component @demo/lib@2.0.0",
      "tarball ships bundle-stamp.json",
    ]) {
      expect(r.output).toContain(message);
    }
  });
});
