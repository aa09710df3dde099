import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GitRepo } from "@rampart/test-helpers";
import { describe, expect, onTestFinished, test } from "vitest";
import { GpgKeyring } from "../src/gpg.js";
import { splitSignedCommit, verifyRange } from "../src/index.js";
import { signedRepo, tamper } from "./fixtures.js";
import { makeGpgKey, stopGpgAgent, type TestGpgKey } from "./keys.js";

const homes: string[] = [];

async function gpgCommit(repo: GitRepo, message: string, key: TestGpgKey): Promise<string> {
  const env = { ...repo.env, GNUPGHOME: key.home };
  await repo.git(["add", "-A"]);
  await repo.git(
    [
      "-c",
      "gpg.format=openpgp",
      "-c",
      `user.signingkey=${key.fingerprint}`,
      "commit",
      "-q",
      "-S",
      "--allow-empty",
      "-m",
      message,
    ],
    { env },
  );
  return repo.git(["rev-parse", "HEAD"]);
}

describe("differential: rampart's good/not-good equals git verify-commit (OpenPGP)", () => {
  test("good, unsigned, unknown key, expired key, tampered", async () => {
    const { repo, commit } = await signedRepo([], () => "");
    // Registered after the sandbox's cleanup, so it runs first: stop the agents signing started.
    onTestFinished(async () => {
      for (const h of homes.splice(0)) await stopGpgAgent(h);
    });
    const dir = join(repo.home, "gpg");
    const [alice, dave, eve] = await Promise.all(
      ["alice@example.org", "dave@example.org", "eve@example.org"].map((e) => makeGpgKey(dir, e)),
    );
    if (!alice || !dave || !eve) throw new Error("gpg keys");
    homes.push(alice.home, dave.home, eve.home);
    // eve's key expires a few seconds from now: valid while she signs, expired when we verify.
    const eveEnv = { ...process.env, GNUPGHOME: eve.home };
    execFileSync("gpg", ["--batch", "--passphrase", "", "--quick-set-expire", eve.fingerprint, "seconds=8"], {
      env: eveEnv,
      stdio: "pipe",
    });
    const expiresAt = Date.now() + 8000;
    const eveArmored = execFileSync("gpg", ["--batch", "--armor", "--export", eve.fingerprint], {
      env: eveEnv,
      encoding: "utf8",
    });
    repo.write(".rampart/keys/alice@example.org.asc", alice.armored);
    repo.write(".rampart/keys/eve@example.org.asc", eveArmored);
    // The adopting policy had no keys: nothing could sign for this first OpenPGP commit.
    const addKeys = await gpgCommit(repo, "trust alice and eve", alice);
    // eve signs first, while her key is still valid even on a slow machine.
    const ids = [await gpgCommit(repo, "eve, whose key is about to expire", eve)];
    ids.push(
      await gpgCommit(repo, "good by alice", alice),
      await commit("unsigned"),
      await gpgCommit(repo, "dave", dave),
    );
    const signed = await gpgCommit(repo, "to be tampered", alice);
    const tampered = await tamper(repo, signed);
    await repo.git(["update-ref", "HEAD", tampered]);
    ids.push(tampered, await gpgCommit(repo, "good by alice after", alice));
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now() + 1500)));

    // git's own view: a keyring with alice's and eve's public keys, trusted ultimately.
    const verifyHome = join(dir, "verify");
    mkdirSync(verifyHome, { recursive: true, mode: 0o700 });
    homes.push(verifyHome);
    const vEnv = { ...process.env, GNUPGHOME: verifyHome };
    for (const armored of [alice.armored, eveArmored])
      execFileSync("gpg", ["--batch", "--import"], { env: vEnv, input: armored, stdio: "pipe" });
    writeFileSync(join(dir, "trust"), `${alice.fingerprint}:6:\n${eve.fingerprint}:6:\n`);
    execFileSync("gpg", ["--batch", "--import-ownertrust", join(dir, "trust")], { env: vEnv, stdio: "pipe" });

    const result = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache: false });
    const verdicts = new Map(result.verdicts.map((v) => [v.commit, v.verdict]));
    const expected = ["key-expired", "good", "unsigned", "unknown-key", "bad-signature", "good"];
    for (const [i, id] of ids.entries()) {
      const git = await repo.gitResult(["verify-commit", id], { env: { ...repo.env, GNUPGHOME: verifyHome } });
      expect({ i, good: verdicts.get(id) === "good" }).toEqual({ i, good: git.exitCode === 0 });
      expect({ i, verdict: verdicts.get(id) }).toEqual({ i, verdict: expected[i] });
    }
    // The adopting policy lists no key: the commit adding the first ones is the trust root by design.
    expect(verdicts.get(addKeys)).toBe("exempt");
    expect(result.findings.filter((f) => f.ruleId === "signatures/no-signers")).toHaveLength(1);
    const daveFinding = result.findings.find((f) => f.ruleId === "signatures/unknown-key" && f.commit === ids[3]);
    expect(daveFinding?.message).toMatch(/: OpenPGP key [0-9A-F]{16,40}$/);
    expect(daveFinding?.hint).toMatch(/gpg --armor --export [0-9A-F]{16,40} > \.rampart\/keys\/<name>\.asc/);
    expect(result.verdicts.find((v) => v.commit === ids[1])?.principal).toBe("alice@example.org");
  });
});

