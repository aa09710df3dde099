import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type GitRepo, gitRepo, runCli } from "@rampart/test-helpers";
import { describe, expect, it, onTestFinished } from "vitest";
import { tagTextToScan } from "../src/armour.js";
import { scanHistory } from "../src/history.js";
import { scanRefs } from "../src/objects.js";
import { awsAccessKeyId, githubToken, tokenLine } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

/** A fresh ed25519 OpenPGP signing key (gpg --batch) in its own GNUPGHOME; the agent stops after the test. */
function gpgKey(repo: GitRepo): { env: NodeJS.ProcessEnv; fingerprint: string } {
  const home = join(repo.home, "gnupg");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const env = { ...repo.env, GNUPGHOME: home };
  execFileSync(
    "gpg",
    ["--batch", "--quiet", "--passphrase", "", "--quick-gen-key", "T <t@example.org>", "ed25519", "sign"],
    {
      env,
      stdio: "pipe",
    },
  );
  onTestFinished(() => {
    try {
      execFileSync("gpgconf", ["--kill", "gpg-agent"], { env, stdio: "pipe" });
    } catch {}
  });
  const list = execFileSync("gpg", ["--batch", "--with-colons", "--list-keys"], { env, encoding: "utf8" });
  return { env, fingerprint: /^fpr:+([0-9A-F]{40}):/m.exec(list)?.[1] ?? "" };
}

function sshKey(repo: GitRepo): string {
  const path = join(repo.home, "signing");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "t", "-f", path]);
  return path;
}

const files = (r: { findings: Array<{ file?: string; severity: string }> }) =>
  r.findings
    .filter((f) => f.severity === "error")
    .map((f) => f.file)
    .sort();

