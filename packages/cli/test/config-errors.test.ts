import { PassThrough } from "node:stream";
import { ExitCode, loadConfig, makeResult } from "@rampart/core";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import type { CommandDefinition } from "../src/command.js";
import { execute } from "../src/main.js";
import { staticRegistry } from "../src/registry.js";

// A command that only loads the policy, the way every real command starts.
const policy: CommandDefinition = {
  name: "policy",
  summary: "Load the policy",
  framework: [],
  usage: "rampart policy",
  options: [],
  available: true,
  async run(ctx) {
    await loadConfig({ cwd: ctx.cwd, env: ctx.env });
    return ctx.report(makeResult([], {}));
  },
};

async function run(cwd: string, env: NodeJS.ProcessEnv) {
  const stderr = new PassThrough();
  let err = "";
  stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const code = await execute(["policy", "--cwd", cwd, "-q"], {
    io: { stdout: new PassThrough(), stderr, env },
    registry: staticRegistry([policy]),
  });
  return { code, stderr: err };
}

describe("policy errors through the CLI", () => {
  it.each([
    ["bad YAML", "version: 1\nhooks: [\n", /^rampart: \.rampart\/config\.yaml:3:1: invalid YAML: /],
    [
      "unknown key",
      "version: 1\nhookz: {}\n",
      /^rampart: \.rampart\/config\.yaml:2:1: unknown key `hookz`\n {2}hint: /,
    ],
    [
      "wrong type",
      "hooks:\n  preCommit:\n    secrets: yes please\n",
      /^rampart: \.rampart\/config\.yaml:3:14: `hooks\.preCommit\.secrets` must be boolean\n {2}hint: /,
    ],
  ])("%s: exit 2, naming the file, line and key", async (_name, text, expected) => {
    const repo = await gitRepo({ ".rampart/config.yaml": text });
    const r = await run(repo.dir, repo.env);
    expect(r.code).toBe(ExitCode.Error);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(2);
  });

  it("a valid policy runs", async () => {
    const repo = await gitRepo({ ".rampart/config.yaml": "version: 1\n" });
    expect(await run(repo.dir, repo.env)).toEqual({ code: 0, stderr: "" });
  });
});
