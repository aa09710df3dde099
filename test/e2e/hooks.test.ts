import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../packages/core/src/exit-codes.js";
import { type GitRepo, gitRepo, repoRoot, runCli, runCommand } from "../helpers/src/index.js";
import { offlineAdvisories } from "./ci-runner.js";
import {
  ciTools,
  copiedRepo,
  fakeAwsKey,
  initRepo,
  JUDGED_ALL,
  judgedAll,
  linkTools,
  stageBrokenBesideFindings,
} from "./linked.js";

/**
 * initRepo()'s repository with its adoption commit made through its hooks (checked once per
 * worker); each test gets a copy, without what the hooks keep in .git/rampart (as in a fresh clone).
 */
async function adoptedRepo(): Promise<GitRepo> {
  return copiedRepo("hooks.test adopted", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    const adopt = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
    expect(adopt.exitCode, adopt.stderr).toBe(0);
    rmSync(repo.path(".git", "rampart"), { recursive: true, force: true });
    return repo;
  });
}

// Real git, real husky, the built CLI: what a developer sees after `rampart init`.
describe("rampart's hooks in a real repository", () => {
  it("refuses a commit that adds an AWS key and lets a clean one through", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    expect((await repo.gitResult(["commit", "-m", "chore: adopt rampart"])).exitCode).toBe(0);
    repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
    await repo.git(["add", "deploy.ini"]);
    const refused = await repo.gitResult(["commit", "-m", "feat: deploy"]);
    expect(refused.exitCode).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toContain("aws-access-key-id");
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(fakeAwsKey());
    await repo.git(["rm", "-q", "--cached", "deploy.ini"]);
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    expect((await repo.gitResult(["commit", "-m", "feat: two"])).exitCode).toBe(0);
    expect((await repo.gitResult(["commit", "--allow-empty", "-m", "chore: nothing staged"])).exitCode).toBe(0);
  });

  it("checks the commit message: commitlint (the project's config) and secrets", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    const bad = await repo.gitResult(["commit", "-m", "stuff"]);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain("commitlint/type-empty");
    // `git commit -v` hands the hook the message plus the diff below a scissors line; neither the
    // diff's long lines (commitlint's 100-character body limit) nor its content fail the message.
    repo.write("long.txt", `${"x".repeat(150)}\n`);
    await repo.git(["add", "long.txt"]);
    const verbose = await repo.gitResult(["commit", "-v", "-e", "-m", "chore: adopt rampart"], {
      env: { ...repo.env, GIT_EDITOR: "true" },
    });
    expect(verbose.exitCode, `${verbose.stdout}${verbose.stderr}`).toBe(0);
    await repo.git(["reset", "-q", "--soft", "HEAD~1"]);
    const leaky = await repo.gitResult(["commit", "-m", `chore: key ${fakeAwsKey()}`]);
    expect(leaky.exitCode).not.toBe(0);
    expect(leaky.stderr).toContain("aws-access-key-id");
    // A line starting with '#' is kept by git unless it strips comments: `-m`/`-F` clean up
    // whitespace only (as do --cleanup=verbatim and another core.commentChar), so it is checked too.
    const hashLine = await repo.gitResult(["commit", "-m", "chore: deploy", "-m", `#12 used ${fakeAwsKey()}`]);
    expect(hashLine.exitCode).not.toBe(0);
    expect(hashLine.stderr).toContain("aws-access-key-id");
    expect(hashLine.stderr).not.toContain(fakeAwsKey());
  });

  it("a hook finds its repository as git does: a .git folder git would not take is not the top level", async () => {
    // Run by git (GIT_PREFIX set), a hook at the top of a plain clone takes its .git without
    // asking git; a folder whose .git is not a repository (git looks further up) must not be
    // taken for the top level, or the repository's commitlint config would not be found.
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    repo.write("fixtures/.git/HEAD", "ref: refs/heads/main\n");
    repo.write("message.txt", "stuff\n");
    for (const [cwd, prefix] of [
      [repo.dir, ""],
      [repo.path("fixtures"), "fixtures/"],
    ] as const) {
      const r = await runCli(["hook", "commit-msg", repo.path("message.txt")], {
        cwd,
        env: { ...repo.env, GIT_PREFIX: prefix },
      });
      expect(r.exitCode, `${cwd}: ${r.stdout}${r.stderr}`).toBe(ExitCode.Findings);
      expect(`${r.stdout}${r.stderr}`, cwd).toContain("commitlint/type-empty");
    }
  });

  it("RAMPART=0 skips with a visible warning; a missing rampart bin blocks with the fix", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
    await repo.git(["add", "deploy.ini"]);
    const skipped = await repo.gitResult(["commit", "-m", "chore: skip"], { env: { ...repo.env, RAMPART: "0" } });
    expect(skipped.exitCode).toBe(0);
    expect(skipped.stderr).toContain("RAMPART=0 is set: pre-commit checks SKIPPED");
    await repo.git(["reset", "-q", "--soft", "HEAD~1"]);
    const husky0 = await repo.gitResult(["commit", "-m", "chore: skip"], { env: { ...repo.env, HUSKY: "0" } });
    expect(husky0.exitCode).toBe(0);
    expect(husky0.stderr).toContain("HUSKY=0 is set: pre-commit checks SKIPPED");
    rmSync(repo.path("node_modules/rampart"));
    repo.write("index.js", "3;\n");
    await repo.git(["add", "index.js"]);
    const blocked = await repo.gitResult(["commit", "-m", "chore: no bin"]);
    expect(blocked.exitCode).not.toBe(0);
    expect(blocked.stderr).toContain("node_modules/rampart/bin/rampart.js is missing: run `npm install`");
  });

  it("blocks with the fix when node is not on the hooks' PATH (GUI clients, nvm)", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    const bin = join(repo.home, "bin");
    mkdirSync(bin);
    for (const tool of ["git", "sh", "dirname", "basename"]) {
      const found = ["/usr/bin", "/bin"].map((d) => join(d, tool)).find((p) => existsSync(p));
      if (found) symlinkSync(found, join(bin, tool));
    }
    const r = await repo.gitResult(["commit", "-m", "chore: no node"], { env: { ...repo.env, PATH: bin } });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("node is not on the PATH git hooks get");
    expect(r.stderr).toContain("~/.config/husky/init.sh");
  });

  it("pre-push: refuses a direct push to main and an unsigned branch; the minimal profile only protects nothing", async () => {
    const remote = await gitRepo({}, { bare: true });
    const repo = await initRepo();
    // A policy that lists no key yet judges nothing (signatures/no-signers): list one.
    const key = join(repo.home, "maintainer");
    await runCommand("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "m", "-f", key]);
    const pub = readFileSync(`${key}.pub`, "utf8").split(" ").slice(0, 2).join(" ");
    repo.write(".rampart/allowed_signers", `maintainer@example.org ${pub}\n`);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart"]);
    await repo.git(["remote", "add", "origin", remote.dir]);
    const main = await repo.gitResult(["push", "origin", "main"]);
    expect(main.exitCode).not.toBe(0);
    expect(`${main.stdout}${main.stderr}`).toContain("direct push to protected branch main");
    await repo.git(["checkout", "-qb", "feat/x"]);
    // Each commit is judged by the policy of its parent: the first one under the policy is this.
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    await repo.git(["commit", "-qm", "feat: two"]);
    const unsigned = await repo.gitResult(["push", "origin", "feat/x"]);
    expect(unsigned.exitCode).not.toBe(0);
    expect(`${unsigned.stdout}${unsigned.stderr}`).toContain("signatures/unsigned");

    const loose = await initRepo("minimal");
    await loose.git(["add", "-A"]);
    await loose.git(["commit", "-qm", "chore: adopt rampart"]);
    await loose.git(["remote", "add", "origin", remote.dir]);
    const pushed = await loose.gitResult(["push", "origin", "main:loose"]);
    expect(pushed.stderr).not.toContain("refused");
    expect(pushed.exitCode).toBe(0);
  });

  it("works in a linked worktree: fails closed before its install, checks after", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart"]);
    const wt = join(repo.home, "wt");
    await repo.git(["worktree", "add", "-q", "-b", "wt", wt]);
    // core.hooksPath is relative (.husky/_, git-ignored): the next hook run in the main worktree
    // gives the linked one husky's folder, so its hooks run (and fail closed before its install).
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".husky/_");
    expect((await repo.gitResult(["commit", "--allow-empty", "-m", "chore: empty"])).exitCode).toBe(0);
    writeFileSync(join(wt, "deploy.ini"), `aws_access_key_id = ${fakeAwsKey()}\n`);
    await repo.git(["-C", wt, "add", "deploy.ini"]);
    const before = await repo.gitResult(["-C", wt, "commit", "-m", "feat: deploy"]);
    expect(before.exitCode).not.toBe(0);
    expect(before.stderr).toContain("node_modules/rampart/bin/rampart.js is missing");
    linkTools(wt);
    const after = await repo.gitResult(["-C", wt, "commit", "-m", "feat: deploy"]);
    expect(after.exitCode).not.toBe(0);
    expect(after.stderr).toContain("aws-access-key-id");
  });

  it("keeps working hooks when the repository is moved (core.hooksPath stays relative)", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    expect((await repo.gitResult(["commit", "-m", "chore: adopt rampart"])).exitCode).toBe(0);
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".husky/_");
    const moved = `${repo.dir}-moved`;
    renameSync(repo.dir, moved);
    try {
      writeFileSync(join(moved, "deploy.ini"), `aws_access_key_id = ${fakeAwsKey()}\n`);
      const inMoved = { cwd: moved, env: repo.env };
      expect((await runCommand("git", ["add", "deploy.ini"], inMoved)).exitCode).toBe(0);
      const refused = await runCommand("git", ["commit", "-m", "feat: deploy"], inMoved);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain("aws-access-key-id");
    } finally {
      renameSync(moved, repo.dir);
    }
  });

  it("turns an absolute core.hooksPath of a moved copy back into the relative one", async () => {
    const repo = await initRepo();
    await repo.git(["add", "-A"]);
    await repo.git(["config", "core.hooksPath", "/somewhere/it/was/before/.husky/_"]);
    expect((await runCli(["hooks", "install"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(ExitCode.Clean);
    expect(await repo.git(["config", "core.hooksPath"])).toBe(".husky/_");
  });

  it("rampart's block in an existing husky hook runs whatever the user's lines do (set -e, a failure, an early exit)", async () => {
    for (const mine of ["set -e\nfalse\n", '[ -n "${NEVER_SET-}" ] || exit 0\necho unreachable\n']) {
      const repo = await initRepo("recommended", { ".husky/pre-commit": mine });
      expect(readFileSync(repo.path(".husky/pre-commit"), "utf8").endsWith(`# <<< rampart\n\n${mine}`)).toBe(true);
      await repo.git(["add", "-A"]);
      repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
      await repo.git(["add", "deploy.ini"]);
      const r = await repo.gitResult(["commit", "-m", "feat: deploy"]);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain("aws-access-key-id");
    }
  });

  it("a configured lint-staged or commitlint that is not installed refuses with the install command", async () => {
    const repo = await initRepo("recommended", { ".lintstagedrc.json": '{ "*.js": "echo linted" }\n' });
    await repo.git(["add", "-A"]);
    const noLintStaged = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
    expect(noLintStaged.exitCode).not.toBe(0);
    expect(noLintStaged.stderr).toContain("lint-staged did not run: .lintstagedrc.json configures it");
    expect(noLintStaged.stderr).toContain("npm install -D lint-staged");
    // HEAD's lint-staged config applies while the commit only removes it (the policy's rule): its
    // removal is a commit of its own.
    await repo.git(["rm", "-q", ".lintstagedrc.json"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: no lint-staged", "--", ".lintstagedrc.json"]);
    rmSync(repo.path("node_modules/@commitlint/cli"));
    await repo.git(["add", "-A"]);
    const noCommitlint = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
    expect(noCommitlint.exitCode).not.toBe(0);
    expect(noCommitlint.stderr).toContain("commitlint did not run: commitlint.config.mjs configures it");
    expect(noCommitlint.stderr).toContain("npm install -D @commitlint/cli");
  });

  it("a commitlint config that gives no rules (a misspelt key) refuses the message, as commitlint does", async () => {
    const repo = await initRepo("recommended", {
      "commitlint.config.mjs": 'export default { extend: ["@commitlint/config-conventional"] };\n',
    });
    await repo.git(["add", "-A"]);
    const r = await repo.gitResult(["commit", "-m", "anything at all"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("commitlint/empty-rules");
    expect(r.stderr).toContain("commitlint.config.mjs gives commitlint no rules");
    // And once it has some, the message is judged by them.
    repo.write("commitlint.config.mjs", 'export default { extends: ["@commitlint/config-conventional"] };\n');
    await repo.git(["add", "-A"]);
    expect((await repo.gitResult(["commit", "-m", "anything at all"])).stderr).toContain("commitlint/type-empty");
    expect((await repo.gitResult(["commit", "-m", "chore: adopt rampart"])).exitCode).toBe(0);
  });

  it("pre-commit: an unparsable staged lockfile or workflow is named, and never hides the other files' findings", async () => {
    const repo = await adoptedRepo();
    await stageBrokenBesideFindings(repo);
    const r = await repo.gitResult(["commit", "-m", "feat: left-pad"]);
    expect(r.exitCode).not.toBe(0);
    expect(judgedAll(`${r.stdout}${r.stderr}`)).toEqual(JUDGED_ALL);
    expect(r.stderr).toContain("rampart: pre-commit refused");
    // The hook itself exits 2, as `lockfile check` does for a lockfile it cannot read.
    const direct = await runCli(["hook", "pre-commit"], { cwd: repo.dir, env: repo.env });
    expect(direct.exitCode).toBe(ExitCode.Error);
    expect(judgedAll(`${direct.stdout}${direct.stderr}`)).toEqual(JUDGED_ALL);
    expect(await repo.git(["log", "-1", "--format=%s"])).toBe("chore: adopt rampart");
  });

  it("a hook whose policy is gone says so and refuses, instead of passing silently", async () => {
    const repo = await adoptedRepo();
    rmSync(repo.path(".rampart/config.yaml"));
    repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
    await repo.git(["add", "-A"]);
    const r = await repo.gitResult(["commit", "-m", "feat: deploy"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(".rampart/config.yaml is missing, so pre-commit checks cannot run");
  });

  it("works in a submodule once its hooks are installed there", async () => {
    const lib = await adoptedRepo();
    const app = await gitRepo({ "README.md": "app\n" });
    await app.git(["-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.dir, "lib"]);
    const sub = app.path("lib");
    linkTools(sub);
    expect((await runCli(["hooks", "install"], { cwd: sub, env: app.env })).exitCode).toBe(ExitCode.Clean);
    writeFileSync(join(sub, "deploy.ini"), `aws_access_key_id = ${fakeAwsKey()}\n`);
    await app.git(["-C", sub, "add", "deploy.ini"]);
    const r = await app.gitResult(["-C", sub, "commit", "-m", "feat: deploy"]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("aws-access-key-id");
  });

  it("hooks status reports a hook replaced by `exit 0`; hooks install repairs it", async () => {
    const repo = await initRepo();
    const ok = await runCli(["hooks", "status"], { cwd: repo.dir, env: repo.env });
    expect(ok.stdout).toContain("ok   hook .husky/pre-commit: installed, unmodified");
    repo.write(".husky/pre-commit", "exit 0\n");
    const bad = await runCli(["hooks", "status"], { cwd: repo.dir, env: repo.env });
    expect(bad.exitCode).toBe(ExitCode.Findings);
    expect(bad.stdout).toContain("FAIL hook .husky/pre-commit: rampart's block was removed or replaced");
    expect(bad.stdout).toContain("fix: npx --no-install rampart hooks install");
    expect((await runCli(["hooks", "install"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(ExitCode.Clean);
    const status = await runCli(["hooks", "status"], { cwd: repo.dir, env: repo.env });
    expect(status.stdout).toContain("ok   hook .husky/pre-commit: installed, unmodified");
    await repo.git(["config", "core.hooksPath", "/tmp/elsewhere"]);
    const redirected = await runCli(["hooks", "status"], { cwd: repo.dir, env: repo.env });
    expect(redirected.exitCode).toBe(ExitCode.Findings);
    expect(redirected.stdout).toContain("FAIL core.hooksPath: redirected to /tmp/elsewhere");
  });

  it("hooks install records only the hooks it wrote: a file init kept as the user's stays theirs through uninstall --force", async () => {
    const mine = "# Security\n\nMail security@example.org.\n";
    const repo = await initRepo("recommended", { "SECURITY.md": mine });
    expect(readFileSync(repo.path("SECURITY.md"), "utf8")).toBe(mine);
    const manifestPath = repo.path(".rampart/hooks.lock.json");
    const before = JSON.parse(readFileSync(manifestPath, "utf8"));
    expect(Object.keys(before.files)).not.toContain("SECURITY.md");
    repo.write(".husky/pre-commit", "exit 0\n");
    expect((await runCli(["hooks", "install"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(ExitCode.Clean);
    const after = JSON.parse(readFileSync(manifestPath, "utf8"));
    expect(after.files).toEqual(before.files);
    expect(after.packageJson).toEqual(before.packageJson);
    expect(after.hooks[".husky/pre-commit"].sha256).toBe(before.hooks[".husky/pre-commit"].sha256);
    const edited = `${mine}\nKeys: see KEYS.txt.\n`;
    repo.write("SECURITY.md", edited);
    const un = await runCli(["hooks", "uninstall", "--force"], { cwd: repo.dir, env: repo.env });
    expect(un.exitCode).toBe(ExitCode.Clean);
    expect(un.stdout).not.toContain("SECURITY.md");
    expect(readFileSync(repo.path("SECURITY.md"), "utf8")).toBe(edited);
  });

  it("init --dry-run writes nothing; a second init changes nothing; uninstall restores the repo", async () => {
    const repo = await gitRepo({ "package.json": '{\n    "name": "x"\n}\n', ".gitignore": "node_modules\n" });
    linkTools(repo.dir);
    const dry = await runCli(["init", "--yes", "--dry-run"], { cwd: repo.dir, env: repo.env });
    expect(dry.exitCode).toBe(ExitCode.Clean);
    expect(dry.stdout).toContain("+++ b/.husky/pre-commit");
    expect(dry.stdout).toContain('+        "prepare": "husky"');
    expect(await repo.git(["status", "--porcelain"])).toBe("");
    expect((await repo.gitResult(["config", "core.hooksPath"])).exitCode).toBe(1);
    expect((await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env })).exitCode).toBe(ExitCode.Clean);
    const again = await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env });
    expect(again.stderr).toContain("nothing to change");
    expect(again.stdout).not.toMatch(/^\s+(created|updated)/m);
    const un = await runCli(["hooks", "uninstall"], { cwd: repo.dir, env: repo.env });
    expect(un.exitCode).toBe(ExitCode.Clean);
    expect(await repo.git(["status", "--porcelain"])).toBe("");
    expect((await repo.gitResult(["config", "core.hooksPath"])).exitCode).toBe(1);
  });

  it("runs the project's own lint-staged tasks first, and refuses the commit when one fails", async () => {
    const repo = await initRepo();
    const nm = repo.path("node_modules");
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(nm, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(nm, ".bin", "lint-staged"));
    repo.write(
      "lint-staged.config.mjs",
      "export default { \"*.js\": \"node -e \\\"require('fs').appendFileSync('.ran', 'x')\\\"\" };\n",
    );
    repo.write(".gitignore", "node_modules\n.ran\n");
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    const ok = await repo.gitResult(["commit", "-m", "feat: two"]);
    expect(ok.exitCode, `${ok.stdout}${ok.stderr}`).toBe(0);
    expect(existsSync(repo.path(".ran"))).toBe(true);
    // A config change applies once committed (HEAD's judges the commit that makes it: trusted-policy.test.ts).
    const configure = async (text: string) => {
      repo.write("lint-staged.config.mjs", text);
      await repo.git(["commit", "-q", "--no-verify", "-m", "chore: tasks", "--", "lint-staged.config.mjs"]);
    };
    await configure('export default { "*.js": "node -e process.exit(3)" };\n');
    repo.write("index.js", "3;\n");
    await repo.git(["add", "index.js"]);
    const failed = await repo.gitResult(["commit", "-m", "feat: three"]);
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toContain("lint-staged (your own pre-commit tasks) failed");
    // What a task writes is staged by lint-staged and judged by the secret guard after it.
    const line = `aws_access_key_id = ${fakeAwsKey()}\n`;
    await configure(
      `export default { "*.js": ${JSON.stringify(`node -e "require('fs').appendFileSync('index.js', '// ${line.trim()}')"`)} };\n`,
    );
    repo.write("index.js", "4;\n");
    await repo.git(["add", "index.js"]);
    const written = await repo.gitResult(["commit", "-m", "feat: four"]);
    expect(written.exitCode, `${written.stdout}${written.stderr}`).not.toBe(0);
    expect(`${written.stdout}${written.stderr}`).toContain("aws-access-key-id");
    expect(`${written.stdout}${written.stderr}`).not.toContain(fakeAwsKey());
    expect(written.stderr).not.toContain("lint-staged (your own pre-commit tasks) failed");
  });

  it("a started lint-staged bin's output is masked, in a terminal and across a pipe's chunks", async () => {
    // The package folder below the root: lint-staged runs as its bin, not in the hook's process.
    // Its task quotes the staged file (as a linter quotes the lines it refuses): ~0.6 MB of lines
    // holding the key at every offset, so that pipe chunks cut some key in two.
    const repo = await initRepo();
    const app = repo.path("app", "node_modules");
    mkdirSync(join(app, ".bin"), { recursive: true });
    symlinkSync(join(repoRoot, "bench", "node_modules", "lint-staged"), join(app, "lint-staged"));
    symlinkSync(join(repoRoot, "bench", "node_modules", ".bin", "lint-staged"), join(app, ".bin", "lint-staged"));
    repo.write("app/package.json", '{ "name": "app", "version": "1.0.0", "private": true }\n');
    repo.write("app/lint-staged.config.mjs", 'export default { "*.ini": "node quote.cjs" };\n');
    repo.write(
      "app/quote.cjs",
      'for (const f of process.argv.slice(2)) process.stdout.write(require("fs").readFileSync(f));\nprocess.exitCode = 1;\n',
    );
    const manifest = JSON.parse(readFileSync(repo.path(".rampart/hooks.lock.json"), "utf8"));
    manifest.packageJson.path = "app/package.json";
    repo.write(".rampart/hooks.lock.json", `${JSON.stringify(manifest, null, 2)}\n`);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    const key = fakeAwsKey();
    repo.write(
      "app/deploy.ini",
      Array.from({ length: 20_000 }, (_, i) => `${"k".repeat(1 + (i % 13))} = ${key}\n`).join(""),
    );
    await repo.git(["add", "app/deploy.ini"]);
    const piped = await repo.gitResult(["commit", "-m", "feat: deploy"]);
    const out = `${piped.stdout}${piped.stderr}`;
    expect(piped.exitCode).not.toBe(0);
    expect(out).toContain("lint-staged (your own pre-commit tasks) failed");
    expect(out).toContain("AKIA…[20]"); // the task's output was shown, masked
    expect({ piped: out.includes(key) }).toEqual({ piped: false }); // (not toContain: a failure would print it)
    // In a terminal (script(1) gives the commit one), lint-staged's output is not handed the
    // terminal itself, where nothing is masked.
    const tty = await runCommand("script", ["-qec", "git commit -m 'feat: deploy'", "/dev/null"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(tty.exitCode).not.toBe(0);
    expect(tty.stdout + tty.stderr).toContain("AKIA…[20]");
    expect({ terminal: (tty.stdout + tty.stderr).includes(key) }).toEqual({ terminal: false });
  });

  it("init outside a repository, or without a package.json, exits 2 with a hint", async () => {
    const plain = await gitRepo({ "package.json": "{}\n" }, { init: false });
    const outside = await runCli(["init", "--yes"], { cwd: plain.dir, env: plain.env });
    expect(outside.exitCode).toBe(ExitCode.Error);
    expect(outside.stderr).toMatch(/not inside a git repository[\s\S]*hint/);
    const empty = await gitRepo({ "README.md": "x\n" });
    const none = await runCli(["init", "--yes"], { cwd: empty.dir, env: empty.env });
    expect(none.exitCode).toBe(ExitCode.Error);
    expect(none.stderr).toContain("no package.json");
    const bad = await gitRepo({ "package.json": "{ nope" });
    const broken = await runCli(["init", "--yes"], { cwd: bad.dir, env: bad.env });
    expect(broken.exitCode).toBe(ExitCode.Error);
    expect(broken.stderr).toContain("package.json is not a valid JSON object");
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it("init works in a repository with no commits yet (no trust root: every commit signed)", async () => {
    const repo = await gitRepo({ "package.json": '{ "name": "x" }\n' }, { commit: false });
    const r = await runCli(["init", "--yes"], { cwd: repo.dir, env: repo.env });
    expect(r.exitCode, r.stderr).toBe(ExitCode.Clean);
    expect(readFileSync(repo.path(".rampart/config.yaml"), "utf8")).toContain("# since: no trust root");
  });

  it("the CI workflow's rampart steps are commands this rampart runs (no usage errors)", async () => {
    const lock = {
      name: "shop",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: { "": { name: "shop", version: "1.0.0" } },
    };
    const repo = await initRepo("strict", { "package-lock.json": `${JSON.stringify(lock, null, 2)}\n` });
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    const base = await repo.git(["rev-list", "--max-parents=0", "HEAD"]);
    const workflow = readFileSync(repo.path(".github/workflows/rampart.yml"), "utf8");
    const steps = runSteps(workflow).filter((step) => step.includes("$RUNNER_TEMP/rampart/node_modules/.bin/rampart"));
    // secrets, signatures, workflows, lockfile, deps, sbom
    expect(steps.length).toBe(6);
    const runnerTemp = ciTools(join(repo.home, "runner-temp"));
    for (const step of steps) {
      const r = await runCommand("sh", ["-c", step], {
        cwd: repo.dir,
        env: {
          ...repo.env,
          ...(await offlineAdvisories(join(repo.home, "osv"))),
          RUNNER_TEMP: runnerTemp,
          BASE: base,
          HEAD: "HEAD",
          RANGE: `${base}..HEAD`,
        },
      });
      expect([0, 1], `${step}\n${r.stdout}${r.stderr}`).toContain(r.exitCode);
    }
  });

  it("CI runs no code from the change it judges: not the checkout's rampart, not its commitlint config", async () => {
    const repo = await initRepo("recommended");
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    const base = (await repo.git(["rev-parse", "HEAD"])).trim();
    const workflow = readFileSync(repo.path(".github/workflows/rampart.yml"), "utf8");
    const marker = join(repo.home, "ran-the-change's-code");
    // The change: a commitlint config that runs code when loaded and accepts anything, and a
    // node_modules/.bin/rampart (what its lockfile could install) that does the same.
    writeFileSync(
      repo.path("commitlint.config.mjs"),
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "x");\nexport default { rules: {} };\n`,
    );
    rmSync(repo.path("node_modules/.bin/rampart"));
    writeFileSync(repo.path("node_modules/.bin/rampart"), `#!/bin/sh\ntouch ${JSON.stringify(marker)}\nexit 0\n`, {
      mode: 0o755,
    });
    await repo.git(["add", "commitlint.config.mjs"]);
    await repo.git(["commit", "-qm", "not a conventional message", "--no-verify"]);
    const env = {
      ...repo.env,
      ...(await offlineAdvisories(join(repo.home, "osv"))),
      RUNNER_TEMP: ciTools(join(repo.home, "runner-temp")),
      BASE: base,
      HEAD: "HEAD",
      RANGE: `${base}..HEAD`,
    };
    const steps = runSteps(workflow).filter(
      (step) => /rampart|commitlint/.test(step) && !step.includes("npm install --prefix"),
    );
    const lint = steps.find((step) => step.includes("commitlint"));
    expect(lint).toBeDefined();
    const linted = await runCommand("bash", ["-eo", "pipefail", "-c", lint ?? ""], { cwd: repo.dir, env });
    // Judged by the base's config (config-conventional), which refuses the message.
    expect(linted.exitCode, `${linted.stdout}${linted.stderr}`).toBe(1);
    expect(`${linted.stdout}${linted.stderr}`).toContain("subject may not be empty");
    for (const step of steps) await runCommand("bash", ["-eo", "pipefail", "-c", step], { cwd: repo.dir, env });
    expect(existsSync(marker), "a CI step ran code the change under review controls").toBe(false);
  });
});

/** The `run:` scripts of a workflow, one-liners and `|` blocks alike. */
function runSteps(workflow: string): string[] {
  const lines = workflow.split("\n");
  const steps: string[] = [];
  for (const [i, line] of lines.entries()) {
    const m = /^(\s*)(?:- )?run: (.*)$/.exec(line);
    if (!m) continue;
    if (m[2] !== "|") {
      steps.push(m[2] ?? "");
      continue;
    }
    const body: string[] = [];
    for (const next of lines.slice(i + 1)) {
      if (next.trim() !== "" && next.search(/\S/) <= (m[1] ?? "").length) break;
      body.push(next.trim());
    }
    steps.push(body.join("\n"));
  }
  return steps;
}
