import { execFile } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { gitRepo } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine, sshCommit, tamper } from "./fixtures.js";
import { makeSshKey } from "./keys.js";

// The warm path through real git and real ssh-keygen keys: a fully cached run starts one git
// process (rev-parse: the range and the trusted root trees), and says what a run without the
// cache says. Every input of a verdict (the commits, the policies, the code that judged) is a
// key of the cache, and a cache file rampart cannot be sure it wrote itself is not read.

const run = promisify(execFile);

interface CacheJson {
  version: number;
  code: string;
  shapes: Array<{ sig: { status: string } }>;
  entries: unknown[];
}

async function setup() {
  const s = await signedRepo(["alice", "bob"], (k) => signerLine("alice@example.org", k.alice!));
  await s.commit("two", s.keys.alice);
  const trace = join(s.repo.home, "git-trace");
  /** verifyRange over HEAD, and the git commands it ran (GIT_TRACE's built-ins). */
  const verify = async (cache = true) => {
    rmSync(trace, { force: true });
    const env = { ...s.repo.env, GIT_TRACE: trace };
    const result = await verifyRange({ cwd: s.repo.dir, env, range: "HEAD", cache });
    const gits = existsSync(trace)
      ? [...readFileSync(trace, "utf8").matchAll(/built-in: git ([a-z-]+)/g)].map((m) => m[1])
      : [];
    return { result, gits };
  };
  const cacheFile = s.repo.path(".git/rampart/signatures-cache.json");
  return { ...s, verify, cacheFile };
}

const judged = (r: Awaited<ReturnType<typeof verifyRange>>) => ({
  ok: r.ok,
  verdicts: r.verdicts,
  findings: r.findings.map((f) => [f.ruleId, f.commit, f.message]),
});

test("a warm run starts only rev-parse, and fails an unsigned and a tampered commit as the cold run does", async () => {
  const { repo, keys, commit, verify } = await setup();
  const unsigned = await commit("unsigned");
  const signed = await commit("to be tampered", keys.alice);
  const tampered = await tamper(repo, signed);
  await repo.git(["update-ref", "HEAD", tampered]);
  await commit("good on top", keys.alice);
  const cold = await verify();
  expect(cold.result.stats.cached).toBe(0);
  expect(cold.result.ok).toBe(false);
  const warm = await verify();
  expect(warm.gits).toEqual(["rev-parse"]);
  expect(warm.result.stats.cached).toBe(warm.result.stats.commits);
  expect(judged(warm.result)).toEqual(judged(cold.result));
  expect(judged(warm.result)).toEqual(judged((await verify(false)).result));
  expect(warm.result.findings.map((f) => [f.ruleId, f.commit])).toEqual([
    ["signatures/bad-signature", tampered],
    ["signatures/unsigned", unsigned],
  ]);
});

test("a cache another rampart wrote (its code named in the file) is not read: every commit is judged again", async () => {
  const { verify, cacheFile } = await setup();
  await verify();
  const data = JSON.parse(readFileSync(cacheFile, "utf8")) as CacheJson;
  expect((await verify()).result.stats.cached).toBe(2);
  writeFileSync(cacheFile, JSON.stringify({ ...data, code: `${data.code}-older` }));
  const again = await verify();
  expect(again.result.stats.cached).toBe(0);
  expect(again.result.ok).toBe(true);
  expect((JSON.parse(readFileSync(cacheFile, "utf8")) as CacheJson).code).toBe(data.code);
  // The previous format (version 1) is a miss as well.
  writeFileSync(cacheFile, JSON.stringify({ ...data, version: 1 }));
  expect((await verify()).result.stats.cached).toBe(0);
});

