import { armoredSshSig, craftedKeyBlobs } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine } from "./fixtures.js";

// One commit whose SSHSIG carries a key that is no key (off-curve point, truncated RSA, wrong
// lengths, garbage) is a bad signature for that commit; every other commit is still judged.
test("a crafted key in one commit's signature is a bad signature there, the rest of the range is judged", async () => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  const first = await commit("good before", keys.alice);
  const crafted: Record<string, string> = {};
  for (const [name, blob] of Object.entries(craftedKeyBlobs())) {
    const head = await repo.git(["rev-parse", "HEAD"]);
    const tree = await repo.git(["rev-parse", "HEAD^{tree}"]);
    const sig = armoredSshSig(blob).split("\n").join("\n ");
    const who = "A <alice@example.org> 1700000000 +0000";
    const raw = `tree ${tree}\nparent ${head}\nauthor ${who}\ncommitter ${who}\ngpgsig ${sig}\n\n${name}\n`;
    const oid = await repo.git(["hash-object", "-t", "commit", "-w", "--stdin"], { input: raw });
    await repo.git(["update-ref", "HEAD", oid]);
    crafted[oid] = name;
  }
  const last = await commit("good after", keys.alice);
  const r = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD~12..HEAD", cache: false });
  const verdict = new Map(r.verdicts.map((v) => [v.commit, v.verdict]));
  expect(verdict.get(first)).toBe("good");
  expect(verdict.get(last)).toBe("good");
  for (const oid of Object.keys(crafted))
    expect([crafted[oid], verdict.get(oid)]).toEqual([crafted[oid], "bad-signature"]);
  expect(r.verdicts).toHaveLength(12);
});
