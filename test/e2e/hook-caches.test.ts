import { existsSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GitRepo, repoRoot, runCli } from "../helpers/src/index.js";
import { fakeAwsKey, initRepo, linkTools } from "./linked.js";

// What the hooks remember between commits (in .git/rampart/: the validated policy, commitlint's
// resolved config) and what they skip (lint-staged when no task matches), through real git, real
// husky and the built CLI: a changed input is never answered from the cache, and a cache folder
// reached through a symlink is neither read nor written.

const commit = (repo: GitRepo, message: string) => repo.gitResult(["commit", "-m", message]);

async function adopted(): Promise<GitRepo> {
  const repo = await initRepo();
  await repo.git(["add", "-A"]);
  const r = await commit(repo, "chore: adopt rampart");
  expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
  return repo;
}

/** The text of commitlint's kept entries (one per package directory), "" when there is none. */
function commitlintCache(repo: GitRepo): string {
  const dir = repo.path(".git/rampart");
  if (!existsSync(dir)) return "";
  const names = readdirSync(dir).filter((name) => /^commitlint-config-[0-9a-f]{16}\.json$/.test(name));
  return names.map((name) => readFileSync(join(dir, name), "utf8")).join("\n");
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

describe("the hooks' caches", () => {
  it("a remembered policy is never served for a changed one, in the working tree or in HEAD", async () => {
    const repo = await adopted();
    expect(existsSync(repo.path(".git/rampart/policy-cache.json"))).toBe(true);
    const policy = readFileSync(repo.path(".rampart/config.yaml"), "utf8");
    // A working-tree policy the schema refuses: the hook refuses (exit 2, naming the file).
    repo.write(".rampart/config.yaml", `${policy}\nnot_a_section: 1\n`);
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    const broken = await commit(repo, "feat: two");
    expect(broken.exitCode).not.toBe(0);
    expect(broken.stderr).toContain(".rampart/config.yaml");
    expect(broken.stderr).toContain("not_a_section");
    // The secret guard turned off in a commit of its own (HEAD and working tree agree): a key passes.
    const off = policy.replace(/^(\s+secrets:) true( # the staged content)/m, "$1 false$2");
    expect(off).not.toBe(policy);
    repo.write(".rampart/config.yaml", off);
    await repo.git(["add", ".rampart/config.yaml"]);
    expect((await commit(repo, "chore: no staged secret scan")).exitCode).toBe(0);
    repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
    await repo.git(["add", "deploy.ini"]);
    expect((await commit(repo, "feat: deploy")).exitCode).toBe(0);
    // Turned back on: the next key is refused, although both texts are remembered now.
    repo.write(".rampart/config.yaml", policy);
    await repo.git(["add", ".rampart/config.yaml"]);
    expect((await commit(repo, "chore: staged secret scan again")).exitCode).toBe(0);
    repo.write("deploy2.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
    await repo.git(["add", "deploy2.ini"]);
    const refused = await commit(repo, "feat: deploy again");
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain("aws-access-key-id");
  });

  it("a damaged cache entry (a null, an array or a string for the policy) is ignored, never served", async () => {
    const repo = await adopted();
    const file = repo.path(".git/rampart/policy-cache.json");
    const entries = JSON.parse(readFileSync(file, "utf8")) as Array<[string, unknown]>;
    expect(entries.length).toBeGreaterThan(0);
    for (const damaged of [null, [], "secrets: false"]) {
      writeFileSync(file, JSON.stringify(entries.map(([digest]) => [digest, damaged])));
      repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
      await repo.git(["add", "deploy.ini"]);
      const refused = await commit(repo, "feat: deploy");
      expect(refused.exitCode, `${JSON.stringify(damaged)}: ${refused.stderr}`).toBe(1);
      expect(refused.stderr).toContain("aws-access-key-id");
      expect(refused.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a cache folder that is a symlink is neither read nor written through", async () => {
    const repo = await adopted();
    // The real cache, moved out of the git dir, with every remembered policy forged to "no secret
    // guard", and .git/rampart made a symlink to it.
    const outside = join(repo.home, "elsewhere");
    renameSync(repo.path(".git/rampart"), outside);
    const file = join(outside, "policy-cache.json");
    const forged = JSON.parse(readFileSync(file, "utf8")) as Array<[string, Record<string, unknown>]>;
    expect(forged.length).toBeGreaterThan(0);
    for (const [, config] of forged) {
      config.hooks = { preCommit: { secrets: false }, commitMsg: { secrets: false } };
    }
    writeFileSync(file, JSON.stringify(forged));
    symlinkSync(outside, repo.path(".git/rampart"));
    const before = snapshot(outside);
    repo.write("deploy.ini", `aws_access_key_id = ${fakeAwsKey()}\n`);
    await repo.git(["add", "deploy.ini"]);
    const refused = await commit(repo, "feat: deploy");
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain("aws-access-key-id");
    expect(snapshot(outside)).toEqual(before);
    // Control: the same forged folder in its place (the git dir is trusted, like the hooks in it)
    // is read, so the refusal above is the symlink check's doing.
    rmSync(repo.path(".git/rampart"));
    renameSync(outside, repo.path(".git/rampart"));
    expect((await commit(repo, "feat: deploy")).exitCode).toBe(0);
  });

  it("commitlint's remembered configuration follows an edit of the config; its case rules and ignores still run", async () => {
    const repo = await adopted();
    expect(commitlintCache(repo)).not.toBe("");
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    const cased = await commit(repo, "feat: Start Case Subject");
    expect(cased.exitCode).not.toBe(0);
    expect(cased.stderr).toContain("commitlint/subject-case");
    repo.write(
      "commitlint.config.mjs",
      'export default { extends: ["@commitlint/config-conventional"], rules: { "subject-min-length": [2, "always", 30] } };\n',
    );
    const short = await commit(repo, "feat: two");
    expect(short.exitCode).not.toBe(0);
    expect(short.stderr).toContain("commitlint/subject-min-length");
    expect((await commit(repo, "feat: a subject long enough for the new rule")).exitCode).toBe(0);
    // commitlint's default ignores (semver.valid: a release commit) still apply.
    repo.write("index.js", "3;\n");
    await repo.git(["add", "index.js"]);
    expect((await commit(repo, "1.2.3")).exitCode).toBe(0);
  });

  it("commitlint's remembered configuration follows a preset that the project's preset extends", async () => {
    // The project extends @acme/commitlint-config, which extends @acme/commitlint-base (both
    // installed packages), which extends config-conventional and sets the subject's minimum
    // length. The base is installed as pnpm does: a link into a store folder per version.
    const repo = await adopted();
    const base = (version: string, min: number) => {
      const dir = `node_modules/.pnpm/@acme+commitlint-base@${version}/node_modules/@acme/commitlint-base`;
      repo.write(`${dir}/package.json`, JSON.stringify({ name: "@acme/commitlint-base", version }));
      repo.write(
        `${dir}/index.js`,
        `module.exports = { extends: ["@commitlint/config-conventional"], rules: { "subject-min-length": [2, "always", ${min}] } };\n`,
      );
      rmSync(repo.path("node_modules/@acme/commitlint-base"), { force: true });
      symlinkSync(repo.path(dir), repo.path("node_modules/@acme/commitlint-base"));
    };
    repo.write(
      "node_modules/@acme/commitlint-config/package.json",
      JSON.stringify({ name: "@acme/commitlint-config", version: "1.0.0" }),
    );
    repo.write(
      "node_modules/@acme/commitlint-config/index.js",
      'module.exports = { extends: ["@acme/commitlint-base"] };\n',
    );
    base("1.0.0", 5);
    repo.write("commitlint.config.mjs", 'export default { extends: ["@acme/commitlint-config"] };\n');
    await repo.git(["add", "commitlint.config.mjs"]);
    const tooShort = await commit(repo, "feat: abc");
    expect(tooShort.exitCode).not.toBe(0);
    expect(tooShort.stderr).toContain("commitlint/subject-min-length");
    expect((await commit(repo, "feat: nested preset")).exitCode).toBe(0);
    // Remembered, with the base among its inputs.
    expect(commitlintCache(repo)).toContain("@acme+commitlint-base@1.0.0");
    const short = async (n: number) => {
      repo.write("index.js", `${n};\n`);
      await repo.git(["add", "index.js"]);
      const r = await commit(repo, "feat: short subject");
      expect(r.exitCode, r.stderr).not.toBe(0);
      expect(r.stderr).toContain("commitlint/subject-min-length");
    };
    // Upgraded, pnpm's way (the old version stays in the store): the next message is judged by it.
    base("1.1.0", 15);
    await short(2);
    expect((await commit(repo, "feat: long enough for 1.1.0")).exitCode).toBe(0);
    // Upgraded in place, npm's way (same folder, a new version).
    repo.write(
      "node_modules/.pnpm/@acme+commitlint-base@1.1.0/node_modules/@acme/commitlint-base/package.json",
      JSON.stringify({ name: "@acme/commitlint-base", version: "1.2.0" }),
    );
    repo.write(
      "node_modules/.pnpm/@acme+commitlint-base@1.1.0/node_modules/@acme/commitlint-base/index.js",
      'module.exports = { extends: ["@commitlint/config-conventional"], rules: { "subject-min-length": [2, "always", 40] } };\n',
    );
    await short(3);
    expect((await commit(repo, "feat: a subject long enough for the preset's 1.2.0")).exitCode).toBe(0);
  });

  it("linked worktrees with different commitlint configs are each judged by their own", async () => {
    const repo = await adopted();
    const wt = join(repo.home, "wt");
    await repo.git(["worktree", "add", "-q", "-b", "wt", wt]);
    linkTools(wt);
    // A hook run in the main worktree gives the linked one husky's folder (core.hooksPath is relative).
    const hooks = await repo.gitResult(["commit", "--allow-empty", "-m", "chore: hooks for the linked worktree"]);
    expect(hooks.exitCode, hooks.stderr).toBe(0);
    writeFileSync(
      join(wt, "commitlint.config.mjs"),
      'export default { extends: ["@commitlint/config-conventional"], rules: { "subject-min-length": [2, "always", 30] } };\n',
    );
    await repo.git(["-C", wt, "add", "commitlint.config.mjs"]);
    const inWt = (message: string) => repo.gitResult(["-C", wt, "commit", "--allow-empty", "-m", message]);
    expect((await inWt("chore: a stricter commitlint config for this worktree")).exitCode).toBe(0);
    for (let round = 0; round < 2; round++) {
      // Each worktree's config remembered in turn: neither is ever served to the other.
      const main = await repo.gitResult(["commit", "--allow-empty", "-m", "feat: short one"]);
      expect(main.exitCode, main.stderr).toBe(0);
      const linked = await inWt("feat: short one");
      expect(linked.exitCode, linked.stderr).not.toBe(0);
      expect(linked.stderr).toContain("commitlint/subject-min-length");
    }
    // Per worktree: its own config's entry and its HEAD's copy's (a module config judges from HEAD's copy).
    expect(commitlintCache(repo).split("\n").length).toBe(4);
  });

  it("commitlint configs computed on each load (function rules, plugins) are never served from memory", async () => {
    const repo = await adopted();
    // A scopes preset in the manner of @commitlint/config-workspace-scopes: the allowed scopes are
    // the folders under packages/, read when the config loads.
    repo.write("packages/api/index.js", "1;\n");
    repo.write(
      "commitlint.config.mjs",
      [
        'import { readdirSync } from "node:fs";',
        "export default {",
        '  extends: ["@commitlint/config-conventional"],',
        '  rules: { "scope-enum": async () => [2, "always", readdirSync("packages")] },',
        "};",
        "",
      ].join("\n"),
    );
    await repo.git(["add", "-A"]);
    expect((await commit(repo, "feat(api): scopes from the workspace")).exitCode).toBe(0);
    // Kept as computed on each load: loaded again every time (only lint's resolutions are reused).
    expect(commitlintCache(repo)).toContain('"dynamic":true');
    repo.write("packages/web/index.js", "1;\n");
    await repo.git(["add", "-A"]);
    const web = await commit(repo, "feat(web): a package added since");
    expect(web.exitCode, web.stderr).toBe(0);
    repo.write("packages/web/index.js", "2;\n");
    await repo.git(["add", "-A"]);
    const unknown = await commit(repo, "feat(cli): no such package");
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toContain("commitlint/scope-enum");
    // The same as a config that is a function.
    repo.write(
      "commitlint.config.mjs",
      [
        'import { readdirSync } from "node:fs";',
        "export default async () => ({",
        '  extends: ["@commitlint/config-conventional"],',
        '  rules: { "scope-enum": [2, "always", readdirSync("packages")] },',
        "});",
        "",
      ].join("\n"),
    );
    await repo.git(["add", "-A"]);
    expect((await commit(repo, "feat(web): scopes from a function config")).exitCode).toBe(0);
    repo.write("packages/cli/index.js", "1;\n");
    await repo.git(["add", "-A"]);
    const cli = await commit(repo, "feat(cli): a package added since");
    expect(cli.exitCode, cli.stderr).toBe(0);
    // A local plugin: its rule is the plugin's current code.
    const plugin = (word: string) =>
      repo.write(
        "commitlint-plugin.mjs",
        `export default { rules: { "no-word": (parsed) => [!String(parsed.subject).includes(${JSON.stringify(word)}), "no ${word}"] } };\n`,
      );
    plugin("wip");
    repo.write(
      "commitlint.config.mjs",
      [
        'import local from "./commitlint-plugin.mjs";',
        'export default { extends: ["@commitlint/config-conventional"], plugins: [local], rules: { "no-word": [2, "always"] } };',
        "",
      ].join("\n"),
    );
    await repo.git(["add", "-A"]);
    const wip = await commit(repo, "feat: wip plugin");
    expect(wip.exitCode).not.toBe(0);
    expect(wip.stderr).toContain("commitlint/no-word");
    const plugged = await commit(repo, "feat: a plugin");
    expect(plugged.exitCode, plugged.stderr).toBe(0);
    plugin("todo");
    repo.write("index.js", "2;\n");
    await repo.git(["add", "-A"]);
    const todo = await commit(repo, "feat: todo after the plugin changed");
    expect(todo.exitCode).not.toBe(0);
    expect(todo.stderr).toContain("commitlint/no-word");
  });

  it("lint-staged starts only when a staged file matches one of its tasks (or another config may)", async () => {
    const repo = await initRepo();
    const bench = join(repoRoot, "bench", "node_modules");
    symlinkSync(join(bench, "lint-staged"), repo.path("node_modules/lint-staged"));
    symlinkSync(join(bench, ".bin", "lint-staged"), repo.path("node_modules/.bin/lint-staged"));
    const task = (mark: string) => `node -e "require('fs').appendFileSync('${mark}', 'x')"`;
    repo.write("lint-staged.config.mjs", `export default ${JSON.stringify({ "*.js": task(".ran") })};\n`);
    repo.write(".gitignore", "node_modules\n.ran\ndocs/.ran\n");
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
    // lint-staged runs in rampart's process (or as its bin): either way it says what it does
    // (backing up, or preparing when rampart keeps the backup), and started with nothing to do it
    // says that no staged file matches.
    const started = (r: { stderr: string }) =>
      /Backing up original state|Preparing lint-staged|No staged files match/.test(r.stderr);

    repo.write("README.md", "docs\n");
    await repo.git(["add", "README.md"]);
    const none = await commit(repo, "docs: readme");
    expect(none.exitCode, `${none.stdout}${none.stderr}`).toBe(0);
    expect(started(none), none.stderr).toBe(false);
    expect(existsSync(repo.path(".ran"))).toBe(false);

    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    const two = await commit(repo, "feat: two");
    expect(two.exitCode, `${two.stdout}${two.stderr}`).toBe(0);
    expect(started(two), two.stderr).toBe(true);
    expect(existsSync(repo.path(".ran"))).toBe(true);

    // A config nearer to the staged file: rampart does not judge it, lint-staged runs (once the
    // config is committed: the commit adding it is judged by HEAD's, trusted-policy.test.ts).
    repo.write("docs/.lintstagedrc.json", `${JSON.stringify({ "*.md": task(".ran") })}\n`);
    await repo.git(["add", "docs"]);
    const config = await commit(repo, "chore: docs tasks");
    expect(config.exitCode, `${config.stdout}${config.stderr}`).toBe(0);
    repo.write("docs/guide.md", "guide\n");
    await repo.git(["add", "docs"]);
    const docs = await commit(repo, "docs: guide");
    expect(docs.exitCode, `${docs.stdout}${docs.stderr}`).toBe(0);
    expect(started(docs), docs.stderr).toBe(true);
    expect(existsSync(repo.path("docs/.ran"))).toBe(true);
  });
});

describe("what pre-commit read at HEAD, kept for the commit-msg of the same commit", () => {
  /** The git commands the hooks of one `git commit` ran (GIT_TRACE), by hook. */
  async function traced(repo: GitRepo, message: string) {
    const trace = repo.path(".git/trace.log");
    rmSync(trace, { force: true });
    const r = await repo.gitResult(["commit", "-m", message], { env: { ...repo.env, GIT_TRACE: trace } });
    const byHook: Record<string, string[]> = {};
    let hook = "";
    for (const line of readFileSync(trace, "utf8").split("\n")) {
      const run = /run_command: .*\.husky\/_\/([\w-]+)/.exec(line);
      if (run) hook = run[1] ?? "";
      const builtin = /trace: built-in: git (\S+)/.exec(line);
      if (builtin && hook !== "") byHook[hook] = [...(byHook[hook] ?? []), builtin[1] ?? ""];
    }
    return { r, byHook };
  }

  it("commit-msg starts no git process when HEAD is the commit pre-commit read", async () => {
    const repo = await adopted();
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    const { r, byHook } = await traced(repo, "feat: two");
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    expect(byHook["pre-commit"]).toEqual(expect.arrayContaining(["diff", "cat-file"]));
    expect(byHook["commit-msg"] ?? []).toEqual([]);
  });

  it("a record of another commit is never served: a rule HEAD no longer disables finds the key in a message", async () => {
    const repo = await adopted();
    const policy = readFileSync(repo.path(".rampart/config.yaml"), "utf8");
    const disabled = `${policy}\nsecrets:\n  disableRules: [aws-access-key-id]\n`;
    repo.write(".rampart/config.yaml", disabled);
    await repo.git(["add", ".rampart/config.yaml"]);
    await repo.git(["commit", "-qm", "chore: aws rule off", "--no-verify"]);
    const message = repo.path(".git/MSG");
    writeFileSync(message, `feat: deploy\n\naws_access_key_id = ${fakeAwsKey()}\n`);
    const hook = (name: string, ...args: string[]) => runCli(["hook", name, ...args], { cwd: repo.dir, env: repo.env });
    // pre-commit at this HEAD records its policy; commit-msg at the same HEAD: the rule is off.
    repo.write("index.js", "2;\n");
    await repo.git(["add", "index.js"]);
    expect((await hook("pre-commit")).exitCode).toBe(0);
    const record = JSON.parse(readFileSync(repo.path(".git/rampart/trusted-head.json"), "utf8"));
    const [, type, content] = record.objects["HEAD:.rampart/config.yaml"];
    expect(type).toBe("blob");
    expect(Buffer.from(content, "base64").toString("utf8")).toContain("disableRules: [aws-access-key-id]");
    const off = await hook("commit-msg", message);
    expect(off.exitCode, off.stderr).toBe(0);
    // HEAD moves on (a commit without hooks) to a policy with the rule on: the record is HEAD~1's.
    repo.write(".rampart/config.yaml", policy);
    await repo.git(["commit", "-qam", "chore: aws rule on", "--no-verify"]);
    const on = await hook("commit-msg", message);
    expect(on.exitCode).toBe(1);
    expect(on.stdout + on.stderr).toContain("aws-access-key-id");
    expect(on.stdout + on.stderr).not.toContain(fakeAwsKey());
  });
});
