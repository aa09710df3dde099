import { existsSync, readFileSync } from "node:fs";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pinInstallConfig, pinnedWorkspaceYaml } from "../src/index.js";

describe("pinnedWorkspaceYaml: the base's settings, the change's workspace and lockfile keys", () => {
  it("keeps the change's packages, catalogs and overrides; every setting is the base's, added, changed or removed", async () => {
    const base = "packages: [old/*]\nstoreDir: /base/store\nminimumReleaseAge: 1440\ncatalog:\n  a: 1.0.0\n";
    const change = [
      "packages: ['apps/*', 'libs/*']",
      "catalog:\n  a: 2.0.0",
      "catalogs:\n  next:\n    b: 3.0.0",
      "overrides:\n  c: 1.2.3",
      "storeDir: ./vendor/store",
      "registry: https://npm.evil.example/",
      "pnpmfile: tools/hook.cjs",
      "'<<': { lockfileDir: /elsewhere }",
      "",
    ].join("\n");
    const pinned = await pinnedWorkspaceYaml("pnpm-workspace.yaml", base, change);
    expect(parse(pinned.text)).toEqual({
      packages: ["apps/*", "libs/*"],
      catalog: { a: "2.0.0" },
      catalogs: { next: { b: "3.0.0" } },
      overrides: { c: "1.2.3" },
      storeDir: "/base/store",
      minimumReleaseAge: 1440,
    });
    expect(pinned.differs.sort()).toEqual(["<<", "minimumReleaseAge", "pnpmfile", "registry", "storeDir"]);
  });

  it("no base file: only the change's workspace keys; a merge key is no setting", async () => {
    const pinned = await pinnedWorkspaceYaml(
      "pnpm-workspace.yaml",
      undefined,
      "base: &s\n  storeDir: /x\n<<: *s\npackages: ['.']\n",
    );
    expect(parse(pinned.text)).toEqual({ packages: ["."] });
  });

  it("refuses a packages entry that leaves the repository (pnpm would install into that folder)", async () => {
    const outside: Array<[string, string]> = [
      ["pnpm-workspace.yaml", "../shared"],
      ["pnpm-workspace.yaml", "../../opt/hostedtoolcache/node/*/x64/lib/node_modules/npm"],
      ["pnpm-workspace.yaml", "/opt/hostedtoolcache/**"],
      ["pnpm-workspace.yaml", "apps/../../x"],
      ["pnpm-workspace.yaml", "{apps,..}/*"],
      ["web/pnpm-workspace.yaml", "../../elsewhere"],
    ];
    for (const [file, entry] of outside) {
      await expect(
        pinnedWorkspaceYaml(file, undefined, `packages: [${JSON.stringify(entry)}]\n`),
        entry,
      ).rejects.toMatchObject({ code: "LOCKFILE_PIN_REFUSED" });
    }
    // Inside it, from a nested workspace file too, and negations: kept as written.
    const inside: Array<[string, string]> = [
      ["pnpm-workspace.yaml", "apps/*"],
      ["pnpm-workspace.yaml", "."],
      ["web/pnpm-workspace.yaml", "../libs/*"],
      ["pnpm-workspace.yaml", "!../x"],
    ];
    for (const [file, entry] of inside) {
      const pinned = await pinnedWorkspaceYaml(file, undefined, `packages: [${JSON.stringify(entry)}]\n`);
      expect(parse(pinned.text).packages, entry).toEqual([entry]);
    }
  });
});

