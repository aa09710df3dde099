import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { isTestPath } from "../src/classify.js";
import { scanPaths } from "../src/paths.js";
import { ALNUM, rnd } from "./support/secrets.js";
import { awsAccessKeyId, githubToken, privateKeyPem, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

describe("test, fixture and example paths", () => {
  it.each([
    ["test/config.js", true],
    ["packages/x/tests/setup.ts", true],
    ["src/__tests__/client.js", true],
    ["spec/api_spec.rb", true],
    ["lib/fixtures/creds.json", true],
    ["go/pkg/testdata/key.txt", true],
    ["web/__mocks__/api.js", true],
    ["docs/examples/basic.py", true],
    ["src/client.test.ts", true],
    ["src/client.spec.js", true],
    ["pkg/server_test.go", true],
    ["src/testing.ts", false],
    ["src/contest/entry.js", false],
    ["src/latest.js", false],
    ["src/specification.md", false],
    ["attestation/index.js", false],
    ["src/config.js", false],
  ])("%s is a test path: %s", (file, expected) => {
    expect(isTestPath(file)).toBe(expected);
  });

  it("lower a finding one step, but never a private key or a checksum-proven token", async () => {
    const body = `${tokenLine(awsAccessKeyId(4))}${tokenLine(githubToken(5))}${privateKeyPem("ed25519")}`;
    const repo = await gitRepo({ "src/app.js": body, "test/fixtures/app.js": body, "src/app.test.js": body });
    const r = await scanPaths({ cwd: repo.dir, ...noBaseline });
    const seen = r.findings.map((f) => [f.file, f.ruleId, f.confidence, f.properties?.lowered ?? "-"]);
    expect(seen).toEqual([
      ["src/app.js", "aws-access-key-id", "high", "-"],
      ["src/app.js", "github-pat", "high", "-"],
      ["src/app.js", "private-key-pem", "high", "-"],
      ["src/app.test.js", "aws-access-key-id", "medium", "test-path"],
      ["src/app.test.js", "github-pat", "high", "-"],
      ["src/app.test.js", "private-key-pem", "high", "-"],
      ["test/fixtures/app.js", "aws-access-key-id", "medium", "test-path"],
      ["test/fixtures/app.js", "github-pat", "high", "-"],
      ["test/fixtures/app.js", "private-key-pem", "high", "-"],
    ]);
  });

  it("leave the policy to decide: a lowered finding is an error by default, a warning at failOn: high", async () => {
    const repo = await gitRepo({ "test/app.js": tokenLine(awsAccessKeyId(6)) });
    const byDefault = await scanPaths({ cwd: repo.dir, ...noBaseline });
    expect(byDefault.findings.map((f) => f.severity)).toEqual(["error"]);
    const strict = await scanPaths({ cwd: repo.dir, policy: { failOn: "high" }, ...noBaseline });
    expect(strict.findings.map((f) => f.severity)).toEqual(["warning"]);
  });
});

describe("sensitive file names", () => {
  const secretEnv = `DB_HOST=localhost\nDB_PASSWORD=${rnd(ALNUM, 12)}\n`;

  it("count only with credential-looking content; in a fixture path at medium confidence", async () => {
    const repo = await gitRepo({
      ".env": secretEnv,
      "test/fixtures/.env": secretEnv,
      "test/fixtures/words/.env": "API_KEY=test_api_key_123\nSECRET=local-dev-secret\nPASSWORD=changeme\n",
    });
    const r = await scanPaths({ cwd: repo.dir, policy: { failOn: "high" }, ...noBaseline });
    const dotenv = r.findings.filter((f) => f.ruleId === "sensitive-file-dotenv");
    expect(dotenv.map((f) => [f.file, f.confidence, f.severity])).toEqual([
      [".env", "high", "error"],
      ["test/fixtures/.env", "medium", "warning"],
    ]);
  });

  it("report a key file once: the parsed key, not a second finding for its name", async () => {
    const repo = await gitRepo({ "deploy/id_rsa": privateKeyPem("ed25519"), "deploy/id_ecdsa": "not a key yet\n" });
    const r = await scanPaths({ cwd: repo.dir, ...noBaseline });
    expect(r.findings.map((f) => [f.file, f.ruleId])).toEqual([
      ["deploy/id_ecdsa", "sensitive-file-ssh-private-key"],
      ["deploy/id_rsa", "private-key-pem"],
    ]);
  });
});
