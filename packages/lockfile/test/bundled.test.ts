import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@rampart/test-helpers";
import { afterEach, describe, expect, it } from "vitest";
import { checkLockfile, parseLockfile } from "../src/index.js";

// npm decides what is inside a bundle from the tree (arborist's Node#getBundler), not from the
// lockfile's `inBundle` / `bundled` flag: it fetches every package that is not inside a
// dependency's bundle. A flag npm would not honour must not spare a package its checks.

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const GOOD = `sha512-${Buffer.alloc(64, 5).toString("base64")}`;
const reg = (name: string, version = "1.0.0") => ({
  version,
  resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
  integrity: GOOD,
});

async function unverified(packages: Record<string, unknown>, lockfileVersion = 3): Promise<string[]> {
  const tmp = tempDir("rampart-bundled-");
  cleanups.push(tmp.cleanup);
  const root = { name: "app", version: "1.0.0", dependencies: { p: "1.0.0", a: "1.0.0" } };
  writeFileSync(join(tmp.dir, "package.json"), JSON.stringify(root));
  const lock =
    lockfileVersion === 1
      ? { name: "app", version: "1.0.0", lockfileVersion: 1, requires: true, dependencies: packages }
      : { name: "app", version: "1.0.0", lockfileVersion, requires: true, packages: { "": root, ...packages } };
  writeFileSync(join(tmp.dir, "package-lock.json"), JSON.stringify(lock, null, 2));
  const lockfile = await parseLockfile({ path: "package-lock.json", cwd: tmp.dir });
  const result = await checkLockfile(lockfile, {}, { cwd: tmp.dir, skipDrift: true });
  return result.findings
    .filter((f) => f.ruleId === "lockfile/missing-integrity" || f.ruleId === "lockfile/name-mismatch")
    .map((f) => `${f.ruleId} ${String(f.properties?.package)}`)
    .sort();
}

describe("a bundled entry is one npm takes from its parent's tarball", () => {
  it("a top-level entry flagged inBundle is fetched, so it is judged", async () => {
    expect(
      await unverified({
        "node_modules/p": reg("p"),
        "node_modules/a": { version: "1.0.0", resolved: "https://registry.npmjs.org/a/-/a-1.0.0.tgz", inBundle: true },
      }),
    ).toEqual(["lockfile/missing-integrity a"]);
    // Another package's tarball under a's name: the name check runs too.
    expect(
      await unverified({
        "node_modules/p": reg("p"),
        "node_modules/a": { ...reg("evil"), inBundle: true },
      }),
    ).toEqual(["lockfile/name-mismatch a"]);
  });

  it("a nested entry is bundled only when its parent lists it, or a bundled sibling needs it there", async () => {
    const nested = { version: "1.0.0", inBundle: true };
    // p bundles x; x depends on y, deduped to p's level: both come in p's tarball.
    const bundles = {
      "node_modules/p": { ...reg("p"), bundleDependencies: ["x"], dependencies: { x: "1.0.0" } },
      "node_modules/p/node_modules/x": { ...nested, dependencies: { y: "1.0.0" } },
      "node_modules/p/node_modules/y": nested,
      "node_modules/a": reg("a"),
    };
    expect(await unverified(bundles)).toEqual([]);
    expect(
      await unverified({
        ...bundles,
        "node_modules/p": { ...reg("p"), bundleDependencies: true, dependencies: { x: "1" } },
      }),
    ).toEqual([]);
    // p bundles nothing: npm fetches x and y, which carry no hash.
    expect(await unverified({ ...bundles, "node_modules/p": reg("p") })).toEqual([
      "lockfile/missing-integrity x",
      "lockfile/missing-integrity y",
    ]);
    // p bundles x, but nothing bundled needs y there: y is fetched.
    expect(await unverified({ ...bundles, "node_modules/p/node_modules/x": nested })).toEqual([
      "lockfile/missing-integrity y",
    ]);
  });

  it("lockfileVersion 1: a top-level entry flagged bundled is judged", async () => {
    expect(
      await unverified(
        {
          p: reg("p"),
          a: { version: "1.0.0", bundled: true },
        },
        1,
      ),
    ).toEqual(["lockfile/missing-integrity a"]);
  });
});
