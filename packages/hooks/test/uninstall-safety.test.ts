import { existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type GitRepo, gitRepo, repoRoot } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { writeChanges } from "../src/apply.js";
import { MANIFEST_PATH, sha256 } from "../src/manifest.js";
import { planInit } from "../src/plan.js";
import { uninstall } from "../src/uninstall.js";

const templatesDir = resolve(repoRoot, "packages/hooks/templates");
const pkg = `${JSON.stringify({ name: "app", version: "1.0.0" }, null, 2)}\n`;

async function initRepo(): Promise<GitRepo> {
  const repo = await gitRepo({ "package.json": pkg });
  const plan = await planInit({
    cwd: repo.dir,
    env: repo.env,
    templatesDir,
    profile: "recommended",
    rampartVersion: "0.1.0",
  });
  writeChanges(plan.project.gitRoot, plan.changes);
  return repo;
}

/** A file next to the repository (outside it) that uninstall must never touch. */
function victim(repo: GitRepo, text = "precious\n"): string {
  const file = join(dirname(repo.dir), "outside", "victim");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function editManifest(repo: GitRepo, edit: (m: Record<string, Record<string, unknown>>) => void): void {
  const m = JSON.parse(readFileSync(repo.path(MANIFEST_PATH), "utf8"));
  edit(m);
  writeFileSync(repo.path(MANIFEST_PATH), JSON.stringify(m));
}

describe("uninstall treats the manifest as untrusted", () => {
  for (const [what, path] of [
    ["a ../ path", "../outside/victim"],
    ["an absolute path", "ABSOLUTE"],
    ["a path that climbs out half-way", ".rampart/../../outside/victim"],
  ] as const) {
    it(`refuses a manifest whose files name ${what}, and deletes nothing`, async () => {
      const repo = await initRepo();
      const file = victim(repo);
      const named = path === "ABSOLUTE" ? file : path;
      editManifest(repo, (m) => {
        m.files![named] = { sha256: sha256("precious\n") };
      });
      await expect(uninstall({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
        code: "HOOKS_MANIFEST_INVALID",
        file: MANIFEST_PATH,
      });
      expect(readFileSync(file, "utf8")).toBe("precious\n");
      expect(existsSync(repo.path(MANIFEST_PATH))).toBe(true);
      expect(existsSync(repo.path(".husky/pre-commit"))).toBe(true);
    });
  }

  it("refuses a manifest naming git's own files, even with --force (a replaced .git/config would run code)", async () => {
    const repo = await initRepo();
    const config = readFileSync(repo.path(".git/config"), "utf8");
    editManifest(repo, (m) => {
      m.files![".git/config"] = { sha256: "0", replaced: "[core]\n\tfsmonitor = touch pwned\n" };
    });
    await expect(uninstall({ cwd: repo.dir, env: repo.env, force: true })).rejects.toMatchObject({
      code: "HOOKS_MANIFEST_INVALID",
    });
    expect(readFileSync(repo.path(".git/config"), "utf8")).toBe(config);
  });

  it("refuses a hook path or package.json path outside the repository", async () => {
    const repo = await initRepo();
    const file = victim(repo, "# >>> rampart\nx\n# <<< rampart\n");
    editManifest(repo, (m) => {
      m.hooks!["../outside/victim"] = { sha256: "0", created: true };
    });
    await expect(uninstall({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({ code: "HOOKS_MANIFEST_INVALID" });
    editManifest(repo, (m) => {
      delete m.hooks!["../outside/victim"];
      (m.packageJson as { path: string }).path = "../outside/victim";
    });
    await expect(uninstall({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({ code: "HOOKS_MANIFEST_INVALID" });
    expect(readFileSync(file, "utf8")).toBe("# >>> rampart\nx\n# <<< rampart\n");
  });

  it("a malformed manifest (wrong types) is one error, not a crash", async () => {
    const repo = await initRepo();
    for (const edit of [
      (m: Record<string, unknown>) => {
        m.files = null;
      },
      (m: Record<string, unknown>) => {
        m.hooks = { ".husky/pre-commit": "yes" };
      },
      (m: Record<string, unknown>) => {
        m.packageJson = { path: "package.json", edits: { scripts: 1 } };
      },
    ]) {
      editManifest(repo, edit);
      await expect(uninstall({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
        code: "HOOKS_MANIFEST_INVALID",
      });
    }
  });

  it("refuses to follow a .husky that became a symlink: nothing outside is read, edited or removed", async () => {
    const repo = await initRepo();
    const outside = join(dirname(repo.dir), "outside-husky");
    renameSync(repo.path(".husky"), outside);
    symlinkSync(outside, repo.path(".husky"));
    const before = readFileSync(join(outside, "pre-commit"), "utf8");
    await expect(uninstall({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({ code: "FS_SYMLINK_REFUSED" });
    expect(readFileSync(join(outside, "pre-commit"), "utf8")).toBe(before);
    expect(existsSync(repo.path(MANIFEST_PATH))).toBe(true);
    expect(existsSync(repo.path("SECURITY.md"))).toBe(true);
  });

  it("refuses a hook file that became a symlink, before changing anything", async () => {
    const repo = await initRepo();
    const file = victim(repo, readFileSync(repo.path(".husky/pre-push"), "utf8"));
    writeFileSync(repo.path(".husky/pre-push"), "");
    const { rmSync } = await import("node:fs");
    rmSync(repo.path(".husky/pre-push"));
    symlinkSync(file, repo.path(".husky/pre-push"));
    await expect(uninstall({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
      code: "FS_SYMLINK_REFUSED",
      file: ".husky/pre-push",
    });
    expect(readFileSync(file, "utf8")).toContain("# >>> rampart");
    expect(existsSync(repo.path(".husky/pre-commit"))).toBe(true);
    expect(existsSync(repo.path("SECURITY.md"))).toBe(true);
  });

  it("a package.json that no longer parses is one error naming it, and nothing is changed", async () => {
    const repo = await initRepo();
    writeFileSync(repo.path("package.json"), "{ broken");
    await expect(uninstall({ cwd: repo.dir, env: repo.env })).rejects.toMatchObject({
      code: "HOOKS_BAD_JSON",
      file: "package.json",
    });
    expect(existsSync(repo.path(".husky/pre-commit"))).toBe(true);
  });
});
