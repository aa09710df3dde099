import { describeWithShared } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import type { Lockfile } from "../src/index.js";
import { parseLockfile } from "../src/index.js";
import { baseKey } from "../src/parse/pnpm.js";
import { type FixtureIndex, fixturePath, LOCKFILES, loadIndex } from "./fixtures.js";

/**
 * Where index.json's counting script and the model differ on purpose, with the reason:
 * - pnpm-v5.4-vue-core: the script cut keys at the first "_" (the v5 peer separator), so
 *   `/string_decoder/1.1.1` and `/string_decoder/1.3.0` both became "string"; the true count is 759.
 */
const UNIQUE_ERRATA: Record<string, number> = { "pnpm-v5.4-vue-core": 759 };

// Each fixture is parsed once for all the tests that only read the model.
const parsed = new Map<string, Promise<Lockfile>>();
function parse(fx: FixtureIndex): Promise<Lockfile> {
  let p = parsed.get(fx.dir);
  if (p === undefined) {
    p = parseLockfile({ path: fx.lockfile, cwd: fixturePath(fx.dir) });
    parsed.set(fx.dir, p);
  }
  return p;
}

/** Packages as the index counts them: npm install paths / pnpm keys / yarn entries, without links. */
function counted(lf: Lockfile) {
  return lf.packages.filter((p) => p.source !== "link");
}

function uniqueNameVersion(lf: Lockfile): number {
  // yarn berry: the index counts resolutions (a patch: resolution shares its base's name@version).
  if (lf.format === "yarn-berry") return new Set(counted(lf).map((p) => p.id)).size;
  // yarn classic keeps an alias (`string-width-cjs@npm:string-width@^4`) as its own entry; the index
  // counts it under the alias name, the model under the real name, so count the alias name here.
  const useAlias = lf.format === "yarn-classic";
  return new Set(counted(lf).map((p) => `${useAlias ? (p.aliases?.[0] ?? p.name) : p.name}@${p.version}`)).size;
}

function integrityCounts(lf: Lockfile): Record<string, number> {
  const out: Record<string, number> = {};
  const seen = new Set<string>();
  for (const p of counted(lf)) {
    // pnpm v9 keeps integrity per `packages` key; snapshots (peer variants) share it.
    const key = lf.format === "pnpm" && lf.formatVersion.startsWith("9") ? baseKey(p.id) : p.id;
    if (seen.has(key)) continue;
    seen.add(key);
    if (p.integrity.length === 0) out.none = (out.none ?? 0) + 1;
    for (const i of p.integrity) {
      const label =
        lf.format !== "yarn-berry"
          ? i.algorithm
          : i.raw.includes("/")
            ? `${i.raw.split("/")[0]}/${i.algorithm}`
            : `${i.algorithm}(hex,no-prefix)`;
      out[label] = (out[label] ?? 0) + 1;
    }
  }
  return out;
}

describeWithShared(LOCKFILES, "real-world fixtures against index.json", () => {
  describe.each(loadIndex().map((fx) => [fx.dir, fx] as const))("fixture %s", (_dir, fx) => {
    it("parses with the package, name@version and importer counts of index.json", async () => {
      const lf = await parse(fx);
      expect(uniqueNameVersion(lf)).toBe(UNIQUE_ERRATA[fx.dir] ?? fx.uniqueNameVersion ?? fx.uniqueResolutions);
      if (lf.format === "npm") {
        expect(counted(lf).length).toBe(fx.installPaths);
        expect(lf.importers.length).toBe((fx.workspaces ?? 0) + 1);
      } else if (lf.format === "pnpm") {
        const v9 = lf.formatVersion.startsWith("9");
        expect(counted(lf).length).toBe(v9 ? fx.snapshotsKeys : fx.packagesKeys);
        if (v9) expect(new Set(counted(lf).map((p) => baseKey(p.id))).size).toBe(fx.packagesKeys);
        expect(lf.importers.length).toBe(fx.importers);
      } else if (lf.format === "yarn-berry") {
        expect(counted(lf).length).toBe(fx.uniqueResolutions);
        expect(lf.packages.length - counted(lf).length).toBe(fx.links);
        expect(lf.importers.length).toBe(fx.workspaces);
        expect(lf.packages.filter((p) => p.source === "patch").length).toBe(fx.patchResolutions);
      } else {
        expect(lf.packages.length).toBe(fx.uniqueNameVersion);
        expect(lf.packages.reduce((n, p) => n + p.id.split(", ").length, 0)).toBe(fx.entryKeys);
        expect(lf.importers.length).toBe(1);
      }
    });

    it("has the integrity algorithm counts of index.json", async () => {
      expect(integrityCounts(await parse(fx))).toEqual(fx.integrity);
    });

    it("resolves every edge to a package or importer, and ids are unique", async () => {
      const lf = await parse(fx);
      const ids = new Set<string>();
      for (const p of lf.packages) {
        expect(ids.has(p.id), p.id).toBe(false);
        ids.add(p.id);
      }
      for (const i of lf.importers) ids.add(i.id);
      expect(lf.edges.filter((e) => !ids.has(e.from) || !ids.has(e.to))).toEqual([]);
      for (const i of lf.importers)
        for (const d of i.dependencies) if (d.resolvesTo) expect(ids.has(d.resolvesTo)).toBe(true);
    });

    // Only the counts the index has for this fixture (it has none for yarn and npm v1, which record
    // no such flags in a form the counting script read); declared only where there is one.
    const dev = fx.devFlagged !== undefined && fx.devFlagged > 0 ? fx.devFlagged : fx.dev;
    const expected = { dev, optional: fx.optional, scripts: fx.hasInstallScript ?? fx.requiresBuild };
    const known = (Object.keys(expected) as Array<keyof typeof expected>).filter((k) => expected[k] !== undefined);
    if (known.length > 0) {
      it(`records the ${known.join(", ")} flag counts of index.json`, async () => {
        const lf = await parse(fx);
        const count = (f: (p: Lockfile["packages"][number]) => boolean) => counted(lf).filter(f).length;
        const actual = {
          dev: count((p) => p.dev),
          optional: count((p) => p.optional),
          scripts: count((p) => p.hasInstallScript),
        };
        const pick = (o: Record<string, number | undefined>) => Object.fromEntries(known.map((k) => [k, o[k]]));
        expect(pick(actual)).toEqual(pick(expected));
      });
    }

    it("has the registry hosts of index.json", async () => {
      const lf = await parse(fx);
      const hosts: Record<string, number> = {};
      // npm v1 sometimes writes the tarball URL as `version` with no `resolved` (two entries in
      // vscode-jupyter); the model resolves them to that URL, the index counted `resolved` fields only.
      for (const p of counted(lf).filter((x) => x.resolved !== x.version)) {
        const m = /^(https?:\/\/[^/]+|git\+ssh:\/\/(?:[^@/]+@)?[^/]+)/.exec(p.resolved ?? "");
        if (!m?.[1] || lf.format === "pnpm") continue;
        const host = m[1].replace(/git\+ssh:\/\/[^@/]+@/, "git+ssh://");
        hosts[host] = (hosts[host] ?? 0) + 1;
      }
      if (lf.format === "npm" || lf.format === "yarn-classic") expect(hosts).toEqual(fx.hosts);
    });
  });
});

