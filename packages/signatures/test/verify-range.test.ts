import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine, tamper } from "./fixtures.js";
import { makeSshKey } from "./keys.js";

describe("differential: rampart's good/not-good equals git verify-commit (SSH)", () => {
  test("good, unsigned, unknown key, expired key, tampered", async () => {
    const { repo, keys, commit } = await signedRepo(["alice", "bob", "carol"], (k) =>
      [
        signerLine("alice@example.org", k.alice!),
        signerLine("bob@example.org", k.bob!, 'valid-before="20200101Z"'),
      ].join(""),
    );
    // ECDSA and RSA signers too: every key type node:crypto verifies, through real `git commit -S`.
    const more = {
      p256: await makeSshKey(repo.home, "p256", "ecdsa", 256),
      p384: await makeSshKey(repo.home, "p384", "ecdsa", 384),
      p521: await makeSshKey(repo.home, "p521", "ecdsa", 521),
      rsa: await makeSshKey(repo.home, "rsa", "rsa", 2048),
    };
    const extra = Object.entries(more).map(([name, key]) => signerLine(`${name}@example.org`, key));
    repo.write(
      ".rampart/allowed_signers",
      readFileSync(repo.path(".rampart/allowed_signers"), "utf8") + extra.join(""),
    );
    const ids: string[] = [];
    ids.push(await commit("good by alice (and she adds four signers)", keys.alice));
    ids.push(await commit("unsigned"));
    ids.push(await commit("unknown key", keys.carol));
    ids.push(await commit("expired key", keys.bob));
    const signed = await commit("to be tampered", keys.alice);
    const tampered = await tamper(repo, signed);
    await repo.git(["update-ref", "HEAD", tampered]);
    ids.push(tampered);
    ids.push(await commit("good again on top", keys.alice));
    ids.push(await commit("good by alice, with a Signed-off-by trailer", keys.alice, ["-s"]));
    for (const key of Object.values(more)) ids.push(await commit(`signed by ${key.publicLine.split(" ")[0]}`, key));

    const allowed = join(repo.home, "allowed_signers");
    writeFileSync(allowed, `${await repo.git(["show", "HEAD:.rampart/allowed_signers"])}\n`);
    const result = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache: false });
    const verdicts = new Map(result.verdicts.map((v) => [v.commit, v.verdict]));
    const expected = [
      "good",
      "unsigned",
      "unknown-key",
      "key-expired",
      "bad-signature",
      "good",
      "good",
      "good",
      "good",
      "good",
      "good",
    ];
    for (const [i, id] of ids.entries()) {
      const git = await repo.gitResult(["-c", `gpg.ssh.allowedSignersFile=${allowed}`, "verify-commit", id]);
      expect({ id: i, good: verdicts.get(id) === "good" }).toEqual({ id: i, good: git.exitCode === 0 });
      expect({ id: i, verdict: verdicts.get(id) }).toEqual({ id: i, verdict: expected[i] });
    }
    expect(result.ok).toBe(false);
    expect(result.stats).toMatchObject({ commits: 12, exempt: 0, good: 8 }); // no trust root: the root is judged
    // The unknown key is named, with its kind and the command that accepts it.
    const unknown = result.findings.find((f) => f.ruleId === "signatures/unknown-key" && f.commit === ids[2]);
    const carolFpr = result.verdicts.find((v) => v.commit === ids[2])?.fingerprint ?? "";
    expect(carolFpr).toMatch(/^SHA256:/);
    expect(unknown?.message).toContain(`: SSH key ${carolFpr}`);
    expect(unknown?.hint).toContain("rampart signatures add <principal> <key.pub>");
  });
});

test("x509/gitsign signatures are reported as unsupported, not guessed", async () => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  const head = await commit("good", keys.alice);
  const tree = await repo.git(["rev-parse", "HEAD^{tree}"]);
  const fake = "-----BEGIN SIGNED MESSAGE-----\n MIIB\n -----END SIGNED MESSAGE-----";
  const body = `tree ${tree}\nparent ${head}\nauthor A <a@example.org> 1700000000 +0000\ncommitter A <a@example.org> 1700000000 +0000\ngpgsig ${fake}\n\nx509\n`;
  const id = await repo.git(["hash-object", "-t", "commit", "-w", "--stdin"], { input: body });
  const r = await verifyRange({ cwd: repo.dir, env: repo.env, range: id, cache: false });
  expect(r.verdicts[0]).toMatchObject({ commit: id, verdict: "unsupported" });
  expect(r.findings[0]?.message).toMatch(/verify them in CI/);
});

test("SHA-256 repositories: gpgsig-sha256 headers and 32-byte tree ids", async () => {
  const { repo, keys } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  const dir = repo.path("..", "sha256");
  await repo.git(["init", "-q", "--object-format=sha256", "-b", "main", dir]);
  const env = repo.env;
  const run = (args: string[]) => repo.git(["-C", dir, ...args], { env });
  await run(["config", "user.email", "a@example.org"]);
  await run(["config", "user.name", "A"]);
  writeFileSync(`${dir}/README`, "x\n");
  await run(["add", "-A"]);
  await run(["commit", "-q", "-m", "root"]);
  mkdirSync(`${dir}/.rampart`);
  writeFileSync(`${dir}/.rampart/allowed_signers`, signerLine("alice@example.org", keys.alice!));
  // the trust root is a 64-hex id here
  writeFileSync(`${dir}/.rampart/config.yaml`, `signatures:\n  since: ${await run(["rev-parse", "HEAD"])}\n`);
  await run(["add", "-A"]);
  const sign = ["-c", "gpg.format=ssh", "-c", `user.signingkey=${keys.alice!.path}`];
  await run([...sign, "commit", "-q", "-S", "-m", "adopt"]);
  await run([...sign, "commit", "-q", "-S", "--allow-empty", "-m", "signed"]);
  await run(["commit", "-q", "--allow-empty", "-m", "unsigned"]);
  expect(await run(["cat-file", "commit", "HEAD~1"])).toMatch(/^gpgsig-sha256 /m);
  const r = await verifyRange({ cwd: dir, env, range: "HEAD", cache: false });
  expect(r.verdicts.map((v) => v.verdict)).toEqual(["unsigned", "good", "good", "exempt"]);
});
