import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  cliBin,
  type GitRepo,
  gitRepo,
  loadedModules,
  moduleTracer,
  repoRoot,
  runCommand,
} from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

async function trace(
  args: string[],
  staged: Record<string, string> = { "staged.txt": "a staged change\n" },
  committed: Record<string, string> = {},
) {
  const repo = await gitRepo({ "README.md": "demo\n", ...committed });
  if ("commitlint.config.mjs" in committed) {
    const bench = join(repoRoot, "bench", "node_modules", "@commitlint");
    mkdirSync(join(repo.dir, "node_modules", "@commitlint"), { recursive: true });
    for (const p of ["cli", "config-conventional"]) {
      symlinkSync(join(bench, p), join(repo.dir, "node_modules", "@commitlint", p));
    }
  }
  for (const [path, content] of Object.entries(staged)) repo.write(path, content);
  await repo.git(["add", ...Object.keys(staged)]);
  return { repo, ...(await traceIn(repo, args)) };
}

/**
 * The modules one CLI run in `repo` resolves: a file of the CLI's bundle (when the bin runs it)
 * counts as every module it holds, so each assertion below holds for the bundle as for dist/.
 */
async function traceIn(repo: GitRepo, args: string[]) {
  const file = join(repo.home, "trace.txt");
  rmSync(file, { force: true });
  const r = await runCommand(process.execPath, ["--import", moduleTracer, cliBin, ...args], {
    cwd: repo.dir,
    env: { ...repo.env, RAMPART_TRACE: file },
  });
  return { ...r, urls: loadedModules(readFileSync(file, "utf8").split("\n").filter(Boolean)) };
}

