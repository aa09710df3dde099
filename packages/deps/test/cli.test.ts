import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode, validateJsonReport } from "@rampart/core";
import { runCli } from "@rampart/test-helpers";
import { describe, expect, it, onTestFinished } from "vitest";
import { npmProjectRepo } from "./lockfiles.js";
import { useRepos } from "./support/server.js";

const DB = resolve(import.meta.dirname, "fixtures/osv");
const repos = useRepos();

const project = (policy?: string) => npmProjectRepo(repos.list, policy);

describe("rampart deps check", () => {
  it("judges every readable lockfile when another cannot be read, naming each broken one (exit 2); so does lockfile check", async () => {
    const r = await project();
    // Listed before the root lockfile (git ls-files order): before, the first broken one ended the run.
    r.write("a/package.json", '{"name":"a","version":"1.0.0"}\n');
    r.write("a/package-lock.json", '{"lockfileVersion": 3, "packages": {\n');
    r.write("b/pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages: [\n");
    await r.git(["add", "-A"]);
    await r.git(["commit", "-q", "-m", "broken lockfiles"]);
    for (const args of [
      ["deps", "check", "--db", DB, "--format", "json"],
      ["lockfile", "check", "--format", "json"],
    ]) {
      const out = await runCli(args, { cwd: r.dir, env: r.env });
      expect(out.exitCode, out.stderr).toBe(ExitCode.Error);
      expect(out.stderr).toMatch(/^rampart: a\/package-lock\.json(:\d+)?: /m);
      expect(out.stderr).toMatch(/^rampart: b\/pnpm-lock\.yaml:\d+: /m);
      const report = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; file?: string }> };
      const root = report.findings.filter((f) => f.file === "package-lock.json").map((f) => f.ruleId);
      if (args[0] === "deps") expect(root).toContain("deps/malicious");
      else expect(root.length).toBeGreaterThan(0);
    }
  });

  it("staged: a broken staged lockfile is named after the others were compared (deps check --staged, lockfile diff)", async () => {
    const r = await project();
    r.write("a/package.json", '{"name":"a","version":"1.0.0"}\n');
    r.write("a/package-lock.json", '{"lockfileVersion": 3, "packages": {}}\n');
    await r.commit("a second lockfile");
    // Staged: the second lockfile broken (listed first), the root one adding a package that runs a
    // script and that OSV calls malicious.
    r.write("a/package-lock.json", '{"lockfileVersion": 3, "packages": {\n');
    const lock = JSON.parse(readFileSync(r.path("package-lock.json"), "utf8")) as {
      packages: Record<string, Record<string, unknown>>;
    };
    lock.packages["node_modules/flatmap-stream"] = {
      version: "0.1.1",
      resolved: "https://registry.npmjs.org/flatmap-stream/-/flatmap-stream-0.1.1.tgz",
      integrity: `sha512-${"A".repeat(86)}==`,
      hasInstallScript: true,
    };
    r.write("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
    await r.git(["add", "-A"]);
    for (const [args, rule] of [
      [["deps", "check", "--staged", "--db", DB, "--format", "json"], "deps/malicious"],
      [["lockfile", "diff", "--format", "json"], "lockfile/new-install-script"],
    ] as const) {
      const out = await runCli([...args], { cwd: r.dir, env: r.env });
      expect(out.exitCode, out.stderr).toBe(ExitCode.Error);
      expect(out.stderr).toMatch(/^rampart: a\/package-lock\.json:\d+: /m);
      const report = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; file?: string }> };
      expect(report.findings.filter((f) => f.file === "package-lock.json").map((f) => f.ruleId)).toContain(rule);
    }
  });

  it("a run where a lockfile could not be read never reads as clean: not 'no problems found', not ok, not successful", async () => {
    const r = await project();
    const notClean = async (args: string[]) => {
      const text = await runCli(args, { cwd: r.dir, env: r.env });
      expect(text.exitCode, args.join(" ")).toBe(ExitCode.Error);
      expect(text.stderr, args.join(" ")).not.toContain("no problems found");
      expect(text.stdout, args.join(" ")).toMatch(
        /^✖ 1 file could not be read, not judged: a\/package-lock\.json:\d+$/m,
      );
      expect(text.stderr).toMatch(/^rampart: a\/package-lock\.json:\d+: /m);
      const json = await runCli([...args, "--format", "json"], { cwd: r.dir, env: r.env });
      const report = JSON.parse(json.stdout) as { ok: boolean; notJudged?: Array<Record<string, unknown>> };
      expect(report.ok, args.join(" ")).toBe(false);
      expect(report.notJudged?.map((e) => [e.code, e.file, typeof e.line])).toEqual([
        ["LOCKFILE_PARSE_FAILED", "a/package-lock.json", "number"],
      ]);
      expect(validateJsonReport(report).errors).toEqual([]);
      expect(json.exitCode).toBe(ExitCode.Error);
      const sarif = await runCli([...args, "--format", "sarif"], { cwd: r.dir, env: r.env });
      const invocation = JSON.parse(sarif.stdout).runs[0].invocations[0];
      expect(invocation.executionSuccessful, args.join(" ")).toBe(false);
      expect(
        invocation.toolExecutionNotifications.map(
          (n: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
            n.locations[0]?.physicalLocation.artifactLocation.uri,
        ),
      ).toEqual(["a/package-lock.json"]);
    };
    // Only the broken lockfile changes: everything that could be read is clean.
    r.write("a/package.json", '{"name":"a","version":"1.0.0"}\n');
    r.write("a/package-lock.json", '{"lockfileVersion": 3, "packages": {\n');
    await r.git(["add", "-A"]);
    await notClean(["deps", "check", "--staged", "--db", DB]);
    await notClean(["lockfile", "diff"]);
    await r.commit("broken lockfile");
    await notClean(["lockfile", "check", "a/package-lock.json"]);
  });

  it("fails on the whole lockfile with findings pointing at its lines", async () => {
    const r = await project();
    const out = await runCli(["deps", "check", "--db", DB, "--format", "json"], { cwd: r.dir, env: r.env });
    expect(out.exitCode).toBe(ExitCode.Findings);
    const report = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; file?: string; line?: number }> };
    const lodash = report.findings.find((f) => f.ruleId === "deps/vulnerable" && f.file === "package-lock.json");
    expect(lodash?.line).toBeGreaterThan(1);
    expect(out.stderr).toContain("lodash-es@4.17.15 (git): not matched, source is not the registry");
    expect(out.stderr).toMatch(
      /advisory records from .* \(indexed now, sha256 [0-9a-f]{12}, newest record \d+ days old\)/,
    );
  });

  it("reads the database and threshold from the policy; below failOn is a warning", async () => {
    const r = await project(
      `version: 1\ndeps:\n  database: db\n  vulnerabilities:\n    failOn: critical\n    ignoreDev: true\n    exceptions:\n      - { id: CVE-2021-44906, reason: test, owner: me, expires: "2099-12-31" }\n`,
    );
    const { cpSync } = await import("node:fs");
    cpSync(join(DB, "github-reviewed"), r.path("db"), { recursive: true });
    const out = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    const report = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; severity: string; message: string }> };
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity}`).sort()).toEqual([
      "deps/stale-database warning",
      "deps/vulnerable warning",
    ]);
    expect(report.findings.find((f) => f.ruleId === "deps/vulnerable")?.message).toContain("lodash@4.17.20: high 7.2");
    expect(out.exitCode).toBe(ExitCode.Clean);
  });

  it("stale or undated data fails CI's check (--policy-rev: downloaded in the same job), a warning elsewhere", async () => {
    const r = await project();
    const base = await r.git(["rev-parse", "HEAD"]);
    // One advisory for a package the project does not have, last modified long ago: nothing to find.
    const db = r.path("old-osv");
    mkdirSync(db, { recursive: true });
    const record = (modified?: string) =>
      `${JSON.stringify({
        id: "GHSA-0000-0000-0001",
        ...(modified === undefined ? {} : { modified }),
        affected: [{ package: { ecosystem: "npm", name: "left-pad-unused" }, versions: ["0.0.1"] }],
      })}\n`;
    for (const [modified, what] of [
      ["2020-01-01T00:00:00Z", "days old"],
      [undefined, "carries no date"],
    ] as const) {
      writeFileSync(join(db, "GHSA-0000-0000-0001.json"), record(modified));
      const local = await runCli(["deps", "check", "--db", db, "--format", "json"], { cwd: r.dir, env: r.env });
      const localReport = JSON.parse(local.stdout) as {
        findings: Array<{ ruleId: string; severity: string; message: string }>;
      };
      expect(localReport.findings.filter((f) => f.ruleId === "deps/stale-database").map((f) => f.severity)).toEqual([
        "warning",
      ]);
      expect(local.exitCode, local.stderr).toBe(ExitCode.Clean);
      const ci = await runCli(["deps", "check", "--db", db, "--policy-rev", base, "--format", "json"], {
        cwd: r.dir,
        env: r.env,
      });
      const report = JSON.parse(ci.stdout) as {
        findings: Array<{ ruleId: string; severity: string; message: string }>;
      };
      const stale = report.findings.filter((f) => f.ruleId === "deps/stale-database");
      expect(stale.map((f) => f.severity)).toEqual(["error"]);
      expect(stale[0]?.message).toContain(what);
      expect(ci.exitCode).toBe(ExitCode.Findings);
    }
  });

  it("a missing database is exit 2 with one line and a hint, never a pass", async () => {
    const r = await project();
    const out = await runCli(["deps", "check", "--db", r.path("nowhere")], { cwd: r.dir, env: r.env });
    expect(out.exitCode).toBe(ExitCode.Error);
    expect(out.stderr).toContain(`no advisory database at ${r.path("nowhere")}`);
    expect(out.stderr).not.toContain("    at ");
  });
});

describe("rampart deps check --staged", () => {
  it("checks only what the staged lockfile adds or upgrades, read from the index", async () => {
    const r = await project();
    const lock = JSON.parse(readFileSync(r.path("package-lock.json"), "utf8"));
    lock.packages["node_modules/lodash"].version = "4.17.19"; // a downgrade, still vulnerable
    lock.packages["node_modules/qs"] = {
      version: "6.5.2",
      resolved: "https://registry.npmjs.org/qs/-/qs-6.5.2.tgz",
      integrity: "sha512-AAAA",
    };
    r.write("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
    const before = await runCli(["deps", "check", "--staged", "--db", DB, "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(before.exitCode).toBe(ExitCode.Clean); // nothing staged yet: the working tree is not what is committed
    expect(before.stderr).toContain("no staged lockfile adds or upgrades a package");
    await r.git(["add", "package-lock.json"]);
    const out = await runCli(["deps", "check", "--staged", "--db", DB, "--format", "json"], { cwd: r.dir, env: r.env });
    const report = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; properties?: { package?: string } }> };
    const vulnerable = report.findings.filter(
      (f) => f.ruleId !== "deps/stale-database" && f.ruleId !== "deps/bad-record",
    );
    expect(vulnerable.map((f) => f.properties?.package)).toEqual(["lodash"]);
    expect(out.exitCode).toBe(ExitCode.Findings);
  });
});

describe("rampart deps licenses / licence findings in deps check", () => {
  const licensed = (policy?: string) =>
    npmProjectRepo(repos.list, policy, (lock) => {
      const set = (key: string, license: string) => {
        (lock.packages[key] as Record<string, unknown>).license = license;
      };
      set("node_modules/lodash", "MIT");
      set("node_modules/a", "(MIT OR GPL-3.0-only)");
      set("node_modules/minimist", "GPL-3.0-only");
      set("node_modules/semver", "ISC");
    });

  it("the inventory groups by licence with the path; csv and markdown tables; dev only with --include-dev", async () => {
    const r = await licensed();
    const json = await runCli(["deps", "licenses", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(json.exitCode).toBe(ExitCode.Clean);
    const inv = JSON.parse(json.stdout) as {
      lockfiles: Array<{ licenses: Array<{ license: string; packages: Array<{ name: string; path: string[] }> }> }>;
    };
    const groups = Object.fromEntries(inv.lockfiles[0]?.licenses.map((g) => [g.license, g.packages]) ?? []);
    expect(groups["GPL-3.0-only"]?.map((p) => p.path.join(" > "))).toEqual(["a > minimist"]);
    expect(groups["MIT OR GPL-3.0-only"]?.map((p) => p.name)).toEqual(["a"]);
    expect(groups.ISC).toBeUndefined();
    const csv = await runCli(["deps", "licenses", "--as", "csv", "--include-dev"], { cwd: r.dir, env: r.env });
    expect(csv.stdout.split("\n")[0]).toBe("license,package,version,scope,path,source,lockfile");
    expect(csv.stdout).toContain("ISC,semver,7.5.1,dev,semver,lockfile,package-lock.json");
    const md = await runCli(["deps", "licenses", "--as", "markdown"], { cwd: r.dir, env: r.env });
    expect(md.stdout).toContain(
      "| GPL-3.0-only | minimist | 1.2.5 | prod | a > minimist | lockfile | package-lock.json |",
    );
  });

  it("licenses: a lockfile that cannot be read is named (exit 2) after the others' inventory, never the end of it", async () => {
    const r = await licensed();
    // Listed before the root lockfile: before, the first broken one ended the run with no inventory.
    r.write("a/package.json", '{"name":"a","version":"1.0.0"}\n');
    r.write("a/package-lock.json", '{"lockfileVersion": 3, "packages": {\n');
    r.write("b/pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages: [\n");
    await r.commit("broken lockfiles");
    for (const args of [[], ["--format", "json"], ["--as", "csv"], ["--as", "markdown"]]) {
      const out = await runCli(["deps", "licenses", ...args], { cwd: r.dir, env: r.env });
      expect(out.exitCode, args.join(" ")).toBe(ExitCode.Error);
      expect(out.stdout, args.join(" ")).toContain("minimist");
      expect(out.stderr).toMatch(/^rampart: a\/package-lock\.json:\d+: /m);
      expect(out.stderr).toMatch(/^rampart: b\/pnpm-lock\.yaml:\d+: /m);
      if (args[0] === "--format")
        expect(JSON.parse(out.stdout).notJudged.map((e: { file: string }) => e.file)).toEqual([
          "a/package-lock.json",
          "b/pnpm-lock.yaml",
        ]);
    }
  });

  it("deps check reports licence findings beside vulnerabilities when deps.licenses is set", async () => {
    const r = await licensed(`version: 1\ndeps:\n  licenses:\n    allow: [MIT, ISC]\n    unknown: warn\n`);
    const out = await runCli(["deps", "check", "--db", DB, "--format", "json"], { cwd: r.dir, env: r.env });
    const report = JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; severity: string; message: string }> };
    const denied = report.findings.filter((f) => f.ruleId === "deps/license-denied");
    expect(denied.map((f) => f.message)).toEqual([
      "minimist@1.2.5 is licensed GPL-3.0-only: GPL-3.0-only is not in deps.licenses.allow (path: a > minimist)",
    ]);
    expect(report.findings.some((f) => f.ruleId === "deps/license-unknown" && f.severity === "warning")).toBe(true);
    expect(out.exitCode).toBe(ExitCode.Findings);
  });
  it("an installed package.json outranks a lockfile license field it contradicts (a change edits the lockfile, not the tarball)", async () => {
    // The change hand-edits the lockfile to call a GPL-3.0-only package MIT; the installed copy
    // at the locked version (what npm ci put there from the integrity-checked tarball) says GPL.
    const r = await licensed(`version: 1\ndeps:\n  licenses:\n    allow: [MIT, ISC]\n    unknown: warn\n`);
    const lock = JSON.parse(readFileSync(r.path("package-lock.json"), "utf8"));
    lock.packages["node_modules/minimist"].license = "MIT";
    writeFileSync(r.path("package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
    const install = (name: string, manifest: Record<string, unknown>) => {
      mkdirSync(r.path(join("node_modules", name)), { recursive: true });
      writeFileSync(r.path(join("node_modules", name, "package.json")), JSON.stringify({ name, ...manifest }));
    };
    install("minimist", { version: "1.2.5", license: "GPL-3.0-only" });
    // The lockfile's field still counts for a package installed at another version.
    install("lodash", { version: "4.17.21", license: "GPL-3.0-only" });
    const out = await runCli(["deps", "check", "--db", DB, "--format", "json"], { cwd: r.dir, env: r.env });
    expect(out.exitCode).toBe(ExitCode.Findings);
    const report = JSON.parse(out.stdout) as {
      findings: Array<{ ruleId: string; message: string; properties?: Record<string, unknown> }>;
    };
    const denied = report.findings.filter((f) => f.ruleId === "deps/license-denied");
    expect(denied.map((f) => f.message)).toEqual([
      'minimist@1.2.5 is licensed GPL-3.0-only: GPL-3.0-only is not in deps.licenses.allow (from its installed package.json; the lockfile\'s license field says "MIT") (path: a > minimist)',
    ]);
    expect(denied[0]?.properties).toMatchObject({ licenseSource: "node_modules", lockfileLicense: "MIT" });
  });
});

describe("rampart deps check --policy-rev", () => {
  // REV's policy names the database, but the change under review writes the checkout: a path in
  // the repository was read there, so a change that swapped the snapshot (or made it a symlink)
  // chose the advisories it is judged by.
  it("a deps.database inside the repository is read from REV, never from the checkout; one line when REV has none there", async () => {
    const r = await project("version: 1\ndeps:\n  database: db\n  maxAgeDays: 100000\n");
    const update = async (from: string) => {
      const out = await runCli(["deps", "update", "--from", from, "--db", "db"], { cwd: r.dir, env: r.env });
      expect(out.exitCode, out.stderr).toBe(ExitCode.Clean);
    };
    await update(join(DB, "github-reviewed"));
    await r.commit("the advisory database");
    const base = await r.git(["rev-parse", "HEAD"]);
    const json = (out: { stdout: string }) =>
      JSON.parse(out.stdout) as { findings: Array<{ ruleId: string; properties?: { package?: string } }> };
    const lodash = (out: { stdout: string }) => json(out).findings.some((f) => f.properties?.package === "lodash");
    // The change replaces the snapshot by one without lodash's advisory.
    const { mkdtempSync, copyFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const other = mkdtempSync(join(tmpdir(), "rampart-osv-"));
    onTestFinished(() => rmSync(other, { recursive: true, force: true }));
    copyFileSync(join(DB, "synthetic", "MAL-2018-flatmap-stream.json"), join(other, "MAL-2018-flatmap-stream.json"));
    await update(other);
    await r.commit("a database of my own");
    const own = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(lodash(own)).toBe(false); // the change's own copy
    const ci = await runCli(["deps", "check", "--policy-rev", base, "--format", "json"], { cwd: r.dir, env: r.env });
    expect(ci.exitCode, ci.stderr).toBe(ExitCode.Findings);
    expect(lodash(ci)).toBe(true);
    expect(ci.stderr).toContain(`deps.database is read from ${base}:db/npm-osv.snapshot (--policy-rev)`);
    // --db (CI's own download) is read as given.
    const flag = await runCli(["deps", "check", "--db", other, "--policy-rev", base, "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(lodash(flag)).toBe(false);
    // REV holds a folder of OSV records there (not a snapshot): exit 2, one line and a hint.
    r.write(".rampart/config.yaml", "version: 1\ndeps:\n  database: records\n  maxAgeDays: 100000\n");
    const { cpSync } = await import("node:fs");
    cpSync(join(DB, "github-reviewed"), r.path("records"), { recursive: true });
    await r.commit("records");
    const refused = await runCli(["deps", "check", "--policy-rev", "HEAD", "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(refused.exitCode).toBe(ExitCode.Error);
    expect(refused.stderr).toMatch(
      /^rampart: deps\.database \(records\) is inside the repository and HEAD holds no snapshot or OSV zip there; with --policy-rev it is never read from the checkout\n {2}hint: /,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });

  it("reads exceptions from the trusted revision, not from the change under review", async () => {
    const r = await project("version: 1\ndeps:\n  maxAgeDays: 100000\n");
    const base = await r.git(["rev-parse", "HEAD"]);
    r.write(
      ".rampart/config.yaml",
      "version: 1\ndeps:\n  maxAgeDays: 100000\n  vulnerabilities:\n    exceptions:\n      - { id: CVE-2021-23337, reason: mine, owner: me, expires: '2099-01-01' }\n",
    );
    await r.commit("except my own advisory");
    const lodash = (out: { stdout: string }) =>
      (JSON.parse(out.stdout) as { findings: Array<{ properties?: { package?: string } }> }).findings.some(
        (f) => f.properties?.package === "lodash",
      );
    const own = await runCli(["deps", "check", "--db", DB, "--format", "json"], { cwd: r.dir, env: r.env });
    expect(lodash(own)).toBe(false);
    const trusted = await runCli(["deps", "check", "--db", DB, "--policy-rev", base, "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(lodash(trusted)).toBe(true);
    expect(trusted.exitCode).toBe(ExitCode.Findings);
    const unknown = await runCli(["deps", "check", "--db", DB, "--policy-rev", "no-such-branch"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(unknown.exitCode).toBe(ExitCode.Error);
    expect(unknown.stderr).toContain("--policy-rev no-such-branch is not a commit");
  });

  it("REV without a policy: the adopting change's policy only tightens the defaults, and the message says so", async () => {
    const r = await project();
    const base = await r.git(["rev-parse", "HEAD"]);
    const json = (out: { stdout: string }) =>
      JSON.parse(out.stdout) as {
        findings: Array<{ ruleId: string; severity: string; properties?: { package?: string } }>;
      };
    const lodash = (out: { stdout: string }) => json(out).findings.some((f) => f.properties?.package === "lodash");
    // Rampart used as a plain scanner: no policy anywhere, the defaults, said as such.
    const plain = await runCli(["deps", "check", "--db", DB, "--policy-rev", base, "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(plain.stderr).toContain(`${base} has no .rampart/config.yaml: the default deps policy, no exceptions`);
    expect(lodash(plain)).toBe(true);
    // The change adopts rampart with a policy that excepts its own advisory, raises the threshold,
    // leaves dev packages out and names its own database: none of that loosens the defaults; the
    // stricter settings it adds (a stale database fails) apply.
    r.write(
      ".rampart/config.yaml",
      [
        "version: 1",
        "deps:",
        "  database: db",
        "  maxAgeDays: 100000",
        "  quality:",
        "    minReleaseAgeDays: 0",
        "    typosquat: fail",
        "  vulnerabilities:",
        "    failOn: critical",
        "    ignoreDev: true",
        "    exceptions:",
        "      - { id: CVE-2021-23337, reason: mine, owner: me, expires: '2099-01-01' }",
        "",
      ].join("\n"),
    );
    await r.commit("adopt rampart");
    const own = await runCli(["deps", "check", "--db", DB, "--format", "json"], { cwd: r.dir, env: r.env });
    expect(lodash(own)).toBe(false); // the change judging itself
    const adopting = await runCli(["deps", "check", "--db", DB, "--policy-rev", base, "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(adopting.exitCode).toBe(ExitCode.Findings);
    expect(lodash(adopting)).toBe(true);
    expect(json(adopting).findings.find((f) => f.properties?.package === "lodash")?.severity).toBe("error");
    expect(adopting.stderr).toContain(
      `${base} has no .rampart/config.yaml: this change adopts rampart; the defaults judge it, its own policy only where stricter`,
    );
    expect(adopting.stderr).toContain(
      "left out of the change's policy: deps.vulnerabilities.failOn: critical, deps.vulnerabilities.exceptions, deps.vulnerabilities.ignoreDev, deps.quality.minReleaseAgeDays: 0, deps.maxAgeDays: 100000, deps.database",
    );
    expect(adopting.stderr).not.toContain("judged by its own policy");
  });
});
