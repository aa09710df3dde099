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
  it("masks resolved URLs in messages, hints and properties; fingerprints say no more than the masked text", async () => {
    const { dir } = tempDir();
    const check = async (token: string, password: string) => {
      const content = lock({
        "node_modules/a": { version: "1.0.0", resolved: `git+https://x-access-token:${token}@github.com/o/a.git#abc` },
        "node_modules/b": {
          version: "1.0.0",
          resolved: `http://alice:${password}@npm.corp.example/b/-/b-1.0.0.tgz`,
          integrity: INTEGRITY,
        },
      });
      const lockfile = await parseLockfile({ path: "package-lock.json", content, cwd: dir });
      return checkLockfile(lockfile, {}, { cwd: dir, skipDrift: true });
    };
    const result = await check(TOKEN, PASSWORD);
    // Other credentials that mask alike: the same fingerprints. A hash over the URL as written
    // would test a guess of the password offline (a SARIF upload is read by many).
    const other = await check(`ghp_${"Qw3e".repeat(9)}`, `${PASSWORD.slice(0, 2)}${"x".repeat(PASSWORD.length - 2)}`);
    expect(other.findings.map((f) => f.message)).toEqual(result.findings.map((f) => f.message));
    expect(other.findings.map((f) => f.fingerprint)).toEqual(result.findings.map((f) => f.fingerprint));
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
