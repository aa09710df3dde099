import { ExitCode } from "@rampart/core";
import { maskSecret } from "@rampart/core/redact";
import { gitRepo, runCli } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { scanHistory } from "../src/history.js";
import { scanRange } from "../src/range.js";
import { expandExample } from "../src/rules/examples.js";
import { githubToken } from "./synthetic.js";

const noBaseline = { baseline: false } as const;

// A token whose shape core's redaction does not know: only the scan's own masking hides it.
const hfToken = (seed: number) => expandExample("hf_{34 of [A-Za-z]}", seed);

type Found = { findings: Array<{ ruleId: string; file?: string; severity: string }> };
const refFindings = (r: Found) =>
  r.findings
    .filter((f) => f.file?.startsWith("ref ") === true)
    .map((f) => [f.ruleId, f.file])
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));

function neverWhole(text: string, secrets: readonly string[]) {
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(5, 25));
  }
}

describe("ref names are judged as text: no object holds a branch's or a lightweight tag's name", () => {
  it("a range's pushed names (--ref) and a tip given by name; every ref in --all-history; shown masked", async () => {
    const repo = await gitRepo({ "README.md": "r\n" }, { commit: true });
    const base = await repo.git(["rev-parse", "HEAD"]);
    repo.write("a.txt", "a\n");
    await repo.commit("a");
    const hf = hfToken(3);
    const gh = githubToken(71);
    await repo.git(["branch", `feat/${hf}`]);
    await repo.git(["tag", `v1-${gh}`]); // lightweight: no tag object, no header holds the name
    await repo.git(["branch", "feature/login-page-2"]); // a plain name: nothing
    const hfRef = `ref refs/heads/feat/${maskSecret(hf)}`;
    const ghRef = `ref refs/tags/v1-${maskSecret(gh)}`;

    const pushedAs = await scanRange({
      cwd: repo.dir,
      range: `${base}..HEAD`,
      refNames: [`refs/heads/feat/${hf}`, "refs/heads/feature/login-page-2"],
      ...noBaseline,
    });
    expect(refFindings(pushedAs)).toEqual([["huggingface-access-token", hfRef]]);
    const byName = await scanRange({ cwd: repo.dir, range: `${base}..refs/tags/v1-${gh}`, ...noBaseline });
    expect(refFindings(byName)).toEqual([["github-pat", ghRef]]);
    const history = await scanHistory({ cwd: repo.dir, jobs: 1, ...noBaseline });
    expect(refFindings(history)).toEqual([
      ["huggingface-access-token", hfRef],
      ["github-pat", ghRef],
    ]);
    neverWhole(JSON.stringify([pushedAs, byName, history]), [hf, gh]);

    for (const args of [
      ["secrets", "scan", "--range", `${base}..HEAD`, "--ref", `refs/heads/feat/${hf}`],
      ["secrets", "scan", "--range", `${base}..HEAD`, "--ref", `refs/heads/feat/${hf}`, "--format", "json"],
      ["secrets", "scan", "--range", `${base}..HEAD`, "--ref", `refs/heads/feat/${hf}`, "--format", "sarif"],
      ["secrets", "scan", "--all-history"],
    ]) {
      const cli = await runCli(args, { cwd: repo.dir, env: repo.env });
      expect(cli.exitCode, args.join(" ")).toBe(ExitCode.Findings);
      // SARIF's uri percent-encodes each path segment.
      const shown = args.includes("sarif") ? encodeURIComponent(maskSecret(hf)) : maskSecret(hf);
      expect(cli.stdout).toContain(`heads/feat/${shown}`);
      neverWhole(cli.stdout + cli.stderr, [hf, gh]);
    }
    const clean = await runCli(
      ["secrets", "scan", "--range", `${base}..HEAD`, "--ref", "refs/heads/feature/login-page-2"],
      { cwd: repo.dir, env: repo.env },
    );
    expect(clean.exitCode, clean.stdout).toBe(ExitCode.Clean);
    const misuse = await runCli(["secrets", "scan", "--ref", "x"], { cwd: repo.dir, env: repo.env });
    expect(misuse.exitCode).toBe(ExitCode.Error);
  });

  it("pre-push refuses a branch or lightweight tag pushed under a name holding a token, with nothing new in it", async () => {
    const repo = await gitRepo(
      { "README.md": "r\n", ".rampart/config.yaml": "version: 1\nhooks:\n  prePush:\n    signatures: false\n" },
      { commit: true },
    );
    const remote = await gitRepo({}, { bare: true });
    await repo.git(["remote", "add", "origin", remote.dir]);
    await repo.git(["push", "-q", "--no-verify", "origin", "main"]);
    const head = await repo.git(["rev-parse", "HEAD"]);
    const hf = hfToken(5);
    const zero = "0".repeat(40);
    // `git push origin HEAD:refs/heads/<token>`: a commit the remote has, so no range holds anything.
    for (const name of [`refs/heads/${hf}`, `refs/tags/${hf}`]) {
      const input = `HEAD ${head} ${name} ${zero}\n`;
      const r = await runCli(["hook", "pre-push", "origin", remote.dir], { cwd: repo.dir, env: repo.env, input });
      expect(r.exitCode, r.stdout + r.stderr).toBe(ExitCode.Findings);
      expect(r.stdout).toContain(`ref ${name.replace(hf, maskSecret(hf))}`);
      neverWhole(r.stdout + r.stderr, [hf]);
    }
    const plain = `HEAD ${head} refs/heads/feature/x ${zero}\n`;
    const ok = await runCli(["hook", "pre-push", "origin", remote.dir], { cwd: repo.dir, env: repo.env, input: plain });
    expect(ok.exitCode, ok.stdout + ok.stderr).toBe(ExitCode.Clean);
  });
});
