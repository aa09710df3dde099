import { execFileSync } from "node:child_process";
import { defaultConfig } from "@rampart/core/config";
import { readCache } from "@rampart/core/fs";
import { CatFileBatch, type GitObject } from "@rampart/core/git";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { HookTiming } from "../src/hook/timing.js";
import { trustedPolicy } from "../src/hook/trusted.js";
import { hooksSettings } from "../src/hooks-config.js";

// pre-commit records what it read at HEAD (trusted-head.json) under the commit id HEAD named, for
// the commit-msg of the same commit. Real git: a checkout runs while the hook reads.

describe("trusted-head.json", () => {
  it("pairs HEAD's id with what was read at that very commit, when a checkout moves HEAD while the hook reads", async () => {
    const off = "version: 1\nsecrets:\n  disableRules: [aws-access-key-id]\n";
    const repo = await gitRepo({ ".rampart/config.yaml": "version: 1\n" });
    await repo.git(["branch", "strict"]);
    repo.write(".rampart/config.yaml", off);
    await repo.commit("chore: switch a rule off");
    await repo.git(["checkout", "-q", "strict"]);
    const batch = new CatFileBatch({ cwd: repo.dir, env: repo.env });
    // The first answer for HEAD, then (before any other read reaches git) a checkout of main.
    let moved: Promise<GitObject | null> | undefined;
    const objects = {
      read(name: string): Promise<GitObject | null> {
        if (name === "HEAD" && moved === undefined) {
          moved = batch.read("HEAD").then((o) => {
            execFileSync("git", ["checkout", "-q", "main"], { cwd: repo.dir, env: repo.env });
            return o;
          });
          return moved;
        }
        return (moved ?? Promise.resolve(null)).then(() => batch.read(name));
      },
    };
    try {
      const trusted = await trustedPolicy(
        {
          options: {
            hook: "pre-commit",
            args: [],
            cwd: repo.dir,
            env: repo.env,
            stdin: (async function* () {})(),
            log: () => {},
            checkers: {} as never,
          },
          root: repo.dir,
          commonDir: repo.path(".git"),
          config: defaultConfig(),
          settings: hooksSettings(undefined),
          timing: new HookTiming(repo.env),
          objects,
        },
        "HEAD",
      );
      const record = JSON.parse(readCache(repo.path(".git"), "trusted-head.json") ?? "null") as {
        commit: string;
        objects: Record<string, [string, string, string] | null>;
      } | null;
      // What is recorded for the commit is that commit's.
      expect(record).not.toBeNull();
      const policy = (await repo.git(["rev-parse", `${record?.commit}:.rampart/config.yaml`])).trim();
      expect(record?.objects["HEAD:.rampart/config.yaml"]?.[0]).toBe(policy);
      // And the policy the hook applies is the one of the commit it started at.
      expect(trusted.config.secrets.disableRules ?? []).toEqual([]);
    } finally {
      batch.close();
    }
  });
});
