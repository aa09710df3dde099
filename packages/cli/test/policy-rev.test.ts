import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExitCode } from "@rampart/core";
import { describeWithShared, type GitRepo, gitRepo, runCli, sharedPath } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

// Runs the built bin: `pnpm exec tsc -b packages/cli` first.
// What CI's commands do with --policy-rev REV when the policy is missing, renamed or broken
// (packages/cli/src/policy-rev.ts): never "no policy" silently.

const POLICY = "version: 1\nsignatures:\n  required: false\nsecrets:\n  ignorePaths: ['fixtures/**']\n";
/** A GitHub token shape assembled at run time (never committed whole). */
const token = () => ["ghp", "_", "R4mP", "4rTt", "3sTt", "0k3n", "F1x7", "ur3Z", "qW9x", "Lm2N", "Ab1c"].join("");

async function run(repo: GitRepo, args: string[]) {
  const r = await runCli(args, { cwd: repo.dir, env: repo.env });
  return { code: r.exitCode, out: r.stdout + r.stderr };
}

/** A base commit with `files`, then a change on top; returns the base id. */
async function based(files: Record<string, string>, change: (repo: GitRepo) => unknown) {
  const repo = await gitRepo({ "README.md": "x\n", ...files });
  const base = await repo.git(["rev-parse", "HEAD"]);
  await change(repo);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "--no-verify", "--allow-empty", "-m", "change"]);
  const scan = (extra: string[] = []) =>
    run(repo, ["secrets", "scan", "--range", `${base}..HEAD`, "--policy-rev", base, ...extra]);
  const verify = () => run(repo, ["signatures", "verify", `${base}..HEAD`, "--policy-rev", base, "--no-cache"]);
  return { repo, base, scan, verify };
}

/** An allowed_signers line for a fresh ed25519 key (ssh-keygen). */
function aliceSigners(): string {
  const keyDir = mkdtempSync(join(tmpdir(), "rampart-policy-rev-key-"));
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "alice", "-f", join(keyDir, "alice")]);
  const alice = readFileSync(join(keyDir, "alice.pub"), "utf8").split(" ").slice(0, 2).join(" ");
  rmSync(keyDir, { recursive: true, force: true });
  return `alice@example.org ${alice}\n`;
}

