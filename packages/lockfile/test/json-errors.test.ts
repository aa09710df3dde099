import { describe, expect, it } from "vitest";
import { parseLockfile } from "../src/parse/index.js";

// Every lockfile that is not JSON is named with its line: V8 gives no position for some errors
// (`Unexpected token '}', "…" is not valid JSON`, an input that ends too soon).

const LOCK = `${JSON.stringify(
  {
    name: "app",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "app", version: "1.0.0", dependencies: { ms: "2.1.3" } },
      "node_modules/ms": {
        version: "2.1.3",
        resolved: "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
        integrity: "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==",
      },
    },
  },
  null,
  2,
)}\n`;

async function failure(content: string) {
  try {
    await parseLockfile({ path: "package-lock.json", cwd: "/nowhere", content });
  } catch (error) {
    return error as { code?: string; line?: number; message: string };
  }
  return undefined;
}

describe("a package-lock.json that is not JSON names its line", () => {
  it("cut anywhere, or with a character swapped for a bracket or a comma: LOCKFILE_PARSE_FAILED at a line of the file", async () => {
    const lines = LOCK.split("\n").length;
    const cases: string[] = [];
    for (let at = 1; at < LOCK.length - 1; at += 7) cases.push(LOCK.slice(0, at));
    for (let at = 1; at < LOCK.length - 1; at += 11)
      for (const c of ["}", "]", ",", "["]) cases.push(LOCK.slice(0, at) + c + LOCK.slice(at + 1));
    let judged = 0;
    for (const content of cases) {
      let valid = true;
      try {
        JSON.parse(content);
      } catch {
        valid = false;
      }
      if (valid) continue;
      const error = await failure(content);
      expect(error?.code, content).toBe("LOCKFILE_PARSE_FAILED");
      expect(error?.line, content).toBeGreaterThanOrEqual(1);
      expect(error?.line, content).toBeLessThanOrEqual(lines);
      expect(error?.message).not.toContain("is not valid JSON)");
      judged++;
    }
    expect(judged).toBeGreaterThan(100);
  });

  it("at the line where it breaks", async () => {
    expect((await failure('{\n  "lockfileVersion": 3,\n  "packages": [}\n'))?.line).toBe(3);
    expect((await failure('{\n  "lockfileVersion": 3,\n  "packages": {\n'))?.line).toBe(4);
    expect((await failure('{\n  "a": [1, 2,]\n}\n'))?.message).toBe("not valid JSON (Unexpected token ']')");
  });
});
