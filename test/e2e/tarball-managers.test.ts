import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type GitRepo, gitRepo, runCommand } from "../helpers/src/index.js";
import { allowTarballs, commitSecretRefused, gitIn, signCommits } from "./adoption.js";
import { offlineAdvisories, runWorkflow, skipInstalls } from "./ci-runner.js";
import { CACHE, fileSpecs, installEnv, must, packOnce, type Tarballs, yarnBerry, yarnClassic } from "./tarballs.js";

// "Done when", per package manager, installed for real: a library with history and a lockfile
// the package manager wrote, rampart added as a user adds it (a devDependency; here the packed
// tarballs, shared with install.test.ts), `rampart init --yes`, ONE install. Then: the adoption
// commit passes its hooks; a secret is refused in the repository, after moving it, and in a
// fresh clone after its own install; the CI workflow's steps run green in that clone; and the
// library's packed tarball installs in a consumer project without running the hooks' activation
// (prepare for npm, pnpm and yarn 1; pinst for a yarn 2+ library).
const SLOW = 600_000;
let tarballs: Tarballs;
/** rampart installed from the tarballs outside any project, as `npx rampart` has it: init runs from here. */
let cli: string;

beforeAll(async () => {
  tarballs = await packOnce();
  const dir = join(dirname(tarballs.rampart), "cli");
  cli = join(dir, "node_modules", ".bin", "rampart");
  if (existsSync(cli)) return;
  // Installed beside, then renamed into place: another checkout's run may share this packed set.
  const scratch = `${dir}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(
    join(scratch, "package.json"),
    json({ private: true, dependencies: { rampart: `file:${tarballs.rampart}` }, overrides: dependencySpecs() }),
  );
  const r = await runCommand("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: scratch,
    env: { ...process.env, npm_config_cache: join(CACHE, "npm") },
    timeout: SLOW,
  });
  if (r.exitCode !== 0) throw new Error(`installing rampart from the tarballs failed:\n${r.stdout}${r.stderr}`);
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another run installed it first
  }
}, SLOW);

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

interface Manager {
  name: string;
  /** Files of the project before rampart (the library is at `lib`). */
  files(): Record<string, string>;
  lib: string;
  /** How rampart is pinned to the tarballs (package.json edits, extra files). */
  pin(repo: GitRepo): void;
  /** The package manager's command (argv prefix) once it is available. */
  bin(): Promise<string[]>;
  lockOnly: string[];
  install: string[];
  pack: string[];
}

const library = (name: string, extra: object = {}) => ({
  name,
  version: "1.0.0",
  description: "a published library",
  main: "index.js",
  files: ["index.js"],
  dependencies: { ms: "2.1.3" },
  ...extra,
});

function editJson(file: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, json(value));
}

/**
 * rampart's own packages pinned to the tarballs, rampart itself left out: yarn 1 records a
 * `file:` devDependency that `resolutions` also names twice (the devDependency's relative path and
 * the resolution's absolute one), and an install from that lockfile links neither's bin, so
 * node_modules/.bin/rampart went missing on every install after the first (the hooks then refuse
 * with "run yarn install"). A user who adds rampart from a registry never writes that resolution.
 */
const dependencySpecs = () => Object.fromEntries(Object.entries(fileSpecs(tarballs)).filter(([n]) => n !== "rampart"));

const addRampart = (repo: GitRepo, key: "overrides" | "resolutions") =>
  editJson(repo.path("package.json"), (p) => {
    p.devDependencies = { ...(p.devDependencies as object), rampart: `file:${tarballs.rampart}` };
    p[key] = dependencySpecs();
  });

const MANAGERS: Manager[] = [
  {
    name: "npm",
    lib: ".",
    files: () => ({ "package.json": json(library("lib-npm")), "index.js": "module.exports = 1;\n" }),
    pin: (repo) => addRampart(repo, "overrides"),
    bin: async () => ["npm"],
    lockOnly: ["install", "--package-lock-only"],
    install: ["install"],
    pack: ["pack"],
  },
  {
    name: "pnpm monorepo",
    lib: "packages/lib",
    files: () => ({
      "package.json": json({ name: "mono", private: true, packageManager: "pnpm@10.34.8" }),
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      "packages/lib/package.json": json(library("lib-pnpm")),
      "packages/lib/index.js": "module.exports = 1;\n",
    }),
    pin: (repo) => {
      editJson(repo.path("package.json"), (p) => {
        p.devDependencies = { rampart: `file:${tarballs.rampart}` };
      });
      const overrides = Object.entries(dependencySpecs()).map(([k, v]) => `  "${k}": "${v}"`);
      appendFileSync(repo.path("pnpm-workspace.yaml"), `overrides:\n${overrides.join("\n")}\n`);
    },
    bin: async () => ["pnpm"],
    lockOnly: ["install", "--lockfile-only"],
    install: ["install"],
    pack: ["pack"],
  },
  {
    name: "yarn berry",
    lib: ".",
    files: () => ({
      "package.json": json(library("lib-berry", { packageManager: "yarn@4.18.1" })),
      ".yarnrc.yml": "nodeLinker: node-modules\nenableTelemetry: false\n",
      "index.js": "module.exports = 1;\n",
    }),
    pin: (repo) => addRampart(repo, "resolutions"),
    bin: async () => {
      const yarn = await yarnBerry("4.18.1");
      if (yarn === undefined) throw new Error("could not obtain yarn berry from the npm registry (@yarnpkg/cli-dist)");
      return [process.execPath, yarn];
    },
    lockOnly: ["install", "--mode=update-lockfile"],
    install: ["install"],
    pack: ["pack", "--out", "%s-%v.tgz"],
  },
  {
    name: "yarn classic",
    lib: ".",
    files: () => ({
      "package.json": json(library("lib-classic", { packageManager: "yarn@1.22.22" })),
      "index.js": "module.exports = 1;\n",
    }),
    pin: (repo) => addRampart(repo, "resolutions"),
    bin: async () => {
      const yarn = await yarnClassic("1.22.22");
      if (yarn === undefined) throw new Error("could not obtain yarn 1 from the npm registry");
      return [process.execPath, yarn];
    },
    lockOnly: ["install", "--ignore-scripts"],
    install: ["install"],
    pack: ["pack"],
  },
];

describe.each(MANAGERS)("$name library, rampart installed from the packed tarballs", (m) => {
  it(
    "adopted with init's defaults and one install: hooks on when moved and cloned fresh, CI green, the packed library installs in a consumer",
    async () => {
      const pm = await m.bin();
      const run = (repo: GitRepo, args: string[], cwd = repo.dir) =>
        must(repo, pm[0] ?? "", [...pm.slice(1), ...args], cwd);
      const repo = await gitRepo({ ...m.files(), ".gitignore": "node_modules\n.yarn\n.pnp.*\n*.tgz\n" });
      await signCommits(repo);
      await run(repo, m.lockOnly);
      await repo.commit("chore: the library with its lockfile");
      repo.write("README.md", "# lib\n");
      await repo.commit("docs: readme");
      // The user adds rampart (here: the tarballs, from outside the repository), then runs init from
      // it and installs once. CI judges the adoption by the defaults (the base has no policy), so
      // what the lockfile held before it, the tarballs included, is what the base accepted; an
      // allowance the adoption wrote for them would not count.
      m.pin(repo);
      await run(repo, m.install);
      await repo.commit("build: rampart");
      const before = await repo.git(["rev-parse", "HEAD"]);
      await must(repo, cli, ["init", "--yes"]);
      allowTarballs(repo.dir, tarballs);
      await run(repo, m.install);
      expect((await gitIn(repo, repo.dir, ["config", "core.hooksPath"], installEnv(repo))).output.trim()).toBe(
        ".husky/_",
      );
      await repo.git(["add", "-A"]);
      const adopt = await gitIn(repo, repo.dir, ["commit", "-m", "chore: adopt rampart"], installEnv(repo));
      expect(adopt.exitCode, adopt.output).toBe(0);
      const sha = await repo.git(["rev-parse", "HEAD"]);
      await commitSecretRefused(repo, repo.dir, installEnv(repo));

      const moved = join(dirname(repo.dir), "moved");
      renameSync(repo.dir, moved);
      await commitSecretRefused(repo, moved, installEnv(repo));
      renameSync(moved, repo.dir);

      // A fresh clone and its own install (for yarn 1 the second install of a repository once
      // lost node_modules/.bin/rampart: the clone's hook must find it).
      const clone = join(dirname(repo.dir), "clone");
      await repo.git(["clone", "-q", repo.dir, clone]);
      await run(repo, m.install, clone);
      expect(existsSync(join(clone, "node_modules", ".bin", "rampart"))).toBe(true);
      await commitSecretRefused(repo, clone, installEnv(repo));

      // CI, in that clone: every run step of the workflow init wrote (its install is the one above).
      const steps = await runWorkflow(
        join(clone, ".github", "workflows", "rampart.yml"),
        clone,
        {
          ...installEnv(repo),
          ...(await offlineAdvisories(join(repo.home, "osv"))),
          RUNNER_TEMP: runnerTemp(repo, clone),
        },
        { before, sha },
        skipInstalls,
      );
      const failed = steps.filter((s) => s.exitCode !== 0);
      expect(failed, failed.map((s) => `${s.job} / ${s.step}:\n${s.output}`).join("\n")).toEqual([]);
      expect(steps.length).toBeGreaterThanOrEqual(4);

      // The library as published: packed, installed by a consumer; the hooks' activation must not run there.
      const libDir = join(repo.dir, m.lib);
      await run(repo, m.pack, libDir);
      const tgz = (await runCommand("sh", ["-c", "ls *.tgz"], { cwd: libDir })).stdout.trim().split("\n")[0] ?? "";
      const packed = await runCommand("tar", ["-xzOf", tgz, "package/package.json"], { cwd: libDir });
      const scripts = (JSON.parse(packed.stdout) as { scripts?: Record<string, string> }).scripts ?? {};
      expect(scripts.postinstall, "a published package must not run husky in its consumers' installs").toBeUndefined();
      const consumer = join(repo.home, "consumer");
      mkdirSync(consumer);
      writeFileSync(join(consumer, "package.json"), json({ name: "consumer", version: "1.0.0", private: true }));
      await must(repo, "npm", ["install", join(libDir, tgz)], consumer);
      expect(existsSync(join(consumer, "node_modules", JSON.parse(packed.stdout).name, "index.js"))).toBe(true);
    },
    SLOW,
  );
});

/**
 * The RUNNER_TEMP CI's steps run with: its tools' install (rampart and commitlint from the
 * registry at the pinned versions) stands in for the clone's own install of the same tarballs.
 */
function runnerTemp(repo: GitRepo, clone: string): string {
  const dir = join(repo.home, "runner-temp");
  // The tools' folder, and the one `lockfile pin-config` runs from before the project's install.
  for (const tools of ["rampart", "rampart-pin"]) {
    mkdirSync(join(dir, tools), { recursive: true });
    symlinkSync(join(clone, "node_modules"), join(dir, tools, "node_modules"));
  }
  return dir;
}
