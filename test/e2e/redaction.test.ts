import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GitRepo, gitRepo, runCli } from "../helpers/src/index.js";

// One known credential of each shape, made at runtime (random each run, so nothing in the repo or a
// cache can make the test pass by accident), fed through every command and every output format of
// the built CLI. Nothing it prints or writes may hold any 8-character slice of one.
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function randomAlnum(n: number): string {
  return [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join("");
}
const GH = `ghp_${randomAlnum(36)}`; // a GitHub token: 40 characters
const PASSWORD = randomAlnum(20); // a basic-auth password, no recognisable shape
const NPM = randomAlnum(32); // an opaque value behind _authToken / a query parameter
const SECRETS = { GH, PASSWORD, NPM };

const SHA = "0123456789abcdef0123456789abcdef01234567";
const INTEGRITY = `sha512-${Buffer.alloc(64, 7).toString("base64")}`;

/** Every 8-character slice of every secret that `text` contains, labelled for the failure message. */
function leaks(label: string, text: string): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      if (text.includes(secret.slice(i, i + 8))) {
        found.push(`${label}: ${name}[${i}..${i + 8}]`);
        break;
      }
    }
  }
  return found;
}

/** A DSSE envelope's payload is base64: decode every one in `text` so its statement is searched too. */
function decodeEnvelopes(text: string): string {
  const out: string[] = [];
  for (const m of text.matchAll(/"payload"\s*:\s*"([A-Za-z0-9+/=]+)"/g)) {
    out.push(Buffer.from(m[1] as string, "base64").toString("utf8"));
  }
  return out.join("\n");
}

/** Every file below `dir` (but .git), read as text: what the commands wrote. */
function writtenFiles(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of readdirSync(dir)) {
    if (name === ".git" || name === "node_modules") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...writtenFiles(path));
    else out.push([path, readFileSync(path, "utf8")]);
  }
  return out;
}

const URLS = {
  gitToken: `git+https://x-access-token:${GH}@github.com/acme/a.git#${SHA}`,
  basicAuth: `https://alice:${PASSWORD}@npm.corp.example/b/-/b-1.0.0.tgz`,
  insecure: `http://alice:${PASSWORD}@insecure.example/c/-/c-1.0.0.tgz`,
  query: `https://files.example/d-1.0.0.tgz?access_token=${NPM}`,
  tokenUser: `https://${GH}@tarballs.example/e-1.0.0.tgz`,
};

function lockfile(extra: Record<string, object>): string {
  const deps = Object.fromEntries(Object.keys(extra).map((k) => [k.replace("node_modules/", ""), "*"]));
  return `${JSON.stringify(
    {
      name: "app",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: { "": { name: "app", version: "1.0.0", dependencies: deps }, ...extra },
    },
    null,
    2,
  )}\n`;
}

const BEFORE = lockfile({
  "node_modules/b": { version: "1.0.0", resolved: URLS.basicAuth, integrity: INTEGRITY },
});
const AFTER = lockfile({
  "node_modules/a": { version: "1.0.0", resolved: URLS.gitToken },
  "node_modules/b": { version: "1.0.0", resolved: URLS.tokenUser, integrity: INTEGRITY },
  "node_modules/c": { version: "1.0.0", resolved: URLS.insecure, integrity: INTEGRITY },
  "node_modules/d": { version: "1.0.0", resolved: URLS.query, integrity: INTEGRITY },
});

function packageJson(): string {
  return `${JSON.stringify({ name: "app", version: "1.0.0", dependencies: { a: "*", b: "*", c: "*", d: "*" } }, null, 2)}\n`;
}

async function leakyRepo(): Promise<GitRepo> {
  const repo = await gitRepo({ "package.json": packageJson(), "package-lock.json": BEFORE });
  repo.write("package-lock.json", AFTER);
  await repo.git(["add", "package-lock.json"]);
  return repo;
}

interface Run {
  args: string[];
  input?: string;
}

async function expectNoLeak(repo: GitRepo, runs: Run[]): Promise<void> {
  const found: string[] = [];
  // What the test wrote is input (it holds the credentials on purpose); what appears or changes is output.
  const inputs = new Map(writtenFiles(repo.dir));
  mkdirSync(repo.path("out"), { recursive: true });
  for (const run of runs) {
    const r = await runCli(run.args, { cwd: repo.dir, env: repo.env, ...(run.input ? { input: run.input } : {}) });
    const label = `rampart ${run.args.join(" ")}`.replaceAll(GH, "<GH>").replaceAll(PASSWORD, "<PW>");
    // Exit 0, 1 or 2, never a crash: a run that died before printing anything would prove nothing.
    expect([0, 1, 2], `${label}\n${r.stderr}`).toContain(r.exitCode);
    expect(r.stderr, label).not.toContain("unexpected error");
    found.push(...leaks(`${label} stdout`, r.stdout), ...leaks(`${label} stdout (decoded)`, decodeEnvelopes(r.stdout)));
    found.push(...leaks(`${label} stderr`, r.stderr));
  }
  for (const [path, text] of writtenFiles(repo.dir)) {
    if (inputs.get(path) === text) continue;
    found.push(...leaks(path.slice(repo.dir.length + 1), text), ...leaks(`${path} (decoded)`, decodeEnvelopes(text)));
  }
  expect(found).toEqual([]);
}

