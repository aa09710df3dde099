import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseLockfile } from "@rampart/lockfile";
import { afterAll, describe, expect, it } from "vitest";
import { checkVulnerabilities } from "../src/check.js";
import { buildIndex, loadDatabase, SNAPSHOT_FILE } from "../src/database.js";
import { decodeIndex, encodeIndex } from "../src/snapshot.js";
import { updateDatabase } from "../src/update.js";
import { readZip } from "../src/zip.js";
import { writeNpmProject } from "./lockfiles.js";
import { makeZip } from "./support/zip.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures/osv");
const tmp = realpathSync(mkdtempSync(join(tmpdir(), "rampart-deps-db-")));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `d${n++}`);

const project = writeNpmProject();
afterAll(() => rmSync(project, { recursive: true, force: true }));
const lockfile = await parseLockfile({ path: "package-lock.json", cwd: project });
const now = new Date("2026-01-15T12:00:00Z");
const summary = (db: ReturnType<typeof loadDatabase>) =>
  checkVulnerabilities(lockfile, db, {}, { now })
    .findings.map((f) => `${f.ruleId} ${f.properties?.package}@${f.properties?.version} ${f.properties?.level}`)
    .sort();
const expected = summary(loadDatabase(FIXTURES, { cacheDir: false }));

/** Every fixture record as [zip entry name, text]. */
function fixtureEntries(): Array<{ name: string; data: string }> {
  const out: Array<{ name: string; data: string }> = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else if (e.name.endsWith(".json"))
        out.push({ name: `${rel}${e.name}`, data: readFileSync(join(dir, e.name), "utf8") });
    }
  };
  walk(FIXTURES, "");
  return out;
}

