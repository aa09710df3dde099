import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeAwsKey, initRepo } from "./linked.js";

// git cuts a commit message at its scissors line only with `git commit -v` (or commit.verbose) or
// --cleanup=scissors when an editor runs; the commit-msg hook cannot see either. Real git, real
// husky hooks, the built CLI: what git commits below a scissors line is judged; the diff
// `git commit -v` writes there does not fail a commit whose staged change the pre-commit hook
// accepted.

const SCISSORS = "# ------------------------ >8 ------------------------";

const POLICY =
  "version: 1\nsignatures:\n  required: false\nhooks:\n  preCommit:\n    lintStaged: false\n  prePush:\n    signatures: false\nsecrets:\n  ignorePaths: ['fixtures/**']\n";

async function adopted() {
  const repo = await initRepo("recommended");
  repo.write(".rampart/config.yaml", POLICY);
  await repo.git(["add", "-A"]);
  const first = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
  expect(first.exitCode, first.stderr).toBe(0);
  return repo;
}

/** An editor that puts a subject above what git wrote (its template, the -v diff) and keeps the rest. */
function subjectEditor(dir: string): string {
  const script = join(dir, "editor.sh");
  writeFileSync(script, '#!/bin/sh\nprintf "chore: edited\\n\\n" > "$1.new"\ncat "$1" >> "$1.new"\nmv "$1.new" "$1"\n');
  chmodSync(script, 0o755);
  return script;
}

describe("commit-msg: the scissors line", () => {
  it("a key below a scissors line git keeps is refused, however the message was given", async () => {
    const repo = await adopted();
    const key = fakeAwsKey();
    repo.write("message.txt", `chore: notes\n\n${SCISSORS}\nused ${key}\n`);
    const editor = { ...repo.env, GIT_EDITOR: "true" };
    const ways: Array<{ args: string[]; env?: NodeJS.ProcessEnv }> = [
      { args: ["-m", "chore: notes", "-m", SCISSORS, "-m", `used ${key}`] },
      { args: ["-F", "message.txt"] },
      // An editor with the default cleanup (strip): the scissors line is a comment, what follows is kept.
      { args: ["-e", "-F", "message.txt"], env: editor },
      { args: ["--cleanup=whitespace", "-e", "-F", "message.txt"], env: editor },
      { args: ["--cleanup=verbatim", "-F", "message.txt"] },
      { args: ["--cleanup=strip", "-F", "message.txt"] },
      // scissors without an editor is whitespace: git does not cut.
      { args: ["--cleanup=scissors", "-F", "message.txt"] },
      { args: ["-c", "commit.cleanup=scissors", "-m", "chore: notes", "-m", SCISSORS, "-m", `used ${key}`] },
    ];
    for (const { args, env } of ways) {
      const [config, rest] = args[0] === "-c" ? [args.slice(0, 2), args.slice(2)] : [[], args];
      const run = (extra: string[]) =>
        repo.gitResult([...config, "commit", "--allow-empty", ...extra, ...rest], env ? { env } : {});
      const r = await run([]);
      expect({ args, exit: r.exitCode === 0 }).toEqual({ args, exit: false });
      expect(r.stderr, args.join(" ")).toContain("aws-access-key-id");
      expect(`${r.stdout}${r.stderr}`).not.toContain(key);
      // What the hook refused is what git commits: past the hooks, the key is in the message.
      const skipped = await run(["--no-verify"]);
      expect(skipped.exitCode, skipped.stderr).toBe(0);
      expect(await repo.git(["log", "-1", "--format=%B"]), args.join(" ")).toContain(key);
      await repo.git(["reset", "-q", "--soft", "HEAD~1"]);
    }
  });

  it("git commit -v passes with a staged key the policy accepts, its diff below the scissors", async () => {
    const repo = await adopted();
    const key = fakeAwsKey();
    // The key's line is the hunk's function context (@@ … @@ aws_access_key_id = …) of the later edit.
    const body = Array.from({ length: 12 }, (_, i) => `  - ${i}`).join("\n");
    repo.write("fixtures/deploy.ini", `aws_access_key_id = ${key}\n${body}\n`);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "test: fixture"]);
    repo.write("fixtures/deploy.ini", `aws_access_key_id = ${key}\n${body}\nmore\n`);
    repo.write("fixtures/other.ini", `aws_access_key_id = ${key}\n`);
    await repo.git(["add", "-A"]);
    const env = { ...repo.env, GIT_EDITOR: subjectEditor(repo.home) };
    for (const args of [["-v"], ["-vv"], ["--cleanup=scissors", "-v"], ["-v", "--amend"]]) {
      const r = await repo.gitResult(["commit", ...args], { env });
      expect(r.exitCode, `${args.join(" ")}: ${r.stdout}${r.stderr}`).toBe(0);
      expect(await repo.git(["log", "-1", "--format=%B"])).not.toContain(key);
      await repo.git(["reset", "-q", "--soft", "HEAD~1"]);
    }
    // A key typed below the diff is not the staged change's: judged as message text.
    const typed = join(repo.home, "typed.sh");
    const other = `${key.slice(0, -1)}R`;
    writeFileSync(
      typed,
      `#!/bin/sh\nprintf 'chore: edited\\n' > "$1.new"\ncat "$1" >> "$1.new"\necho "+used ${other}" >> "$1.new"\nmv "$1.new" "$1"\n`,
    );
    chmodSync(typed, 0o755);
    const r = await repo.gitResult(["commit", "-v"], { env: { ...repo.env, GIT_EDITOR: typed } });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain("aws-access-key-id");
  });
});
