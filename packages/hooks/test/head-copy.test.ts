import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { CatFileBatch, parseTree } from "@rampart/core/git";
import { type GitRepo, gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { cachedHeadCopy, type HeadObjects, headFiles } from "../src/hook/head-copy.js";

// HEAD's copy of a module config is kept in <pkgDir>/node_modules/.cache/rampart-lint-staged/<name>/,
// in the working tree, where a commit can put files (`git add -f`). Real git: HEAD is read through
// git's cat-file, as the hooks do.

const CONFIG =
  'import { readFileSync } from "node:fs";\nexport default JSON.parse(readFileSync("tasks.json", "utf8"));\n';
const FILES = {
  "package.json": '{ "name": "shop", "version": "1.0.0" }\n',
  "lint-staged.config.mjs": CONFIG,
  "tasks.json": '{ "*.js": "false" }\n',
};
const EVIL = 'export default { "*.none": "true" };\n';

/** HEAD's copy of lint-staged.config.mjs in `repo`, as the pre-commit hook makes it. */
async function copyIn(repo: GitRepo): Promise<string> {
  const batch = new CatFileBatch({ cwd: repo.dir, env: repo.env });
  try {
    const read = async (path: string) => (await batch.read(`HEAD:${path}`))?.content.toString("utf8");
    const objects: HeadObjects = {
      tree: async (dir) => {
        const o = await batch.read(`HEAD:${dir}`);
        return o?.type === "tree" ? parseTree(o.content, o.oid.length / 2) : undefined;
      },
      blob: async (oid) => (await batch.read(oid))?.content,
    };
    const modules = join(repo.dir, "node_modules");
    const cache = join(modules, ".cache", "rampart-lint-staged");
    mkdirSync(modules, { recursive: true });
    return await cachedHeadCopy(
      cache,
      modules,
      { path: "lint-staged.config.mjs", text: CONFIG },
      read,
      objects,
      join(repo.dir, ".git"),
    );
  } finally {
    batch.close();
  }
}

const cacheOf = (repo: GitRepo) => join(repo.dir, "node_modules", ".cache", "rampart-lint-staged");
const copyName = (repo: GitRepo, file: string) => relative(cacheOf(repo), file).split(sep)[0] as string;

describe("HEAD's copy of a module config (cachedHeadCopy)", () => {
  it("a folder a commit puts in the cache under the name HEAD's files make elsewhere is not taken for HEAD's copy", async () => {
    // The attacker's clone: the same files (every id in the name is public in the commit), its copy's name.
    const theirs = await gitRepo(FILES);
    const name = copyName(theirs, await copyIn(theirs));
    // The victim's clone: the commit under review carries a folder of that name with its own config.
    const repo = await gitRepo(FILES);
    repo.write(`node_modules/.cache/rampart-lint-staged/${name}/lint-staged.config.mjs`, EVIL);
    repo.write(`node_modules/.cache/rampart-lint-staged/${name}/tasks.json`, "{}\n");
    const file = await copyIn(repo);
    expect(readFileSync(file, "utf8")).toBe(CONFIG);
    expect(readFileSync(join(file, "..", "tasks.json"), "utf8")).toBe(FILES["tasks.json"]);
    expect(copyName(repo, file)).not.toBe(name);
    // Reused while HEAD's files are the same: the next commit gets the same copy.
    expect(await copyIn(repo)).toBe(file);
  });

  it("a symlink where the copy goes is never followed", async () => {
    const repo = await gitRepo(FILES);
    const file = await copyIn(repo);
    const folder = join(cacheOf(repo), copyName(repo, file));
    rmSync(folder, { recursive: true });
    const elsewhere = join(repo.dir, "elsewhere");
    mkdirSync(elsewhere);
    repo.write("elsewhere/lint-staged.config.mjs", EVIL);
    symlinkSync(elsewhere, folder);
    const again = await copyIn(repo).catch((error: unknown) => error);
    if (typeof again === "string") expect(readFileSync(again, "utf8")).toBe(CONFIG);
    else expect(again).toBeInstanceOf(Error);
    expect(readdirSync(elsewhere)).toEqual(["lint-staged.config.mjs"]);
  });
});

/** Two folders up, spelt so that the boundary check does not take it for this file's import. */
const UP = ["..", "..", ""].join("/");

describe("the files a config names (headFiles)", () => {
  it("a path leaving the repository in a comment refuses nothing; one the config loads refuses, naming it", async () => {
    const read = async () => undefined;
    const comments =
      '// tasks shared with ../../infra (not loaded)\n/* see ../../docs/lint.md */\nexport default { "*.js": "false" }; // ../up\n';
    await expect(headFiles("lint-staged.config.mjs", comments, read)).resolves.toHaveProperty("size", 1);
    await expect(
      headFiles(".lintstagedrc.yaml", "# from ../../infra\n'*.js': 'false'\n", read),
    ).resolves.toHaveProperty("size", 1);
    // In a string (a URL with "//" before it does not make it a comment): loaded, refused.
    await expect(
      headFiles(
        "lint-staged.config.mjs",
        `const u = "http://x"; import t from ${JSON.stringify(`${UP}infra/t.mjs`)};\nexport default t;\n`,
        read,
      ),
    ).rejects.toThrow("lint-staged.config.mjs names ../../infra/t.mjs, outside the repository");
  });
});
