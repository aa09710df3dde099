import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GitRepo, gitRepo, prng, repoRoot, runCli } from "../helpers/src/index.js";
import { type Format, intactSecrets, mutateCase, PLANTED, pick, type Rng } from "./fuzz/mutate.js";
import { CASE_TIME_LIMIT_MS, type Outcome, problems, runInProcess } from "./fuzz/run.js";

// The CLI-level fuzzer: every command that reads a user's file, over mutated copies of real inputs
// (the repository's own fixtures of each format), through the CLI's real code path: `execute()`
// of the built CLI in process (a few hundred cases), and a sample through the real bin. Each run:
// exit 0, 1 or 2; no stack trace; no "unexpected error ... likely a bug"; no 8-character slice of a
// planted credential (whole in the input) in stdout, stderr, what the process printed around the
// streams, or any file the run wrote; done within a time bound (a hang is a failure).
// Seeded and reproducible: RAMPART_FUZZ_SEED=<n> (default below), RAMPART_FUZZ_SCALE=<k> (cases
// multiplier), RAMPART_FUZZ_CASE=<family>#<n> (one case); a failure prints the seed, the case, the
// command and where its input was saved.

const SEED = Number(process.env.RAMPART_FUZZ_SEED ?? 0x5eed2026);
const SCALE = Number(process.env.RAMPART_FUZZ_SCALE ?? 1);
/** RAMPART_FUZZ_CASE=<family>#<n>: run that one case (what a failure message names). */
const ONLY = /^([\w-]+)#(\d+)$/.exec(process.env.RAMPART_FUZZ_CASE ?? "");

interface Case {
  family: string;
  index: number;
  args: string[];
  /** repo-relative path -> mutated content */
  files: Record<string, Buffer>;
  format: Format;
  steps: string[];
  /** Stage the inputs first (commands that read the index, such as lockfile diff). */
  stage?: boolean;
}

const secretsOf = (c: Case) => Object.values(c.files).flatMap(intactSecrets);

/** Files below `dir` changed since `since` (not .git's objects): what a run wrote. */
function changedFiles(dir: string, since: number, skip: ReadonlySet<string>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name === "objects" || entry.name === "node_modules" || skip.has(path)) continue;
    if (entry.isDirectory()) out.push(...changedFiles(path, since, skip));
    else if (entry.isFile() && statSync(path).mtimeMs >= since) out.push([path, readFileSync(path, "latin1")]);
  }
  return out;
}

const failures: string[] = [];

/** Exit codes per command, and the usage errors: a fuzzer whose every run is refused as usage proves nothing. */
const seen = new Map<string, { codes: Set<number>; usage: number; runs: number }>();
function tally(c: Case, o: Outcome): void {
  const key = c.args
    .slice(0, c.args[0] === "sbom" || c.args[0] === "verify" || c.args[0] === "attest" ? 1 : 2)
    .join(" ");
  const entry = seen.get(key) ?? { codes: new Set<number>(), usage: 0, runs: 0 };
  entry.codes.add(o.exitCode);
  entry.runs++;
  // The CLI's own usage errors (no file:line before them: a message about a line of a file is not one).
  if (
    /^rampart: (unknown (option|command|subcommand) '|option \S+ needs a value|unexpected argument ')/m.test(o.stderr)
  )
    entry.usage++;
  seen.set(key, entry);
}

function saveFailure(c: Case, repo: GitRepo, what: string[], o?: Outcome): void {
  const dir = join(tmpdir(), `rampart-fuzz-${SEED.toString(16)}-${c.family}-${c.index}`);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const mask = (t: string) => t.replaceAll(PLANTED.token, "<TOKEN>").replaceAll(PLANTED.password, "<PASSWORD>");
  failures.push(
    mask(
      `${c.family} #${c.index} (seed ${SEED}, ${c.steps.join("+")}): rampart ${c.args.join(" ")} -> ${what.join("; ")}\n` +
        `  input saved in ${dir} (repo ${repo.dir}); first stderr line: ${(o?.stderr ?? "").split("\n")[0]}`,
    ),
  );
}

