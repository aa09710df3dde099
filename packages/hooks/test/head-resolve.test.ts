import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { guardCopies, linkedFolder } from "../src/hook/head-resolve.js";
import { registerHooks } from "../src/hook/narrow-imports.js";

// A module of HEAD's copy that reaches a file of the working tree (the commit's) through a link
// or a path: it is loaded from HEAD's files, or refused naming the file. Real git, real folders.

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}

describe("a copy's imports that land in the working tree (guardCopies)", () => {
  it.skipIf(registerHooks === undefined)(
    "a working tree file by its path is refused, naming it; an installed package loads",
    async () => {
      const repo = await gitRepo({ "package.json": '{ "name": "shop" }\n', "tasks.mjs": "export default 1;\n" });
      const store = join(repo.dir, "node_modules", ".cache", "rampart-lint-staged");
      write(join(repo.dir, "node_modules", "dep", "package.json"), '{ "name": "dep", "exports": "./i.mjs" }\n');
      write(join(repo.dir, "node_modules", "dep", "i.mjs"), "export default 2;\n");
      const tasks = realpathSync(join(repo.dir, "tasks.mjs"));
      write(join(store, "c1", "by-path.mjs"), `export { default } from ${JSON.stringify(tasks)};\n`);
      write(join(store, "c1", "installed.mjs"), 'export { default } from "dep";\n');
      const head = (await repo.git(["rev-parse", "HEAD"])).trim();
      const guard = {
        root: repo.dir,
        rev: head,
        env: repo.env,
        secret: "0".repeat(64),
        staged: () => new Set<string>(),
      };
      expect(guardCopies(store, guard)).toBe(true);
      const load = (name: string) => import(pathToFileURL(join(realpathSync(store), "c1", name)).href);
      await expect(load("by-path.mjs")).rejects.toThrow(
        `${tasks} resolves to tasks.mjs, a file of the working tree, not HEAD's`,
      );
      expect((await load("installed.mjs")).default).toBe(2);
    },
  );
});

describe("a copy's workspace packages by name (guardCopies)", () => {
  it.skipIf(registerHooks === undefined)(
    "are HEAD's, by import and by require; a folder the commit stages under node_modules is refused",
    async () => {
      const repo = await gitRepo({
        "package.json": '{ "name": "shop" }\n',
        "packages/esm/package.json": '{ "name": "@shop/esm", "type": "module", "exports": "./i.mjs" }\n',
        "packages/esm/i.mjs": 'export default "head";\n',
        "packages/cjs/package.json": '{ "name": "@shop/cjs", "main": "./i.js" }\n',
        "packages/cjs/i.js": 'module.exports = "head";\n',
      });
      const nm = join(repo.dir, "node_modules");
      mkdirSync(join(nm, "@shop"), { recursive: true });
      symlinkSync("../../packages/esm", join(nm, "@shop", "esm"));
      symlinkSync("../../packages/cjs", join(nm, "@shop", "cjs"));
      // The commit's: the packages' entries edited.
      writeFileSync(join(repo.dir, "packages", "esm", "i.mjs"), 'export default "commit";\n');
      writeFileSync(join(repo.dir, "packages", "cjs", "i.js"), 'module.exports = "commit";\n');
      const store = join(nm, ".cache", "rampart-commitlint");
      write(join(store, "c2", "esm.mjs"), 'export { default } from "@shop/esm";\n');
      write(join(store, "c2", "cjs.cjs"), 'module.exports = require(["@shop", "cjs"].join("/"));\n');
      const head = (await repo.git(["rev-parse", "HEAD"])).trim();
      const guard = {
        root: repo.dir,
        rev: head,
        env: repo.env,
        secret: "1".repeat(64),
        staged: () => new Set<string>(),
      };
      guardCopies(store, guard);
      const at = (name: string) => join(realpathSync(store), "c2", name);
      expect((await import(pathToFileURL(at("esm.mjs")).href)).default).toBe("head");
      expect(createRequire(at("x.js"))("./cjs.cjs")).toBe("head");
      // A folder of that name the commit stages where Node looks first: refused, naming it.
      write(join(nm, ".cache", "node_modules", "@shop", "esm", "package.json"), '{ "name": "@shop/esm" }\n');
      write(join(store, "c2", "planted.mjs"), 'export { default } from "@shop/esm";\n');
      const staged = new Set(["node_modules/.cache/node_modules/@shop/esm/package.json"]);
      guardCopies(store, { ...guard, staged: () => staged });
      await expect(import(pathToFileURL(at("planted.mjs")).href)).rejects.toThrow(
        "@shop/esm resolves to node_modules/.cache/node_modules/@shop/esm/package.json, which the commit stages",
      );
    },
  );
});

