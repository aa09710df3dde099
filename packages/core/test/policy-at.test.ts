import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gitRepo } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { hasCommit, loadConfigAt, readFilesAt } from "../src/policy-at.js";

test("loadConfigAt reads the policy a revision holds, never the working tree", async () => {
  const repo = await gitRepo({ ".rampart/config.yaml": "version: 1\nsecrets:\n  ignorePaths: [a]\n" });
  const base = await repo.git(["rev-parse", "HEAD"]);
  repo.write(".rampart/config.yaml", "version: 1\nsecrets:\n  ignorePaths: [b]\n");
  const at = await loadConfigAt("HEAD", { cwd: repo.dir, env: repo.env });
  expect(at?.file).toBe("HEAD:.rampart/config.yaml");
  expect(at?.config.secrets).toEqual({ ignorePaths: ["a"] });
  expect(await readFilesAt(base, [".rampart/config.yaml", "missing.txt"], { cwd: repo.dir, env: repo.env })).toEqual([
    "version: 1\nsecrets:\n  ignorePaths: [a]\n",
    undefined,
  ]);
  expect(await hasCommit(base, { cwd: repo.dir, env: repo.env })).toBe(true);
  expect(await hasCommit("0".repeat(40), { cwd: repo.dir, env: repo.env })).toBe(false);
});

test("a revision without a policy is null; a renamed or broken one is CONFIG_INVALID naming REV:file", async () => {
  const repo = await gitRepo({ "README.md": "x\n" });
  const git = { cwd: repo.dir, env: repo.env };
  expect(await loadConfigAt("HEAD", git)).toBeNull();
  repo.write(".rampart/config.yml", "version: 1\n");
  await repo.commit("renamed policy");
  await expect(loadConfigAt("HEAD", git)).rejects.toMatchObject({
    code: "CONFIG_INVALID",
    file: "HEAD:.rampart/config.yml",
  });
  repo.write(".rampart/config.yaml", "version: 1\nsecrets: [\n");
  await repo.commit("broken policy");
  await expect(loadConfigAt("HEAD", git)).rejects.toMatchObject({
    code: "CONFIG_INVALID",
    file: "HEAD:.rampart/config.yaml",
    line: expect.any(Number),
  });
  await expect(loadConfigAt("--output=x", git)).rejects.toMatchObject({ code: "USAGE_INVALID" });
});

test("a .rampart that is a symlink, a file or a submodule, or a config.yaml that is a symlink or a folder, is CONFIG_INVALID, never 'no policy'", async () => {
  const repo = await gitRepo({
    "policy/config.yaml": "version: 1\nsecrets:\n  ignorePaths: [a]\n",
    "README.md": "x\n",
  });
  const git = { cwd: repo.dir, env: repo.env };
  const at = async (build: () => Promise<void>, add = true) => {
    await repo.git(["rm", "-r", "-q", "--cached", "--ignore-unmatch", ".rampart"]);
    rmSync(join(repo.dir, ".rampart"), { recursive: true, force: true });
    await build();
    if (add) await repo.git(["add", "-A"]);
    await repo.git(["commit", "-q", "-m", "policy layout"]);
    return loadConfigAt("HEAD", git);
  };
  // Git stores a link as its target: read at a revision, the folder or file would be missing.
  await expect(at(async () => symlinkSync("policy", join(repo.dir, ".rampart")))).rejects.toMatchObject({
    code: "CONFIG_INVALID",
    file: "HEAD:.rampart",
  });
  await expect(at(async () => writeFileSync(join(repo.dir, ".rampart"), "version: 1\n"))).rejects.toMatchObject({
    code: "CONFIG_INVALID",
    file: "HEAD:.rampart",
  });
  const link = async () => {
    mkdirSync(join(repo.dir, ".rampart"));
    symlinkSync("../policy/config.yaml", join(repo.dir, ".rampart/config.yaml"));
  };
  await expect(at(link)).rejects.toMatchObject({ code: "CONFIG_INVALID", file: "HEAD:.rampart/config.yaml" });
  const folder = async () => {
    mkdirSync(join(repo.dir, ".rampart/config.yaml"), { recursive: true });
    writeFileSync(join(repo.dir, ".rampart/config.yaml/policy.yaml"), "version: 1\n");
  };
  await expect(at(folder)).rejects.toMatchObject({ code: "CONFIG_INVALID", file: "HEAD:.rampart/config.yaml" });
  // A submodule: a commit of another repository at .rampart (git update-index --cacheinfo 160000).
  const submodule = async () => {
    const other = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["update-index", "--add", "--cacheinfo", `160000,${other},.rampart`]);
  };
  await expect(at(submodule, false)).rejects.toMatchObject({ code: "CONFIG_INVALID", file: "HEAD:.rampart" });
  // The real thing still reads, and a repository without .rampart is still "no policy".
  const real = async () => {
    mkdirSync(join(repo.dir, ".rampart"));
    writeFileSync(join(repo.dir, ".rampart/config.yaml"), "version: 1\nsecrets:\n  ignorePaths: [b]\n");
  };
  expect((await at(real))?.config.secrets).toEqual({ ignorePaths: ["b"] });
  expect(await at(async () => {})).toBeNull();
});