/** Every path a case wrote as input, per repository: inputs, never outputs. */
const inputPaths = new WeakMap<GitRepo, Set<string>>();

async function runCase(c: Case, repo: GitRepo): Promise<void> {
  const inputs = inputPaths.get(repo) ?? new Set<string>();
  inputPaths.set(repo, inputs);
  const restore = new Map<string, Buffer | null>();
  for (const [path, content] of Object.entries(c.files)) {
    const abs = repo.path(path);
    let before: Buffer | null = null;
    try {
      before = readFileSync(abs);
    } catch {}
    restore.set(abs, before);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    inputs.add(abs);
  }
  if (c.stage) await repo.git(["add", "--", ...Object.keys(c.files)]);
  const since = Date.now() - 5; // mtime granularity
  try {
    const outcome = await runInProcess(c.args, repo.dir, repo.env);
    tally(c, outcome);
    const what = problems(outcome, secretsOf(c), changedFiles(repo.dir, since, inputs));
    if (what.length > 0) saveFailure(c, repo, what, outcome);
  } catch (error) {
    saveFailure(c, repo, [`threw or hung: ${String(error).split("\n")[0]}`]);
  } finally {
    // The next case starts from the real files again.
    for (const [abs, before] of restore) {
      if (before === null) rmSync(abs, { force: true });
      else writeFileSync(abs, before);
    }
    if (c.stage) await repo.git(["reset", "-q", "--", ...Object.keys(c.files)]);
  }
}

/** A family: its inputs (real files), where a case puts the mutated one, and the commands that read it. */
interface Family {
  name: string;
  cases: number;
  repo: () => Promise<GitRepo>;
  make: (rand: Rng, index: number) => Made;
}

/** One family's case before it is numbered and run: the mutated inputs and the original. */
type Made = Omit<Case, "family" | "index" | "steps"> & { original: Buffer };

const read = (...p: string[]) => readFileSync(resolve(repoRoot, ...p));
const FORMATS = ["text", "json", "sarif"];
const LOCKFILE_FIXTURES: Array<[string, string, Format]> = [
  ["npm-v1", "package-lock.json", "json"],
  ["npm-v2", "package-lock.json", "json"],
  ["npm-v3", "package-lock.json", "json"],
  ["pnpm-v5.4", "pnpm-lock.yaml", "yaml"],
  ["pnpm-v6", "pnpm-lock.yaml", "yaml"],
  ["pnpm-v9", "pnpm-lock.yaml", "yaml"],
  ["yarn-v1", "yarn.lock", "text"],
  ["yarn-berry", "yarn.lock", "yaml"],
];
const fixtureFile = (dir: string, file: string) => read("packages/lockfile/test/fixtures", dir, file);
const OSV_DIR = resolve(repoRoot, "packages/deps/test/fixtures/osv");

function osvRecords(dir = OSV_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? osvRecords(join(dir, e.name)) : e.name.endsWith(".json") ? [join(dir, e.name)] : [],
  );
}

function fixtureTree(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [dir, file] of LOCKFILE_FIXTURES) {
    files[`fx/${dir}/${file}`] = fixtureFile(dir, file).toString("utf8");
    files[`fx/${dir}/package.json`] = fixtureFile(dir, "package.json").toString("utf8");
  }
  return files;
}

let keys: { dir: string; key: string; pub: string; signers: string; envelope: string; subject: string };