describeWithShared(LOCKFILES, "model details", () => {
  const find = async (dir: string, file: string) => parseLockfile({ path: file, cwd: fixturePath(dir) });

  it("resolves npm aliases to the real package and keeps the alias", async () => {
    const lf = await find("npm-v3-large-nodejs.org", "package-lock.json");
    const p = lf.packages.find((x) => x.id === "node_modules/string-width-cjs");
    expect(p).toMatchObject({
      name: "string-width",
      version: "4.2.3",
      aliases: ["string-width-cjs"],
      source: "registry",
    });
  });

  it("reads an npm git dependency with its commit", async () => {
    const lf = await find("npm-v3-workspaces-insomnia", "package-lock.json");
    const p = lf.packages.find((x) => x.name === "grpc-reflection-js");
    expect(p).toMatchObject({ source: "git", commit: "e78663356c362d44e629cfa119d12b63ba615bc0", integrity: [] });
  });

  it("maps pnpm v9 link: dependencies to importers and aliases to real names", async () => {
    const lf = await find("pnpm-v9-large-vite", "pnpm-lock.yaml");
    const edge = lf.edges.find((e) => e.from === "importer:playground/external" && e.name === "vite");
    expect(edge?.to).toBe("importer:packages/vite");
    const slash = lf.packages.find((p) => p.id === "slash@3.0.0");
    expect(slash?.aliases).toContain("slash3");
    expect(lf.catalogs).toBeUndefined();
    const vue = await find("pnpm-v9-vue-core", "pnpm-lock.yaml");
    expect(vue.catalogs?.default?.vite).toEqual({ specifier: "^8.2.0", version: "8.2.0" });
  });

  it("keeps yarn berry checksums as yarn-cache digests, patches and custom protocols", async () => {
    const lf = await find("yarn-berry-v10-babel", "yarn.lock");
    const github = lf.packages.find((p) => p.id === "@actions/github@npm:9.1.1");
    expect(github?.integrity[0]).toMatchObject({ algorithm: "sha512", subject: "yarn-cache" });
    expect(github?.integrity[0]?.hex).toMatch(/^[0-9a-f]{128}$/);
    const esbuild = lf.packages.find((p) => p.id === "@esbuild/aix-ppc64@npm:0.28.1");
    expect(esbuild).toMatchObject({ os: ["aix"], cpu: ["ppc64"], optional: true });
    const patch = lf.packages.find((p) => p.source === "patch" && p.name === "interpret");
    expect(patch?.patch).toEqual({
      of: "interpret@npm:3.1.1",
      path: "~/.yarn/patches/interpret-npm-3.1.1-715bac2bd7.patch",
    });
    const v6 = await find("yarn-berry-v6-babel", "yarn.lock");
    const condition = v6.packages.filter((p) => p.source === "other");
    expect(condition.length).toBe(15);
    expect(condition.every((p) => p.resolved?.startsWith("condition:"))).toBe(true);
  });

  it("gives yarn classic entries their line", async () => {
    const lf = await find("yarn-v1-webpack", "yarn.lock");
    expect(lf.packages.find((p) => p.name === "tooling")).toMatchObject({ line: 9715, source: "tarball" });
  });
});
