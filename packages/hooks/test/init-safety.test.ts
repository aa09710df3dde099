import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type GitRepo, gitRepo, repoRoot } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { writeChanges } from "../src/apply.js";
import { MANIFEST_PATH } from "../src/manifest.js";
import { type InitOptions, planInit } from "../src/plan.js";
import { uninstall } from "../src/uninstall.js";

const templatesDir = resolve(repoRoot, "packages/hooks/templates");
const pkg = `${JSON.stringify({ name: "app", version: "1.0.0", scripts: { test: "x" } }, null, 2)}\n`;

const plan = (repo: GitRepo, extra: Partial<InitOptions> = {}) =>
  planInit({ cwd: repo.dir, env: repo.env, templatesDir, profile: "recommended", rampartVersion: "0.1.0", ...extra });

/** An empty folder next to the repository that init must never write into. */
function outsideDir(repo: GitRepo): string {
  const dir = join(dirname(repo.dir), "outside");
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("init never writes through a symlink", () => {
  for (const link of [
    ".husky",
    ".husky/_",
    ".github",
    ".github/workflows",
    ".rampart",
    "SECURITY.md",
    ".husky/pre-commit",
  ]) {
    it(`refuses a repository where ${link} is a symlink out of it, before writing anything`, async () => {
      const repo = await gitRepo({ "package.json": pkg, ".husky/keep": "", ".github/keep": "" });
      const outside = outsideDir(repo);
      const target = link.endsWith(".md") || link.endsWith("pre-commit") ? join(outside, "file") : outside;
      if (target !== outside) writeFileSync(target, "precious\n");
      const { rmSync } = await import("node:fs");
      rmSync(repo.path(link), { recursive: true, force: true });
      mkdirSync(dirname(repo.path(link)), { recursive: true });
      symlinkSync(target, repo.path(link));
      await expect(plan(repo)).rejects.toMatchObject({ code: "FS_SYMLINK_REFUSED" });
      expect(readdirSync(outside).sort()).toEqual(target === outside ? [] : ["file"]);
      if (target !== outside) expect(readFileSync(target, "utf8")).toBe("precious\n");
      expect(existsSync(repo.path(MANIFEST_PATH))).toBe(false);
      expect(readFileSync(repo.path("package.json"), "utf8")).toBe(pkg);
    });
  }

  it("refuses a symlinked package.json (it would be merged into)", async () => {
    const repo = await gitRepo({ "package.json": pkg });
    const outside = outsideDir(repo);
    writeFileSync(join(outside, "package.json"), pkg);
    const { rmSync } = await import("node:fs");
    rmSync(repo.path("package.json"));
    symlinkSync(join(outside, "package.json"), repo.path("package.json"));
    await expect(plan(repo)).rejects.toMatchObject({ code: "FS_SYMLINK_REFUSED", file: "package.json" });
    expect(readFileSync(join(outside, "package.json"), "utf8")).toBe(pkg);
  });
});

describe("init records what it writes before it writes it", () => {
  it("writes the manifest first", async () => {
    const repo = await gitRepo({ "package.json": pkg });
    const p = await plan(repo);
    const written = writeChanges(repo.dir, p.changes);
    expect(written[0]?.path).toBe(MANIFEST_PATH);
  });

  it("a write that fails half-way (a folder in the way of the 3rd file) leaves what uninstall restores exactly", async () => {
    const repo = await gitRepo({ "package.json": pkg, "SECURITY.md": "# ours\n" });
    await repo.git(["config", "core.hooksPath", "custom-hooks"]);
    const p = await plan(repo, { force: true });
    const pending = p.changes.filter((c) => c.action === "create" || c.action === "update");
    const third = pending.filter((c) => c.path !== MANIFEST_PATH)[1];
    expect(third).toBeDefined();
    mkdirSync(repo.path(third!.path), { recursive: true }); // the obstacle, after planning
    writeFileSync(repo.path(third!.path, "keep"), "");
    expect(() => writeChanges(repo.dir, p.changes)).toThrow(expect.objectContaining({ code: "FS_NOT_A_FILE" }));
    expect(existsSync(repo.path(MANIFEST_PATH))).toBe(true);
    const { rmSync } = await import("node:fs");
    rmSync(repo.path(third!.path), { recursive: true });
    await uninstall({ cwd: repo.dir, env: repo.env });
    expect(await repo.git(["status", "--porcelain", "--ignored"])).toBe("");
    expect(readFileSync(repo.path("SECURITY.md"), "utf8")).toBe("# ours\n");
    expect(await repo.git(["config", "core.hooksPath"])).toBe("custom-hooks");
  });

  it("the same after the package.json merge: uninstall gives package.json back", async () => {
    const repo = await gitRepo({ "package.json": pkg, "pnpm-lock.yaml": "lockfileVersion: '9.0'\n" });
    const p = await plan(repo);
    const pending = p.changes.filter(
      (c) => (c.action === "create" || c.action === "update") && c.path !== MANIFEST_PATH,
    );
    // Every file after package.json (it is merged late in the plan) is blocked.
    const at = pending.findIndex((c) => c.path === "package.json");
    const after = pending[at + 1];
    expect(after?.path).toBe("pnpm-workspace.yaml");
    mkdirSync(repo.path(after!.path, "obstacle"), { recursive: true });
    expect(() => writeChanges(repo.dir, p.changes)).toThrow();
    expect(readFileSync(repo.path("package.json"), "utf8")).toContain("husky");
    const { rmSync } = await import("node:fs");
    rmSync(repo.path(after!.path), { recursive: true });
    await uninstall({ cwd: repo.dir, env: repo.env });
    expect(await repo.git(["status", "--porcelain", "--ignored"])).toBe("");
  });
});

describe("init on a damaged .gitlab-ci.yml", () => {
  for (const [what, text] of <Array<[string, string]>>[
    ["empty", ""],
    ["a list", "- x\n"],
    ["not YAML", "a: [\n"],
  ]) {
    it(`${what}: a note naming the include to add, not a crash, and the file untouched`, async () => {
      const repo = await gitRepo({ "package.json": pkg, ".gitlab-ci.yml": text });
      const p = await plan(repo);
      expect(p.notes.some((n) => n.includes(".gitlab-ci.yml") && n.includes("include"))).toBe(true);
      writeChanges(repo.dir, p.changes);
      expect(readFileSync(repo.path(".gitlab-ci.yml"), "utf8")).toBe(text);
    });
  }
});