describe("commands load lazily", () => {
  it("--version loads no command file, no tool package, and none of core's heavy dependencies", async () => {
    const r = await trace(["--version"]);
    expect(r.exitCode).toBe(0);
    expect(r.urls.some((u) => u.endsWith("/dist/main.js"))).toBe(true);
    expect(
      r.urls.filter(
        (u) =>
          u.includes("/commands/") ||
          /\/packages\/(hooks|secrets|signatures|lockfile|sbom)\/|\/(execa|ajv|yaml)@/.test(u),
      ),
    ).toEqual([]);
  });

  it("--version and --help load core's lean entries only: not its index, policy reader or git runner", async () => {
    // --help loads every command's definition (and what those import statically); --version none.
    const cases: Array<[string[], RegExp]> = [
      [["--version"], /\/dist\/(index|config|git|cat-file|policy-at|fs\/safe-write|ssh\/key|reporters\/index)\.js$/],
      [["--help"], /\/dist\/(index|config|git|cat-file|policy-at|ssh\/key)\.js$/],
    ];
    for (const [args, forbidden] of cases) {
      const r = await trace(args);
      expect(r.exitCode).toBe(0);
      const core = r.urls.filter((u) => u.includes("/packages/core/dist/"));
      expect(core.length).toBeGreaterThan(0);
      expect(core.filter((u) => forbidden.test(u))).toEqual([]);
    }
  });

  it("a command whose policy is remembered loads no YAML parser (lockfile check, twice)", async () => {
    const committed = { ".rampart/config.yaml": "version: 1\nlockfile: {}\n" };
    const yaml = (urls: string[]) => urls.filter((u) => /\/yaml\/dist\//.test(u));
    const first = await trace(["lockfile", "check"], undefined, committed);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(yaml(first.urls)).not.toEqual([]);
    const again = await traceIn(first.repo, ["lockfile", "check"]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(yaml(again.urls)).toEqual([]);
  });

  it("a cached signatures verify loads neither the policy reader nor a signature verifier", async () => {
    // A policy with one signer (a key made here) and a commit nobody signed: a failing verdict.
    const dir = mkdtempSync(join(tmpdir(), "rampart-key-"));
    await runCommand("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "k")]);
    const pub = readFileSync(join(dir, "k.pub"), "utf8").split(" ").slice(0, 2).join(" ");
    rmSync(dir, { recursive: true, force: true });
    const committed = {
      ".rampart/config.yaml": "version: 1\nsignatures:\n  required: true\n",
      ".rampart/allowed_signers": `alice@example.org ${pub}\n`,
    };
    const first = await trace(["signatures", "verify", "HEAD"], {}, committed);
    expect(first.exitCode).toBe(1); // the commit is not signed
    expect(first.urls.some((u) => u.endsWith("/packages/signatures/dist/policy.js"))).toBe(true);
    const again = await traceIn(first.repo, ["signatures", "verify", "HEAD"]);
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain("(1 from cache)");
    expect(again.stdout).toContain("signatures/unsigned");
    const heavy = again.urls.filter((u) =>
      /\/signatures\/dist\/(index|policy|gpg|openpgp|verify-ssh|sshsig|setup|pre-push)\.js$|\/core\/dist\/(index|config)\.js$|\/yaml\/dist\//.test(
        u,
      ),
    );
    expect(heavy).toEqual([]);
    // CI's form (--policy-rev) trusts nothing the checkout's .git remembers (another job on a
    // runner that keeps it may have written there): the trusted revision's policy is parsed each run.
    const ci = ["signatures", "verify", "HEAD", "--policy-rev", "HEAD"];
    expect((await traceIn(first.repo, ci)).exitCode).toBe(1);
    const ciAgain = await traceIn(first.repo, ci);
    expect(ciAgain.exitCode).toBe(1);
    expect(ciAgain.stdout).toContain("signatures/unsigned");
    expect(ciAgain.stderr).toContain("(0 from cache)");
    expect(ciAgain.urls.filter((u) => /\/yaml\/dist\//.test(u))).not.toEqual([]);
  });

  it("a lockfile check loads the lockfile code and nothing of the SBOM, secrets or signatures", async () => {
    const r = await trace(["lockfile", "check"]);
    expect(r.exitCode).toBe(0);
    expect(r.urls.some((u) => u.includes("/packages/lockfile/dist/"))).toBe(true);
    const heavy = r.urls.filter((u) =>
      /\/packages\/(sbom|secrets|signatures|hooks)\/|\/commands\/(sbom|secrets|signatures|hooks?|init)\.js|cyclonedx|xmlbuilder2|secretlint/.test(
        u,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it("the pre-commit hook never loads the SBOM code", async () => {
    const r = await trace(["hook", "pre-commit"]);
    expect(r.exitCode).toBe(0);
    expect(r.urls.some((u) => u.includes("/commands/hook.js"))).toBe(true);
    expect(r.urls.filter((u) => /\/packages\/sbom\/|\/commands\/sbom\.js|cyclonedx|xmlbuilder2/.test(u))).toEqual([]);
  });

  it("pre-commit and commit-msg never build process.stdin (a stream, a socket for a pipe); pre-push reads its refs from it", async () => {
    const { repo } = await trace(["--version"]);
    repo.write("msg.txt", "feat: a message\n");
    const mark = join(repo.home, "stdin-built.txt");
    // process.stdin is Node's getter: wrapped, so that the first read says so when the process ends.
    const probe = `data:text/javascript,${encodeURIComponent(`
      import { writeFileSync } from "node:fs";
      const own = Object.getOwnPropertyDescriptor(process, "stdin");
      let built = false;
      Object.defineProperty(process, "stdin", { ...own, get() { built = true; return own.get.call(process); } });
      process.on("exit", () => writeFileSync(process.env.STDIN_MARK, String(built)));
    `)}`;
    const built = async (args: string[]) => {
      rmSync(mark, { force: true });
      const r = await runCommand(process.execPath, ["--import", probe, cliBin, ...args], {
        cwd: repo.dir,
        env: { ...repo.env, STDIN_MARK: mark },
        input: "",
      });
      expect(r.exitCode, r.stderr).toBe(0);
      return readFileSync(mark, "utf8");
    };
    expect(await built(["hook", "pre-commit"])).toBe("false");
    expect(await built(["hook", "commit-msg", "msg.txt"])).toBe("false");
    expect(await built(["hook", "pre-push", "origin", "https://example.invalid/r.git"])).toBe("true");
  });

  it("the pre-commit hook loads the workflow audit only when a workflow file is staged, and then refuses an unpinned action", async () => {
    const without = await trace(["hook", "pre-commit"]);
    expect(without.urls.filter((u) => u.includes("/packages/workflows/"))).toEqual([]);
    const workflow =
      "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n      - uses: actions/setup-node@v4\n";
    const r = await trace(["hook", "pre-commit"], { ".github/workflows/ci.yml": workflow });
    expect(r.urls.some((u) => u.includes("/packages/workflows/dist/"))).toBe(true);
    expect(r.exitCode).toBe(1);
    expect(r.stdout + r.stderr).toContain("workflows/unpinned-action");
    const broken = await trace(["hook", "pre-commit"], { ".github/workflows/ci.yml": "on: push\njobs: [\n" });
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain(".github/workflows/ci.yml");
  });

  it("with the policy remembered, the hooks load no YAML parser; commit-msg loads commitlint without es-toolkit's or semver's whole barrel", async () => {
    const committed = {
      ".rampart/config.yaml": "version: 1\nhooks:\n  preCommit:\n    lintStaged: false\n",
      "commitlint.config.mjs": 'export default { extends: ["@commitlint/config-conventional"] };\n',
      ".gitignore": "node_modules\n",
    };
    const yaml = (urls: string[]) => urls.filter((u) => /\/yaml\/dist\//.test(u));
    const first = await trace(["hook", "pre-commit"], undefined, committed);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(yaml(first.urls)).not.toEqual([]); // parsed and validated once, then remembered
    const again = await traceIn(first.repo, ["hook", "pre-commit"]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(yaml(again.urls)).toEqual([]);
    first.repo.write("msg.txt", "feat: Start Case Subject\n");
    const msg = await traceIn(first.repo, ["hook", "commit-msg", "msg.txt"]);
    expect(msg.exitCode).toBe(1);
    expect(msg.stdout + msg.stderr).toContain("commitlint/subject-case"); // es-toolkit's case helpers ran
    expect(yaml(msg.urls)).toEqual([]);
    const toolkit = msg.urls.filter((u) => u.includes("/es-toolkit/"));
    expect(toolkit.length).toBeGreaterThan(0);
    // The barrel itself is resolved (and then answered by a narrow module), but not loaded:
    // loading it resolves its ~1,300 modules.
    expect(toolkit.length).toBeLessThan(100);
    // semver: its index requires ~120 modules; commitlint's ignore check needs `valid` alone.
    expect(msg.urls.filter((u) => u.includes("/semver/")).length).toBeLessThan(30);
  });
});