describe("a tag's signature block is left out only when it is the armour git signs with", () => {
  it("a key after a fake BEGIN line is found (pre-push's scanRefs, --all-history, the CLI); real gpg and ssh signatures give nothing", async () => {
    const repo = await gitRepo({ "a.txt": "a\n" });
    const gpg = gpgKey(repo);
    const ssh = sshKey(repo);
    const sign = (fmt: string, key: string) => ["-c", `gpg.format=${fmt}`, "-c", `user.signingkey=${key}`];
    const key = (n: number) => tokenLine(githubToken(n)).trimEnd();
    // Unsigned: a fake PGP block, an SSH one, a PGP SIGNED MESSAGE one, an armour-shaped block
    // whose data is no signature, a real-looking END line followed by more text.
    await repo.git(["tag", "-a", "fake-pgp", "-m", `x\n-----BEGIN PGP SIGNATURE-----\n${key(1)}`]);
    await repo.git([
      "tag",
      "-a",
      "fake-ssh",
      "-m",
      `x\n-----BEGIN SSH SIGNATURE-----\n\n${key(2)}\n-----END SSH SIGNATURE-----`,
    ]);
    await repo.git(["tag", "-a", "fake-signed", "-m", `x\n-----BEGIN SIGNED MESSAGE-----\n${key(3)}`]);
    await repo.git([
      "tag",
      "-a",
      "not-sig",
      "-m",
      `x\n${key(4)}\n-----BEGIN PGP SIGNATURE-----\n\nQUJDRA==\n-----END PGP SIGNATURE-----`,
    ]);
    // Signed for real: clean messages give nothing; a fake block before the real one hides nothing.
    await repo.git([...sign("openpgp", gpg.fingerprint), "tag", "-s", "gpg-clean", "-m", "release 1"], {
      env: gpg.env,
    });
    await repo.git([...sign("ssh", ssh), "tag", "-s", "ssh-clean", "-m", "release 2"]);
    await repo.git(
      [
        ...sign("openpgp", gpg.fingerprint),
        "tag",
        "-s",
        "gpg-hides",
        "-m",
        `y\n-----BEGIN PGP SIGNATURE-----\n${key(5)}`,
      ],
      { env: gpg.env },
    );
    await repo.git([
      ...sign("ssh", ssh),
      "tag",
      "-s",
      "ssh-hides",
      "-m",
      `z\n-----BEGIN SSH SIGNATURE-----\n${key(6)}`,
    ]);
    // git itself takes the last block as the signature, and verifies the real ones.
    await repo.git(["tag", "-v", "gpg-hides"], { env: gpg.env });
    const want = ["fake-pgp", "fake-signed", "fake-ssh", "gpg-hides", "not-sig", "ssh-hides"].map((t) => `tag ${t}`);
    const history = await scanHistory({ cwd: repo.dir, jobs: 1, ...noBaseline });
    expect(files(history)).toEqual(want);
    const tags = (await repo.git(["for-each-ref", "--format=%(objectname) %(refname)", "refs/tags"])).split("\n");
    const refs = tags.map((l) => ({ oid: l.split(" ")[0] as string, name: l.split(" ")[1] as string }));
    const pushed = await scanRefs({ cwd: repo.dir, refs, ...noBaseline });
    expect(files(pushed)).toEqual(want);
    const cli = await runCli(["secrets", "scan", "--all-history", "--format", "json"], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(cli.exitCode).toBe(1);
    expect(
      JSON.parse(cli.stdout)
        .findings.map((f: { file: string }) => f.file)
        .sort(),
    ).toEqual(want);
    // The key's line is counted from the message's first line.
    expect(history.findings.find((f) => f.file === "tag gpg-hides")?.line).toBe(3);
  });
});

describe("a commit's and a tag's headers are scanned, signatures left out only when they are armour", () => {
  it("a key in a mergetag, an author's or tagger's name or a fake gpgsig is found; real gpg and ssh signed commits and merged signed tags give nothing", async () => {
    const repo = await gitRepo({ "a.txt": "a\n" });
    const gpg = gpgKey(repo);
    const ssh = sshKey(repo);
    const sign = (fmt: string, key: string) => ["-c", `gpg.format=${fmt}`, "-c", `user.signingkey=${key}`];
    const key = (n: number) => tokenLine(githubToken(n)).trimEnd();
    const main = await repo.git(["symbolic-ref", "--short", "HEAD"]);
    // Clean, signed for real: commits, and a signed tag merged (git embeds it as a mergetag).
    await repo.git([...sign("openpgp", gpg.fingerprint), "commit", "-q", "-S", "--allow-empty", "-m", "gpg"], {
      env: gpg.env,
    });
    await repo.git([...sign("ssh", ssh), "commit", "-q", "-S", "--allow-empty", "-m", "ssh"]);
    await repo.git(["checkout", "-q", "-b", "side"]);
    await repo.git(["commit", "-q", "--allow-empty", "-m", "side 1"]);
    await repo.git([...sign("openpgp", gpg.fingerprint), "tag", "-s", "signed", "-m", "clean"], { env: gpg.env });
    await repo.git(["commit", "-q", "--allow-empty", "-m", "side 2"]);
    // git takes any tag with a BEGIN line as signed and embeds it whole in the merge: the tag
    // itself need never be pushed.
    await repo.git(["tag", "-a", "fake", "-m", `x\n${key(21)}\n-----BEGIN PGP SIGNATURE-----`]);
    await repo.git(["checkout", "-q", main]);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge signed", "signed"]);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge fake", "fake"]);
    const fakeMerge = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["tag", "-d", "fake", "signed"]);
    expect(await repo.git(["cat-file", "commit", "HEAD^2"])).not.toContain("mergetag");
    expect(await repo.git(["cat-file", "commit", "HEAD"])).toContain("mergetag object");
    // A name git accepts for the author; a tagger's; a gpgsig header that is no armour.
    await repo.git(["commit", "-q", "--allow-empty", "-m", "named"], {
      env: { ...repo.env, GIT_AUTHOR_NAME: key(22) },
    });
    const named = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["tag", "-a", "tagged", "-m", "clean"], { env: { ...repo.env, GIT_COMMITTER_NAME: key(23) } });
    const root = await repo.git(["rev-list", "--max-parents=0", "HEAD"]);
    const raw = await repo.git(["cat-file", "commit", root]);
    const forged = raw.replace(
      "\n\n",
      `\ngpgsig -----BEGIN SSH SIGNATURE-----\n ${key(24)}\n -----END SSH SIGNATURE-----\n\n`,
    );
    const sigged = await repo.git(["hash-object", "-t", "commit", "-w", "--stdin"], { input: forged });
    await repo.git(["update-ref", "refs/heads/forged", sigged]);
    const history = await scanHistory({ cwd: repo.dir, jobs: 1, ...noBaseline });
    const got = history.findings
      .filter((f) => f.severity === "error")
      .map((f) => [f.file, f.commit, f.line])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
    // Line numbers are those of `git cat-file`.
    const lineOf = async (type: string, id: string, n: number) =>
      (await repo.git(["cat-file", type, id])).split("\n").findIndex((l) => l.includes(githubToken(n))) + 1;
    const want = [
      ["commit headers", fakeMerge, await lineOf("commit", fakeMerge, 21)],
      ["commit headers", named, await lineOf("commit", named, 22)],
      ["commit headers", sigged, await lineOf("commit", sigged, 24)],
      ["tag tagged headers", undefined, await lineOf("tag", "tagged", 23)],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));
    expect(want.every((w) => (w[2] as number) > 1)).toBe(true);
    expect(got).toEqual(want);
    const cli = await runCli(["secrets", "scan", "--all-history"], { cwd: repo.dir, env: repo.env });
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout).toContain("commit headers");
  });
});

