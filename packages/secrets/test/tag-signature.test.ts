import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type GitRepo, gitRepo, runCli } from "@rampart/test-helpers";
import { describe, expect, it, onTestFinished } from "vitest";
import { tagTextToScan } from "../src/armour.js";
import { scanHistory } from "../src/history.js";
import { scanRefs } from "../src/objects.js";
import { githubToken, tokenLine } from "./synthetic.js";

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

  it("blanks armour lines (keeping headers and line numbers); keeps the whole text for anything else", () => {
    expect(tagTextToScan(`m\n${pgp(data)}`)).toBe("m\n\nComment: c");
    expect(tagTextToScan(`m\n${pgp(data, "=AAAA")}`)).toBe(`m\n${pgp(data, "=AAAA").trimEnd()}`);
    expect(tagTextToScan(`m\n${pgp(`${data}x`)}`)).toBe(`m\n${pgp(`${data}x`).trimEnd()}`);
    const sshsig = (magic: string) =>
      `-----BEGIN SSH SIGNATURE-----\n${Buffer.from(`${magic}\0\0\0\x01`).toString("base64")}\n-----END SSH SIGNATURE-----\n`;
    const ssh = sshsig("SSHSIG");
    expect(tagTextToScan(`m\n${ssh}`)).toBe("m");
    expect(tagTextToScan(`m\n${ssh}tail\n`)).toBe(`m\n${ssh}tail`);
    expect(tagTextToScan(`m\n${sshsig("SSHSIX")}`)).toBe(`m\n${sshsig("SSHSIX").trimEnd()}`);
    // The first of two blocks is message text.
    expect(tagTextToScan(`m\n${ssh}${ssh}`)).toBe(`m\n${ssh}`.trimEnd());
  });
});
