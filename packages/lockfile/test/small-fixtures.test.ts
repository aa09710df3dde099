import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode, RampartError } from "@rampart/core";
import { type GitRepo, gitRepo, runCli, tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { checkLockfile, diffLockfiles, type Lockfile, packageLine, parseLockfile } from "../src/index.js";
import { parseFastYaml } from "../src/parse/fast-yaml.js";

// The small hand-written lockfiles in test/fixtures (one per format, see its README) cover every
// parser and the main checks on a plain clone; the large real-world ones in ../shared test the
// same code at scale when they are present.
const here = resolve(import.meta.dirname, "fixtures");
const FORMATS = [
  ["npm-v1", "package-lock.json", "npm", "1"],
  ["npm-v2", "package-lock.json", "npm", "2"],
  ["npm-v3", "package-lock.json", "npm", "3"],
  ["pnpm-v5.4", "pnpm-lock.yaml", "pnpm", "5.4"],
  ["pnpm-v6", "pnpm-lock.yaml", "pnpm", "6.0"],
  ["pnpm-v9", "pnpm-lock.yaml", "pnpm", "9.0"],
  ["yarn-v1", "yarn.lock", "yarn-classic", "1"],
  ["yarn-berry", "yarn.lock", "yarn-berry", "6"],
] as const;

const MS3_SHA512 = "6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==";
const MS3_BERRY =
  "aa92de608021b242401676e35cfa5aa42dd70cbdc082b916da7fb925c542173e36bce97ea3e804923fe92c0ad991434e4a38327e15a1b5b5f945d66df615ae6d";

const read = (dir: string, file: string) => readFileSync(join(here, dir, file), "utf8");
const parse = (dir: string, file: string, content = read(dir, file), cwd = join(here, dir)) =>
  parseLockfile({ path: file, content, cwd });

/**
 * Replaces every occurrence and checks there were exactly `times` (npm v2 writes each entry twice,
 * in `packages` and the legacy `dependencies`), so a fixture change can never make a test vacuous.
 */
function edit(text: string, from: string | RegExp, to: string, times = 1): string {
  const pattern =
    typeof from === "string" ? new RegExp(from.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"), "g") : new RegExp(from, "g");
  const found = text.match(pattern)?.length ?? 0;
  if (found !== times) throw new Error(`expected ${times} of ${String(from)}, found ${found}`);
  return text.replace(pattern, to);
}
const twiceInV2 = (dir: string) => (dir === "npm-v2" ? 2 : 1);

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in the fixture`);
  return text.slice(0, at).split("\n").length;
}

/** Where each format writes the entry of ms@2.1.3. */
const MS3_ENTRY: Record<string, string> = {
  "npm-v1": '    "ms": {\n      "version": "2.1.3"',
  "npm-v2": '"node_modules/ms": {',
  "npm-v3": '"node_modules/ms": {',
  "pnpm-v5.4": "  /ms/2.1.3:",
  "pnpm-v6": "  /ms@2.1.3:",
  "pnpm-v9": "  ms@2.1.3:\n    resolution",
  "yarn-v1": "ms@^2.1.3:",
  "yarn-berry": '"ms@npm:^2.1.3":',
};

const summary = (lf: Lockfile) =>
  lf.packages.map((p) => `${p.name}@${p.version}${p.dev ? " dev" : ""} ${p.integrity.map((i) => i.algorithm)}`).sort();

describe.each(FORMATS)("small %s fixture", (dir, file, format, version) => {
  it("parses into the model: four packages, the dev flag, sha512 integrity, every edge resolved", async () => {
    const lf = await parse(dir, file);
    expect([lf.format, lf.formatVersion]).toEqual([format, version]);
    expect(summary(lf)).toEqual([
      "debug@4.3.4 sha512",
      "is-number@7.0.0 dev sha512",
      "ms@2.1.2 sha512",
      "ms@2.1.3 sha512",
    ]);
    const byId = new Map(lf.packages.map((p) => [p.id, p]));
    const nameOf = (id: string | undefined) =>
      id === undefined ? "?" : `${byId.get(id)?.name}@${byId.get(id)?.version}`;
    expect(lf.importers.map((i) => i.path)).toEqual(["."]);
    expect(
      lf.importers[0]?.dependencies.map((d) => `${d.kind} ${d.name} ${d.spec} -> ${nameOf(d.resolvesTo)}`).sort(),
    ).toEqual([
      "dev is-number ^7.0.0 -> is-number@7.0.0",
      "prod debug ^4.3.4 -> debug@4.3.4",
      "prod ms ^2.1.3 -> ms@2.1.3",
    ]);
    const packageEdges = lf.edges.filter((e) => !e.from.startsWith("importer:"));
    expect(packageEdges.map((e) => `${nameOf(e.from)} -> ${nameOf(e.to)} (${e.kind})`)).toEqual([
      "debug@4.3.4 -> ms@2.1.2 (prod)",
    ]);
  });

  it("gives each package the line of its entry", async () => {
    const text = read(dir, file);
    const lf = await parse(dir, file, text);
    const ms3 = lf.packages.find((p) => p.name === "ms" && p.version === "2.1.3");
    expect(packageLine(lf, ms3?.id ?? "")).toBe(lineOf(text, MS3_ENTRY[dir] as string));
  });

  it("is clean under the default policy, drift included", async () => {
    const lf = await parse(dir, file);
    const result = await checkLockfile(lf, {}, { cwd: join(here, dir) });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("a changed integrity of one package is `lockfile/tampered` at that package's line", async () => {
    const text = read(dir, file);
    const changed =
      format === "yarn-berry"
        ? edit(text, MS3_BERRY, `bb${MS3_BERRY.slice(2)}`)
        : edit(text, MS3_SHA512, `AAAA${MS3_SHA512.slice(4)}`, twiceInV2(dir));
    const result = diffLockfiles(await parse(dir, file, text), await parse(dir, file, changed));
    expect(result.findings.map((f) => [f.ruleId, f.properties?.package, f.line])).toEqual([
      ["lockfile/tampered", "ms", lineOf(text, MS3_ENTRY[dir] as string)],
    ]);
    expect(result.ok).toBe(false);
  });

  it("a range in package.json the lockfile does not satisfy is `lockfile/drift`", async () => {
    const tmp = tempDir("rampart-small-lock-");
    try {
      writeFileSync(join(tmp.dir, file), read(dir, file));
      writeFileSync(join(tmp.dir, "package.json"), edit(read(dir, "package.json"), '"ms": "^2.1.3"', '"ms": "^3.0.0"'));
      const result = await checkLockfile(await parse(dir, file, undefined, tmp.dir), {}, { cwd: tmp.dir });
      expect(result.findings.map((f) => [f.ruleId, f.properties?.package ?? f.message.includes("ms")])).toEqual([
        ["lockfile/drift", expect.anything()],
      ]);
      expect(result.findings[0]?.message).toMatch(/\bms\b.*\^3\.0\.0|\^3\.0\.0.*\bms\b/);
    } finally {
      tmp.cleanup();
    }
  });

  it("a truncated copy parses to fewer entries or fails with LOCKFILE_PARSE_FAILED naming the file", async () => {
    const text = read(dir, file);
    const outcomes: string[] = [];
    for (const cut of [0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
      const result = await parse(dir, file, text.slice(0, Math.floor(text.length * cut))).catch((e: unknown) => e);
      if (result instanceof RampartError) {
        expect(result.code).toBe("LOCKFILE_PARSE_FAILED");
        expect(result.location).toContain(file);
        outcomes.push("rejected");
      } else {
        // YAML and yarn syntax can be cut at an entry boundary and stay valid: never more than was there.
        expect((result as Lockfile).packages.length).toBeLessThanOrEqual(4);
        outcomes.push("parsed");
      }
    }
    // JSON cannot be cut anywhere and stay valid; every format rejects some cut.
    expect(outcomes.filter((o) => o === "rejected").length).toBeGreaterThanOrEqual(format === "npm" ? 6 : 1);
  });
});

describe("small fixtures: sources", () => {
  it.each(["npm-v1", "npm-v2", "npm-v3", "yarn-v1"] as const)(
    "%s: a swapped registry host is `lockfile/disallowed-host` at the entry's line",
    async (dir) => {
      const file = dir === "yarn-v1" ? "yarn.lock" : "package-lock.json";
      const text = read(dir, file);
      const swapped = edit(
        text,
        /registry\.(npmjs\.org|yarnpkg\.com)\/ms\/-\/ms-2\.1\.3/,
        "npm.evil.example/ms/-/ms-2.1.3",
        twiceInV2(dir),
      );
      const result = await checkLockfile(
        await parse(dir, file, swapped),
        {},
        { cwd: join(here, dir), skipDrift: true },
      );
      expect(result.findings.map((f) => [f.ruleId, f.line])).toEqual([
        ["lockfile/disallowed-host", lineOf(text, MS3_ENTRY[dir] as string)],
      ]);
    },
  );

  it.each(["pnpm-v5.4", "pnpm-v6", "pnpm-v9"] as const)(
    "%s: a tarball resolution on another host is `lockfile/disallowed-host`",
    async (dir) => {
      const text = read(dir, "pnpm-lock.yaml");
      const swapped = edit(
        text,
        `{integrity: sha512-${MS3_SHA512}}`,
        `{integrity: sha512-${MS3_SHA512}, tarball: https://npm.evil.example/ms/-/ms-2.1.3.tgz}`,
      );
      const lf = await parse(dir, "pnpm-lock.yaml", swapped);
      const result = await checkLockfile(lf, {}, { cwd: join(here, dir), skipDrift: true });
      expect(result.findings.map((f) => f.ruleId)).toContain("lockfile/disallowed-host");
      expect(result.findings.find((f) => f.ruleId === "lockfile/disallowed-host")?.message).toContain(
        "npm.evil.example",
      );
    },
  );
});

