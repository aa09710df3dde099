import { gitRepo } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine, sshCommit } from "./fixtures.js";

// CI checkouts (actions/checkout, GitLab) fetch each pull request's head into refs/remotes/pull/*:
// such a ref does not make a commit "published", so its committer date is not trusted.
test("a back-dated commit signed by an expired key, reachable from refs/remotes/pull/*, is judged by the clock", async () => {
  const { repo, keys } = await signedRepo(["alice", "bob"], (k) =>
    [signerLine("alice@example.org", k.alice!), signerLine("bob@example.org", k.bob!, 'valid-before="20300101Z"')].join(
      "",
    ),
  );
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  await repo.git(["push", "-q", "origin", "main"]);
  const base = await repo.git(["rev-parse", "HEAD"]);
  await repo.git(["checkout", "-q", "-b", "feature"]);
  const bobs = await sshCommit(repo, "bob, back-dated", keys.bob, [], { GIT_COMMITTER_DATE: "2029-06-01T00:00:00Z" });
  // What a CI checkout of the pull request leaves behind.
  await repo.git(["push", "-q", "origin", "feature:refs/pull/7/head"]);
  await repo.git(["fetch", "-q", "origin", "+refs/pull/7/head:refs/remotes/pull/7/merge"]);
  await repo.git(["fetch", "-q", "origin", "+refs/pull/7/head:refs/remotes/origin/pull/7/head"]);
  const now = Date.UTC(2031, 0, 1);
  const judge = async (policyFrom?: string) => {
    const r = await verifyRange({
      cwd: repo.dir,
      env: repo.env,
      range: `${base}..HEAD`,
      now,
      cache: false,
      ...(policyFrom ? { policyFrom } : {}),
    });
    return r.verdicts.find((v) => v.commit === bobs)?.verdict;
  };
  expect(await judge()).toBe("key-expired");
  expect(await judge(base)).toBe("key-expired");
  // Once on the protected branch at the trusted revision, it was accepted then: its date counts.
  await repo.git(["push", "-q", "origin", "feature:main"]);
  await repo.git(["fetch", "-q", "origin"]);
  expect(await judge(bobs)).toBe("good");
  expect(await judge()).toBe("good");
});