test("the in-process OpenPGP check (Ed25519 and RSA) agrees with gpg on good, altered and unknown-key signatures", async () => {
  const { repo } = await signedRepo([], () => "");
  onTestFinished(async () => {
    for (const h of homes.splice(0)) await stopGpgAgent(h);
  });
  const dir = join(repo.home, "gpg");
  const ed = await makeGpgKey(dir, "ed@example.org");
  const rsa = await makeGpgKey(dir, "rsa@example.org", "never", "rsa2048");
  const other = await makeGpgKey(dir, "other@example.org");
  homes.push(ed.home, rsa.home, other.home);
  const keys = [ed, rsa].map((k) => ({ file: `.rampart/keys/${k.email}.asc`, principal: k.email, armored: k.armored }));
  const cases: Array<[string, Buffer]> = [];
  for (const key of [ed, rsa, other]) {
    const id = await gpgCommit(repo, `by ${key.email}`, key);
    const signed = splitSignedCommit(Buffer.from(`${await repo.git(["cat-file", "commit", id])}\n`));
    cases.push([signed.signature!, signed.payload]);
    cases.push([signed.signature!, Buffer.concat([signed.payload, Buffer.from("x")])]);
  }
  const fast = await GpgKeyring.create(keys);
  const slow = await GpgKeyring.create(keys, { inProcess: false });
  try {
    const a = await Promise.all(cases.map(([sig, payload]) => fast.verify(sig, payload)));
    const b = await Promise.all(cases.map(([sig, payload]) => slow.verify(sig, payload)));
    expect(a.map((x) => [x.status, x.principals?.[0]])).toEqual([
      ["good", "ed@example.org"],
      ["bad", undefined],
      ["good", "rsa@example.org"],
      ["bad", undefined],
      ["unknown-key", undefined],
      ["unknown-key", undefined],
    ]);
    expect([fast.gpgVerifications, slow.gpgVerifications]).toEqual([0, cases.length]);
    expect(a.map((x) => [x.status, x.principals, x.fingerprint])).toEqual(
      b.map((x) => [x.status, x.principals, x.status === "unknown-key" ? a[b.indexOf(x)]?.fingerprint : x.fingerprint]),
    );
  } finally {
    await fast.close();
    await slow.close();
  }
});

