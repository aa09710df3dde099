import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CatFileBatch, parseTree } from "@rampart/core/git";
import { type GitRepo, gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import type { HeadObjects } from "../src/hook/head-copy.js";
import { nestedConfigsAt } from "../src/hook/lint-staged.js";

// Every pre-commit with a module lint-staged config asks which of HEAD's folders below the package
// folder hold a lint-staged config (nestedConfigsAt). The answer is kept by tree id in
// .git/rampart/lint-staged-nested.json: a folder a commit did not change is answered from it,
// without listing HEAD's tree (`git ls-tree -r`). Real git: HEAD is read through cat-file, as the
// hooks do, and git's own trace counts the processes.

const RECORD = ".git/rampart/lint-staged-nested.json";

/** Configs in folders at several depths, manifests with and without the key, a folder named like a prototype. */
const FILES = {
  "package.json": '{ "name": "root", "lint-staged": { "*.js": "true" } }\n',
  "lint-staged.config.mjs": "export default {};\n",
  "a/.lintstagedrc.json": "{}\n",
  "a/b/c/d/lint-staged.config.mjs": "export default {};\n",
  "a/b/c/d/e.txt": "e\n",
  "b/package.json": '{ "name": "b" }\n',
  "c/package.json": '{ "name": "c", "lint-staged": { "*.md": "true" } }\n',
  "c/x/y.txt": "y\n",
  "__proto__/.lintstagedrc": "{}\n",
  "pkg/package.json": '{ "name": "pkg" }\n',
  "pkg/lint-staged.config.mjs": "export default {};\n",
  "pkg/src/.lintstagedrc.yaml": "'*.js': 'true'\n",
  "pkg/src/deep/er/z.txt": "z\n",
  "many/1/2/3/4/5/6/7/8/f.txt": "f\n",
};

interface Asked {
  found: string[];
  /** git processes that listed a tree (`git ls-tree`). */
  listings: number;
}

/** nestedConfigsAt at HEAD for the package folder `prefix`, with HEAD's objects (the hooks' way) or without. */
async function ask(repo: GitRepo, prefix: string, withObjects = true): Promise<Asked> {
  const trace = join(repo.home, `trace-${Math.random().toString(36).slice(2)}`);
  const env = { ...repo.env, GIT_TRACE: trace };
  const batch = new CatFileBatch({ cwd: repo.dir, env: repo.env });
  try {
    const rev = (await repo.git(["rev-parse", "HEAD"])).trim();
    const read = async (path: string) => (await batch.read(`${rev}:${path}`))?.content.toString("utf8");
    const objects: HeadObjects = {
      tree: async (dir) => {
        const o = await batch.read(`${rev}:${dir}`).catch(() => null);
        return o?.type === "tree" ? parseTree(o.content, o.oid.length / 2) : undefined;
      },
      blob: async (oid) => {
        const o = await batch.read(oid).catch(() => null);
        return o?.type === "blob" ? o.content : undefined;
      },
    };
    const head = withObjects ? { objects, commonDir: repo.path(".git") } : undefined;
    const found = await nestedConfigsAt(repo.dir, rev, prefix, read, env, head);
    const text = existsSync(trace) ? readFileSync(trace, "utf8") : "";
    return { found, listings: text.split("\n").filter((l) => /trace: (?:exec|built-in): git ls-tree/.test(l)).length };
  } finally {
    batch.close();
  }
}

/** What listing HEAD's whole tree says (the answer the record must give). */
const truth = async (repo: GitRepo, prefix: string) => (await ask(repo, prefix, false)).found.sort();

describe("HEAD's lint-staged configs in subfolders (nestedConfigsAt)", () => {
  it("answers as listing HEAD's tree does, and lists no tree again once HEAD's folders are recorded", async () => {
    const repo = await gitRepo(FILES);
    for (const prefix of ["", "pkg/"]) {
      const expected = await truth(repo, prefix);
      expect(expected.length).toBeGreaterThan(prefix === "" ? 5 : 0);
      const first = await ask(repo, prefix);
      expect(first.found).toEqual(expected);
      const again = await ask(repo, prefix);
      expect(again).toEqual({ found: expected, listings: 0 });
    }
    expect(await truth(repo, "")).toContain("__proto__/.lintstagedrc");
    expect(await truth(repo, "")).not.toContain("b/package.json");
  });

  it("a folder whose name ends in a carriage return, beside one named without it, is read as itself", async () => {
    // git cat-file drops a CR that ends a line of its input: "HEAD:y\r" would be y's tree.
    const repo = await gitRepo({ ...FILES, "y\r/.lintstagedrc.json": "{}\n", "y/k.txt": "k\n" });
    const expected = await truth(repo, "");
    expect(expected).toContain("y\r/.lintstagedrc.json");
    expect((await ask(repo, "")).found).toEqual(expected);
    expect((await ask(repo, "")).found).toEqual(expected);
  });

  it("a commit's changes, deep or beside a recorded folder, are seen at once", async () => {
    const repo = await gitRepo(FILES);
    await ask(repo, "");
    const changes: Array<[string, () => void]> = [
      ["a config added deep in a recorded folder", () => repo.write("a/b/c/new/.lintstagedrc.json", "{}\n")],
      ["a config removed", () => rmSync(repo.path("a/b/c/d/lint-staged.config.mjs"))],
      ["a manifest gains the key", () => repo.write("b/package.json", '{ "name": "b", "lint-staged": {} }\n')],
      ["a manifest loses it", () => repo.write("c/package.json", '{ "name": "c" }\n')],
      ["a folder of its own", () => repo.write("many/1/2/3/4/5/6/7/8/package.yaml", "lint-staged:\n  '*': 'true'\n")],
      ["a file beside, no config", () => repo.write("c/x/w.txt", "w\n")],
    ];
    for (const [what, change] of changes) {
      change();
      await repo.commit(what);
      const expected = await truth(repo, "");
      expect({ what, ...(await ask(repo, "")) }).toEqual({ what, found: expected, listings: 0 });
    }
    expect(await truth(repo, "")).toContain("a/b/c/new/.lintstagedrc.json");
    expect(await truth(repo, "")).toContain("many/1/2/3/4/5/6/7/8/package.yaml");
  });

  it("a record that does not parse, is of another format, or names a folder inside itself is read again from git", async () => {
    const repo = await gitRepo(FILES);
    const expected = await truth(repo, "");
    await ask(repo, "");
    const good = JSON.parse(readFileSync(repo.path(RECORD), "utf8")) as {
      v: number;
      names: string[];
      folders: Record<string, [string[], Array<[string, string]>]>;
    };
    const [some, folder] = Object.entries(good.folders).find(([, f]) => f[1].length > 0) as [
      string,
      [string[], Array<[string, string]>],
    ];
    const broken: Array<[string, string]> = [
      ["torn", JSON.stringify(good).slice(0, 200)],
      ["another format", JSON.stringify({ ...good, v: 0 })],
      ["a name that is no config", JSON.stringify({ ...good, folders: { ...good.folders, [some]: [["x"], []] } })],
      [
        "a folder inside itself",
        JSON.stringify({ ...good, folders: { ...good.folders, [some]: [folder[0], [["loop", some]]] } }),
      ],
    ];
    for (const [what, text] of broken) {
      writeFileSync(repo.path(RECORD), text, { mode: 0o600 });
      expect({ what, found: (await ask(repo, "")).found }).toEqual({ what, found: expected });
      // ...and written anew, whole: the next commit is answered from it.
      expect({ what, ...(await ask(repo, "")) }).toEqual({ what, found: expected, listings: 0 });
    }
  });

  it("a record through a symlink, or one anyone may write, is not read, and the link is not written through", async () => {
    const repo = await gitRepo(FILES);
    const expected = await truth(repo, "");
    await ask(repo, "");
    // A record claiming that no folder holds a config.
    const good = JSON.parse(readFileSync(repo.path(RECORD), "utf8")) as {
      folders: Record<string, [string[], Array<[string, string]>]>;
    };
    const lying = JSON.stringify({
      ...good,
      folders: Object.fromEntries(Object.entries(good.folders).map(([oid, [, dirs]]) => [oid, [[], dirs]])),
    });
    const elsewhere = join(repo.home, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, "record.json"), lying, { mode: 0o600 });
    rmSync(repo.path(RECORD));
    symlinkSync(join(elsewhere, "record.json"), repo.path(RECORD));
    expect((await ask(repo, "")).found).toEqual(expected);
    expect(readFileSync(join(elsewhere, "record.json"), "utf8")).toBe(lying);
    rmSync(repo.path(RECORD), { force: true });
    writeFileSync(repo.path(RECORD), lying, { mode: 0o600 });
    chmodSync(repo.path(RECORD), 0o602);
    expect((await ask(repo, "")).found).toEqual(expected);
  });
});
