import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../helpers/src/index.js";
import { parseYaml, runWorkflow, type StepResult } from "./ci-runner.js";
import { ciTools, initRepo } from "./linked.js";

type Repo = Awaited<ReturnType<typeof initRepo>>;

/** A project with GitHub and GitLab CI: init writes both pipelines, and each test runs both. */
const WITH_GITLAB = {
  ".gitlab-ci.yml": "stages: [test]\n",
  ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n",
};

/** Stages everything and commits past the hooks: CI is where a skipped commit-msg hook is caught. */
async function commit(repo: Repo, message: string): Promise<string> {
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "--allow-empty", "-m", message, "--no-verify"]);
  return (await repo.git(["rev-parse", "HEAD"])).trim();
}

/** A fresh runner temp (the tools linked into it) for each CI run of a test. */
let runs = 0;
const runnerTemp = (repo: Repo): string => ciTools(join(repo.home, `runner-temp-${++runs}`));

/** The GitHub workflow's base step and commit-messages step, for a push of `before..sha`. */
async function githubMessages(repo: Repo, before: string, sha: string): Promise<StepResult> {
  const steps = await runWorkflow(
    repo.path(".github/workflows/rampart.yml"),
    repo.dir,
    { ...repo.env, RUNNER_TEMP: runnerTemp(repo) },
    { before, sha },
    (step) => !/^(base \(the trusted side\)|commit messages)/.test(step.name ?? ""),
  );
  const base = steps.find((s) => s.step.startsWith("base"));
  expect(base?.exitCode, base?.output).toBe(0);
  const step = steps.find((s) => s.step.startsWith("commit messages"));
  if (step === undefined) throw new Error(`no commit-messages step ran: ${JSON.stringify(steps)}`);
  return step;
}

/** The GitLab job's commitlint script item, with its tools folder in the sandbox rather than /tmp. */
async function gitlabMessages(repo: Repo, base: string, sha: string): Promise<{ exitCode: number; output: string }> {
  const job = (
    parseYaml(readFileSync(repo.path(".gitlab/rampart.gitlab-ci.yml"), "utf8")) as Record<string, { script: string[] }>
  ).rampart;
  const item = job?.script.find((line) => line.includes("/.bin/commitlint"));
  if (item === undefined) throw new Error("the GitLab job has no commitlint item");
  const tools = join(runnerTemp(repo), "rampart");
  expect(item).toContain("T=/tmp/rampart-tools\n");
  const script = item.replace("T=/tmp/rampart-tools\n", `T=${tools}\n`);
  const r = await runCommand("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd: repo.dir,
    env: { ...repo.env, BASE: base, CI_COMMIT_SHA: sha },
  });
  return { exitCode: r.exitCode, output: `${r.stdout}${r.stderr}` };
}

/**
 * CI's commit-messages step (SRC-5) runs commitlint over every commit a push adds, with the base's
 * config: a `--no-verify` commit skipped the hook, and the change's own config is code it chose.
 */
