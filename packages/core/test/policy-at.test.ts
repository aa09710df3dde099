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
