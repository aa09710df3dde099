import { existsSync, readFileSync, rmSync } from "node:fs";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, test } from "vitest";
import { parsePushLines, pushSide, remoteDefaultOnce } from "../src/pre-push.js";

const A = "a".repeat(40);
const Z = "0".repeat(40);
const S = "b".repeat(64);

test("one parser for git's pre-push lines: SHA-1 and SHA-256 ids, blank lines skipped", () => {
  expect(parsePushLines([`refs/heads/x ${A} refs/heads/x ${Z}`, "", `refs/heads/y ${S} refs/heads/y ${S}`])).toEqual([
    { localRef: "refs/heads/x", localOid: A, remoteRef: "refs/heads/x", remoteOid: Z },
    { localRef: "refs/heads/y", localOid: S, remoteRef: "refs/heads/y", remoteOid: S },
  ]);
});

test.each([
  `refs/heads/x ${A}`,
  `refs/heads/x ${A} refs/heads/x ${A} extra`,
  `refs/heads/x ${A.slice(1)}g refs/heads/x ${A}`,
  `refs/heads/x ${A} refs/heads/x ${"c".repeat(41)}`,
])("a malformed line (%s) is a usage error naming line 2", (line) => {
  expect(() => parsePushLines([`refs/heads/ok ${A} refs/heads/ok ${A}`, line])).toThrow(
    expect.objectContaining({ code: "USAGE_INVALID", line: 2 }),
  );
});

describe("the remote's default branch, looked up once per push", () => {
  /** A clone that knows the remote by a name added after (no origin/HEAD): the remote must say. */
  async function pushing() {
    const remote = await gitRepo({}, { bare: true });
    const repo = await gitRepo({ "a.txt": "a\n" });
    await repo.git(["remote", "add", "origin", remote.dir]);
    await repo.git(["push", "-q", "origin", "main"]);
    const tip = await repo.git(["rev-parse", "main"]);
    for (const branch of ["x", "y"]) {
      await repo.git(["checkout", "-q", "-b", branch, "main"]);
      repo.write(`${branch}.txt`, `${branch}\n`);
      await repo.commit(`feat: ${branch}`);
    }
    const line = async (branch: string) =>
      `refs/heads/${branch} ${await repo.git(["rev-parse", branch])} refs/heads/${branch} ${Z}`;
    const refs = parsePushLines([await line("x"), await line("y"), `refs/heads/gone ${Z} refs/heads/gone ${tip}`]);
    const trace = repo.path("..", "git-trace.log");
    const options = { cwd: repo.dir, env: { ...repo.env, GIT_TRACE: trace } };
    /** `git ls-remote` processes started since the last call. */
    const asked = () => {
      const n = existsSync(trace) ? readFileSync(trace, "utf8").match(/built-in: git ls-remote /g)?.length : 0;
      rmSync(trace, { force: true });
      return n ?? 0;
    };
    return { remote, refs, tip, options, asked };
  }

  test("every pushed ref of one push shares one ls-remote, and each is judged by the remote's default branch", async () => {
    const { refs, tip, options, asked } = await pushing();
    const judgeOf = remoteDefaultOnce("origin", options);
    const sides = await Promise.all(refs.map((ref) => pushSide(ref, "origin", options, judgeOf)));
    expect(sides.map((s) => s && { trusted: s.trusted, unknown: s.unknown })).toEqual([
      { trusted: tip, unknown: undefined },
      { trusted: tip, unknown: undefined },
      undefined, // a deletion adds nothing
    ]);
    expect(asked()).toBe(1);
    // A second step of the same push (the signature check) asks nobody.
    await pushSide(refs[0]!, "origin", options, judgeOf);
    expect(asked()).toBe(0);
    // Without the push's lookup, each ref asks on its own; a deletion alone never asks.
    await pushSide(refs[0]!, "origin", options);
    await pushSide(refs[1]!, "origin", options);
    expect(asked()).toBe(2);
    await pushSide(refs[2]!, "origin", options, remoteDefaultOnce("origin", options));
    expect(asked()).toBe(0);
  });

  test("a default branch the remote does not name is unknown for every ref of the push, as before (the defaults judge)", async () => {
    const { remote, refs, options, asked } = await pushing();
    await remote.git(["symbolic-ref", "HEAD", "refs/heads/none"]);
    const judgeOf = remoteDefaultOnce("origin", options);
    const sides = await Promise.all(refs.slice(0, 2).map((ref) => pushSide(ref, "origin", options, judgeOf)));
    expect(sides.map((s) => s && { trusted: s.trusted, unknown: s.unknown })).toEqual([
      { trusted: undefined, unknown: true },
      { trusted: undefined, unknown: true },
    ]);
    expect(asked()).toBe(1);
    // A remote that cannot be asked at all: unknown too, once.
    const gone = remoteDefaultOnce(remote.path("..", "missing.git"), options);
    const unreachable = await Promise.all(
      refs.slice(0, 2).map((ref) => pushSide(ref, remote.path("..", "missing.git"), options, gone)),
    );
    expect(unreachable.map((s) => s && { trusted: s.trusted, unknown: s.unknown })).toEqual([
      { trusted: undefined, unknown: true },
      { trusted: undefined, unknown: true },
    ]);
    expect(asked()).toBe(1);
  });
});
