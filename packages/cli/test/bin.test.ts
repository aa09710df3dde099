import { runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../src/registry.js";

// Through the real bin: main() is what sets the process's exit code.
describe("bin/rampart.js", () => {
  it("--help lists every command and exits 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.exitCode).toBe(0);
    for (const name of COMMAND_NAMES) expect(r.stdout).toMatch(new RegExp(`^ {2}${name} `, "m"));
    expect(r.stderr).toBe("");
  });

  it("--version prints the package version", async () => {
    const r = await runCli(["--version"]);
    expect(r).toMatchObject({ exitCode: 0, stdout: "0.1.0\n" });
  });

  it("exits 2 on an unknown command with a suggestion", async () => {
    const r = await runCli(["secret"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("did you mean `secrets`?");
  });
});
