import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitRepo, tempDir } from "@rampart/test-helpers";
import { describe, expect, it, onTestFinished } from "vitest";
import { scanMessage } from "../src/message.js";
import { scanPaths } from "../src/paths.js";
import { awsAccessKeyId, githubToken, privateKeyPem, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

describe("scanPaths", () => {
  it("respects .gitignore by default and scans ignored files with gitignore: false", async () => {
    const repo = await gitRepo({ ".gitignore": "build/\n", "src/a.js": tokenLine(githubToken(1)) });
    repo.write("build/out.js", tokenLine(githubToken(2)));
    repo.write("untracked.js", tokenLine(githubToken(3)));
    const r = await scanPaths({ cwd: repo.dir, ...noBaseline });
    expect(r.findings.map((f) => f.file)).toEqual(["src/a.js", "untracked.js"]);
    const all = await scanPaths({ cwd: repo.dir, gitignore: false, ...noBaseline });
    expect(all.findings.map((f) => f.file)).toEqual(["build/out.js", "src/a.js", "untracked.js"]);
  });

  it("limits the scan to the given paths, relative to cwd, reporting repo-relative names", async () => {
    const repo = await gitRepo({ "src/a.js": tokenLine(githubToken(1)), "lib/b.js": tokenLine(githubToken(2)) });
    const r = await scanPaths({ cwd: repo.path("src"), paths: ["."], ...noBaseline });
    expect(r.findings.map((f) => f.file)).toEqual(["src/a.js"]);
  });

  it("scans a path outside the current repository: another repo by its git (its .gitignore), a plain folder by a walk", async () => {
    const here = await gitRepo({ "README.md": "hi\n" });
    const other = await gitRepo({ ".gitignore": "ignored.js\n", "src/a.js": tokenLine(githubToken(1)) });
    other.write("ignored.js", tokenLine(githubToken(2)));
    const plain = tempDir("rampart-plain-");
    onTestFinished(() => plain.cleanup());
    mkdirSync(join(plain.dir, "sub"));
    writeFileSync(join(plain.dir, "sub", "b.js"), tokenLine(githubToken(3)));
    const r = await scanPaths({ cwd: here.dir, paths: [other.dir, plain.dir], ...noBaseline });
    expect(r.findings.map((f) => f.file).sort()).toEqual(
      [join(other.dir, "src/a.js"), join(plain.dir, "sub/b.js")].sort(),
    );
  });

  it("reads and writes a baseline at an absolute path (outside the repository too)", async () => {
    const repo = await gitRepo({ "src/a.js": tokenLine(githubToken(1)) });
    const { writeBaseline } = await import("../src/write-baseline.js");
    const file = join(repo.home, "elsewhere", "new", "baseline.json");
    const w = await writeBaseline({ cwd: repo.dir, file });
    expect(w.file).toBe(file);
    expect((await scanPaths({ cwd: repo.dir, baseline: file })).findings).toEqual([]);
    expect((await scanPaths({ cwd: repo.dir, ...noBaseline })).findings).toHaveLength(1);
  });

  it("refuses a path that does not exist instead of reporting it clean", async () => {
    const repo = await gitRepo({ "src/a.js": "ok\n" });
    await expect(scanPaths({ cwd: repo.dir, paths: ["src/nope.js"], ...noBaseline })).rejects.toMatchObject({
      code: "SECRETS_PATH_NOT_FOUND",
      file: "src/nope.js",
    });
  });

  it("does not follow a tracked symlink out of the tree", async () => {
    const repo = await gitRepo({ "README.md": "hi\n" });
    writeFileSync(repo.path("..", "outside.js"), tokenLine(githubToken(9)));
    symlinkSync("../outside.js", repo.path("link.js"));
    await repo.commit("link");
    const r = await scanPaths({ cwd: repo.dir, ...noBaseline });
    expect(r.findings).toEqual([]);
  });

  it("walks the file system outside a git repository", async () => {
    const dir = await gitRepo({ "x/a.js": tokenLine(githubToken(4)), "b.txt": "nothing\n" }, { init: false });
    const r = await scanPaths({ cwd: dir.dir, ...noBaseline });
    expect(r.findings.map((f) => f.file)).toEqual(["x/a.js"]);
    expect(r.stats.files).toBe(2);
  });

  it("flags sensitive files by name and content, whatever rules find in them", async () => {
    const repo = await gitRepo({
      ".env": `DEBUG=1\nSESSION_SECRET=${"k7Qz".concat("9vLm2XpR4tWb8YcN")}\n`,
      "test/fixtures/.env": "DEBUG=1\nPORT=3000\nAPI_URL=https://api.example.com\nTOKEN=$TOKEN\n",
      ".env.example": "API_KEY=\n",
      "deploy/id_ed25519": "not even a key\n",
      "deploy/id_ed25519.pub": "ssh-ed25519 AAAA test\n",
      "tls/server.pem": privateKeyPem("ed25519"),
      "tls/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      ".npmrc": `//registry.npmjs.org/:_authToken=${"npm_".concat("a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8")}\n`,
      "ci/.npmrc": "registry=https://registry.npmjs.org/\n",
      "k8s/kubeconfig": "apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    token: abcdefghijklmnop\n",
      ".git-credentials": "https://user:pass@example.com\n",
    });
    const r = await scanPaths({ cwd: repo.dir, ...noBaseline });
    const sensitive = r.findings.filter((f) => f.ruleId.startsWith("sensitive-file-")).map((f) => [f.file, f.ruleId]);
    expect(sensitive).toEqual([
      [".env", "sensitive-file-dotenv"],
      [".git-credentials", "sensitive-file-git-credentials"],
      [".npmrc", "sensitive-file-npmrc-token"],
      ["deploy/id_ed25519", "sensitive-file-ssh-private-key"],
      ["k8s/kubeconfig", "sensitive-file-kubeconfig"],
    ]);
    // The key file is one finding: its key, reported by the content rule (not again by name).
    expect(r.findings.filter((f) => f.file === "tls/server.pem").map((f) => f.ruleId)).toEqual(["private-key-pem"]);
  });

  it("scans lockfiles with the lockfile rules only: credentials in URLs, not integrity hashes", async () => {
    // Assembled at runtime, so the repository's own scan does not report this file.
    const password = ["s3cr3t", "Passw0rd", "XyZ"].join("");
    const lock = {
      lockfileVersion: 3,
      packages: {
        "node_modules/a": {
          resolved: `https://deploy:${password}@npm.example.com/a/-/a-1.0.0.tgz`,
          integrity: "sha512-3b2xJb3VxOq0a0Qn9kz7QwQ0W1B4pWQbGmKq1tZp8sC7dE9fH2iJ4kL6mN8oP0qR2sT4uV6wX8yZ0aB2cD4eF6g==",
        },
      },
    };
    const repo = await gitRepo({ "package-lock.json": JSON.stringify(lock, null, 2) });
    const r = await scanPaths({ cwd: repo.dir, ...noBaseline });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.line === 5)).toBe(true);
  });
});

describe("scanMessage", () => {
  it("finds a token pasted into a commit message, on a '#' line too (git commits it unless it strips comments)", async () => {
    const key = awsAccessKeyId(7);
    const r = await scanMessage({
      text: `fix deploy\n\nused ${key} to test\n#12 ${githubToken(8)}\n`,
      baseline: false,
    });
    expect(r.findings.map((f) => [f.file, f.line, f.ruleId])).toEqual([
      ["COMMIT_EDITMSG", 3, "aws-access-key-id"],
      ["COMMIT_EDITMSG", 4, "github-pat"],
    ]);
  });

  it("reads below a scissors line: git cuts there only with -v or --cleanup=scissors and an editor", async () => {
    const r = await scanMessage({
      text: `fix deploy\n\n# ------------------------ >8 ------------------------\nused ${awsAccessKeyId(9)}\n`,
      baseline: false,
    });
    expect(r.findings.map((f) => [f.line, f.ruleId])).toEqual([[4, "aws-access-key-id"]]);
  });
});