describe("CI judges the pushed commits' messages by the base's commitlint config", () => {
  it("a message the base's config refuses fails the step, though the change relaxed its own config", async () => {
    const repo = await initRepo("recommended", WITH_GITLAB);
    const base = await commit(repo, "chore: adopt rampart");
    writeFileSync(repo.path("commitlint.config.mjs"), "export default { rules: {} };\n");
    await commit(repo, "Relax everything");
    const head = await commit(repo, "fixed stuff");

    const step = await githubMessages(repo, base, head);
    expect(step.exitCode, step.output).not.toBe(0);
    expect(step.output).toContain("fixed stuff");
    expect(step.output).toMatch(/type-empty|subject-empty/);

    const gitlab = await gitlabMessages(repo, base, head);
    expect(gitlab.exitCode, gitlab.output).not.toBe(0);
    expect(gitlab.output).toContain("fixed stuff");
  });

  it("conventional messages pass (the step can pass: it is not failing on something else)", async () => {
    const repo = await initRepo("recommended", WITH_GITLAB);
    const base = await commit(repo, "chore: adopt rampart");
    repo.write("src/a.js", "1;\n");
    await commit(repo, "feat: add a");
    const head = await commit(repo, "fix(a): handle the empty case");

    const step = await githubMessages(repo, base, head);
    expect(step.exitCode, step.output).toBe(0);
    const gitlab = await gitlabMessages(repo, base, head);
    expect(gitlab.exitCode, gitlab.output).toBe(0);
  });

  it("the base's package.json `commitlint` key comes before its config files, as commitlint reads them", async () => {
    const repo = await initRepo("recommended", WITH_GITLAB);
    // The key allows only `feat`; the file (init's) would allow `chore` too.
    const manifest = JSON.parse(readFileSync(repo.path("package.json"), "utf8"));
    manifest.commitlint = {
      extends: ["@commitlint/config-conventional"],
      rules: { "type-enum": [2, "always", ["feat"]] },
    };
    writeFileSync(repo.path("package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const base = await commit(repo, "feat: adopt rampart");
    const head = await commit(repo, "chore: tidy");

    const step = await githubMessages(repo, base, head);
    expect(step.exitCode, step.output).not.toBe(0);
    expect(step.output).toContain("type-enum");
    const gitlab = await gitlabMessages(repo, base, head);
    expect(gitlab.exitCode, gitlab.output).not.toBe(0);
    expect(gitlab.output).toContain("type-enum");
  });

  it("the base's package.yaml `commitlint` key (commitlint reads it after package.json's, before the files) judges, not the change's edit of it", async () => {
    const repo = await initRepo("recommended", WITH_GITLAB);
    // The key allows only `feat`; the file (init's) would allow `chore` too.
    repo.write(
      "package.yaml",
      "name: shop\ncommitlint:\n  extends: ['@commitlint/config-conventional']\n  rules:\n    type-enum: [2, always, [feat]]\n",
    );
    const base = await commit(repo, "feat: adopt rampart");
    // The change relaxes its own copy of the key.
    repo.write("package.yaml", "name: shop\ncommitlint:\n  rules: {}\n");
    const head = await commit(repo, "chore: tidy");

    const step = await githubMessages(repo, base, head);
    expect(step.exitCode, step.output).not.toBe(0);
    expect(step.output).toContain("type-enum");
    const gitlab = await gitlabMessages(repo, base, head);
    expect(gitlab.exitCode, gitlab.output).not.toBe(0);
    expect(gitlab.output).toContain("type-enum");
  });

  it("a base without a config (the change adopts one) is judged by config-conventional, and says so", async () => {
    const repo = await initRepo("recommended", WITH_GITLAB);
    rmSync(repo.path("commitlint.config.mjs"));
    const base = await commit(repo, "chore: adopt rampart");
    // The change adopts a config that allows anything.
    writeFileSync(repo.path("commitlint.config.mjs"), "export default { rules: {} };\n");
    const head = await commit(repo, "whatever I like");

    const step = await githubMessages(repo, base, head);
    expect(step.exitCode, step.output).not.toBe(0);
    expect(step.output).toContain(
      "has no commitlint config; the messages are judged by @commitlint/config-conventional",
    );
    expect(step.output).toContain("whatever I like");
    const gitlab = await gitlabMessages(repo, base, head);
    expect(gitlab.exitCode, gitlab.output).not.toBe(0);
    expect(gitlab.output).toContain("has no commitlint config");
  });

  it("a base config that extends a file of its own beside it is run with that file as the base has it", async () => {
    const repo = await initRepo("recommended", WITH_GITLAB);
    repo.write(
      "commitlint.base.mjs",
      'export default { extends: ["@commitlint/config-conventional"], rules: { "scope-empty": [2, "never"] } };\n',
    );
    writeFileSync(repo.path("commitlint.config.mjs"), 'export default { extends: ["./commitlint.base.mjs"] };\n');
    const base = await commit(repo, "chore(repo): adopt rampart");
    // The change relaxes the extended file only; its messages have no scope.
    writeFileSync(repo.path("commitlint.base.mjs"), "export default { rules: {} };\n");
    await commit(repo, "chore(repo): relax");
    const head = await commit(repo, "feat: no scope");

    const step = await githubMessages(repo, base, head);
    expect(step.exitCode, step.output).toBe(1);
    expect(step.output).toContain("scope-empty");
    expect(step.output).toContain("feat: no scope");
    const gitlab = await gitlabMessages(repo, base, head);
    expect(gitlab.exitCode, gitlab.output).toBe(1);
    expect(gitlab.output).toContain("scope-empty");
  });

  it("a base config reading a file relative to the working directory reads the base's, not the change's", async () => {
    const repo = await initRepo("recommended", WITH_GITLAB);
    repo.write("commit-types.json", '["feat", "fix", "chore"]\n');
    writeFileSync(
      repo.path("commitlint.config.mjs"),
      'import { readFileSync } from "node:fs";\nexport default { extends: ["@commitlint/config-conventional"], rules: { "type-enum": [2, "always", JSON.parse(readFileSync("commit-types.json", "utf8"))] } };\n',
    );
    const base = await commit(repo, "chore: adopt");
    // The change allows a type of its own in the file the base's config reads.
    repo.write("commit-types.json", '["feat", "fix", "chore", "yolo"]\n');
    const head = await commit(repo, "yolo: anything goes");

    const step = await githubMessages(repo, base, head);
    expect(step.exitCode, step.output).toBe(1);
    expect(step.output).toContain("type-enum");
    const gitlab = await gitlabMessages(repo, base, head);
    expect(gitlab.exitCode, gitlab.output).toBe(1);
    expect(gitlab.output).toContain("type-enum");
  });

  it("a base config extending a file in a subfolder loads it from the base too", async () => {
    const repo = await initRepo("recommended", WITH_GITLAB);
    mkdirSync(repo.path("tools"), { recursive: true });
    repo.write(
      "tools/commitlint-rules.mjs",
      'export default { extends: ["@commitlint/config-conventional"], rules: { "subject-max-length": [2, "always", 12] } };\n',
    );
    writeFileSync(
      repo.path("commitlint.config.mjs"),
      'export default { extends: ["./tools/commitlint-rules.mjs"] };\n',
    );
    const base = await commit(repo, "chore: adopt");
    const head = await commit(repo, "feat: a subject that is long");

    const step = await githubMessages(repo, base, head);
    expect(step.exitCode, step.output).toBe(1);
    expect(step.output).toContain("subject-max-length");
  });
});
