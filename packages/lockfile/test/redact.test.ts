import { tempDir } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { checkLockfile, diffLockfiles, parseLockfile } from "../src/index.js";

// Credentials assembled at runtime; the checker's findings (its API, not only the CLI) never hold them.
const TOKEN = `ghp_${"Zx8q".repeat(9)}`;
const PASSWORD = ["Pw", "7hK2", "mQ9x", "Lr4v"].join("");
const INTEGRITY = `sha512-${Buffer.alloc(64, 3).toString("base64")}`;

function lock(packages: Record<string, object>): string {
  return JSON.stringify({
    name: "app",
    version: "1.0.0",
    lockfileVersion: 3,
    packages: { "": { name: "app", version: "1.0.0" }, ...packages },
  });
}

describe("lockfile findings carry no credentials", () => {
  it("masks resolved URLs in messages, hints and properties; fingerprints stay over the raw message", async () => {
    const { dir } = tempDir();
    const content = lock({
      "node_modules/a": { version: "1.0.0", resolved: `git+https://x-access-token:${TOKEN}@github.com/o/a.git#abc` },
      "node_modules/b": {
        version: "1.0.0",
        resolved: `http://alice:${PASSWORD}@npm.corp.example/b/-/b-1.0.0.tgz`,
        integrity: INTEGRITY,
      },
    });
    const lockfile = await parseLockfile({ path: "package-lock.json", content, cwd: dir });
    const result = await checkLockfile(lockfile, {}, { cwd: dir, skipDrift: true });
    const text = JSON.stringify(result.findings);
    expect(result.findings.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(["lockfile/git-source", "lockfile/insecure-protocol", "lockfile/disallowed-host"]),
    );
    expect(text).not.toContain(TOKEN.slice(4, 12));
    expect(text).not.toContain(PASSWORD.slice(0, 8));
    expect(text).toContain("x-access-token:ghp_…[40]@github.com/o/a.git");
    expect(text).toContain("npm.corp.example");
  });

  it("masks both URLs of a moved resolution in a diff", async () => {
    const { dir } = tempDir();
    const entry = (resolved: string) => ({ "node_modules/b": { version: "1.0.0", resolved, integrity: INTEGRITY } });
    const a = await parseLockfile({
      path: "package-lock.json",
      content: lock(entry(`https://alice:${PASSWORD}@one.example/b/-/b-1.0.0.tgz`)),
      cwd: dir,
    });
    const b = await parseLockfile({
      path: "package-lock.json",
      content: lock(entry(`https://${TOKEN}@two.example/b/-/b-1.0.0.tgz`)),
      cwd: dir,
    });
    const result = diffLockfiles(a, b);
    expect(result.findings.length).toBeGreaterThan(0);
    const text = JSON.stringify(result.findings);
    expect(text).not.toContain(TOKEN.slice(4, 12));
    expect(text).not.toContain(PASSWORD.slice(0, 8));
    expect(text).toContain("two.example");
  });
});