describe("--policy-rev REV", () => {
  it("REV holds the policy: the change deleting or renaming its copy changes nothing", async () => {
    const signers = aliceSigners();
    for (const edit of ["delete", "rename"] as const) {
      const files = { ".rampart/config.yaml": POLICY, ".rampart/allowed_signers": signers };
      const { scan, verify } = await based(files, (repo) => {
        if (edit === "rename") repo.write(".rampart/config.yml", POLICY);
        rmSync(repo.path(".rampart/config.yaml"));
        repo.write("fixtures/ok.txt", `token = ${token()}\n`);
      });
      const s = await scan();
      expect({ edit, code: s.code }).toEqual({ edit, code: ExitCode.Clean }); // REV's ignorePaths, not "no policy"
      const v = await verify();
      expect({ edit, code: v.code }).toEqual({ edit, code: ExitCode.Findings }); // the deletion is a policy change
      expect(v.out).toContain("signatures/policy-change-unauthorized");
    }
  });

  it("REV's policy broken or renamed: exit 2 naming REV:file, for every command", async () => {
    const cases: Array<{ files: Record<string, string>; names: RegExp }> = [
      { files: { ".rampart/config.yaml": "version: 1\nsecrets: [\n" }, names: /:\.rampart\/config\.yaml:\d+/ },
      { files: { ".rampart/config.yml": POLICY }, names: /:\.rampart\/config\.yml/ },
    ];
    for (const { files, names } of cases) {
      const { scan, verify } = await based(files, (repo) => repo.write("a.txt", "a\n"));
      for (const r of [await scan(), await verify()]) {
        expect(r.code, r.out).toBe(ExitCode.Error);
        expect(r.out).toMatch(names);
        expect(r.out).not.toMatch(/\n\s+at /);
      }
    }
  });

  it("absent at REV and in the change, with rampart's CI job or hooks here: exit 2 naming the file", async () => {
    const { scan, verify } = await based({ ".github/workflows/rampart.yml": "name: rampart\n" }, (repo) =>
      repo.write("a.txt", "a\n"),
    );
    for (const r of [await scan(), await verify()]) {
      expect(r.code, r.out).toBe(ExitCode.Error);
      expect(r.out).toContain(".rampart/config.yaml");
      expect(r.out).toMatch(/neither .* nor the working tree has the policy/);
    }
  });

  it("absent at REV: the change that adopts rampart is judged by the defaults, its own policy only where stricter", async () => {
    const { scan, verify } = await based({}, (repo) => {
      repo.write(".rampart/config.yaml", POLICY);
      repo.write(".github/workflows/rampart.yml", "name: rampart\n");
      repo.write("fixtures/leak.txt", `token = ${token()}\n`);
    });
    const s = await scan();
    // Nothing older vouches for the change's ignorePaths: the secret it commits under them fails.
    expect(s.code, s.out).toBe(ExitCode.Findings);
    expect(s.out).toContain("fixtures/leak.txt");
    expect(s.out).toContain("this change adopts rampart; the defaults judge it, its own policy only where stricter");
    expect(s.out).toContain("left out of the change's policy: secrets.ignorePaths");
    expect(s.out).not.toContain(token());
    const clean = await based({}, (repo) => {
      repo.write(".rampart/config.yaml", POLICY);
      repo.write("src/a.txt", "a\n");
    });
    expect((await clean.scan()).code).toBe(ExitCode.Clean); // an adoption without secrets passes
    const v = await verify();
    expect(v.code, v.out).toBe(ExitCode.Clean);
    expect(v.out).toContain("has no signature policy: this change adopts one");
  });

  it("absent at REV: an adopting change's workflows policy cannot switch off an audit for the workflow it adds", async () => {
    const workflow =
      "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n";
    const { repo, base } = await based({}, (r) => {
      r.write(
        ".rampart/config.yaml",
        "version: 1\nworkflows:\n  severity: error\n  audits:\n    unpinned-action: off\n",
      );
      r.write(".github/workflows/ci.yml", workflow);
    });
    const own = await run(repo, ["workflows", "check", ".github/workflows/ci.yml"]);
    expect(own.code, own.out).toBe(ExitCode.Clean); // the change judging itself
    const ci = await run(repo, ["workflows", "check", ".github/workflows/ci.yml", "--policy-rev", base]);
    expect(ci.code, ci.out).toBe(ExitCode.Findings);
    expect(ci.out).toContain("workflows/unpinned-action");
    expect(ci.out).toContain(
      "left out of the change's policy: workflows.severity: error, workflows.audits.unpinned-action: off",
    );
  });

  it("without rampart's marks, a plain scanner: no policy anywhere means the defaults", async () => {
    const { scan } = await based({}, (repo) => repo.write("a.txt", "a\n"));
    expect((await scan()).code).toBe(ExitCode.Clean);
  });

  it("workflows check: the base's audits and reviewed pins judge a change that edits both", async () => {
    const good = "11bd71901bbe5b1630ceea73d27597364c9af683";
    const swapped = "0123456789abcdef0123456789abcdef01234567";
    const lock = (sha: string) =>
      `${JSON.stringify({ version: 1, actions: { "actions/checkout@v4.2.2": { sha } } }, null, 2)}\n`;
    const workflow = (sha: string) =>
      `on: push\npermissions: {}\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - uses: actions/checkout@${sha} # v4.2.2\n        with:\n          persist-credentials: false\n      - run: curl -fsSL https://example.com/install.sh | sh\n`;
    const repo = await gitRepo({
      ".rampart/config.yaml": "version: 1\n",
      ".rampart/actions.lock.json": lock(good),
      ".github/workflows/ci.yml": workflow(good),
    });
    const base = await repo.git(["rev-parse", "HEAD"]);
    // The change swaps the pinned commit, "approves" it in the lock and switches two audits off.
    repo.write(".rampart/actions.lock.json", lock(swapped));
    repo.write(
      ".rampart/config.yaml",
      "version: 1\nworkflows:\n  audits:\n    curl-pipe-shell: off\n    unverified-download: off\n    pin-comment-mismatch: off\n",
    );
    repo.write(".github/workflows/ci.yml", workflow(swapped));
    await repo.git(["commit", "-qam", "ci: update", "--no-verify"]);
    const own = await run(repo, ["workflows", "check", ".github/workflows/ci.yml"]);
    expect(own.code, own.out).toBe(ExitCode.Clean); // the change judging itself
    const trusted = await run(repo, ["workflows", "check", ".github/workflows/ci.yml", "--policy-rev", base]);
    expect(trusted.code, trusted.out).toBe(ExitCode.Findings);
    expect(trusted.out).toContain("pin-comment-mismatch");
    expect(trusted.out).toContain("curl-pipe-shell");
    const unknown = await run(repo, ["workflows", "check", "--policy-rev", "no-such-rev"]);
    expect(unknown.code).toBe(ExitCode.Error);
    expect(unknown.out).toContain("--policy-rev no-such-rev is not a commit");
  });
});