const families: Family[] = [
  {
    name: "lockfiles",
    cases: 64,
    repo: () => gitRepo({ ...fixtureTree(), "README.md": "fuzz\n" }),
    make: (rand) => {
      const [dir, file, format] = pick(rand, LOCKFILE_FIXTURES);
      const manifest = rand() < 0.15;
      const path = `fx/${dir}/${manifest ? "package.json" : file}`;
      const lock = `fx/${dir}/${file}`;
      const command = pick(rand, [
        ["lockfile", "check", lock, "--format", pick(rand, FORMATS)],
        ["lockfile", "diff", "--lockfile", lock, "--format", pick(rand, FORMATS)],
        ["sbom", "--lockfile", lock, "--timestamp", "none", "--format", "cyclonedx-json"],
        ["sbom", "--lockfile", lock, "--timestamp", "none", "--format", "cyclonedx-xml"],
        ["sbom", "--lockfile", lock, "--timestamp", "none", "--format", "spdx-json"],
        ["deps", "check", "--db", OSV_DIR, lock, "--format", pick(rand, FORMATS)],
      ]);
      const original = fixtureFile(dir, manifest ? "package.json" : file);
      const stage = command[1] === "diff";
      return { args: command, files: { [path]: original }, format: manifest ? "json" : format, original, stage };
    },
  },
  {
    name: "workflows",
    cases: 24,
    repo: () => gitRepo({ "README.md": "fuzz\n" }),
    make: (rand) => {
      const base = resolve(repoRoot, "packages/workflows/test/fixtures");
      const dir = pick(rand, readdirSync(base));
      const file = pick(rand, readdirSync(join(base, dir)));
      const gitlab = file.includes("gitlab");
      const path = gitlab ? ".gitlab-ci.yml" : ".github/workflows/fuzz.yml";
      const original = readFileSync(join(base, dir, file));
      const args =
        rand() < 0.8
          ? ["workflows", "check", path, "--format", pick(rand, FORMATS)]
          : ["workflows", "fix", path, "--dry-run"];
      return { args, files: { [path]: original }, format: "yaml", original };
    },
  },
  {
    name: "policy",
    cases: 24,
    repo: () =>
      gitRepo({
        ...fixtureTree(),
        "README.md": "fuzz\n",
        ".github/workflows/ci.yml": read(
          "packages/workflows/test/fixtures/permissions-missing/ok.top-level.yml",
        ).toString(),
      }),
    make: (rand) => {
      const original = read(".rampart/config.yaml");
      const args = pick(rand, [
        ["lockfile", "check", "fx/npm-v3/package-lock.json"],
        ["secrets", "scan", "README.md", "--format", pick(rand, FORMATS)],
        ["workflows", "check"],
        ["deps", "check", "--db", OSV_DIR, "fx/npm-v3/package-lock.json"],
        ["sbom", "--lockfile", "fx/pnpm-v9/pnpm-lock.yaml", "--timestamp", "none"],
        ["hooks", "status"],
        ["signatures", "verify", "--no-cache"],
        ["hook", "pre-commit"],
      ]);
      return { args, files: { ".rampart/config.yaml": original }, format: "yaml", original };
    },
  },
  {
    name: "secrets",
    cases: 32,
    repo: () => gitRepo({ "README.md": "fuzz\n" }),
    make: (rand): Made => {
      if (rand() < 0.35) {
        const baseline = Buffer.from(
          `${JSON.stringify({ version: 1, entries: { [`${"a".repeat(63)}b`]: { file: "scan.txt", ruleId: "secrets/github-token" }, [`${"c".repeat(64)}`]: { ruleId: "secrets/generic-api-key" } } }, null, 2)}\n`,
        );
        return {
          args: ["secrets", "scan", "scan.txt", "--baseline", "b/baseline.json", "--format", pick(rand, FORMATS)],
          files: { "b/baseline.json": baseline, "scan.txt": Buffer.from(`token = "${PLANTED.token}"\n`) },
          format: "json",
          original: baseline,
        };
      }
      const original = pick(rand, [
        read("README.md").subarray(0, 6000),
        read("package.json"),
        read(".rampart/config.yaml"),
        read("packages/workflows/test/fixtures/hardcoded-credentials/ng.container-password.yml"),
        Buffer.from(`//registry.npmjs.org/:_authToken=\${NPM_TOKEN}\nregistry=https://registry.npmjs.org/\n`),
      ]);
      return {
        args: ["secrets", "scan", "scan.txt", "--format", pick(rand, FORMATS)],
        files: { "scan.txt": original },
        format: "text",
        original,
      };
    },
  },
  {
    name: "attest",
    cases: 32,
    repo: () => gitRepo({ "README.md": "fuzz\n", "artifact.txt": "the artifact\n" }),
    make: (rand): Made => {
      const which = pick(rand, ["envelope", "envelope", "pub", "signers", "key", "predicate"]);
      if (which === "envelope") {
        const original = Buffer.from(keys.envelope);
        return {
          args: ["verify", "artifact.txt", "--attestation", "a.intoto.jsonl", "--key", keys.pub],
          files: { "a.intoto.jsonl": original },
          format: "jsonl",
          original,
        };
      }
      if (which === "pub" || which === "signers") {
        const original = Buffer.from(readFileSync(which === "pub" ? keys.pub : keys.signers, "utf8"));
        const flag = which === "pub" ? "--key" : "--allowed-signers";
        const add = which === "pub" && rand() < 0.3;
        return {
          args: add
            ? ["signatures", "add", "alice@example.org", "k/mutated"]
            : ["verify", "artifact.txt", "--attestation", "good.intoto.jsonl", flag, "k/mutated"],
          files: { "k/mutated": original, "good.intoto.jsonl": Buffer.from(keys.envelope) },
          format: "text",
          original,
        };
      }
      if (which === "key") {
        const original = readFileSync(keys.key);
        return {
          args: ["attest", "artifact.txt", "--key", "k/mutated-key"],
          files: { "k/mutated-key": original },
          format: "text",
          original,
        };
      }
      const original = read("packages/lockfile/test/fixtures/npm-v3/package-lock.json");
      return {
        args: ["attest", "artifact.txt", "--key", keys.key, "--predicate", "predicate.json"],
        files: { "predicate.json": original },
        format: "json",
        original,
      };
    },
  },
  {
    name: "osv",
    cases: 24,
    repo: () => gitRepo({ ...fixtureTree(), "README.md": "fuzz\n" }),
    make: (rand) => {
      const record = pick(rand, osvRecords());
      const original = readFileSync(record);
      const lock = pick(rand, LOCKFILE_FIXTURES);
      return {
        args: ["deps", "check", "--db", "db", `fx/${lock[0]}/${lock[1]}`, "--format", pick(rand, FORMATS)],
        files: { "db/record.json": original },
        format: "json",
        original,
      };
    },
  },
];

