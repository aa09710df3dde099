import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { CONFIG_FILE, loadConfig, parseConfigCached, policyCacheDir } from "../src/config.js";
import { digestOf } from "../src/git-cache.js";
import { policyReaderInputs, recordReaderKey, useReaderKeyRecord } from "../src/policy-cache.js";

// loadConfig remembers the parsed policy in git's common dir (rampart/policy-cache.json) for every
// command and hook, through real git and real files. What is asserted is what the cache must never
// do: serve a config for other text or another reader, serve a damaged entry, or be read or
// written through a symlink. That a hit is served at all is shown with a forged entry (the git dir
// is trusted like the hooks in it): it is what loadConfig returns for exactly the same key.

const POLICY = "hooks:\n  protectedBranches: [main]\n";

async function repoWithPolicy(text = POLICY) {
  const repo = await gitRepo({ [CONFIG_FILE]: text, "a.txt": "x" });
  const cacheFile = repo.path(".git/rampart/policy-cache.json");
  const load = async () => (await loadConfig({ cwd: repo.dir, env: repo.env })).config;
  const entries = () => JSON.parse(readFileSync(cacheFile, "utf8")) as Array<[string, Record<string, unknown>]>;
  return { repo, cacheFile, load, entries };
}

/** The entries with every config replaced by `config` (same digests). */
function forge(entries: Array<[string, unknown]>, config: unknown): string {
  return JSON.stringify(entries.map(([digest]) => [digest, config]));
}

