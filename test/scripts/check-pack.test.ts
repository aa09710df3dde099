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
});