describe("pinInstallConfig: a pnpm-workspace.yaml the change deletes", () => {
  it("is written back with the base's settings only, so deleting it does not drop them from CI's install", async () => {
    const repo = await gitRepo({
      "package.json": '{ "name": "shop", "version": "1.0.0", "private": true }\n',
      "pnpm-workspace.yaml": "packages: ['.']\nminimumReleaseAge: 1440\nstrictDepBuilds: true\n",
      "apps/web/pnpm-workspace.yaml": "packages: ['.']\n",
    });
    const base = (await repo.git(["rev-parse", "HEAD"])).trim();
    await repo.git(["rm", "-q", "pnpm-workspace.yaml", "apps/web/pnpm-workspace.yaml"]);
    await repo.commit("chore: no workspace");
    const done = await pinInstallConfig({ cwd: repo.dir, rev: base, env: repo.env });
    expect(parse(readFileSync(repo.path("pnpm-workspace.yaml"), "utf8"))).toEqual({
      minimumReleaseAge: 1440,
      strictDepBuilds: true,
    });
    expect(done).toEqual([
      {
        file: "pnpm-workspace.yaml",
        note: `deleted by the change: the settings of ${base}'s (minimumReleaseAge, strictDepBuilds) are used`,
      },
    ]);
    // The base's file held workspace keys only: nothing to keep, nothing written.
    expect(existsSync(repo.path("apps/web/pnpm-workspace.yaml"))).toBe(false);
  });
});

// pnpm 10 reads pnpm-workspace.yaml with js-yaml (read-yaml-file): `1_000` and `0b11` are numbers,
// `2001-12-14` a date; YAML 1.2's core schema, by which rampart reads and rewrites the file as JSON,
// keeps them text. Rewritten one way, the install would read another value than the change wrote.
describe("pinnedWorkspaceYaml: a scalar pnpm's reader and rampart's read differently is refused", () => {
  it.each(["0b11", "1_000", "-0o17", "+0x10", "2001-12-14"])(
    "catalog value %s, in the change or the base",
    async (s) => {
      const text = `packages: ['.']\ncatalog:\n  ms: ${s}\n`;
      await expect(pinnedWorkspaceYaml("pnpm-workspace.yaml", undefined, text)).rejects.toMatchObject({
        code: "LOCKFILE_PIN_REFUSED",
        message: expect.stringContaining(`pnpm-workspace.yaml:3: unquoted \`${s}\``),
      });
      await expect(pinnedWorkspaceYaml("pnpm-workspace.yaml", text, "packages: ['.']\n")).rejects.toMatchObject({
        code: "LOCKFILE_PIN_REFUSED",
        message: expect.stringContaining("base:pnpm-workspace.yaml:3"),
      });
    },
  );

  it("what both read alike is rewritten: numbers pnpm settings take, 1e3 (1000 to both), quoted text", async () => {
    const base = "minimumReleaseAge: 1440\nchildConcurrency: 1e1\nstrictDepBuilds: true\n";
    const change = "packages: ['.']\ncatalog:\n  ms: '0b11'\n  a: 1e3\n";
    const pinned = await pinnedWorkspaceYaml("pnpm-workspace.yaml", base, change);
    expect(JSON.parse(pinned.text.slice(pinned.text.indexOf("\n") + 1))).toEqual({
      packages: ["."],
      catalog: { ms: "0b11", a: 1000 },
      minimumReleaseAge: 1440,
      childConcurrency: 10,
      strictDepBuilds: true,
    });
  });
});

// yarn reads .yarnrc.yml with js-yaml's failsafe schema (every scalar is text): a plugin path
// `1e3` is the file 1e3 to yarn. Read by YAML 1.2's core schema it was the number 1000, no path,
// and the change's copy of that file stayed for the install to load.
describe("pinInstallConfig: the plugin files the base's .yarnrc.yml loads, read as yarn reads it", () => {
  it.each(["1e3", "0x10", "true", "2001-12-14"])("a plugin at %s is the base's", async (name) => {
    const repo = await gitRepo({
      "package.json": '{ "name": "shop", "version": "1.0.0", "private": true }\n',
      ".yarnrc.yml": `nodeLinker: node-modules\nplugins:\n  - path: ${name}\n  - ${name}\n`,
      [name]: "module.exports = { name: 'base' };\n",
    });
    const base = (await repo.git(["rev-parse", "HEAD"])).trim();
    repo.write(name, "module.exports = { name: 'change' };\n");
    await repo.commit("chore: plugin");
    const done = await pinInstallConfig({ cwd: repo.dir, rev: base, env: repo.env });
    expect(readFileSync(repo.path(name), "utf8")).toBe("module.exports = { name: 'base' };\n");
    expect(done.map((d) => d.file)).toContain(name);
  });
});
