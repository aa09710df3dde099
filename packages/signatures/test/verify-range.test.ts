import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine, tamper } from "./fixtures.js";

describe("differential: rampart's good/not-good equals git verify-commit (SSH)", () => {
  test("good, unsigned, unknown key, expired key, tampered", async () => {
    const { repo, keys, commit } = await signedRepo(["alice", "bob", "carol"], (k) =>
      [
        signerLine("alice@example.org", k.alice!),
        signerLine("bob@example.org", k.bob!, 'valid-before="20200101Z"'),
      ].join(""),
    );
    const ids: string[] = [];
    ids.push(await commit("good by alice", keys.alice));
    ids.push(await commit("unsigned"));
    ids.push(await commit("unknown key", keys.carol));
    ids.push(await commit("expired key", keys.bob));
    const signed = await commit("to be tampered", keys.alice);
    const tampered = await tamper(repo, signed);
    await repo.git(["update-ref", "HEAD", tampered]);
    ids.push(tampered);
    ids.push(await commit("good again on top", keys.alice));
    ids.push(await commit("good by alice, with a Signed-off-by trailer", keys.alice, ["-s"]));

    const allowed = join(repo.home, "allowed_signers");
    writeFileSync(allowed, `${await repo.git(["show", "HEAD:.rampart/allowed_signers"])}\n`);
    const result = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache: false });
    const verdicts = new Map(result.verdicts.map((v) => [v.commit, v.verdict]));
    const expected = ["good", "unsigned", "unknown-key", "key-expired", "bad-signature", "good", "good"];
    for (const [i, id] of ids.entries()) {
      const git = await repo.gitResult(["-c", `gpg.ssh.allowedSignersFile=${allowed}`, "verify-commit", id]);
      expect({ id: i, good: verdicts.get(id) === "good" }).toEqual({ id: i, good: git.exitCode === 0 });
      expect({ id: i, verdict: verdicts.get(id) }).toEqual({ id: i, verdict: expected[i] });
    }
    expect(result.ok).toBe(false);
    expect(result.stats).toMatchObject({ commits: 8, exempt: 1, good: 3 });
  });
});