describe("tagTextToScan", () => {
  const pgp = (data: string, checksum?: string) =>
    [
      "-----BEGIN PGP SIGNATURE-----",
      "Comment: c",
      "",
      data,
      ...(checksum ? [checksum] : []),
      "-----END PGP SIGNATURE-----",
      "",
    ].join("\n");
  // A signature packet's first bytes (new format, tag 2), then filler.
  const data = Buffer.from([0xc2, 0x75, 4, 0, 22, 10, ...Array(40).fill(7)]).toString("base64");

  it("blanks armour's marker lines (keeping headers, base64 data and line numbers); keeps the whole text for anything else", () => {
    expect(tagTextToScan(`m\n${pgp(data)}`)).toBe(`m\n\nComment: c\n\n${data}`);
    expect(tagTextToScan(`m\n${pgp(data, "=AAAA")}`)).toBe(`m\n${pgp(data, "=AAAA").trimEnd()}`);
    expect(tagTextToScan(`m\n${pgp(`${data}x`)}`)).toBe(`m\n${pgp(`${data}x`).trimEnd()}`);
    const sshsig = (magic: string) =>
      `-----BEGIN SSH SIGNATURE-----\n${Buffer.from(`${magic}\0\0\0\x01`).toString("base64")}\n-----END SSH SIGNATURE-----\n`;
    const ssh = sshsig("SSHSIG");
    expect(tagTextToScan(`m\n${ssh}`)).toBe(`m\n\n${ssh.split("\n")[1]}`);
    expect(tagTextToScan(`m\n${ssh}tail\n`)).toBe(`m\n${ssh}tail`);
    expect(tagTextToScan(`m\n${sshsig("SSHSIX")}`)).toBe(`m\n${sshsig("SSHSIX").trimEnd()}`);
    // The first of two blocks is message text.
    expect(tagTextToScan(`m\n${ssh}${ssh}`)).toBe(`m\n${ssh}\n${ssh.split("\n")[1]}`);
  });

  it("a key id in armour's base64 lines is found: well-formed armour is text its writer chose", async () => {
    // A signature packet's first bytes, then an AKIA key id and a 40-character secret key as
    // lines of their own: canonical base64 of some bytes, no CRC line (optional), the END line last.
    const id = awsAccessKeyId(31);
    const lines = [Buffer.from([0xc2, 1, 2]).toString("base64"), id, "A".repeat(40)];
    expect(Buffer.from(lines.join(""), "base64").toString("base64")).toBe(lines.join(""));
    const armour = ["-----BEGIN PGP SIGNATURE-----", "", ...lines, "-----END PGP SIGNATURE-----"].join("\n");
    expect(tagTextToScan(`v1\n\n${armour}\n`).split("\n")).toContain(id);
    const repo = await gitRepo({ "a.txt": "a\n" });
    await repo.git(["tag", "-a", "v1", "-m", `release\n\n${armour}`]);
    const oid = (await repo.git(["rev-parse", "refs/tags/v1"])).trim();
    const pushed = await scanRefs({ cwd: repo.dir, refs: [{ oid, name: "refs/tags/v1" }], ...noBaseline });
    expect(pushed.findings.map((f) => [f.file, f.ruleId, f.line])).toEqual([["tag v1", "aws-access-key-id", 6]]);
    expect(JSON.stringify(pushed)).not.toContain(id);
  });
});