test("a revoked OpenPGP key is not allowed (gpg decides: the in-process path steps aside)", async () => {
  const { repo } = await signedRepo([], () => "");
  onTestFinished(async () => {
    for (const h of homes.splice(0)) await stopGpgAgent(h);
  });
  const dir = join(repo.home, "gpg");
  const alice = await makeGpgKey(dir, "alice@example.org");
  const mallory = await makeGpgKey(dir, "mallory@example.org");
  homes.push(alice.home, mallory.home);
  const good = await gpgCommit(repo, "alice", alice);
  const signed = splitSignedCommit(Buffer.from(`${await repo.git(["cat-file", "commit", good])}\n`));
  // mallory signs the same payload while her key is valid...
  const env = { ...process.env, GNUPGHOME: mallory.home };
  const payloadFile = join(dir, "payload");
  writeFileSync(payloadFile, signed.payload);
  const mallorySig = execFileSync(
    "gpg",
    ["--batch", "--armor", "--detach-sign", "--local-user", mallory.fingerprint, "--output", "-", payloadFile],
    {
      env,
      encoding: "utf8",
    },
  );
  // ...then her key is revoked (gpg keeps a revocation certificate for every new key).
  const cert = readFileSync(join(mallory.home, "openpgp-revocs.d", `${mallory.fingerprint}.rev`), "utf8").replace(
    /^:-----/m,
    "-----",
  );
  execFileSync("gpg", ["--batch", "--import"], { env, input: cert, stdio: "pipe" });
  const revoked = execFileSync("gpg", ["--batch", "--armor", "--export", mallory.fingerprint], {
    env,
    encoding: "utf8",
  });
  const ring = await GpgKeyring.create([
    { file: ".rampart/keys/alice@example.org.asc", principal: "alice@example.org", armored: alice.armored },
    { file: ".rampart/keys/mallory@example.org.asc", principal: "mallory@example.org", armored: revoked },
  ]);
  try {
    expect(await ring.verify(signed.signature!, signed.payload)).toMatchObject({ status: "good" });
    expect(await ring.verify(mallorySig, signed.payload)).toMatchObject({
      status: "key-not-allowed",
      detail: "the key is revoked",
    });
    expect(ring.gpgVerifications).toBe(1);
  } finally {
    await ring.close();
  }
});

test("an OpenPGP signature packet whose lengths run past its end is a bad signature for its commit; the range is still judged", async () => {
  const { repo } = await signedRepo([], () => "");
  onTestFinished(async () => {
    for (const h of homes.splice(0)) await stopGpgAgent(h);
  });
  const alice = await makeGpgKey(join(repo.home, "gpg"), "alice@example.org");
  homes.push(alice.home);
  repo.write(".rampart/keys/alice@example.org.asc", alice.armored);
  await gpgCommit(repo, "trust alice", alice);
  const armor = (packet: number[]) =>
    `-----BEGIN PGP SIGNATURE-----\n\n${Buffer.from(packet).toString("base64")}\n-----END PGP SIGNATURE-----\n`;
  // v4, binary document, EdDSA, SHA-256: then each length the packet gives is a lie.
  const head = [0x04, 0x00, 0x16, 0x08];
  const lies = [
    [...head, 0x00, 0x10], // a hashed area of 16 bytes in a packet that ends here
    [...head, 0x00, 0x02, 0xff, 0x02], // a subpacket with a 4-byte length and no room for it
    [...head, 0x00, 0x02, 0x01, 0x02], // a creation-time subpacket without its four bytes
    [...head, 0x00, 0x00, 0x00, 0x09], // an unhashed area past the end
  ].map((body) => armor([0x88, body.length, ...body]));
  const good = await gpgCommit(repo, "good by alice", alice);
  const signed = splitSignedCommit(Buffer.from(`${await repo.git(["cat-file", "commit", good])}\n`));
  const ring = await GpgKeyring.create([
    { file: ".rampart/keys/alice@example.org.asc", principal: "alice@example.org", armored: alice.armored },
  ]);
  try {
    for (const sig of lies) expect((await ring.verify(sig, signed.payload)).status).not.toBe("good");
  } finally {
    await ring.close();
  }
  // The same lies in commits: each is judged (not good), and so is the good commit after them.
  const raw = await repo.git(["cat-file", "commit", good]);
  const ids: string[] = [];
  let parent = good;
  for (const sig of lies) {
    const header = `gpgsig ${sig.trimEnd().split("\n").join("\n ")}`;
    const text = raw
      .replace(/^parent [0-9a-f]+$/m, `parent ${parent}`)
      .replace(/^gpgsig [^\n]*(?:\n [^\n]*)*/m, header);
    parent = await repo.git(["hash-object", "-t", "commit", "-w", "--stdin"], { input: `${text}\n` });
    ids.push(parent);
  }
  await repo.git(["update-ref", "HEAD", parent]);
  const after = await gpgCommit(repo, "good by alice after", alice);
  const result = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache: false });
  const verdicts = new Map(result.verdicts.map((v) => [v.commit, v.verdict]));
  expect(ids.map((id) => verdicts.get(id))).toEqual(ids.map(() => "bad-signature"));
  expect([verdicts.get(good), verdicts.get(after)]).toEqual(["good", "good"]);
});
