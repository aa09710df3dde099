import { tmpdir } from "node:os";
import { ExitCode } from "@rampart/core";
import { describe, expect, it } from "vitest";
import { runFake } from "./fake-commands.js";

describe("the CLI shell (in-process, fake commands)", () => {
  it("runs a subcommand with its options and defaults", async () => {
    const r = await runFake(["check", "scan", "--format", "json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("rev=HEAD");
    const doc = JSON.parse(r.stdout);
    expect(doc.command).toBe("check scan");
    expect(doc.ok).toBe(false);
  });

  it("accepts global flags before and after the command", async () => {
    const a = await runFake(["--cwd", tmpdir(), "check", "scan", "--rev", "v1", "-q"]);
    expect(a.stderr).toBe("");
    const b = await runFake(["-q", "check", "--cwd", tmpdir(), "scan", "--rev=v1"]);
    expect(b.stdout).toBe(a.stdout);
    expect(b.code).toBe(1);
  });

  it("exits 0 and prints nothing on stdout for a clean text run", async () => {
    const r = await runFake(["check", "scan", "--clean"]);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(r.stderr).toContain("no problems found");
    expect((await runFake(["check", "scan", "--clean", "--quiet"])).stderr).toBe("");
  });

  it.each([
    [["chek", "scan"], "unknown command 'chek'", "did you mean `check`?"],
    [["check", "scna"], "unknown subcommand 'scna'", "did you mean `scan`?"],
    [["check", "scan", "--revv", "x"], "unknown option '--revv'", "did you mean `--rev`?"],
    [["--frmat", "json", "check"], "unknown option '--frmat'", "did you mean `--format`?"],
    [["check", "scan", "--format", "jsno"], "unknown format 'jsno'", "did you mean `json`?"],
    [["check"], "`rampart check` needs a subcommand: scan, explain", "rampart check --help"],
    [["check", "scan", "--rev"], "option --rev needs a value", "--help"],
    [["check", "scan", "--cwd", "/no/such/dir"], "--cwd /no/such/dir: no such directory", "does not exist"],
    [["later"], "`rampart later` is not available in this version yet", "--help"],
    [[], "no command given", "rampart --help"],
    [["check", "scan", "--clean=yes"], "option '--clean' does not take an argument", "--help"],
  ])("%j is a usage error: exit 2, one line and a hint", async (argv, message, hint) => {
    const r = await runFake(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const [first, second, ...more] = r.stderr.trimEnd().split("\n");
    expect(first).toContain(`rampart: ${message}`);
    expect(second).toMatch(/^ {2}hint: /);
    expect(second).toContain(hint);
    expect(more).toEqual([]);
  });

  it("a prompt cancelled with Ctrl-C exits 130 and prints nothing more (the prompt said so once)", async () => {
    const r = await runFake(["check", "scan", "cancel"]);
    expect(r.code).toBe(ExitCode.Interrupted);
    expect(ExitCode.Interrupted).toBe(130);
    expect(r.stderr).toBe("");
  });

  it("prints a RampartError as file:line: message plus hint, the stack only with --verbose", async () => {
    const r = await runFake(["check", "scan", "bad"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("rampart: a.yaml:3: the input is bad\n  hint: fix it\n");
    const v = await runFake(["check", "scan", "bad", "--verbose"]);
    expect(v.stderr).toMatch(/RampartError: the input is bad\n\s+at /);
  });

  it("escapes control characters in error lines", async () => {
    const r = await runFake(["check", "scan", "evil"]);
    expect(r.stderr).toBe("rampart: a\\nb.yaml: cannot read\\x1b[2J\n  hint: x\\x07\n");
  });

  it("turns an unexpected error into exit 2 with one line and a --verbose hint", async () => {
    const r = await runFake(["check", "scan", "boom"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "rampart: unexpected error: kaboom\n  hint: re-run with --verbose for the stack trace; this is likely a bug in rampart\n",
    );
    expect((await runFake(["check", "scan", "boom", "--verbose"])).stderr).toMatch(/Error: kaboom\n[\s\S]*\n\s+at /);
  });

  it("shows help for the tool, a command and a subcommand", async () => {
    const main = await runFake(["--help"]);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/Commands:\n {2}check\s+A fake check/);
    expect(main.stdout).toMatch(/later\s+Comes later \(not available in this version yet\)/);
    const cmd = await runFake(["check", "--help"]);
    expect(cmd.stdout).toContain("Subcommands:");
    expect(cmd.stdout).toContain("--rev REV");
    const sub = await runFake(["help", "check", "scan"]);
    expect(sub.stdout).toContain("Usage: rampart check scan [--rev REV]");
    expect((await runFake(["later", "--help"])).stdout).toContain("not available in this version yet");
  });

  it("takes everything after -- as positionals", async () => {
    const r = await runFake(["check", "scan", "--", "--clean"]);
    expect(r.code).toBe(1); // --clean was a path, not the flag
    const boom = await runFake(["check", "scan", "--", "boom"]);
    expect(boom.stderr).toContain("unexpected error: kaboom");
  });

  it("rejects a format the command does not support", async () => {
    const r = await runFake(["later", "--format", "sarif"]);
    expect(r.code).toBe(2);
  });
});

describe("--format json and sarif through the shell", () => {
  it("prints the documented JSON document", async () => {
    const r = await runFake(["check", "scan", "--format", "json"]);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["tool", "version", "command", "ok", "findings", "stats"]);
    expect(doc).toMatchObject({ tool: "rampart", command: "check scan", ok: false, stats: { filesScanned: 2 } });
    expect(doc.version).toMatch(/^\d+\.\d+\.\d+/);
    for (const f of doc.findings) {
      expect(f).toEqual(
        expect.objectContaining({
          ruleId: expect.any(String),
          severity: expect.stringMatching(/^(error|warning)$/),
          message: expect.any(String),
          framework: expect.any(Array),
          fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      );
    }
    expect(r.stderr).not.toContain("no problems");
  });

  it("prints SARIF with the rules the command described", async () => {
    const r = await runFake(["check", "scan", "--format", "sarif"]);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(
      sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === "check/found").shortDescription.text,
    ).toBe("Finds things");
  });
});