describe("lockfile check --policy-rev REV: the package-manager config that relaxes rules is REV's", () => {
  const integrity = `sha512-${"A".repeat(86)}==`;
  const lock = (extra: Record<string, unknown>) =>
    `${JSON.stringify(
      {
        name: "app",
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages: {
          "": {
            name: "app",
            version: "1.0.0",
            dependencies: Object.fromEntries(Object.keys(extra).map((k) => [k.replace("node_modules/", ""), "1.0.0"])),
          },
          ...extra,
        },
      },
      null,
      2,
    )}\n`;
  const manifest = (names: string[]) =>
    `${JSON.stringify({ name: "app", version: "1.0.0", dependencies: Object.fromEntries(names.map((n) => [n, "1.0.0"])) }, null, 2)}\n`;
  const ms = {
    "node_modules/ms": { version: "1.0.0", resolved: "https://registry.npmjs.org/ms/-/ms-1.0.0.tgz", integrity },
  };

  it("a registry the change adds to .npmrc does not admit the package it adds from there", async () => {
    const { repo, base } = await based(
      { ".rampart/config.yaml": "version: 1\n", "package.json": manifest(["ms"]), "package-lock.json": lock(ms) },
      (r) => {
        r.write(".npmrc", "registry=https://npm.mirror.example/\n");
        r.write("package.json", manifest(["ms", "helper"]));
        r.write(
          "package-lock.json",
          lock({
            ...ms,
            "node_modules/helper": {
              version: "1.0.0",
              resolved: "https://npm.mirror.example/helper/-/helper-1.0.0.tgz",
              integrity,
            },
          }),
        );
      },
    );
    const trusted = await run(repo, ["lockfile", "check", "--policy-rev", base]);
    expect(trusted.code, trusted.out).toBe(ExitCode.Findings);
    expect(trusted.out).toContain("lockfile/disallowed-host");
    expect(trusted.out).toContain("npm.mirror.example");
    // The developer's own check reads the working tree, where the registry is configured.
    const local = await run(repo, ["lockfile", "check"]);
    expect(local.code, local.out).toBe(ExitCode.Clean);
  });

  it("a registry REV already configures stays allowed (the change edits .npmrc otherwise)", async () => {
    const mirror = {
      "node_modules/helper": {
        version: "1.0.0",
        resolved: "https://npm.mirror.example/helper/-/helper-1.0.0.tgz",
        integrity,
      },
    };
    const { repo, base } = await based(
      {
        ".rampart/config.yaml": "version: 1\n",
        ".npmrc": "registry=https://npm.mirror.example/\n",
        "package.json": manifest(["helper"]),
        "package-lock.json": lock(mirror),
      },
      (r) => r.write(".npmrc", "registry=https://npm.mirror.example/\nfund=false\n"),
    );
    const trusted = await run(repo, ["lockfile", "check", "--policy-rev", base]);
    expect(trusted.code, trusted.out).toBe(ExitCode.Clean);
  });
});