describe("no credential is printed or written whole, by any command in any format", () => {
  it("lockfile check and lockfile diff: text, json, sarif (messages, properties, change lists)", async () => {
    const repo = await leakyRepo();
    const runs: Run[] = [];
    for (const format of ["text", "json", "sarif"]) {
      runs.push({ args: ["lockfile", "check", "--format", format] });
      runs.push({ args: ["lockfile", "check", "package-lock.json", "--format", format] });
      runs.push({ args: ["lockfile", "diff", "--format", format] });
    }
    // The pre-commit hook checks a staged lockfile too.
    runs.push({ args: ["hook", "pre-commit"] }, { args: ["hook", "pre-commit", "--verbose"] });
    await expectNoLeak(repo, runs);
    // The run must have reported the URLs at all (else the absence of leaks proves nothing).
    const check = await runCli(["lockfile", "check", "--format", "json"], { cwd: repo.dir, env: repo.env });
    expect(check.stdout).toContain("x-access-token:ghp_…[40]@github.com");
    expect(check.stdout).toContain("insecure.example");
  });

  it("sbom: cyclonedx-json, cyclonedx-xml, spdx-json, to stdout and to a file; URLs keep their host and path", async () => {
    const repo = await leakyRepo();
    const runs: Run[] = [];
    for (const format of ["cyclonedx-json", "cyclonedx-xml", "spdx-json"]) {
      runs.push({ args: ["sbom", "--format", format] });
      runs.push({ args: ["sbom", "--format", format, "--output", `out/sbom.${format}`] });
    }
    runs.push({ args: ["sbom", "--spec-version", "1.4", "--output", "out/sbom-14.json"] });
    await expectNoLeak(repo, runs);
    const sbom = readFileSync(repo.path("out/sbom.cyclonedx-json"), "utf8");
    // Credentials are removed from the URL, so consumers still get a fetchable, parseable location.
    expect(sbom).toContain(`git+https://github.com/acme/a.git#${SHA}`);
    expect(sbom).toContain("https://tarballs.example/e-1.0.0.tgz");
    expect(sbom).toContain("https://files.example/d-1.0.0.tgz");
    const spdx = readFileSync(repo.path("out/sbom.spdx-json"), "utf8");
    expect(spdx).toContain("http://insecure.example/c/-/c-1.0.0.tgz");
  });

  it("attest and verify: subjects, predicates and what verify prints", async () => {
    const repo = await leakyRepo();
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "release@test", "-f", join(repo.home, "key")]);
    // A predicate written by another tool, URLs and all: the signed statement must not carry them.
    repo.write(
      "input/foreign-bom.json",
      `${JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: [{ name: "a", externalReferences: [{ type: "vcs", url: URLS.gitToken }], purl: `pkg:npm/a@1.0.0?vcs_url=${encodeURIComponent(URLS.gitToken)}` }] })}\n`,
    );
    const key = join(repo.home, "key");
    await expectNoLeak(repo, [
      { args: ["sbom", "--output", "out/sbom.json"] },
      {
        args: [
          "attest",
          "out/sbom.json",
          "--key",
          key,
          "--predicate",
          "out/sbom.json",
          "--output",
          "out/a.intoto.jsonl",
        ],
      },
      { args: ["attest", "package.json", "--key", key, "--predicate", "input/foreign-bom.json"] },
      {
        args: [
          "attest",
          "package.json",
          "--key",
          key,
          "--predicate",
          "input/foreign-bom.json",
          "--output",
          "out/b.intoto.jsonl",
        ],
      },
      { args: ["verify", "out/sbom.json", "--attestation", "out/a.intoto.jsonl", "--key", `${key}.pub`] },
      {
        args: [
          "verify",
          "out/sbom.json",
          "--attestation",
          "out/a.intoto.jsonl",
          "--key",
          `${key}.pub`,
          "--format",
          "json",
        ],
      },
    ]);
  });

  it("secrets scan: text, json, sarif, files and the commit message", async () => {
    const repo = await gitRepo({ "README.md": "hello\n" });
    repo.write("deploy.sh", `git clone https://x-access-token:${GH}@github.com/acme/a.git\n`);
    repo.write("config.ini", `url = https://alice:${PASSWORD}@db.example/\n`);
    repo.write(".npmrc", `//registry.npmjs.org/:_authToken=${NPM}\n`);
    await repo.git(["add", "-A"]);
    repo.write("msg.txt", `feat: deploy with ${GH}\n`);
    const runs: Run[] = [];
    for (const format of ["text", "json", "sarif"]) {
      runs.push({ args: ["secrets", "scan", "--format", format] });
      runs.push({ args: ["secrets", "scan", "--staged", "--format", format] });
      runs.push({ args: ["secrets", "scan", "--message", "msg.txt", "--format", format] });
    }
    await expectNoLeak(repo, runs);
  });

  it("signatures pre-push and hook pre-push with a remote URL that carries credentials", async () => {
    const repo = await leakyRepo();
    // pre-push asks the remote which its default branch is: refused here, no network in tests.
    repo.env.GIT_ALLOW_PROTOCOL = "file";
    const head = await repo.commit("feat: change");
    const url = `https://x-access-token:${GH}@github.com/acme/app.git`;
    const basic = `https://alice:${PASSWORD}@git.example/app.git`;
    const input = `refs/heads/main ${head} refs/heads/main ${"0".repeat(40)}\n`;
    repo.write(".rampart/config.yaml", "version: 1\nsignatures:\n  required: true\n");
    await expectNoLeak(repo, [
      { args: ["signatures", "pre-push", url, url], input },
      { args: ["signatures", "pre-push", "origin", basic], input },
      // A remote tip this clone does not have: the range is cut at what the remote (named by its URL) has.
      { args: ["signatures", "pre-push", url, url, "--verbose"], input: input.replace(/0{40}/, "f".repeat(40)) },
      { args: ["signatures", "pre-push", url, url, "--format", "json"], input: `${input}garbage ${url}\n` },
      { args: ["signatures", "pre-push", url, url, "--verbose"], input },
      { args: ["signatures", "verify", url] },
      { args: ["signatures", "verify", `${head}..${url}`, "--verbose", "--format", "json"] },
      { args: ["hook", "pre-push", url, url], input },
      { args: ["hook", "pre-push", "origin", basic, "--verbose"], input },
      { args: ["hook", "pre-commit"] },
      { args: ["hook", "pre-commit", "--verbose"] },
    ]);
  });

  it("config errors: a token in a bad YAML line, a wrong type, an unknown key, with and without --verbose", async () => {
    const bad = [
      `version: 1\nlockfile:\n  allowedHosts: [https://alice:${PASSWORD}@npm.corp.example\n`,
      `version: 1\nlockfile:\n  allowedHosts: "https://alice:${PASSWORD}@npm.corp.example"\n`,
      `version: 1\nlockfile:\n  registry: ${GH}\n`,
      `version: 1\nsecrets:\n  token: "${GH}"\n  token: "${GH}"\n`,
      `version: 1\nlockfile: !!js/function ${GH}\n`,
      `version: 1\n${GH}: [\n`,
      `version: 1\nsbom:\n  format: "https://x-access-token:${GH}@github.com"\n`,
      `version: 1\n\tnpmAuthToken: ${NPM}\n`,
      `version: 1\nlockfile:\n  allowedHosts:\n    - &a https://alice:${PASSWORD}@h.example\n    - *b\n`,
    ];
    const found: string[] = [];
    for (const [i, text] of bad.entries()) {
      const repo = await leakyRepo();
      repo.write(".rampart/config.yaml", text);
      for (const args of [
        ["lockfile", "check"],
        ["lockfile", "check", "--verbose", "--format", "json"],
        ["secrets", "scan", "--staged", "--verbose"],
        ["sbom", "--verbose"],
        ["signatures", "verify", "--verbose"],
      ]) {
        const r = await runCli(args, { cwd: repo.dir, env: repo.env });
        found.push(...leaks(`config #${i} ${args.join(" ")} stdout`, r.stdout));
        found.push(...leaks(`config #${i} ${args.join(" ")} stderr`, r.stderr));
      }
    }
    expect(found).toEqual([]);
  });

  it("a YAML parser's own warning that quotes a collection key (`[<token>]: x`) in the policy, in every command and hook", async () => {
    // The yaml package prints 'Keys with collection values will be stringified: "[ ghp_…' (36
    // characters of the key) through process.emitWarning when a document becomes objects.
    const found: string[] = [];
    for (const text of [
      `version: 1\n[${GH}]: x\n`,
      `version: 1\nhooks:\n  {${GH}: 1}: true\n`,
      `version: 1\n? {password: ${PASSWORD}}\n: x\n`,
    ]) {
      const repo = await leakyRepo();
      repo.write(".rampart/config.yaml", text);
      for (const args of [
        ["hooks", "status"],
        ["hook", "pre-commit"],
        ["secrets", "scan", "--staged", "--verbose"],
      ]) {
        const r = await runCli(args, { cwd: repo.dir, env: repo.env });
        expect(r.exitCode, `${args.join(" ")}\n${r.stderr}`).not.toBe(0);
        found.push(...leaks(`${args.join(" ")} stdout`, r.stdout), ...leaks(`${args.join(" ")} stderr`, r.stderr));
      }
    }
    // The same key in a third-party scanner's config (.secretlintrc.yml), which every scan reads.
    const scanner = await leakyRepo();
    scanner.write(".secretlintrc.yml", `[${GH}]: x\nrules: []\n`);
    for (const args of [
      ["secrets", "scan"],
      ["secrets", "scan", "--staged"],
      ["hook", "pre-commit"],
    ]) {
      const r = await runCli(args, { cwd: scanner.dir, env: scanner.env });
      found.push(...leaks(`${args.join(" ")} stdout`, r.stdout), ...leaks(`${args.join(" ")} stderr`, r.stderr));
    }
    // The same key in a workflow, which audit turns into objects.
    const repo = await leakyRepo();
    repo.write(
      ".github/workflows/ci.yml",
      `on: push\n[${GH}]: x\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n`,
    );
    for (const args of [["audit"], ["workflows", "check"], ["audit", "--format", "json"]]) {
      const r = await runCli(args, { cwd: repo.dir, env: repo.env });
      found.push(...leaks(`${args.join(" ")} stdout`, r.stdout), ...leaks(`${args.join(" ")} stderr`, r.stderr));
    }
    expect(found).toEqual([]);
  });

  it("a YAML parser's own warning that quotes the source line (an unknown tag), in a lockfile and in the policy", async () => {
    const repo = await gitRepo({
      "package.json": packageJson(),
      ".rampart/config.yaml": `version: 1\nsignatures:\n  required: !secret https://alice:${PASSWORD}@h.example\n`,
    });
    repo.write(
      "pnpm-lock.yaml",
      `lockfileVersion: '9.0'\nimporters:\n  .: {}\npackages:\n  a@1.0.0:\n    resolution: !custom {tarball: https://a:${PASSWORD}@h.example/a.tgz}\n`,
    );
    const head = await repo.git(["rev-parse", "HEAD"]);
    // Without the policy (which core's loader refuses first), so the lockfile parser gets to run.
    const plain = await gitRepo({ "package.json": packageJson() });
    plain.write("pnpm-lock.yaml", readFileSync(repo.path("pnpm-lock.yaml"), "utf8"));
    await expectNoLeak(plain, [
      { args: ["lockfile", "check", "pnpm-lock.yaml"] },
      { args: ["sbom", "--lockfile", "pnpm-lock.yaml"] },
    ]);
    await expectNoLeak(repo, [
      { args: ["signatures", "verify"] },
      {
        args: ["signatures", "pre-push", "origin", "x"],
        input: `refs/heads/main ${head} refs/heads/main ${"0".repeat(40)}\n`,
      },
    ]);
  });

  it("parse errors and usage errors that echo a line or an argument, with --verbose stack traces", async () => {
    const repo = await leakyRepo();
    repo.write(
      "pnpm-lock.yaml",
      `lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {tarball: https://alice:${PASSWORD}@h.example/a.tgz\n  ${GH}: [\n`,
    );
    repo.write(
      "yarn.lock",
      `a@https://alice:${PASSWORD}@h.example/a.tgz:\n  version "1.0.0"\n  resolved https://x-access-token:${GH}@h.example/a.tgz\n  "\n`,
    );
    repo.write(
      "broken/package-lock.json",
      `{"lockfileVersion": 3, "packages": {"node_modules/a": {"resolved": "${URLS.gitToken}", }}\n`,
    );
    await expectNoLeak(repo, [
      { args: ["lockfile", "check", "pnpm-lock.yaml", "--verbose"] },
      { args: ["lockfile", "check", "yarn.lock", "--verbose", "--format", "sarif"] },
      { args: ["lockfile", "check", "broken/package-lock.json", "--verbose"] },
      { args: ["sbom", "--lockfile", "pnpm-lock.yaml", "--verbose"] },
      { args: ["sbom", "--lockfile", "yarn.lock", "--verbose"] },
      { args: ["lockfile", "diff", URLS.gitToken, "--verbose"] },
      { args: ["lockfile", "check", URLS.basicAuth, "--verbose"] },
      { args: [URLS.gitToken] },
      { args: ["lockfile", "check", `--registry=${URLS.basicAuth}`] },
      { args: ["sbom", "--format", URLS.gitToken, "--verbose"] },
      { args: ["sbom", "--workspace", URLS.basicAuth, "--verbose"] },
      { args: ["secrets", "scan", `missing-${GH}.txt`, "--verbose"] },
      { args: ["attest", URLS.gitToken, "--key", `https://alice:${PASSWORD}@keys.example/k`, "--verbose"] },
    ]);
  });
});
