import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { checkLockfile, parseLockfile } from "../src/index.js";

// A finding's fingerprint is what baselines, dismissed code-scanning alerts and heldAtAdoption
// entries match on: SHA-256 over the rule, the lockfile, the package id and the message as shown,
// each followed by a NUL. Work that makes findings cheaper (lazily, in one pass, cached) must keep
// every one of them; this pins the recipe on findings of several rules and both npm readers.
const SHA1 = `sha1-${Buffer.alloc(20, 7).toString("base64")}`;
const SHA512 = `sha512-${Buffer.alloc(64, 3).toString("base64")}`;

function expected(ruleId: string, file: string, id: string, message: string): string {
  return createHash("sha256").update(`${ruleId}\0${file}\0${id}\0${message}\0`).digest("hex");
}

async function findingsOf(content: string) {
  const { dir } = tempDir();
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", dependencies: {} }));
  const lockfile = await parseLockfile({ path: "package-lock.json", content, cwd: dir, packageEdges: false });
  return (await checkLockfile(lockfile, {}, { cwd: dir, skipDrift: true })).findings;
}

const ENTRIES = {
  a: { version: "1.0.0", resolved: "https://registry.npmjs.org/a/-/a-1.0.0.tgz", integrity: SHA1 },
  b: { version: "2.0.0", resolved: "https://npm.evil.example/b/-/b-2.0.0.tgz", integrity: SHA512 },
  c: { version: "3.0.0", resolved: "https://registry.npmjs.org/c/-/c-3.0.0.tgz" },
  d: { version: "4.0.0", resolved: "https://registry.npmjs.org/d/-/d-4.0.1.tgz", integrity: SHA512 },
};

describe("lockfile finding fingerprints", () => {
  it.each([
    [
      "npm v3",
      JSON.stringify(
        {
          name: "app",
          version: "1.0.0",
          lockfileVersion: 3,
          packages: {
            "": { name: "app", version: "1.0.0" },
            ...Object.fromEntries(Object.entries(ENTRIES).map(([name, e]) => [`node_modules/${name}`, e])),
          },
        },
        null,
        2,
      ),
    ],
    ["npm v1", JSON.stringify({ name: "app", version: "1.0.0", lockfileVersion: 1, dependencies: ENTRIES }, null, 2)],
  ])("%s: SHA-256 of rule, lockfile, package id and message, each NUL-terminated", async (_, content) => {
    const findings = await findingsOf(content);
    expect(findings.map((f) => [f.ruleId, f.properties?.id]).sort()).toEqual([
      ["lockfile/disallowed-host", "node_modules/b"],
      ["lockfile/missing-integrity", "node_modules/c"],
      ["lockfile/version-mismatch", "node_modules/d"],
      ["lockfile/weak-integrity", "node_modules/a"],
    ]);
    for (const f of findings)
      expect(f.fingerprint).toBe(expected(f.ruleId, "package-lock.json", String(f.properties?.id), f.message));
    // And each is its own: no two findings share one.
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
  });
});
