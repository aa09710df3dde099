import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseLockfile } from "@rampart/lockfile";
import { sharedPath } from "@rampart/test-helpers";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { loadDatabase } from "../src/database.js";
import { eventVersion, inRange } from "../src/match.js";
import type { OsvEvent } from "../src/osv.js";

const FIXTURES = resolve(import.meta.dirname, "fixtures/osv");
const EVENT_KEYS = ["introduced", "fixed", "last_affected", "limit"] as const;

describe("inRange", () => {
  const r = (...events: OsvEvent[]) => events;
  it("introduced / fixed, with introduced 0", () => {
    const range = r({ introduced: "0" }, { fixed: "1.2.6" });
    expect(["0.0.1", "1.2.5", "1.2.6-beta.1"].map((v) => inRange(v, range))).toEqual([true, true, true]);
    expect(["1.2.6", "2.0.0"].map((v) => inRange(v, range))).toEqual([false, false]);
  });
  it("last_affected includes the version itself", () => {
    const range = r({ introduced: "1.0.0" }, { last_affected: "1.4.0" });
    expect(["0.9.9", "1.0.0", "1.4.0", "1.4.1"].map((v) => inRange(v, range))).toEqual([false, true, true, false]);
  });
  it("prerelease bounds and limit, several intervals in one range", () => {
    const range = r(
      { introduced: "2.0.0-beta.1" },
      { fixed: "2.0.0-rc.2" },
      { introduced: "2.1.0" },
      { limit: "2.2.0" },
    );
    const got = ["2.0.0-alpha", "2.0.0-beta.1", "2.0.0-rc.1", "2.0.0-rc.2", "2.0.0", "2.1.0", "2.1.9", "2.2.0"].map(
      (v) => inRange(v, range),
    );
    expect(got).toEqual([false, true, true, false, false, true, true, false]);
  });
  it("events out of order are sorted first; an invalid version never matches", () => {
    expect(inRange("1.5.0", r({ fixed: "2.0.0" }, { introduced: "1.0.0" }))).toBe(true);
    expect(inRange("not-a-version", r({ introduced: "0" }))).toBe(false);
  });
});

/** Every version in the shared lockfiles, plus edges around each event. */
async function corpusVersions(): Promise<string[]> {
  const dir = sharedPath("fixtures/lockfiles");
  const versions = new Set<string>();
  for (const sub of readdirSync(dir)) {
    const folder = join(dir, sub);
    if (!existsSync(folder) || sub.endsWith(".json") || sub.endsWith(".md")) continue;
    for (const name of ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock"]) {
      if (!existsSync(join(folder, name))) continue;
      const lock = await parseLockfile({ path: join(folder, name), cwd: folder });
      for (const p of lock.packages) if (semver.valid(p.version)) versions.add(p.version);
    }
  }
  return [...versions];
}

const shared = existsSync(sharedPath("fixtures/lockfiles"));

describe("differential: inRange against semver.satisfies", () => {
  it.skipIf(!shared)(
    `every fixture range over every version of the shared lockfiles${shared ? "" : " (skipped: ../shared/fixtures/lockfiles is absent)"}`,
    async () => {
      const db = loadDatabase(FIXTURES, { cacheDir: false });
      const versions = await corpusVersions();
      expect(versions.length).toBeGreaterThan(1000);
      let compared = 0;
      for (const name of db.names()) {
        for (const a of db.lookup(name) ?? []) {
          for (const prepared of a.ranges) {
            const events = prepared.map((e) => ({ [EVENT_KEYS[e[0]]]: eventVersion(e) }) as OsvEvent);
            const range = toSemverRange(events);
            for (const v of versions) {
              expect(inRange(v, events), `${a.id} ${range} ${v}`).toBe(
                semver.satisfies(v, range, { includePrerelease: true }),
              );
              compared++;
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(5000);
    },
  );
});

/** An OSV event list as a semver range: one `>=a <b` (or `<=b`) comparator set per interval. */
function toSemverRange(events: OsvEvent[]): string {
  const sets: string[] = [];
  let open: string | undefined;
  const key = (e: OsvEvent) =>
    e.introduced === "0" ? "0.0.0-0" : ((e.introduced ?? e.fixed ?? e.last_affected ?? e.limit) as string);
  for (const e of [...events].sort((x, y) => semver.compare(key(x), key(y)))) {
    if (e.introduced !== undefined) open ??= key(e);
    else if (open !== undefined) {
      sets.push(`>=${open} ${e.last_affected !== undefined ? "<=" : "<"}${key(e)}`);
      open = undefined;
    }
  }
  if (open !== undefined) sets.push(`>=${open}`);
  return sets.length === 0 ? "<0.0.0-0" : sets.join(" || ");
}
