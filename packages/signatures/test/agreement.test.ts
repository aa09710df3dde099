import { ExitCode } from "@rampart/core";
import { gitRepo, runCli } from "@rampart/test-helpers";
import { beforeAll, expect, test } from "vitest";
import { signerLine, sshCommit, tamper } from "./fixtures.js";
import { makeSshKey, type TestSshKey } from "./keys.js";

// Runs the built bin (packages/cli/dist): build first with `pnpm exec tsc -b packages/cli`.
// What CI's `signatures verify BASE..TIP --policy-rev BASE` rejects, the pre-push hook rejects
// too, and the other way round: one table over every verdict kind, each a change of its own on a
// branch off a published base, judged by the real CLI in both places.

const ZERO = "0".repeat(40);
type Keys = Record<"alice" | "bob" | "carol" | "dave" | "eve" | "frank", TestSshKey>;

let repo: Awaited<ReturnType<typeof gitRepo>>;
let keys: Keys;
let base: string;

beforeAll(async () => {
  repo = await gitRepo();
  const dir = `${repo.home}/keys`;
  keys = {} as Keys;
  for (const name of ["alice", "bob", "carol", "dave", "eve", "frank"] as const)
    keys[name] = await makeSshKey(dir, name);
  repo.write(
    ".rampart/allowed_signers",
    signerLine("alice@example.org", keys.alice) +
      signerLine("bob@example.org", keys.bob) +
      signerLine("dave@example.org", keys.dave, 'namespaces="file"') +
      signerLine("eve@example.org", keys.eve, 'valid-before="20200101"') +
      signerLine("frank@example.org", keys.frank, 'valid-after="20990101"'),
  );
  repo.write(
    ".rampart/config.yaml",
    "version: 1\nsignatures:\n  required: true\n  dco: true\n  policyAdmins: [alice@example.org]\nhooks:\n  prePush:\n    secrets: false\n",
  );
  base = await sshCommit(repo, "adopt\n\nSigned-off-by: A <a@example.org>", keys.alice);
  const remote = await gitRepo({}, { bare: true });
  await repo.git(["remote", "add", "origin", remote.dir]);
  await repo.git(["push", "-q", "origin", "main"]);
});

/** Builds one change on a new branch off the base; returns its tip. */
async function change(name: string, build: () => Promise<string>): Promise<string> {
  await repo.git(["checkout", "-q", "-B", name, base]);
  const tip = await build();
  await repo.git(["checkout", "-q", "main"]);
  return tip;
}

const signed = (key: TestSshKey | undefined, message: string, extra: string[] = ["-s"]) =>
  sshCommit(repo, message, key, extra);

const CASES: Array<{ kind: string; expect: string | null; build: () => Promise<string> }> = [
  { kind: "good", expect: null, build: () => signed(keys.alice, "good") },
  { kind: "unsigned", expect: "signatures/unsigned", build: () => signed(undefined, "unsigned") },
  {
    kind: "bad-signature",
    expect: "signatures/bad-signature",
    build: async () => tamper(repo, await signed(keys.alice, "tampered")),
  },
  { kind: "unknown-key", expect: "signatures/unknown-key", build: () => signed(keys.carol, "carol is unknown") },
  { kind: "key-not-allowed", expect: "signatures/key-not-allowed", build: () => signed(keys.dave, "not for git") },
  { kind: "key-expired", expect: "signatures/key-expired", build: () => signed(keys.eve, "expired key") },
  {
    kind: "key-not-yet-valid",
    expect: "signatures/key-not-yet-valid",
    build: () => signed(keys.frank, "key not yet valid"),
  },
  {
    kind: "unsupported",
    expect: "signatures/unsupported",
    build: async () => {
      const tree = await repo.git(["rev-parse", `${base}^{tree}`]);
      const fake = "-----BEGIN SIGNED MESSAGE-----\n MIIB\n -----END SIGNED MESSAGE-----";
      const body = `tree ${tree}\nparent ${base}\nauthor A <a@example.org> 1700000000 +0000\ncommitter A <a@example.org> 1700000000 +0000\ngpgsig ${fake}\n\nx509\n\nSigned-off-by: A <a@example.org>\n`;
      return repo.git(["hash-object", "-t", "commit", "-w", "--stdin"], { input: body });
    },
  },
  {
    kind: "policy-change-unauthorized",
    expect: "signatures/policy-change-unauthorized",
    build: async () => {
      repo.write(".rampart/config.yaml", "version: 1\nsignatures:\n  required: false\n");
      return signed(keys.bob, "bob relaxes the policy");
    },
  },
  { kind: "dco-missing", expect: "signatures/dco-missing", build: () => signed(keys.alice, "no sign-off", []) },
  {
    kind: "a key added by the same change",
    expect: "signatures/unknown-key",
    build: async () => {
      repo.write(
        ".rampart/allowed_signers",
        `${await repo.git(["show", `${base}:.rampart/allowed_signers`])}\n${signerLine("carol@example.org", keys.carol)}`,
      );
      await signed(keys.alice, "alice adds carol");
      return signed(keys.carol, "carol, in the same push");
    },
  },
];

const ruleIds = (out: string) => [...new Set(out.match(/signatures\/[a-z-]+/g) ?? [])].sort();

test.each(CASES)("CI and pre-push agree: $kind", async ({ kind, expect: rule, build }) => {
  const branch = kind.replace(/[^a-z]+/g, "-");
  const tip = await change(branch, build);
  await repo.git(["update-ref", `refs/heads/${branch}`, tip]);
  const ci = await runCli(["signatures", "verify", `${base}..${tip}`, "--policy-rev", base, "--no-cache"], {
    cwd: repo.dir,
    env: repo.env,
  });
  const push = await runCli(["hook", "pre-push", "origin", "unused-url"], {
    cwd: repo.dir,
    env: repo.env,
    input: `refs/heads/${branch} ${tip} refs/heads/${branch} ${ZERO}\n`,
  });
  const seen = { ci: ruleIds(ci.stdout + ci.stderr), push: ruleIds(push.stdout + push.stderr) };
  expect({ kind, exit: push.exitCode, rules: seen.push }).toEqual({ kind, exit: ci.exitCode, rules: seen.ci });
  if (rule === null) expect(ci.exitCode, ci.stdout + ci.stderr).toBe(ExitCode.Clean);
  else {
    expect(ci.exitCode).toBe(ExitCode.Findings);
    expect(seen.ci).toContain(rule);
  }
});