describe("index cache", () => {
  it("indexes raw records once, then reads the cache keyed by their digest, with the same findings", () => {
    const cacheDir = fresh();
    const first = loadDatabase(FIXTURES, { cacheDir });
    expect(first.from).toBe("indexed");
    expect(first.cache?.written).toBe(true);
    const second = loadDatabase(FIXTURES, { cacheDir });
    expect(second.from).toBe("cache");
    expect(second.sha256).toBe(first.sha256);
    expect(second.records).toBe(first.records);
    expect(second.dataDate).toBe(first.dataDate);
    expect(second.problems).toEqual(first.problems);
    expect(summary(second)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(3);
  });

  it("a damaged, truncated, foreign or garbage cache file is not trusted: it is rebuilt", () => {
    const cacheDir = fresh();
    loadDatabase(FIXTURES, { cacheDir });
    const [file] = readdirSync(cacheDir).map((f) => join(cacheDir, f));
    const good = readFileSync(file as string);
    const damages: Array<[string, Buffer]> = [
      [
        "a flipped byte at the end (an advisory entry)",
        Buffer.concat([good.subarray(0, -3), Buffer.from([(good.at(-3) ?? 0) ^ 1]), good.subarray(-2)]),
      ],
      ["truncated", good.subarray(0, Math.floor(good.length / 2))],
      ["garbage", Buffer.from("not an index at all")],
      ["a header that is not JSON", Buffer.from("RAMPART-OSV-INDEX 5\n{nope\n")],
      [
        "another source's index",
        Buffer.from(
          good.toString("latin1").replace(/"sha256":"[0-9a-f]{64}"/, `"sha256":"${"0".repeat(64)}"`),
          "latin1",
        ),
      ],
      [
        "a snapshot, not a cache",
        Buffer.from(good.toString("latin1").replace('"kind":"cache"', '"kind":"snapshot"'), "latin1"),
      ],
    ];
    for (const [what, bytes] of damages) {
      writeFileSync(file as string, bytes);
      const db = loadDatabase(FIXTURES, { cacheDir });
      expect(summary(db), what).toEqual(expected);
      // Rebuilt and written again (or, for a damage found lazily, dropped and written by the next run).
      const again = loadDatabase(FIXTURES, { cacheDir });
      expect(summary(again), what).toEqual(expected);
    }
    expect(loadDatabase(FIXTURES, { cacheDir }).from).toBe("cache");
  });

  it("any single flipped byte of an index is noticed (header check, digests or entry check)", () => {
    const built = buildIndex(
      fixtureEntries()
        .filter((e) => !e.name.endsWith("broken.json"))
        .map((e) => [e.name, JSON.parse(e.data)] as [string, unknown]),
    );
    const good = encodeIndex(built, {
      kind: "cache",
      source: { kind: "directory", location: "x", sha256: "0".repeat(64) },
      createdAt: now.toISOString(),
    });
    const readAll = (buf: Buffer) => {
      const index = decodeIndex(buf);
      for (const name of index.names()) index.lookup(name);
    };
    readAll(good);
    let flipped = 0;
    for (let at = 0; at < good.length; at += 7) {
      const bad = Buffer.from(good);
      bad[at] = (bad[at] as number) ^ 0x20;
      let noticed = false;
      try {
        readAll(bad);
      } catch {
        noticed = true;
      }
      // A flip inside the header's JSON may still be valid JSON of the same meaning (e.g. a space); every payload flip is caught.
      if (!noticed) expect(at, `byte ${at} of ${good.length}`).toBeLessThan(good.indexOf(0x0a, 20));
      flipped++;
    }
    expect(flipped).toBeGreaterThan(100);
  });

  it("never writes through a symlink in the cache's place", () => {
    const cacheDir = fresh();
    loadDatabase(FIXTURES, { cacheDir });
    const [name] = readdirSync(cacheDir);
    const victim = join(tmp, `victim-${n++}`);
    writeFileSync(victim, "keep me\n");
    rmSync(join(cacheDir, name as string));
    symlinkSync(victim, join(cacheDir, name as string));
    const db = loadDatabase(FIXTURES, { cacheDir });
    expect(db.from).toBe("indexed");
    expect(readFileSync(victim, "utf8")).toBe("keep me\n");
  });

  it("a changed record changes the digest: the old cache is not used", () => {
    const cacheDir = fresh();
    const dir = fresh();
    spawnSync("cp", ["-r", FIXTURES, dir]);
    const before = loadDatabase(dir, { cacheDir });
    const file = join(dir, "synthetic", "MAL-2018-flatmap-stream.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"0.1.1"', '"0.1.2"'));
    const after = loadDatabase(dir, { cacheDir });
    expect(after.sha256).not.toBe(before.sha256);
    expect(after.from).toBe("indexed");
    expect(summary(after).some((s) => s.startsWith("deps/malicious"))).toBe(false);
  });
});

describe("OSV zip exports", () => {
  it("a zip of the records reads as the directory does (ZIP64 end records too), and is cached by its sha256", () => {
    for (const zip64 of [false, true]) {
      const file = join(fresh(), "all.zip");
      const entries = fixtureEntries().map((e) => ({ ...e, name: e.name.split("/").pop() as string }));
      spawnSync("mkdir", ["-p", join(file, "..")]);
      writeFileSync(file, makeZip(entries, { zip64 }));
      const cacheDir = fresh();
      const db = loadDatabase(file, { cacheDir });
      expect(summary(db)).toEqual(expected);
      expect(db.problems.map((p) => p.file)).toEqual(["broken.json"]);
      expect(loadDatabase(file, { cacheDir }).from).toBe("cache");
    }
  });

  it.skipIf(spawnSync("zip", ["-v"]).status !== 0)(
    "reads an archive written by Info-ZIP's zip (with -fz, ZIP64)",
    () => {
      const dir = fresh();
      spawnSync("cp", ["-r", FIXTURES, dir]);
      const file = join(tmp, `info-zip-${n++}.zip`);
      expect(spawnSync("zip", ["-q", "-r", "-fz", file, "."], { cwd: dir }).status).toBe(0);
      expect(summary(loadDatabase(file, { cacheDir: false }))).toEqual(expected);
    },
  );

  it("bounds what an archive can do: lying sizes, huge entries, bad names, bad CRC, overlap, truncation", () => {
    const big = "x".repeat(1_000_000);
    const items = [
      ...readZip(
        makeZip([
          { name: "ok.json", data: "{}" },
          { name: "liar.json", data: big, declaredSize: 100 },
          { name: "../escape.json", data: "{}" },
          { name: "/abs.json", data: "{}" },
          { name: "a\\b.json", data: "{}" },
          { name: "badcrc.json", data: "{}", crc: 1 },
          { name: "huge.json", data: "{}", declaredSize: 0x7fffffff },
        ]),
      ),
    ];
    const got = Object.fromEntries(items.map((i) => [i.name, "data" in i ? i.data.toString() : i.problem]));
    expect(got["ok.json"]).toBe("{}");
    expect(got["liar.json"]).toMatch(/cannot inflate|inflates to/);
    expect(got["../escape.json"]).toMatch(/'\.\.'/);
    expect(got["/abs.json"]).toMatch(/absolute/);
    expect(got["a\\b.json"]).toMatch(/backslash/);
    expect(got["badcrc.json"]).toMatch(/CRC-32/);
    expect(got["huge.json"]).toMatch(/more than/);
    // A bomb: many entries each within bounds, past the total.
    const many = makeZip(Array.from({ length: 20 }, (_, i) => ({ name: `${i}.json`, data: big })));
    expect(() => [
      ...readZip(many, () => true, { maxEntries: 100, maxEntryBytes: 2_000_000, maxTotalBytes: 5_000_000 }),
    ]).toThrow(/zip bomb/);
    expect(() => [
      ...readZip(many, () => true, { maxEntries: 10, maxEntryBytes: 2_000_000, maxTotalBytes: 1e9 }),
    ]).toThrow(/20 entries/);
    const overlap = makeZip([
      { name: "a.json", data: big },
      { name: "b.json", data: "{}", sameLocalAs: 0 },
    ]);
    expect(() => [...readZip(overlap)]).toThrow(/overlap|no local header/);
    const whole = makeZip([{ name: "a.json", data: "{}" }]);
    expect(() => [...readZip(whole.subarray(0, whole.length - 5))]).toThrow(/end of central directory/);
    expect(() => [...readZip(Buffer.from("PK\u0003\u0004 nothing else"))]).toThrow(/end of central directory/);
  });

  it("a damaged zip given as the database is one clear error", () => {
    const file = join(tmp, `broken-${n++}.zip`);
    writeFileSync(file, makeZip([{ name: "a.json", data: "{}" }]).subarray(0, 40));
    expect(() => loadDatabase(file, { cacheDir: false })).toThrow(/DEPS_DATABASE_INVALID|end of central directory/);
  });
});

describe("data without an npm advisory", () => {
  it("an empty folder, another ecosystem's records or an empty zip given as the database is refused, never 'no findings'", () => {
    const empty = fresh();
    mkdirSync(empty);
    const pypi = fresh();
    mkdirSync(pypi);
    const record = {
      id: "PYSEC-1",
      modified: "2026-01-01T00:00:00Z",
      affected: [{ package: { ecosystem: "PyPI", name: "x" } }],
    };
    writeFileSync(join(pypi, "PYSEC-1.json"), JSON.stringify(record));
    const zip = join(tmp, `empty-${n++}.zip`);
    writeFileSync(zip, makeZip([{ name: "PYSEC-1.json", data: JSON.stringify(record) }]));
    const cacheDir = fresh();
    for (const location of [empty, pypi, zip]) {
      for (const options of [{ cacheDir: false as const }, { cacheDir }]) {
        let error: unknown;
        try {
          loadDatabase(location, options);
        } catch (e) {
          error = e;
        }
        expect(error, location).toMatchObject({
          code: "DEPS_DATABASE_INVALID",
          message: expect.stringContaining("no npm advisory"),
        });
      }
    }
  });
});

describe("snapshots (rampart deps update)", () => {
  it("a directory import is stored with its date and sha256; a directory holding it reads as the snapshot", async () => {
    const db = fresh();
    const r = await updateDatabase({ from: FIXTURES, db, cwd: tmp, now });
    expect(r.file).toBe(join(db, SNAPSHOT_FILE));
    expect(r.createdAt).toBe(now.toISOString());
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const loaded = loadDatabase(db, { cacheDir: false });
    expect(loaded.from).toBe("snapshot");
    expect(loaded.snapshot?.createdAt).toBe(now.toISOString());
    expect(loaded.sha256).toBe(r.sha256);
    expect(loaded.sha256).toBe(loadDatabase(FIXTURES, { cacheDir: false }).sha256);
    expect(summary(loaded)).toEqual(expected);
    expect(summary(loadDatabase(r.file, { cacheDir: false }))).toEqual(expected);
  });

  it("a damaged snapshot is refused (exit 2 material), never read as empty", async () => {
    const db = fresh();
    const r = await updateDatabase({ from: FIXTURES, db, cwd: tmp, now });
    const good = readFileSync(r.file);
    writeFileSync(
      r.file,
      Buffer.concat([good.subarray(0, -3), Buffer.from([(good.at(-3) ?? 0) ^ 1]), good.subarray(-2)]),
    );
    expect(() => summary(loadDatabase(db, { cacheDir: false }))).toThrow(/DEPS_DATABASE_INVALID|sha256/);
    writeFileSync(r.file, good.subarray(0, 100));
    expect(() => loadDatabase(db, { cacheDir: false })).toThrow(/not a usable snapshot/);
  });

  it("refuses an import with no npm advisory and never overwrites a file that is not a snapshot", async () => {
    const empty = fresh();
    spawnSync("mkdir", ["-p", empty]);
    writeFileSync(
      join(empty, "pypi.json"),
      JSON.stringify({ id: "PYSEC-1", affected: [{ package: { ecosystem: "PyPI", name: "x" } }] }),
    );
    await expect(updateDatabase({ from: empty, db: fresh(), cwd: tmp })).rejects.toThrow(/no usable npm advisory/);
    const precious = join(tmp, `notes-${n++}.snapshot`);
    writeFileSync(precious, "my notes\n");
    await expect(updateDatabase({ from: FIXTURES, db: precious, cwd: tmp })).rejects.toThrow(
      /not a snapshot written by/,
    );
    expect(readFileSync(precious, "utf8")).toBe("my notes\n");
  });
});
