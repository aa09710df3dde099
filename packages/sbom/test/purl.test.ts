import { readFileSync } from "node:fs";
import { parseLockfile } from "@rampart/lockfile/parse";
import { describeWithShared, sharedPath } from "@rampart/test-helpers";
import { PackageURL } from "packageurl-js";
import { describe, expect, it } from "vitest";
import { npmPurl } from "../src/sbom/identity.js";

// npmPurl writes the plain purls itself: each must be exactly what packageurl-js writes.

function library(namespace: string | undefined, name: string, version: string | undefined) {
  return new PackageURL("npm", namespace, name, version, undefined, undefined).toString();
}

function split(full: string): [string | undefined, string] {
  const slash = full.startsWith("@") ? full.indexOf("/") : -1;
  return slash > 0 ? [full.slice(0, slash), full.slice(slash + 1)] : [undefined, full];
}

describe("npm purls", () => {
  it("are packageurl-js's for plain and unusual names and versions", () => {
    const names = [
      "lodash",
      "@babel/core",
      "a.b_c-d",
      "Foo",
      "@Scope/x",
      "_x",
      ".x",
      "x..y",
      "@a/B",
      "ü",
      "a+b",
      "a b",
    ];
    const versions = [undefined, "1.0.0", "7.0.0-beta.1", "1.0.0+build.5", "v1~2", "1.0.0_x", "-1", "1 0", "ü"];
    for (const full of names) {
      const [namespace, name] = split(full);
      for (const version of versions) {
        expect(npmPurl(namespace, name, version), `${full}@${version}`).toBe(library(namespace, name, version));
      }
    }
  });

  it("go through packageurl-js with qualifiers", () => {
    const q = { vcs_url: "git+https://github.com/o/r.git#0123" };
    expect(npmPurl(undefined, "r", "1.0.0", q)).toBe(
      new PackageURL("npm", undefined, "r", "1.0.0", q, undefined).toString(),
    );
  });
});

interface Fixture {
  dir: string;
  lockfile: string;
}
const LOCKFILES = "fixtures/lockfiles";

describeWithShared(LOCKFILES, "npm purls of every real-world lockfile package", () => {
  const index = JSON.parse(readFileSync(sharedPath(LOCKFILES, "index.json"), "utf8")) as Fixture[];
  it.each(index.map((fx) => [fx.dir, fx] as const))("%s: packageurl-js's", async (_dir, fx) => {
    const lockfile = await parseLockfile({ path: fx.lockfile, cwd: sharedPath(LOCKFILES, fx.dir) });
    for (const pkg of lockfile.packages) {
      const [namespace, name] = split(pkg.name);
      const version = pkg.version === "" ? undefined : pkg.version;
      expect(npmPurl(namespace, name, version)).toBe(library(namespace, name, version));
    }
  });
});
