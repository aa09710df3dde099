import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../packages/core/src/exit-codes.js";
import { type GitRepo, gitRepo, runCli } from "../helpers/src/index.js";

// The "done when": through the built bin, a fresh repository scores low with the fixes
// named, and `rampart init --profile strict` lifts it to the top of what a clone can show.

interface Row {
  id: string;
  status: string;
  fix: string | null;
}

async function audit(repo: GitRepo): Promise<{ score: number; checks: Row[]; text: string }> {
  const json = await runCli(["audit", "--format", "json"], { cwd: repo.dir, env: repo.env });
  expect(json.exitCode, json.stderr).toBe(ExitCode.Clean);
  const text = await runCli(["audit", "--format", "markdown"], { cwd: repo.dir, env: repo.env });
  return { ...JSON.parse(json.stdout), text: text.stdout };
}

/** A small npm project as people start one: manifest, lockfile, licence, a first commit, a signing key in git. */
async function project(): Promise<GitRepo> {
  const repo = await gitRepo({
    "package.json": `${JSON.stringify({ name: "app", version: "1.0.0", scripts: { test: "node --test" } }, null, 2)}\n`,
    "package-lock.json": `${JSON.stringify({ name: "app", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name: "app", version: "1.0.0" } } }, null, 2)}\n`,
    LICENSE: "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n",
    "index.js": "export const x = 1;\n",
  });
  const key = repo.path("..", "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test@rampart.invalid", "-f", key]);
  await repo.git(["config", "gpg.format", "ssh"]);
  await repo.git(["config", "user.signingkey", `${key}.pub`]);
  return repo;
}

describe("rampart audit end to end", () => {
  it("a fresh repository scores low with the fixes named; init --profile strict takes it near the top", async () => {
    const repo = await project();
    try {
      const before = await audit(repo);
      expect(before.score).toBeLessThanOrEqual(25);
      const failing = before.checks.filter((c) => c.status === "fail");
      expect(failing.length).toBeGreaterThanOrEqual(15);
      expect(failing.every((c) => c.fix)).toBe(true);
      expect(failing.filter((c) => c.fix?.includes("rampart init")).length).toBeGreaterThanOrEqual(8);

      const init = await runCli(["init", "--profile", "strict", "--yes"], { cwd: repo.dir, env: repo.env });
      expect(init.exitCode, init.stderr).toBe(ExitCode.Clean);
      // What init's own "next:" lines ask of the user: name the team in CODEOWNERS; then a signed,
      // signed-off commit (strict asks for DCO).
      const owners = repo.path(".github/CODEOWNERS");
      writeFileSync(owners, readFileSync(owners, "utf8").replaceAll("@your-org/maintainers", "@acme/maintainers"));
      await repo.git(["add", "-A"]);
      await repo.git(["commit", "-q", "-S", "-s", "--no-verify", "-m", "adopt rampart (strict)"]);

      const after = await audit(repo);
      expect(after.score).toBeGreaterThanOrEqual(85);
      const notPassing = after.checks.filter((c) => c.status === "fail" || c.status === "partial").map((c) => c.id);
      // What remains is outside what rampart init writes: a licence policy,
      // minimal containers, network isolation, a pinned toolchain. (MAT-5 passes here only because the
      // lockfile downloads nothing yet.)
      expect(notPassing).toEqual(["MAT-2", "BLD-1", "BLD-8", "BLD-9"]);
      for (const id of [
        "SRC-1",
        "SRC-2",
        "SRC-3",
        "SRC-4",
        "SRC-5",
        "SRC-9",
        "MAT-1",
        "MAT-3",
        "MAT-4",
        "MAT-6",
        "BLD-4",
        "BLD-5",
        "ART-1",
        "ART-2",
        "ART-3",
      ])
        expect(after.checks.find((c) => c.id === id)?.status, id).toBe("pass");
      expect(after.text).toContain("| SRC-1 | pass |");
    } finally {
      repo.cleanup();
    }
  });
});
