import { join } from "node:path";
import { expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine } from "./fixtures.js";
import { makeSshKey } from "./keys.js";

test("a tag is judged by the tagged commit's parent's policy: the tagged commit cannot trust its own tagger", async () => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  const mallory = await makeSshKey(join(repo.home, "keys"), "mallory");
  repo.write(
    ".rampart/allowed_signers",
    signerLine("alice@example.org", keys.alice!) + signerLine("mallory@example.org", mallory),
  );
  await commit("trust mallory too", keys.alice);
  await repo.git(["-c", "gpg.format=ssh", "-c", `user.signingkey=${mallory.path}`, "tag", "-s", "-m", "v1", "v1"]);
  await repo.git(["-c", "gpg.format=ssh", "-c", `user.signingkey=${keys.alice!.path}`, "tag", "-s", "-m", "v2", "v2"]);
  const r = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", tags: ["v1", "v2"], cache: false });
  const verdict = (t: string) => r.verdicts.find((x) => x.subject === `tag ${t}`)?.verdict;
  expect(verdict("v1")).toBe("unknown-key");
  expect(verdict("v2")).toBe("good");
});
