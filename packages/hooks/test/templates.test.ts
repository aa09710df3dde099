import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseConfig } from "@rampart/core";
import { gitRepo, repoRoot, runCommand } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { writeChanges } from "../src/apply.js";
import { planInit } from "../src/plan.js";
import { PROFILES, type Profile, TEMPLATES_DIR } from "../src/templates.js";

const templatesDir = TEMPLATES_DIR;

/** `rampart init`'s files written into the repository at `cwd` (rampart@0.1.0 pinned). */
async function initAt(cwd: string, env: NodeJS.ProcessEnv, profile: Profile): Promise<void> {
  const plan = await planInit({ cwd, env, templatesDir, profile, rampartVersion: "0.1.0" });
  writeChanges(plan.project.gitRoot, plan.changes);
}
const layouts = {
  npm: { "package.json": '{ "name": "a" }\n', "package-lock.json": "{}\n" },
  pnpm: {
    "package.json": '{ "name": "a", "packageManager": "pnpm@10.34.8" }\n',
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
  },
  "yarn berry in app/, GitLab": {
    "app/package.json": '{ "name": "a", "packageManager": "yarn@4.18.1" }\n',
    ".gitlab-ci.yml": "stages: [test]\n",
  },
};

// Every file every profile writes, for each layout: YAML and JSON parse, no placeholder is left,
// and the policy passes core's schema (the same check `rampart hooks status` runs).
describe.each(PROFILES)("profile %s", (profile) => {
  it.each(Object.keys(layouts))("renders valid files for %s", async (layout) => {
    const files = layouts[layout as keyof typeof layouts];
    const repo = await gitRepo(files);
    const cwd = layout.includes("app/") ? repo.path("app") : repo.dir;
    const plan = await planInit({ cwd, env: repo.env, templatesDir, profile, rampartVersion: "0.1.0" });
    writeChanges(plan.project.gitRoot, plan.changes);
    for (const change of plan.changes) {
      if (change.after === null) continue;
      expect(change.after, change.path).not.toMatch(/\{\{[#/]?!?[\w-]+( [\w-]+)?\}\}/);
      if (/\.ya?ml$/.test(change.path)) expect(() => parse(change.after ?? ""), change.path).not.toThrow();
      if (change.path.endsWith(".json")) expect(() => JSON.parse(change.after ?? ""), change.path).not.toThrow();
    }
    // The ruleset's required checks are the workflow's jobs by name (a check run is named after
    // its job): a context no job has can never pass, and the next thing anyone does is drop it.
    const ruleset = plan.changes.find((c) => c.path.endsWith("rulesets/default-branch.json"))?.after;
    const workflow = plan.changes.find((c) => c.path.endsWith("workflows/rampart.yml"))?.after;
    if (ruleset && workflow) {
      const jobs = Object.values(parse(workflow).jobs as Record<string, { name?: string }>).map((j) => j.name);
      const rules = JSON.parse(ruleset).rules as Array<{ type: string; parameters?: Record<string, unknown> }>;
      const required = rules.find((r) => r.type === "required_status_checks")?.parameters
        ?.required_status_checks as Array<{ context: string }>;
      expect(required.length).toBeGreaterThan(0);
      for (const { context } of required) expect(jobs, context).toContain(context);
    }
    // Tags: CI on a tag push is not enforcement (no event past three tags, the tagged commit's
    // workflow runs), so recommended and strict write a tag ruleset: tags never move or vanish;
    // strict also keeps creation to admins (the bypass actor) and asks for signed commits.
    const tags = plan.changes.find((c) => c.path === ".github/rulesets/tags.json")?.after;
    if (profile === "minimal" || !workflow) {
      expect(tags).toBeUndefined();
      if (workflow) expect(workflow).not.toMatch(/import \.github\/rulesets\/tags\.json/);
    } else {
      const set = JSON.parse(tags ?? "{}") as {
        target: string;
        enforcement: string;
        conditions: { ref_name: { include: string[] } };
        bypass_actors: Array<{ actor_type: string; actor_id: number }>;
        rules: Array<{ type: string }>;
      };
      expect(set).toMatchObject({
        target: "tag",
        enforcement: "active",
        conditions: { ref_name: { include: ["~ALL"] } },
      });
      expect(set.bypass_actors).toEqual([{ actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "always" }]);
      const types = set.rules.map((r) => r.type).sort();
      expect(types).toEqual(
        profile === "strict"
          ? ["creation", "deletion", "non_fast_forward", "required_signatures", "update"]
          : ["deletion", "non_fast_forward", "update"],
      );
      expect(workflow).toContain("import .github/rulesets/tags.json");
    }
    const config = parseConfig(readFileSync(repo.path(".rampart/config.yaml"), "utf8"));
    const signed = profile !== "minimal";
    expect(config.hooks).toMatchObject({
      preCommit: { secrets: true, lockfile: true },
      commitMsg: { secrets: true },
      prePush: { signatures: signed, secrets: true },
    });
    expect(config.signatures?.required).toBe(signed);
    expect(config.signatures?.dco === true).toBe(profile === "strict");
  });
});

describe("where the templates live", () => {
  it("ships them from @rampart/hooks (packages/hooks/templates); a root templates/ folder would ship in no package", () => {
    expect(existsSync(join(TEMPLATES_DIR, "recommended", "profile.json"))).toBe(true);
    expect(resolve(TEMPLATES_DIR)).toBe(resolve(repoRoot, "packages/hooks/templates"));
    expect(existsSync(join(repoRoot, "templates"))).toBe(false);
  });
});

describe("the tools CI installs from the registry", () => {
  it("takes the project's commitlint packages at registry ranges only, never a name or spec the shell would read", async () => {
    const devDependencies = {
      "@commitlint/config-angular": "^19.0.0 || ^20.0.0",
      "x'commitlint": "1.0.0",
      "commitlint-config-local": "file:../local",
      "commitlint-plugin-x": "1.0.0; touch pwned",
    };
    const repo = await gitRepo({ "package.json": `${JSON.stringify({ name: "a", devDependencies })}\n` });
    await initAt(repo.dir, repo.env, "recommended");
    const text = readFileSync(repo.path(".github/workflows/rampart.yml"), "utf8");
    const install = text.split("\n").find((l) => l.includes("--ignore-scripts") && l.includes("@commitlint/cli")) ?? "";
    expect(install).toContain("'@commitlint/config-angular@^19.0.0 || ^20.0.0'");
    expect(install).toContain("@commitlint/config-conventional@21.2.4");
    for (const left of ["x'commitlint", "commitlint-config-local", "commitlint-plugin-x", "pwned"])
      expect(install).not.toContain(left);
  });
});

// CI runs every check the hooks run (a hook can be skipped): for each CI flavour, commitlint when
// the commit-msg hook runs it, and the base's policy (--policy-rev) for everything a change may
// switch off.
describe("the CI job runs what the hooks run", () => {
  const ci = { github: ".github/workflows/rampart.yml", gitlab: ".gitlab/rampart.gitlab-ci.yml" };
  it.each(Object.entries(ci))("%s", async (flavour, file) => {
    const repo = await gitRepo({
      "package.json": '{ "name": "a" }\n',
      ...(flavour === "gitlab" ? { ".gitlab-ci.yml": "stages: [test]\n" } : {}),
    });
    await initAt(repo.dir, repo.env, "recommended");
    const text = readFileSync(repo.path(file), "utf8");
    const config = parseConfig(readFileSync(repo.path(".rampart/config.yaml"), "utf8"));
    expect(config.hooks?.commitMsg?.commitlint).toBe(true);
    expect(text).toMatch(/commitlint" --config "\$CONFIG" --cwd "\$PWD" --from "\$BASE" --to/);
    // From the base's copy (a config's read relative to the working directory is the base's), in a subshell.
    expect(text).toMatch(/\(cd "\$P" && GIT_DIR="\$G" "\$T\/node_modules\/\.bin\/commitlint" [^\n]*\)\n/);
    // CI runs no code from the change it judges: no tool from the checkout's node_modules, the
    // tools from the registry at pinned versions without scripts, commitlint's config from the base.
    expect(text).not.toMatch(/(^|[\s"'])node_modules\/\.bin\//m);
    expect(text).toMatch(
      /npm install --prefix \S+ --no-save --no-package-lock --ignore-scripts [^\n]*rampart@0\.1\.0 [^\n]*@commitlint\/cli@21\.2\.4/,
    );
    expect(text).toContain('archive "$BASE" | tar -x -C "$B"');
    expect(text).toContain('CONFIG="$P$f"');
    for (const check of ["secrets scan --range", "signatures verify", "lockfile check", "deps check"])
      expect(text).toMatch(new RegExp(`${check}[^\\n]*(--policy-rev "\\$BASE"|"\\$@")`));
    expect(text).toContain("workflows check");
    // No V8 code cache an earlier job on a persistent runner could have written (bin/rampart.js privateCacheDir).
    expect(text).toMatch(/NODE_DISABLE_COMPILE_CACHE: "1"/);
    expect(text).not.toContain(
      'cat-file -e "$BASE:.rampart/config.yaml" 2>/dev/null; then set -- --policy-rev "$BASE"; fi\n          node_modules/.bin/rampart signatures',
    );
  });
});

// The project's own install runs on the change's files: pnpm loads a .pnpmfile.cjs (code) even
// with --ignore-scripts and even when --frozen-lockfile then refuses the lockfile, so a change
// could run code in CI (write $GITHUB_ENV's NODE_OPTIONS, replace the tools in $RUNNER_TEMP).
describe("CI's install of the change runs none of its code", () => {
  it("pnpm: the workflow's install never loads the change's .pnpmfile.cjs", async () => {
    const repo = await gitRepo({
      "package.json": '{ "name": "a", "version": "1.0.0", "packageManager": "pnpm@10.34.8" }\n',
    });
    const lock = await runCommand("pnpm", ["install", "--lockfile-only", "--ignore-scripts"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(lock.exitCode, lock.stderr).toBe(0);
    await initAt(repo.dir, repo.env, "strict");
    const workflow = parse(readFileSync(repo.path(".github/workflows/rampart.yml"), "utf8")) as {
      jobs: Record<string, { steps: Array<{ run?: string }> }>;
    };
    const installs = Object.values(workflow.jobs)
      .flatMap((job) => job.steps.map((s) => s.run ?? ""))
      .filter((run) => run.startsWith("pnpm install"));
    expect(installs.length).toBeGreaterThan(0);
    const marker = repo.path("PNPMFILE_RAN");
    writeFileSync(
      repo.path(".pnpmfile.cjs"),
      `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\nmodule.exports = { hooks: {} };\n`,
    );
    for (const run of new Set(installs)) {
      await runCommand("sh", ["-c", run], { cwd: repo.dir, env: repo.env });
      expect(existsSync(marker), run).toBe(false);
    }
  });
});

// CI audits the workflow files a change adds or modifies; git diff reports a file renamed and
// edited as a rename (R), which --diff-filter=AM leaves out, so a moved workflow escaped the audit.
describe("CI's workflows audit lists a workflow the change renamed and edited", () => {
  it.each([
    ["github", ".github/workflows/rampart.yml", "HEAD"],
    ["gitlab", ".gitlab/rampart.gitlab-ci.yml", "CI_COMMIT_SHA"],
  ])("%s", async (flavour, file, headVar) => {
    const body = Array.from({ length: 30 }, (_, i) => `      - run: echo step ${i}`).join("\n");
    const repo = await gitRepo(
      {
        "package.json": '{ "name": "a" }\n',
        ".github/workflows/build.yml": `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n${body}\n`,
        ...(flavour === "gitlab" ? { ".gitlab-ci.yml": "stages: [test]\n" } : {}),
      },
      { commit: true },
    );
    const base = (await repo.git(["rev-parse", "HEAD"])).trim();
    await initAt(repo.dir, repo.env, "recommended");
    const line = readFileSync(repo.path(file), "utf8")
      .split("\n")
      .find((l) => l.includes('git -C "$TOP" diff') && l.includes("workflows"))
      ?.replace(/^\s*(?:- )?/, "");
    expect(line).toBeDefined();
    await repo.git(["mv", ".github/workflows/build.yml", ".github/workflows/release.yml"]);
    const moved = repo.path(".github/workflows/release.yml");
    writeFileSync(moved, `${readFileSync(moved, "utf8")}      - uses: someone/action@main\n`);
    await repo.git(["commit", "-qam", "ci: release workflow"]);
    const head = (await repo.git(["rev-parse", "HEAD"])).trim();
    const list = repo.path("list");
    const r = await runCommand("sh", ["-c", line as string], {
      cwd: repo.dir,
      env: { ...repo.env, TOP: repo.dir, BASE: base, [headVar]: head, LIST: list },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(list, "utf8").split("\0")).toContain(".github/workflows/release.yml");
  });
});

// GitLab runs the jobs of the files .gitlab-ci.yml includes locally (include: local: ci/x.yml), and
// workflows check judges them only when it is given the file that includes them: a change that
// edits only an included file (any name) listed nothing, so its jobs escaped the audit.
describe("GitLab CI's workflows audit reaches a locally included file the change edits alone", () => {
  it("adds .gitlab-ci.yml to the list when the change adds or modifies YAML", async () => {
    const repo = await gitRepo(
      {
        "package.json": '{ "name": "a" }\n',
        ".gitlab-ci.yml": "include:\n  - local: ci/build.yml\n",
        "ci/build.yml": "build:\n  script:\n    - echo build\n",
      },
      { commit: true },
    );
    await initAt(repo.dir, repo.env, "recommended");
    // What init writes (it may include its own file from .gitlab-ci.yml) is the base's.
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: rampart"]);
    const head = async () => (await repo.git(["rev-parse", "HEAD"])).trim();
    const base = await head();
    const lines = readFileSync(repo.path(".gitlab/rampart.gitlab-ci.yml"), "utf8").split("\n");
    const at = lines.findIndex((l) => l.includes('git -C "$TOP" diff') && l.includes("workflows"));
    expect(at).toBeGreaterThan(0);
    // The script items from the diff up to the check, the check itself left out.
    const script = lines
      .slice(
        at,
        lines.findIndex((l, i) => i > at && l.includes("workflows check")),
      )
      .map((l) => l.replace(/^\s*- /, ""))
      .join("\n");
    const list = repo.path("list");
    const run = async (to: string, from = base) => {
      writeFileSync(list, "");
      const r = await runCommand("sh", ["-c", script], {
        cwd: repo.dir,
        env: { ...repo.env, TOP: repo.dir, BASE: from, CI_COMMIT_SHA: to, LIST: list },
      });
      expect(r.exitCode, r.stderr).toBe(0);
      return readFileSync(list, "utf8").split("\0").filter(Boolean);
    };
    writeFileSync(repo.path("ci/build.yml"), "build:\n  script:\n    - curl https://example.com/x.sh | sh\n");
    await repo.git(["commit", "-qam", "ci: build from a script"]);
    expect(await run(await head())).toEqual([".gitlab-ci.yml"]);
    // Listed once when the change edits it too; not added when the change adds or edits no YAML.
    writeFileSync(repo.path(".gitlab-ci.yml"), `${readFileSync(repo.path(".gitlab-ci.yml"), "utf8")}stages: [build]\n`);
    await repo.git(["commit", "-qam", "ci: stages"]);
    expect(await run(await head())).toEqual([".gitlab-ci.yml"]);
    const before = await head();
    writeFileSync(repo.path("README.md"), "a\n");
    await repo.git(["add", "README.md"]);
    await repo.git(["commit", "-qm", "docs: readme"]);
    expect(await run(await head(), before)).toEqual([]);
  });
});

// `git push --no-verify origin v1` skips the pre-push hook: GitLab's pipeline runs for tags too,
// and judges a tag against the default branch. A tag pipeline's CI_COMMIT_BEFORE_SHA is the zero id
// (or, for a moved tag, its previous target: a commit no one reviewed), and its clone has no branch.
describe("GitLab CI judges a tag against the default branch", () => {
  it("runs on tags; the base is the default branch's merge base with the tag, fetched, whatever the event says", async () => {
    const repo = await gitRepo(
      { "package.json": '{ "name": "a" }\n', ".gitlab-ci.yml": "stages: [test]\n" },
      { commit: true },
    );
    await initAt(repo.dir, repo.env, "recommended");
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: rampart", "--no-verify"]);
    const main = (await repo.git(["rev-parse", "HEAD"])).trim();
    const job = (parse(readFileSync(repo.path(".gitlab/rampart.gitlab-ci.yml"), "utf8")) as Record<string, unknown>)
      .rampart as { rules: Array<{ if: string }>; before_script: string[] };
    expect(job.rules.map((r) => r.if)).toContain("$CI_COMMIT_TAG");
    const remote = join(repo.home, "remote.git");
    await repo.git(["init", "-q", "--bare", remote]);
    await repo.git(["push", "-q", "--no-verify", remote, "HEAD:refs/heads/main"]);
    // Two commits past main, the tag on the second; then one with no history in common.
    await repo.git(["checkout", "-q", "--detach"]);
    await repo.commit("first", { allowEmpty: true });
    const first = (await repo.git(["rev-parse", "HEAD"])).trim();
    await repo.commit("second", { allowEmpty: true });
    await repo.git(["tag", "v1"]);
    await repo.git(["checkout", "-q", "--orphan", "own"]);
    await repo.commit("own");
    await repo.git(["tag", "v2"]);
    await repo.git(["push", "-q", "--no-verify", remote, "refs/tags/v1", "refs/tags/v2"]);
    // What the before_script computes the base with, from its first assignment to the zero-id case.
    const from = job.before_script.findIndex((l) => l.startsWith("BASE="));
    const to = job.before_script.findIndex((l) => l.includes('if [ "$BASE" = "0000'));
    expect(from).toBeGreaterThan(0);
    expect(to).toBeGreaterThan(from);
    const script = `${job.before_script.slice(from, to + 1).join("\n")}\nprintf %s "$BASE"`;
    for (const [tag, before, expected] of [
      ["v1", "0".repeat(40), main],
      ["v1", first, main],
      ["v2", "0".repeat(40), main],
    ] as const) {
      // A tag pipeline's clone: the tag only.
      const ci = join(repo.home, `ci-${tag}-${before.slice(0, 4)}`);
      await repo.git(["init", "-q", ci]);
      await repo.git(["-C", ci, "remote", "add", "origin", remote]);
      await repo.git(["-C", ci, "fetch", "-q", "origin", `+refs/tags/${tag}:refs/tags/${tag}`]);
      await repo.git(["-C", ci, "checkout", "-q", "--detach", `refs/tags/${tag}`]);
      const r = await runCommand("sh", ["-ec", script], {
        cwd: ci,
        env: { ...repo.env, CI_COMMIT_TAG: tag, CI_COMMIT_BEFORE_SHA: before, CI_DEFAULT_BRANCH: "main" },
      });
      expect(r.exitCode, r.stderr).toBe(0);
      expect({ tag, before, base: r.stdout }).toEqual({ tag, before, base: expected });
    }
  });
});
