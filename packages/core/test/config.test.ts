import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it, test } from "vitest";
import { CONFIG_FILE, defaultConfig, loadConfig, parseConfig } from "../src/config.js";
import { getConfigSchema } from "../src/config-schema.js";
import { RampartError } from "../src/errors.js";

function configError(text: string): RampartError {
  try {
    parseConfig(text);
  } catch (error) {
    expect(error).toBeInstanceOf(RampartError);
    expect((error as RampartError).code).toBe("CONFIG_INVALID");
    expect((error as RampartError).file).toBe(CONFIG_FILE);
    return error as RampartError;
  }
  throw new Error("expected parseConfig to throw");
}

describe("loadConfig", () => {
  it("returns the defaults when the repository has no policy file", async () => {
    const repo = await gitRepo({ "README.md": "x" });
    const loaded = await loadConfig({ cwd: repo.dir, env: repo.env });
    expect(loaded).toEqual({ config: defaultConfig(), file: null, root: repo.dir });
  });

  it("reads .rampart/config.yaml at the repository root, from any subdirectory", async () => {
    const repo = await gitRepo({
      ".rampart/config.yaml": "version: 1\nhooks:\n  protectedBranches: [main, release/*]\n",
      "src/deep/a.ts": "",
    });
    const loaded = await loadConfig({ cwd: join(repo.dir, "src/deep"), env: repo.env });
    expect(loaded.file).toBe(join(repo.dir, ".rampart/config.yaml"));
    expect(loaded.config.hooks).toEqual({ protectedBranches: ["main", "release/*"] });
    expect(loaded.config.secrets).toEqual({});
  });

  it("names the file when it cannot be read", async () => {
    const repo = await gitRepo({ "a.txt": "x" });
    mkdirSync(join(repo.dir, ".rampart/config.yaml"), { recursive: true });
    await expect(loadConfig({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      file: CONFIG_FILE,
    });
  });

  it("outside a git repository it says so", async () => {
    const dir = await gitRepo({}, { init: false });
    writeFileSync(join(dir.dir, "x"), "");
    await expect(loadConfig({ cwd: dir.dir, env: dir.env })).rejects.toMatchObject({ code: "NOT_A_GIT_REPO" });
  });
});

describe("parseConfig errors name the key and the line", () => {
  it("accepts a $schema key for editors", () => {
    expect(parseConfig("$schema: ./node_modules/@rampart/core/schema/config.schema.json\nversion: 1\n").version).toBe(
      1,
    );
  });

  it("treats an empty file as the defaults", () => {
    expect(parseConfig("")).toEqual(defaultConfig());
    expect(parseConfig("# only a comment\n")).toEqual(defaultConfig());
  });

  it("bad YAML", () => {
    const e = configError("version: 1\nhooks:\n  protectedBranches: [main\n");
    expect(e.message).toMatch(/^invalid YAML: /);
    expect(e.line).toBeGreaterThanOrEqual(3);
  });

  it("a duplicate key", () => {
    const e = configError("version: 1\nhooks: {}\nhooks: {}\n");
    expect(e.message).toMatch(/invalid YAML: .*unique/i);
    expect(e.line).toBe(3);
  });

  it("an unknown top-level key", () => {
    const e = configError("version: 1\nsecret:\n  x: 1\n");
    expect(e.message).toBe("unknown key `secret`");
    expect(e.location).toBe(".rampart/config.yaml:2:1");
    expect(e.hint).toContain("known keys here: $schema, version, secrets");
  });

  it("an unknown nested key", () => {
    const e = configError("version: 1\nhooks:\n  preCommit:\n    secrets: true\n    secretz: true\n");
    expect(e.message).toBe("unknown key `hooks.preCommit.secretz`");
    expect(e.location).toBe(".rampart/config.yaml:5:5");
  });

  it("an unknown key that is a pasted token is masked, not printed (policy keys, rule ids show whole)", () => {
    // Built at run time: an AWS key id shape, a GitHub token shape, 40 hex characters.
    const tokens = [`AKIA${"QZ".repeat(8)}`, `ghp_${"a1B2c3".repeat(6)}`, "9f".repeat(20)];
    for (const token of tokens) {
      for (const yaml of [`version: 1\n${token}: x\n`, `version: 1\nsecrets:\n  ${token}: [a]\n`]) {
        const e = configError(yaml);
        expect(e.message).toMatch(/^unknown key `(secrets\.)?.{0,4}…\[\d+\]`$/);
        expect(`${e.message} ${e.hint ?? ""}`).not.toContain(token.slice(4, 16));
      }
    }
    expect(configError("version: 1\nrequireSignedCommitz: true\n").message).toBe("unknown key `requireSignedCommitz`");
  });

  it("a wrong type", () => {
    const e = configError("version: 1\nhooks:\n  protectedBranches: main\n");
    expect(e.message).toBe("`hooks.protectedBranches` must be array");
    expect(e.line).toBe(3);
  });

  it("a wrong type inside a list", () => {
    const e = configError("hooks:\n  protectedBranches:\n    - main\n    - 42\n");
    expect(e.message).toBe("`hooks.protectedBranches[1]` must be string");
    expect(e.line).toBe(4);
  });

  it("a wrong version", () => {
    const e = configError("version: 2\n");
    expect(e.message).toBe("`version` must be equal to constant");
    expect(e.hint).toContain("allowed: 1");
    expect(e.line).toBe(1);
  });

  it("a document that is not a mapping", () => {
    const e = configError("- a\n- b\n");
    expect(e.message).toBe("the policy must be object");
    expect(e.line).toBe(1);
  });

  it("an alias bomb is refused", () => {
    const lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(8)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const e = configError(`${lines.join("\n")}\n`);
    expect(e.message).toMatch(/^invalid YAML: .*alias/i);
  });

  it("a tag that asks for code is refused, not run", () => {
    const e = configError('version: 1\nsecrets: !!js/function "function () { return 1 }"\n');
    expect(e.message).toMatch(/invalid YAML: .*tag/i);
    expect(e.line).toBe(2);
  });
});

describe("the schema", () => {
  it("is a JSON Schema editors can use: closed at the top, one section per tool", () => {
    const schema = getConfigSchema();
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual(
      expect.arrayContaining(["version", "secrets", "signatures", "lockfile", "sbom", "hooks"]),
    );
  });
});

test.each([".rampart/config.yml", ".rampart/config.json"])(
  "a policy renamed to %s is refused naming the file, never read as no policy",
  async (name) => {
    const repo = await gitRepo({ [name]: "version: 1\nsecrets:\n  disableRules: []\n" });
    await expect(loadConfig({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      file: name,
      hint: expect.stringContaining(".rampart/config.yaml"),
    });
  },
);