// A real npm v3 lockfile (lint-staged's) whose fsevents runs an install script.
const LINT_STAGED = "fixtures/lockfiles/npm-v3-small-lint-staged";
describeWithShared(
  LINT_STAGED,
  "lockfile check --policy-rev REV when REV has no policy (the change adopts rampart)",
  () => {
    const files = () => ({
      "package.json": readFileSync(sharedPath(LINT_STAGED, "package.json"), "utf8"),
      "package-lock.json": readFileSync(sharedPath(LINT_STAGED, "package-lock.json"), "utf8"),
    });
    /** The policy `rampart init` writes for these lockfiles: their state accepted, plus what the change asks. */
    const adopted = (scripts: string[]) =>
      `version: 1\nlockfile:\n  allowInstallScripts: [${scripts.map((n) => JSON.stringify(n)).join(", ")}]\n  allowedHosts: [npm.mirror.example]\n`;

    it("what REV's lockfile already held is accepted; the change's own allowances are not", async () => {
      const untouched = await based(files(), (r) => r.write(".rampart/config.yaml", adopted(["fsevents"])));
      const ok = await run(untouched.repo, ["lockfile", "check", "--policy-rev", untouched.base]);
      expect(ok.code, ok.out).toBe(ExitCode.Clean); // the adoption of an untouched repository is green
      expect(ok.out).toContain("accepted as");
      expect(ok.out).toContain("1 install script(s)");

      // The same adoption also gives another package an install script and allows it in its own policy.
      const { repo, base } = await based(files(), (r) => {
        r.write(".rampart/config.yaml", adopted(["fsevents", "picomatch"]));
        const lock = JSON.parse(readFileSync(r.path("package-lock.json"), "utf8")) as {
          packages: Record<string, Record<string, unknown>>;
        };
        const entry = lock.packages["node_modules/picomatch"];
        if (entry === undefined) throw new Error("the fixture has no node_modules/picomatch");
        entry.hasInstallScript = true;
        r.write("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
      });
      const own = await run(repo, ["lockfile", "check"]);
      expect(own.code, own.out).toBe(ExitCode.Clean); // the change judging itself
      const ci = await runCli(["lockfile", "check", "--policy-rev", base, "--format", "json"], {
        cwd: repo.dir,
        env: repo.env,
      });
      expect(ci.exitCode, ci.stderr).toBe(ExitCode.Findings);
      expect(ci.stderr).toContain(
        "left out of the change's policy: lockfile.allowedHosts, lockfile.allowInstallScripts",
      );
      const report = JSON.parse(ci.stdout) as {
        findings: Array<{ ruleId: string; severity: string; properties?: { package?: string } }>;
      };
      const scripts = report.findings.filter((f) => f.ruleId === "lockfile/install-script" && f.severity === "error");
      expect(scripts.map((f) => f.properties?.package)).toEqual(["picomatch"]);
    });

    // One entry of REV's lockfile without a hash made lockfile/missing-integrity a warning for every
    // package: the adopting change's own entries without one (or REV's entry pointed elsewhere) passed.
    it("an error REV's lockfile held is a warning for that package only; the change's new ones of the same rule are errors", async () => {
      type Lock = { packages: Record<string, Record<string, unknown>> };
      const edit = (r: GitRepo, change: (lock: Lock) => void) => {
        const lock = JSON.parse(readFileSync(r.path("package-lock.json"), "utf8")) as Lock;
        change(lock);
        r.write("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
      };
      const entry = (lock: Lock, id: string) => {
        const e = lock.packages[id];
        if (e === undefined) throw new Error(`the fixture has no ${id}`);
        return e;
      };
      const held = "node_modules/picomatch";
      const repo = await gitRepo(files());
      edit(repo, (lock) => delete entry(lock, held).integrity);
      await repo.commit("a lockfile entry without a hash");
      const base = (await repo.git(["rev-parse", "HEAD"])).trim();
      const check = async () => {
        const ci = await runCli(["lockfile", "check", "--policy-rev", base, "--format", "json"], {
          cwd: repo.dir,
          env: repo.env,
        });
        const report = JSON.parse(ci.stdout) as {
          findings: Array<{ ruleId: string; severity: string; properties?: { id?: string } }>;
        };
        const missing = report.findings.filter((f) => f.ruleId === "lockfile/missing-integrity");
        return { code: ci.exitCode, missing: missing.map((f) => `${f.properties?.id} ${f.severity}`).sort(), ci };
      };
      // The adoption alone: REV's entry is a warning, the check passes.
      repo.write(".rampart/config.yaml", adopted(["fsevents"]));
      await repo.commit("chore: adopt rampart");
      const untouched = await check();
      expect(untouched.missing).toEqual([`${held} warning`]);
      expect(untouched.code, untouched.ci.stderr).toBe(ExitCode.Clean);
      // The change drops another entry's hash: that one is an error, REV's stays a warning.
      edit(repo, (lock) => delete entry(lock, "node_modules/micromatch").integrity);
      await repo.commit("another entry without a hash");
      const added = await check();
      expect(added.missing).toEqual(["node_modules/micromatch error", `${held} warning`]);
      expect(added.code).toBe(ExitCode.Findings);
      expect(added.ci.stderr).toContain(
        "as warnings, for the same packages only: 1 finding(s) of lockfile/missing-integrity",
      );
      // REV's entry, same name@version, now resolved from elsewhere: another package, an error.
      const before = JSON.parse(
        execFileSync("git", ["show", `${base}:package-lock.json`], { cwd: repo.dir, env: repo.env, encoding: "utf8" }),
      ) as Lock;
      edit(repo, (lock) => {
        entry(lock, "node_modules/micromatch").integrity = entry(before, "node_modules/micromatch").integrity;
        const e = entry(lock, held);
        e.resolved = String(e.resolved).replace("registry.npmjs.org", "registry.yarnpkg.com");
      });
      await repo.commit("the same version from another registry");
      const moved = await check();
      expect(moved.missing).toEqual([`${held} error`]);
      expect(moved.code).toBe(ExitCode.Findings);
    });
  },
);

// A runner that keeps its checkout (self-hosted, GitLab's fetch strategy) runs other jobs there,
// the change's tests among them: what they write into .git is the change's word, not REV's.
describe("--policy-rev REV reads nothing CI's checkout remembers in .git/rampart", () => {
  it("a policy planted in the policy cache under REV's text changes nothing; verify keeps no verdicts", async () => {
    const files = { ".rampart/config.yaml": POLICY, ".rampart/allowed_signers": aliceSigners() };
    const { repo, scan } = await based(files, (r) => {
      r.write("src/app.txt", `token = ${token()}\n`);
    });
    // A run outside CI remembers the policy text (the change left it as REV has it).
    await run(repo, ["secrets", "scan", "--range", "HEAD~1..HEAD"]);
    const cache = repo.path(".git/rampart/policy-cache.json");
    const entries = JSON.parse(readFileSync(cache, "utf8")) as Array<[string, Record<string, unknown>]>;
    expect(entries.length).toBeGreaterThan(0);
    // The change's job rewrites every remembered policy: nothing is scanned.
    const planted = entries.map(([digest, config]) => [digest, { ...config, secrets: { ignorePaths: ["**"] } }]);
    writeFileSync(cache, JSON.stringify(planted));
    const s = await scan();
    expect(s.code, s.out).toBe(ExitCode.Findings);
    expect(s.out).toContain("src/app.txt");
    // signatures verify --policy-rev judges each commit each run: no verdict is read from .git.
    const ci = ["signatures", "verify", "HEAD~1..HEAD", "--policy-rev", "HEAD~1"];
    const first = await run(repo, ci);
    expect(first.out).toContain("1 commit(s): 1 good");
    const again = await run(repo, ci);
    expect(again.code).toBe(first.code);
    expect(again.out).toContain("1 commit(s): 1 good, 0 exempt, 0 failing (0 from cache)");
  });
});

describe("rampart audit --policy-rev REV", () => {
  type Report = {
    checks: Array<{ id: string; status: string; suppressed: unknown; evidence: Array<{ text: string }> }>;
  };
  const audit = async (repo: GitRepo, extra: string[] = []) => {
    const r = await runCli(["audit", "--format", "json", "--commits", "5", ...extra], { cwd: repo.dir, env: repo.env });
    const report = r.exitCode === 0 ? (JSON.parse(r.stdout) as Report) : undefined;
    const row = (id: string) => report?.checks.find((c) => c.id === id);
    return {
      code: r.exitCode,
      stderr: r.stderr,
      row,
      texts: (id: string) =>
        row(id)
          ?.evidence.map((e) => e.text)
          .join("\n") ?? "",
    };
  };
  const SUPPRESS = "audit:\n  suppressions:\n    - { id: SRC-5, reason: later, expires: '2099-12-31' }\n";

  it("suppressions, the settings judged and allowed_signers are REV's; the change's own only without --policy-rev", async () => {
    const { repo, base } = await based(
      { ".rampart/config.yaml": POLICY, ".rampart/allowed_signers": "# no keys yet\n" },
      (r) => {
        r.write(".rampart/config.yaml", `${POLICY.replace("required: false", "required: true")}${SUPPRESS}`);
        r.write(".rampart/allowed_signers", aliceSigners());
      },
    );
    const own = await audit(repo);
    expect(own.code, own.stderr).toBe(ExitCode.Clean);
    expect(own.row("SRC-5")?.suppressed).not.toBeNull();
    expect(own.texts("SRC-8")).toContain("1 SSH signing key(s)");
    expect(own.texts("SRC-1")).not.toContain("signatures.required is not true");
    const ci = await audit(repo, ["--policy-rev", base]);
    expect(ci.code, ci.stderr).toBe(ExitCode.Clean);
    expect(ci.row("SRC-5")?.suppressed).toBeNull();
    expect(ci.texts("SRC-8")).not.toContain("SSH signing key");
    expect(ci.texts("SRC-1")).toContain("signatures.required is not true");
    const unknown = await audit(repo, ["--policy-rev", "no-such-rev"]);
    expect(unknown.code).toBe(ExitCode.Error);
    expect(unknown.stderr).toContain("--policy-rev no-such-rev is not a commit");
  });

  it("REV without a policy: the adopting change's suppressions do not count; a policy planted in .git's cache changes nothing", async () => {
    const adopting = await based({}, (r) => r.write(".rampart/config.yaml", `${POLICY}${SUPPRESS}`));
    const ci = await audit(adopting.repo, ["--policy-rev", adopting.base]);
    expect(ci.code, ci.stderr).toBe(ExitCode.Clean);
    expect(ci.row("SRC-5")?.suppressed).toBeNull();
    expect(ci.stderr).toContain(
      "this change adopts rampart and is judged by its own policy as written, without its audit.suppressions",
    );

    const { repo, base } = await based({ ".rampart/config.yaml": POLICY }, (r) => r.write("a.txt", "a\n"));
    await audit(repo); // a run outside CI remembers REV's policy text (the change left it as is)
    const cache = repo.path(".git/rampart/policy-cache.json");
    const entries = JSON.parse(readFileSync(cache, "utf8")) as Array<[string, Record<string, unknown>]>;
    expect(entries.length).toBeGreaterThan(0);
    const suppressions = [{ id: "SRC-5", reason: "planted", expires: "2099-12-31" }];
    writeFileSync(
      cache,
      JSON.stringify(entries.map(([digest, config]) => [digest, { ...config, audit: { suppressions } }])),
    );
    expect((await audit(repo)).row("SRC-5")?.suppressed).not.toBeNull(); // the plain run reads the cache
    const trusted = await audit(repo, ["--policy-rev", base]);
    expect(trusted.row("SRC-5")?.suppressed).toBeNull();
  });

  it("SRC-1's trust root is REV's: a change moving `since` does not exempt the commits before it", async () => {
    const repo = await gitRepo({ "README.md": "x\n" });
    const root = await repo.git(["rev-parse", "HEAD"]);
    const policy = (since: string) => `version: 1\nsignatures:\n  required: true\n  since: "${since}"\n`;
    repo.write(".rampart/config.yaml", policy(root));
    repo.write(".rampart/allowed_signers", aliceSigners());
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "--no-verify", "-m", "chore: adopt rampart"]);
    for (const n of [1, 2]) {
      repo.write(`f${n}.txt`, `${n}\n`);
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "--no-verify", "-m", `feat: ${n}`]);
    }
    const base = await repo.git(["rev-parse", "HEAD"]);
    repo.write(".rampart/config.yaml", policy(base)); // everything up to the base exempt
    await repo.git(["commit", "-qam", "chore: move the trust root", "--no-verify"]);
    const exempt = (r: Awaited<ReturnType<typeof audit>>) =>
      Number(
        /\((\d+) exempt/.exec(
          r
            .row("SRC-1")
            ?.evidence.map((e) => e.text)
            .join("\n") ?? "",
        )?.[1] ?? Number.NaN,
      );
    const own = await audit(repo);
    const ci = await audit(repo, ["--policy-rev", base]);
    expect(own.code, own.stderr).toBe(ExitCode.Clean);
    expect(ci.code, ci.stderr).toBe(ExitCode.Clean);
    expect(exempt(own)).toBeGreaterThan(exempt(ci));
    expect(exempt(ci)).toBe(1); // the root commit only: REV's since
  });
});
