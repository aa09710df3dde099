import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithShared } from "@rampart/test-helpers";
import { expect, it } from "vitest";
import { packageLine, parseLockfile } from "../src/index.js";
import { fixturesDir, LOCKFILES } from "./fixtures.js";

// npm lockfile lines are counted forward from the previous lookup, with an index for lookups
// behind it: both paths must give the line a plain count gives, in any order.
describeWithShared(LOCKFILES, "npm entry lines", () => {
  const dir = join(fixturesDir, "npm-v3-large-nodejs.org");
  const text = readFileSync(join(dir, "package-lock.json"), "utf8");
  const expected = (id: string) => {
    const at = text.indexOf(`\n    ${JSON.stringify(id)}: {`) + 1;
    return text.slice(0, at).split("\n").length;
  };

  it("agree with a plain count in file order, then backwards", async () => {
    const lockfile = await parseLockfile({ path: "package-lock.json", cwd: dir });
    const sample = lockfile.packages.filter((_, i) => i % 97 === 0).map((p) => p.id);
    expect(sample.length).toBeGreaterThan(20);
    for (const id of sample) expect(packageLine(lockfile, id), id).toBe(expected(id));
    for (const id of [...sample].reverse()) expect(packageLine(lockfile, id), id).toBe(expected(id));
    expect(packageLine(lockfile, "importer:.")).toBe(expected(""));
  });

  it("agree in reverse file order from the start (counting gives way to an index)", async () => {
    const lockfile = await parseLockfile({ path: "package-lock.json", cwd: dir });
    const sample = lockfile.packages.filter((_, i) => i % 89 === 0).map((p) => p.id);
    for (const id of sample.reverse()) expect(packageLine(lockfile, id), id).toBe(expected(id));
    for (const id of sample) expect(packageLine(lockfile, id), id).toBe(expected(id));
  });

  it("agree when the first lookup is near the end", async () => {
    const lockfile = await parseLockfile({ path: "package-lock.json", cwd: dir });
    const last = lockfile.packages[lockfile.packages.length - 1]?.id as string;
    const first = lockfile.packages[0]?.id as string;
    expect(packageLine(lockfile, last)).toBe(expected(last));
    expect(packageLine(lockfile, first)).toBe(expected(first));
    expect(packageLine(lockfile, "node_modules/not-in-this-lockfile")).toBeUndefined();
  });
});