test("a new policy at HEAD: what it judges is judged again, the rest keeps its cached verdicts", async () => {
  // A root commit without a policy of its own is judged by HEAD's policy (no trust root pinned).
  const repo = await gitRepo();
  const alice = await makeSshKey(join(repo.home, "keys"), "alice");
  const bob = await makeSshKey(join(repo.home, "keys"), "bob");
  repo.write("README.md", "hello\n");
  const root = await sshCommit(repo, "root, before any policy", alice);
  repo.write(".rampart/allowed_signers", signerLine("alice@example.org", alice));
  repo.write(".rampart/config.yaml", "signatures:\n  required: true\n  policyAdmins: [alice@example.org]\n");
  await sshCommit(repo, "adopt", alice);
  await sshCommit(repo, "work", alice);
  const verify = (cache = true) => verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD", cache });
  const first = await verify();
  expect(first.ok).toBe(true);
  expect((await verify()).stats.cached).toBe(3);
  // alice (an admin) replaces her key by bob's: HEAD's policy no longer knows the root's signer.
  repo.write(".rampart/allowed_signers", signerLine("bob@example.org", bob));
  repo.write(".rampart/config.yaml", "signatures:\n  required: true\n  policyAdmins: [bob@example.org]\n");
  const rotate = await sshCommit(repo, "rotate to bob", alice);
  const stale = await sshCommit(repo, "alice after her key was removed", alice);
  const r = await verify();
  const uncached = await verify(false);
  expect(judged(r)).toEqual(judged(uncached));
  expect(r.verdicts.find((v) => v.commit === rotate)?.verdict).toBe("good");
  expect(r.verdicts.find((v) => v.commit === stale)?.verdict).toBe("unknown-key");
  expect(r.verdicts.find((v) => v.commit === root)?.verdict).toBe("unknown-key");
  expect(r.stats.cached).toBeLessThan(3);
  expect(r.ok).toBe(false);
  // That is cached in turn: the next run judges nothing.
  const next = await verify();
  expect(next.stats.cached).toBe(5);
  expect(judged(next)).toEqual(judged(r));
});

test("a cache file rampart cannot be sure it wrote is not read: a link, another owner, world-writable, a FIFO", async () => {
  const { repo, commit, verify, cacheFile } = await setup();
  const unsigned = await commit("unsigned");
  expect((await verify()).result.ok).toBe(false);
  // Forge the file: the unsigned commit's entry points at the shape of a good one.
  const data = JSON.parse(readFileSync(cacheFile, "utf8")) as CacheJson;
  const good = data.shapes.findIndex((s) => s.sig.status === "good");
  const at = data.entries.indexOf(unsigned);
  expect(good).toBeGreaterThanOrEqual(0);
  expect(at).toBeGreaterThanOrEqual(0);
  data.entries[at + 3] = good;
  const forged = JSON.stringify(data);
  const plant = () => {
    rmSync(cacheFile, { force: true });
    writeFileSync(cacheFile, forged, { mode: 0o600 });
  };
  // Written by this user, the file is believed (so the refusals below are the checks at work).
  plant();
  expect((await verify()).result.ok).toBe(true);

  // A symbolic link to the same content: refused, and nothing is written through it.
  const elsewhere = join(repo.home, "planted.json");
  writeFileSync(elsewhere, forged, { mode: 0o600 });
  rmSync(cacheFile);
  symlinkSync(elsewhere, cacheFile);
  const linked = await verify();
  expect(linked.result.ok).toBe(false);
  expect(linked.result.findings.map((f) => f.commit)).toEqual([unsigned]);
  expect(readFileSync(elsewhere, "utf8")).toBe(forged);

  // The rampart/ folder a link to a folder holding the file: refused too.
  rmSync(cacheFile);
  const folder = repo.path(".git/rampart");
  const outside = join(repo.home, "rampart-elsewhere");
  mkdirSync(outside);
  writeFileSync(join(outside, "signatures-cache.json"), forged, { mode: 0o600 });
  renameSync(folder, `${folder}.real`);
  symlinkSync(outside, folder);
  expect((await verify()).result.ok).toBe(false);
  rmSync(folder);
  renameSync(`${folder}.real`, folder);

  // Writable by everyone: refused.
  plant();
  chmodSync(cacheFile, 0o666);
  expect((await verify()).result.ok).toBe(false);

  // Owned by another user (only root can make one).
  if (process.geteuid?.() === 0) {
    plant();
    chownSync(cacheFile, 4242, 4242);
    expect(statSync(cacheFile).uid).toBe(4242);
    expect((await verify()).result.ok).toBe(false);
  }

  // A FIFO in its place: the run neither hangs on it nor believes it.
  rmSync(cacheFile, { force: true });
  await run("mkfifo", [cacheFile]);
  expect((await verify()).result.ok).toBe(false);
  expect(statSync(cacheFile).isFIFO()).toBe(true);

  // With a replace ref (git shows other objects under the same ids) the cache is neither read nor written.
  rmSync(cacheFile);
  plant();
  const blob = await repo.git(["hash-object", "-w", "--stdin"], { input: "x\n" });
  const other = await repo.git(["hash-object", "-w", "--stdin"], { input: "y\n" });
  await repo.git(["replace", blob, other]);
  const replaced = await verify();
  expect(replaced.result.ok).toBe(false);
  expect(replaced.result.stats.cached).toBe(0);
  expect(readFileSync(cacheFile, "utf8")).toBe(forged);
});
