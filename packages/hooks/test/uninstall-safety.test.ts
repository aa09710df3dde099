import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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

describe("uninstall removes what rampart keeps in git's folder", () => {
  /** What the hooks and caches leave in .git/rampart (a blob is whatever bytes: it is only removed). */
  function leaveState(repo: GitRepo): void {
    mkdirSync(repo.path(".git/rampart"), { recursive: true });
    const files: Array<[string, string]> = [
      ["hook.blob", "\u0000blob"],
      ["hook.blob.json", "{}\n"],
      ["hook.blob.failed", "v24 x\nwhy\n"],
      ["policy-cache.json", "{}\n"],
      ["commitlint-config-0123456789abcdef.json", "{}\n"],
    ];
    for (const [name, text] of files) writeFileSync(repo.path(`.git/rampart/${name}`), text);
  }

  it("removes .git/rampart (the hooks' startup snapshot and the caches), and says so", async () => {
    const repo = await initRepo();
    leaveState(repo);
    const steps = await uninstall({ cwd: repo.dir, env: repo.env });
    expect(existsSync(repo.path(".git/rampart"))).toBe(false);
    expect(steps).toContainEqual(expect.objectContaining({ path: ".git/rampart", action: "removed" }));
    expect(existsSync(repo.path(".git/HEAD"))).toBe(true);
  });

  it("from a linked worktree: the common dir's folder goes", async () => {
    const repo = await initRepo();
    await repo.commit("chore: adopt rampart");
    leaveState(repo);
    const linked = join(dirname(repo.dir), `${repo.dir.split("/").at(-1)}-linked`);
    await repo.git(["worktree", "add", "-q", linked]);
    const steps = await uninstall({ cwd: linked, env: repo.env });
    expect(existsSync(repo.path(".git/rampart"))).toBe(false);
    expect(steps).toContainEqual(
      expect.objectContaining({ path: join(repo.dir, ".git", "rampart"), action: "removed" }),
    );
    rmSync(linked, { recursive: true, force: true });
  });

  it("never follows a symlink: a symlinked folder is kept, a symlink inside is removed, not its target", async () => {
    const repo = await initRepo();
    const file = victim(repo);
    const outsideDir = dirname(file);
    symlinkSync(outsideDir, repo.path(".git/rampart"));
    const steps = await uninstall({ cwd: repo.dir, env: repo.env });
    expect(steps).toContainEqual(expect.objectContaining({ path: ".git/rampart", action: "kept" }));
    expect(readFileSync(file, "utf8")).toBe("precious\n");
    expect(existsSync(repo.path(".git/rampart"))).toBe(true); // the user's symlink, left to the user

    const again = await initRepo();
    const target = victim(again);
    leaveState(again);
    renameSync(again.path(".git/rampart/hook.blob"), `${target}.blob`);
    symlinkSync(`${target}.blob`, again.path(".git/rampart/hook.blob"));
    symlinkSync(dirname(target), again.path(".git/rampart/cache"));
    await uninstall({ cwd: again.dir, env: again.env });
    expect(existsSync(again.path(".git/rampart"))).toBe(false);
    expect(readFileSync(target, "utf8")).toBe("precious\n");
    expect(readFileSync(`${target}.blob`, "utf8")).toBe("\u0000blob");
  });
});