describe("small fixtures: the fast YAML reader agrees with the yaml package", () => {
  it.each(["pnpm-v5.4", "pnpm-v6", "pnpm-v9"])("%s/pnpm-lock.yaml takes the fast path", (dir) => {
    const text = read(dir, "pnpm-lock.yaml");
    const fast = parseFastYaml(text);
    expect(fast).not.toBeUndefined();
    // yaml reads `5.4` as a number; the fast reader keeps scalars as written.
    const plain = JSON.parse(JSON.stringify(parseYaml(text), (_k, v) => (typeof v === "number" ? String(v) : v)));
    expect(fast).toEqual(plain);
  });
});

describe("small fixtures through the CLI and real git", () => {
  const repos: GitRepo[] = [];
  afterEach(() => {
    for (const r of repos.splice(0)) r.cleanup();
  });

  it("`lockfile check` passes every format in one repository and names the line of a swapped host", async () => {
    const files: Record<string, string> = {};
    for (const [dir, file] of FORMATS) {
      files[`${dir}/${file}`] = read(dir, file);
      files[`${dir}/package.json`] = read(dir, "package.json");
    }
    const r = await gitRepo(files, { commit: true });
    repos.push(r);
    const clean = await runCli(["lockfile", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    const report = JSON.parse(clean.stdout) as {
      findings: unknown[];
      stats: { lockfiles: Array<{ lockfile: string }> };
    };
    expect(report.stats.lockfiles.map((l) => l.lockfile).sort()).toEqual(FORMATS.map(([d, f]) => `${d}/${f}`).sort());
    expect(report.findings).toEqual([]);
    expect(clean.exitCode).toBe(ExitCode.Clean);
    const text = read("npm-v3", "package-lock.json");
    r.write(
      "npm-v3/package-lock.json",
      edit(text, "registry.npmjs.org/ms/-/ms-2.1.3", "npm.evil.example/ms/-/ms-2.1.3"),
    );
    await r.commit("swap");
    const bad = await runCli(["lockfile", "check"], { cwd: r.dir, env: r.env });
    expect(bad.exitCode).toBe(ExitCode.Findings);
    expect(bad.stdout).toContain(`npm-v3/package-lock.json:${lineOf(text, MS3_ENTRY["npm-v3"] as string)}`);
    expect(bad.stdout).toContain("lockfile/disallowed-host");
  });

  it("`lockfile diff` flags a staged integrity swap against HEAD", async () => {
    const text = read("pnpm-v9", "pnpm-lock.yaml");
    const r = await gitRepo(
      { "pnpm-lock.yaml": text, "package.json": read("pnpm-v9", "package.json") },
      { commit: true },
    );
    repos.push(r);
    r.write("pnpm-lock.yaml", edit(text, MS3_SHA512, `AAAA${MS3_SHA512.slice(4)}`));
    await r.git(["add", "pnpm-lock.yaml"]);
    const out = await runCli(["lockfile", "diff"], { cwd: r.dir, env: r.env });
    expect(out.exitCode).toBe(ExitCode.Findings);
    expect(out.stdout).toMatch(
      new RegExp(`pnpm-lock\\.yaml:${lineOf(text, MS3_ENTRY["pnpm-v9"] as string)} +error +ms@2\\.1\\.3`),
    );
  });
});