describe("an installed package a copy loads, importing a workspace package by name (guardCopies)", () => {
  it.skipIf(registerHooks === undefined)(
    "takes it from HEAD too, by import and by require; its other imports load as Node resolves them",
    async () => {
      const repo = await gitRepo({
        "package.json": '{ "name": "shop" }\n',
        "packages/tasks/package.json":
          '{ "name": "@shop/tasks", "exports": { "import": "./i.mjs", "require": "./i.cjs" } }\n',
        "packages/tasks/i.mjs": 'export default "head";\n',
        "packages/tasks/i.cjs": 'module.exports = "head";\n',
      });
      const nm = join(repo.dir, "node_modules");
      mkdirSync(join(nm, "@shop"), { recursive: true });
      symlinkSync("../../packages/tasks", join(nm, "@shop", "tasks"));
      // An installed preset (a real folder: from the registry) over the workspace package, and a plain dependency.
      write(
        join(nm, "preset", "package.json"),
        '{ "name": "preset", "exports": { "import": "./i.mjs", "require": "./i.cjs" } }\n',
      );
      write(
        join(nm, "preset", "i.mjs"),
        // (Dynamic, and names built at run time: the boundary check reads literal imports even in strings.)
        'const d = await import(["d", "ep"].join("")); const t = await import(["@shop", "tasks"].join("/"));\nexport default [d.default, t.default].join(" ");\n',
      );
      write(join(nm, "preset", "i.cjs"), 'module.exports = require(["@shop", "tasks"].join("/"));\n');
      write(join(nm, "dep", "package.json"), '{ "name": "dep", "exports": "./i.mjs" }\n');
      write(join(nm, "dep", "i.mjs"), 'export default "dep";\n');
      // The commit's: the workspace package's entries edited.
      writeFileSync(join(repo.dir, "packages", "tasks", "i.mjs"), 'export default "commit";\n');
      writeFileSync(join(repo.dir, "packages", "tasks", "i.cjs"), 'module.exports = "commit";\n');
      const store = join(nm, ".cache", "rampart-lint-staged");
      write(join(store, "c3", "config.mjs"), 'export { default } from "preset";\n');
      write(join(store, "c3", "config.cjs"), 'module.exports = require(["pre", "set"].join(""));\n');
      const head = (await repo.git(["rev-parse", "HEAD"])).trim();
      guardCopies(store, {
        root: repo.dir,
        rev: head,
        env: repo.env,
        secret: "2".repeat(64),
        staged: () => new Set<string>(),
      });
      const at = (name: string) => join(realpathSync(store), "c3", name);
      expect((await import(pathToFileURL(at("config.mjs")).href)).default).toBe("dep head");
      expect(createRequire(at("x.js"))("./config.cjs")).toBe("head");
    },
  );
});

describe("a Node without module hooks: links into the repository beside the copy (linkedFolder)", () => {
  it("finds a workspace link (scoped or not), not an installed package's link or one leaving the repository", async () => {
    const repo = await gitRepo({ "package.json": '{ "name": "shop" }\n' });
    const nm = join(repo.dir, "node_modules");
    const copy = join(nm, ".cache", "rampart-lint-staged", "c1");
    mkdirSync(copy, { recursive: true });
    mkdirSync(join(nm, ".pnpm", "dep@1.0.0", "node_modules", "dep"), { recursive: true });
    symlinkSync(".pnpm/dep@1.0.0/node_modules/dep", join(nm, "dep"));
    symlinkSync(realpathSync("/tmp"), join(nm, "outside"));
    expect(linkedFolder(copy, repo.dir, new Set())).toBeUndefined();
    mkdirSync(join(repo.dir, "packages", "tasks"), { recursive: true });
    mkdirSync(join(nm, "@shop"));
    symlinkSync("../../packages/tasks", join(nm, "@shop", "tasks"));
    expect(linkedFolder(copy, repo.dir, new Set())).toBe("node_modules/@shop/tasks");
    // A file the commit stages under node_modules is the commit's, not an installed package.
    expect(linkedFolder(copy, repo.dir, new Set(["node_modules/x/index.js"]))).toBe("node_modules/x/index.js");
  });
});