/** The signature family needs a commit per case (the policy is read from git objects). */
async function signaturesCase(repo: GitRepo, rand: Rng, index: number): Promise<void> {
  const original = Buffer.from(readFileSync(keys.signers, "utf8"));
  const { input, steps } = mutateCase(original, rand, "text");
  const c: Case = {
    family: "signatures",
    index,
    args: [
      "signatures",
      "verify",
      "HEAD~1..HEAD",
      "--policy-rev",
      "HEAD",
      "--no-cache",
      "--format",
      pick(rand, FORMATS),
    ],
    files: { ".rampart/allowed_signers": input },
    format: "text",
    steps,
  };
  writeFileSync(repo.path(".rampart/allowed_signers"), input);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "--no-verify", "--allow-empty", "-m", `case ${index}`]);
  await runCase(c, repo);
}

const repos: GitRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
  if (keys) rmSync(keys.dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const dir = join(tmpdir(), `rampart-fuzz-keys-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const key = join(dir, "id");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "fuzz", "-f", key]);
  const pub = `${key}.pub`;
  const signers = join(dir, "allowed_signers");
  writeFileSync(
    signers,
    `alice@example.org namespaces="git,in-toto" ${readFileSync(pub, "utf8").split(" ").slice(0, 2).join(" ")}\n` +
      `bob@example.org,carol@example.org cert-authority,valid-after="20240101",valid-before="20991231" ${readFileSync(pub, "utf8").split(" ").slice(0, 2).join(" ")}\n`,
  );
  const subject = join(dir, "artifact.txt");
  writeFileSync(subject, "the artifact\n");
  const r = await runCli(["attest", "artifact.txt", "--key", key], { cwd: dir });
  expect(r.exitCode, r.stderr).toBe(0);
  keys = { dir, key, pub, signers, envelope: r.stdout, subject };
}, 60_000);

describe("CLI fuzz: mutated real inputs never crash, hang or leak", () => {
  for (const family of families) {
    it(`${family.name} (${Math.round(family.cases * SCALE)} cases)`, async () => {
      const repo = await family.repo();
      repos.push(repo);
      const before = failures.length;
      const familySeed = [...family.name].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), SEED);
      for (let i = 0; i < Math.round(family.cases * SCALE); i++) {
        if (ONLY && (ONLY[1] !== family.name || Number(ONLY[2]) !== i)) continue;
        const rand = prng(familySeed + i);
        const made = family.make(rand, i);
        const [path] = Object.entries(made.files).find(([, v]) => v === made.original) ?? [];
        const { input, steps } = mutateCase(made.original, rand, made.format);
        const files = { ...made.files, ...(path ? { [path]: input } : {}) };
        await runCase({ ...made, family: family.name, index: i, files, steps }, repo);
      }
      expect(failures.slice(before), failures.slice(before).join("\n")).toEqual([]);
    });
  }

  it(`signatures verify over a mutated allowed_signers (${Math.round(8 * SCALE)} cases)`, async () => {
    const repo = await gitRepo({
      "README.md": "fuzz\n",
      ".rampart/config.yaml": "version: 1\nsignatures:\n  required: true\n",
      ".rampart/allowed_signers": readFileSync(keys.signers, "utf8"),
    });
    repos.push(repo);
    const before = failures.length;
    for (let i = 0; i < Math.round(8 * SCALE); i++)
      if (!ONLY || (ONLY[1] === "signatures" && Number(ONLY[2]) === i))
        await signaturesCase(repo, prng(SEED + 7919 * (i + 1)), i);
    expect(failures.slice(before), failures.slice(before).join("\n")).toEqual([]);
  });

  it.runIf(!ONLY)("every command was run for real: some runs got past the parsers, none was refused as usage", () => {
    const summary = [...seen].map(
      ([k, v]) => `${k}: ${v.runs} runs, exit ${[...v.codes].sort().join("/")}, ${v.usage} usage`,
    );
    for (const [key, entry] of seen) {
      expect(entry.usage, summary.join("\n")).toBe(0);
      // A mutation that leaves the file readable passes (0) or has findings (1): among enough runs,
      // some must, or the command never got past its parser (wrong arguments, a file it never read).
      if (entry.runs >= 8)
        expect(
          [...entry.codes].some((code) => code !== 2),
          `${key}\n${summary.join("\n")}`,
        ).toBe(true);
    }
    expect(seen.size, summary.join("\n")).toBeGreaterThanOrEqual(12);
  });

  it("a sample through the real bin (a new process per case)", async () => {
    const repo = await gitRepo({ ...fixtureTree(), "README.md": "fuzz\n" });
    repos.push(repo);
    cpSync(keys.pub, repo.path("k.pub"));
    const found: string[] = [];
    for (let i = 0; i < Math.round(4 * SCALE); i++) {
      if (ONLY && (ONLY[1] !== "bin" || Number(ONLY[2]) !== i)) continue;
      const rand = prng(SEED + 104729 * (i + 1));
      const [dir, file, format] = pick(rand, LOCKFILE_FIXTURES);
      const path = `fx/${dir}/${file}`;
      const { input, steps } = mutateCase(fixtureFile(dir, file), rand, format);
      writeFileSync(repo.path(path), input);
      const args = pick(rand, [
        ["lockfile", "check", path, "--format", pick(rand, FORMATS)],
        ["sbom", "--lockfile", path, "--timestamp", "none", "--format", pick(rand, ["cyclonedx-json", "spdx-json"])],
        ["secrets", "scan", path],
      ]);
      const r = await runCli(args, { cwd: repo.dir, env: repo.env, timeout: CASE_TIME_LIMIT_MS });
      const c: Case = { family: "bin", index: i, args, files: { [path]: input }, format, steps };
      const what = problems({ ...r, around: "" }, secretsOf(c));
      if (what.length > 0) saveFailure(c, repo, what, { ...r, around: "" });
      found.push(...what);
      writeFileSync(repo.path(path), fixtureFile(dir, file));
    }
    expect(
      failures.filter((f) => f.startsWith("bin ")),
      failures.join("\n"),
    ).toEqual([]);
  });
});
