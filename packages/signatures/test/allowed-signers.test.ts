import { matchPatternList, parseAllowedSigners, parseSshTime } from "@rampart/core";
import { tempDir } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine } from "./fixtures.js";
import { makeSshKey } from "./keys.js";

test("parses principals, options and keys; bad lines become problems with their line number", async () => {
  const { dir } = tempDir();
  const a = (await makeSshKey(dir, "a")).publicLine;
  const b = (await makeSshKey(dir, "b", "ecdsa", 256)).publicLine;
  const text = [
    "# team signers",
    "",
    `"alice@example.org,al ice@example.org" ${a}`,
    `bob@example.org namespaces="git,file",valid-after="20240101",valid-before="20991231235959Z" ${b}`,
    `ca@example.org cert-authority ${a}`,
    "broken@example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB",
    `odd@example.org frobnicate ${a}`,
    `late@example.org valid-before="tomorrow" ${a}`,
  ].join("\n");
  const { entries, problems } = parseAllowedSigners(text, ".rampart/allowed_signers");
  expect(entries.map((e) => [e.line, e.principals, e.certAuthority])).toEqual([
    [3, ["alice@example.org", "al ice@example.org"], false],
    [4, ["bob@example.org"], false],
    [5, ["ca@example.org"], true],
  ]);
  expect(entries[1]).toMatchObject({ namespaces: ["git", "file"], validBefore: Date.UTC(2099, 11, 31, 23, 59, 59) });
  expect(problems.map((p) => p.line)).toEqual([6, 7, 8]);
  expect(problems[1]?.message).toMatch(/unknown option "frobnicate"/);
});

test("options ssh-keygen refuses (an unquoted value, an option given twice) make the line a problem, not a key trusted with the last value", async () => {
  const { dir } = tempDir();
  const a = (await makeSshKey(dir, "a")).publicLine;
  // Each of these lines makes `ssh-keygen -Y verify` refuse the key ("missing start quote",
  // "multiple ... clauses"); the last value would have allowed git.
  const lines = [
    `a@example.org namespaces=git ${a}`,
    `b@example.org valid-before=20991231 ${a}`,
    `c@example.org namespaces="file",namespaces="git" ${a}`,
    `d@example.org valid-before="20200101",Valid-Before="20991231" ${a}`,
    `e@example.org namespaces="git",valid-before="20991231Z" ${a}`,
  ];
  const { entries, problems } = parseAllowedSigners(lines.join("\n"), ".rampart/allowed_signers");
  expect(problems.map((p) => [p.line, p.message])).toEqual([
    [1, expect.stringContaining("quoted value")],
    [2, expect.stringContaining("quoted value")],
    [3, 'multiple "namespaces" clauses'],
    [4, 'multiple "valid-before" clauses'],
  ]);
  expect(entries.map((e) => e.principals[0])).toEqual(["e@example.org"]);
});

test("times and patterns follow ssh-keygen", () => {
  expect(parseSshTime("20300101Z")).toBe(Date.UTC(2030, 0, 1));
  expect(parseSshTime("203001011230Z")).toBe(Date.UTC(2030, 0, 1, 12, 30));
  expect(parseSshTime("2030-01-01")).toBeUndefined();
  expect(matchPatternList("git", ["file", "g*"])).toBe(true);
  expect(matchPatternList("git", ["*", "!git"])).toBe(false);
  expect(matchPatternList("git", ["file"])).toBe(false);
});

test("a namespaces= that excludes git makes the key not allowed; a bad line is a warning, cached runs too", async () => {
  const { repo, keys, commit } = await signedRepo(["alice", "bob"], (k) =>
    [
      signerLine("alice@example.org", k.alice!),
      signerLine("bob@example.org", k.bob!, 'namespaces="file"'),
      "nobody@example.org ssh-ed25519 notbase64!\n",
    ].join(""),
  );
  const bobs = await commit("bob", keys.bob);
  for (const cache of [true, true]) {
    const r = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache });
    expect(r.verdicts.find((v) => v.commit === bobs)?.verdict).toBe("key-not-allowed");
    expect(r.findings.filter((f) => f.ruleId === "signatures/policy-invalid").map((f) => [f.file, f.line])).toEqual([
      [".rampart/allowed_signers", 3],
    ]);
  }
});

test("an allowed_signers git stores as a symlink, or whose every line is refused, is no bootstrap exemption: its commits are judged", async () => {
  const { dir } = tempDir();
  const key = await makeSshKey(dir, "alice");
  const cases: Array<[string, (repo: Awaited<ReturnType<typeof signedRepo>>["repo"]) => Promise<void>]> = [
    [
      "a symlink to a file that lists the key",
      async (repo) => {
        const { rmSync, symlinkSync } = await import("node:fs");
        repo.write("signers.txt", signerLine("alice@example.org", key));
        rmSync(repo.path(".rampart/allowed_signers"));
        symlinkSync("../signers.txt", repo.path(".rampart/allowed_signers"));
      },
    ],
    [
      "keys/ a symlink to a folder of OpenPGP keys",
      async (repo) => {
        const { mkdirSync, symlinkSync } = await import("node:fs");
        mkdirSync(repo.path("pgp"));
        repo.write(
          "pgp/alice@example.org.asc",
          "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n",
        );
        symlinkSync("../pgp", repo.path(".rampart/keys"));
      },
    ],
    [
      "every line refused (an unquoted option)",
      async (repo) => {
        repo.write(".rampart/allowed_signers", signerLine("alice@example.org", key, "valid-before=20991231"));
      },
    ],
  ];
  for (const [what, layout] of cases) {
    const { repo, commit } = await signedRepo([], () => "");
    await layout(repo);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "signers"]);
    const unsigned = await commit("unsigned work");
    const r = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD~1..HEAD", cache: false });
    const verdict = r.verdicts.find((v) => v.commit === unsigned)?.verdict;
    expect({ what, verdict }).toEqual({ what, verdict: "unsigned" });
    expect(
      r.findings.some((f) => f.ruleId === "signatures/policy-invalid"),
      what,
    ).toBe(true);
  }
});