describe("loadConfig's policy cache", () => {
  it("remembers the policy under its text: the same text is served, an edit is parsed again", async () => {
    const { repo, cacheFile, load, entries } = await repoWithPolicy();
    const first = await load();
    expect(first.hooks).toEqual({ protectedBranches: ["main"] });
    expect(entries()).toHaveLength(1);
    // Served from the cache: a forged entry for the same key is what comes back.
    writeFileSync(cacheFile, forge(entries(), { ...first, hooks: { protectedBranches: ["forged"] } }));
    expect((await load()).hooks).toEqual({ protectedBranches: ["forged"] });
    // An edited policy is another key: parsed, never the remembered one.
    repo.write(CONFIG_FILE, "hooks:\n  protectedBranches: [release]\n");
    expect((await load()).hooks).toEqual({ protectedBranches: ["release"] });
    // A broken edit is refused (exit 2 upstream), never answered from the cache.
    repo.write(CONFIG_FILE, `${POLICY}not_a_section: 1\n`);
    await expect(load()).rejects.toMatchObject({ code: "CONFIG_INVALID", file: CONFIG_FILE });
  });

  it("a damaged entry (null, an array, a string for the policy) is ignored and the policy parsed again", async () => {
    const { cacheFile, load, entries } = await repoWithPolicy();
    await load();
    const kept = entries();
    for (const damaged of [null, [], "secrets: false", 7]) {
      writeFileSync(cacheFile, forge(kept, damaged));
      expect((await load()).hooks, JSON.stringify(damaged)).toEqual({ protectedBranches: ["main"] });
    }
    for (const text of ["{", "null", '"x"', '{"a":1}', "[[1,2]]"]) {
      writeFileSync(cacheFile, text);
      expect((await load()).hooks, text).toEqual({ protectedBranches: ["main"] });
    }
  });

  it("an entry made by a reader keyed without the yaml and ajv packages is not served", async () => {
    const { repo, cacheFile, load } = await repoWithPolicy();
    // The hooks' former key: schema, reader code and rampart's package.json, but not the installed
    // yaml and ajv: after an upgrade of either, such an entry could serve a stale reading.
    const inputs = policyReaderInputs();
    const withoutParsers = inputs.filter((p) => !/[/\\](yaml|ajv)[/\\]package\.json$/.test(p));
    expect(withoutParsers.length).toBe(inputs.length - 2);
    mkdirSync(repo.path(".git/rampart"));
    const old = digestOf([digestOf(withoutParsers.map((p) => readFileSync(p))), POLICY]);
    writeFileSync(cacheFile, JSON.stringify([[old, { version: 1, hooks: { protectedBranches: ["forged"] } }]]));
    expect((await load()).hooks).toEqual({ protectedBranches: ["main"] });
  });

  it("the reader's inputs are the schema, its code, rampart's version and the yaml and ajv packages", () => {
    // Last two path segments, without the code's extension (src/*.ts here, dist/*.js installed).
    const names = policyReaderInputs().map((p) =>
      p
        .split(/[/\\]/)
        .slice(-2)
        .join("/")
        .replace(/\.(ts|js)$/, ""),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        "schema/config.schema.json",
        "src/config",
        "src/config-schema",
        "src/schema-quick",
        "core/package.json",
        "yaml/package.json",
        "ajv/package.json",
      ]),
    );
  });

  it("a reader key worked out ahead (the hooks' snapshot) is used only while its record still holds", async () => {
    const { repo, cacheFile, load } = await repoWithPolicy();
    const record = recordReaderKey();
    if (record === undefined) throw new Error("no record of the reader's inputs here");
    // The same key as worked out at run time: the same inputs, read and digested.
    expect(record.digest).toBe(digestOf(policyReaderInputs().map((p) => readFileSync(p))));
    expect(record.files.map(([p]) => p)).toEqual(policyReaderInputs());
    expect(record.links.map(([found]) => found.split(/[/\\]/).slice(-2).join("/"))).toEqual([
      "yaml/package.json",
      "ajv/package.json",
    ]);
    // Which key was used shows in what is served: an entry forged under a made-up key.
    const madeUp = "made-up-reader-key";
    mkdirSync(repo.path(".git/rampart"));
    const forged = JSON.stringify([
      [digestOf([madeUp, POLICY]), { version: 1, hooks: { protectedBranches: ["forged"] } }],
    ]);
    const served = async (changed: Partial<typeof record>) => {
      writeFileSync(cacheFile, forged);
      useReaderKeyRecord({ ...record, digest: madeUp, ...changed });
      return (await load()).hooks;
    };
    try {
      expect(await served({})).toEqual({ protectedBranches: ["forged"] });
      // An input's size, times or inode changed: its content decides, as when the key is worked out.
      const [first, ...rest] = record.files;
      if (first === undefined) throw new Error("no input");
      const [path, size, mtimeMs, ctimeMs, ino, sha256] = first;
      const other = digestOf(["other content"]);
      for (const moved of [
        [path, size + 1, mtimeMs, ctimeMs, ino],
        [path, size, mtimeMs + 1, ctimeMs, ino],
        // Written in place with its size kept and its mtime put back: the ctime moved; or replaced.
        [path, size, mtimeMs, ctimeMs + 1, ino],
        [path, size, mtimeMs, ctimeMs, ino + 1],
      ] as const) {
        // Other bytes than recorded: the key is worked out from the files again.
        expect(await served({ files: [[...moved, other], ...rest] })).toEqual({ protectedBranches: ["main"] });
        // The same bytes (a package manager's store linking the file into another project moves
        // its ctime, nothing else): the record holds.
        expect(await served({ files: [[...moved, sha256], ...rest] })).toEqual({ protectedBranches: ["forged"] });
      }
      // A package folder now where resolution looked first (it would find that one instead).
      expect(await served({ absent: [...record.absent, repo.dir] })).toEqual({ protectedBranches: ["main"] });
      // A link that leads elsewhere now (another version installed).
      const [yaml, ...others] = record.links;
      if (yaml === undefined) throw new Error("no link");
      expect(await served({ links: [[yaml[0], join(repo.home, "package.json")], ...others] })).toEqual({
        protectedBranches: ["main"],
      });
      // An input gone.
      expect(await served({ files: [...record.files, [join(repo.home, "gone.js"), 1, 1, 1, 1, sha256]] })).toEqual({
        protectedBranches: ["main"],
      });
    } finally {
      useReaderKeyRecord(undefined);
    }
  });

  it("a cache folder that is a symlink is neither read nor written through", async () => {
    const { repo, load, entries } = await repoWithPolicy();
    await load();
    const forged = forge(entries(), { version: 1, hooks: { protectedBranches: ["forged"] } });
    const outside = join(repo.home, "elsewhere");
    renameSync(repo.path(".git/rampart"), outside);
    writeFileSync(join(outside, "policy-cache.json"), forged);
    symlinkSync(outside, repo.path(".git/rampart"));
    expect((await load()).hooks).toEqual({ protectedBranches: ["main"] });
    expect(readFileSync(join(outside, "policy-cache.json"), "utf8")).toBe(forged);
  });

  it("with the root known, the cache is the plain clone's .git (no git started) or a linked worktree's common dir", async () => {
    const { repo } = await repoWithPolicy();
    const trace = join(repo.home, "git-trace");
    const env = { ...repo.env, GIT_TRACE: trace };
    expect((await loadConfig({ cwd: repo.dir, root: repo.dir, env })).config.hooks).toEqual({
      protectedBranches: ["main"],
    });
    expect(existsSync(trace)).toBe(false);
    expect(existsSync(repo.path(".git/rampart/policy-cache.json"))).toBe(true);
    const linked = join(repo.home, "linked");
    await repo.git(["worktree", "add", "-q", linked]);
    rmSync(repo.path(".git/rampart"), { recursive: true });
    expect((await loadConfig({ cwd: linked, root: linked, env: repo.env })).config.hooks).toEqual({
      protectedBranches: ["main"],
    });
    expect(existsSync(repo.path(".git/rampart/policy-cache.json"))).toBe(true);
  });

  it("a linked worktree's and a submodule's common dir are read from their .git file as git reads them, without git", async () => {
    const { repo } = await repoWithPolicy();
    const trace = join(repo.home, "git-trace");
    const traced = { ...repo.env, GIT_TRACE: trace };
    const asked = (cwd: string) => repo.git(["-C", cwd, "rev-parse", "--path-format=absolute", "--git-common-dir"]);
    const linked = join(repo.home, "linked");
    await repo.git(["worktree", "add", "-q", linked]);
    const sub = await gitRepo({ "s.txt": "s" });
    await repo.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir, "sub"]);
    for (const root of [linked, repo.path("sub")]) {
      const want = await asked(root);
      rmSync(trace, { force: true });
      expect(await policyCacheDir(root, traced), root).toBe(want);
      expect(existsSync(trace), root).toBe(false);
    }
    expect(await policyCacheDir(linked, traced)).toBe(repo.path(".git"));
    // What git would not take for a repository (no HEAD there), or another shape of file: git is asked.
    const odd = join(repo.home, "odd");
    mkdirSync(odd);
    for (const text of [`gitdir: ${join(repo.home, "nowhere")}\n`, `gitdir: ${repo.path(".git")}\nx\n`, "x\n"]) {
      writeFileSync(join(odd, ".git"), text);
      rmSync(trace, { force: true });
      expect(await policyCacheDir(odd, traced), text).toBeUndefined();
      expect(existsSync(trace), text).toBe(true);
    }
  });

  it("parseConfigCached keeps what JSON gives back unchanged only, and throws for a policy that does not parse", async () => {
    const { repo } = await repoWithPolicy();
    const commonDir = repo.path(".git");
    expect(() => parseConfigCached("secrets: [", "REV:.rampart/config.yaml", commonDir)).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", file: "REV:.rampart/config.yaml" }),
    );
    expect(parseConfigCached(POLICY, CONFIG_FILE, commonDir).hooks).toEqual({ protectedBranches: ["main"] });
  });
});
