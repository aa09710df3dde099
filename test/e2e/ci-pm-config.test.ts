import { createHash } from "node:crypto";
import { once } from "node:events";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type GitRepo, runCommand } from "../helpers/src/index.js";
import { parseYaml, runWorkflow, type StepResult } from "./ci-runner.js";
import { ciPinTools, initRepo } from "./linked.js";
import { yarnBerry } from "./tarballs.js";

/**
 * CI's lockfile and SBOM jobs install the change's dependencies. The package manager reads its
 * config from the checkout, and that config is code (npm's git=, yarn berry's plugins:) or decides
 * where credentials go (a registry plus an _authToken=${VAR} line). Each test plants such config
 * in a change and runs the workflow's own steps with the real package manager: the install must
 * read the base's config, so no planted binary or plugin runs and no request reaches the
 * change's registry, while the install itself still works (the base's registry serves it).
 */

const TOKEN = "ci-secret-value-the-change-wants";

interface Recorder {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** A registry on 127.0.0.1 that serves `tarball` for every *.tgz path and records each request. */
async function registry(tarball: Buffer): Promise<Recorder> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? "none"}`);
    if ((req.url ?? "").endsWith(".tgz"))
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball);
    else res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The npm tarball of a package with no code: `tiny-dep@1.0.0`, and its sha512 integrity. */
async function tinyTarball(dir: string): Promise<{ bytes: Buffer; integrity: string }> {
  const src = join(dir, "tiny-dep");
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, "package.json"), '{ "name": "tiny-dep", "version": "1.0.0", "license": "MIT" }\n');
  const r = await runCommand("npm", ["pack", "--pack-destination", dir], { cwd: src });
  if (r.exitCode !== 0) throw new Error(`npm pack: ${r.stderr}`);
  const bytes = readFileSync(join(dir, "tiny-dep-1.0.0.tgz"));
  return { bytes, integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}` };
}

/** A script the change adds that leaves `marker` behind when anything runs it. */
function plantedScript(repo: GitRepo, path: string, marker: string, then = ""): void {
  repo.write(path, `#!/bin/sh\ntouch ${JSON.stringify(marker)}\n${then}\n`);
  chmodSync(repo.path(path), 0o755);
}

/**
 * The workflow's package-manager config step and the project install, in every job that has
 * them, for a push from `base` to HEAD; every other step (the tools' install, the checks) skipped.
 */
async function runInstallSteps(repo: GitRepo, base: string, env: NodeJS.ProcessEnv): Promise<StepResult[]> {
  const head = (await repo.git(["rev-parse", "HEAD"])).trim();
  const keep = (step: { name?: string; run?: string }) =>
    step.name?.startsWith("package-manager config") === true ||
    step.name === "base (the trusted side)" ||
    /^(?:[A-Z_]+=\S*\s+)*(npm ci|pnpm install|yarn install|corepack enable)\b/.test(step.run ?? "");
  // The rampart the config step runs (`lockfile pin-config`), which the workflow installs from the
  // registry in the step before: the built CLI, linked.
  const temp = join(repo.home, "ci-temp");
  if (!existsSync(temp)) ciPinTools(temp);
  return runWorkflow(
    repo.path(".github/workflows/rampart.yml"),
    repo.dir,
    { ...repo.env, RUNNER_TEMP: temp, ...env },
    { before: base, sha: head },
    (step) => !keep(step),
  );
}

/**
 * A pnpm project with one registry dependency (tiny-dep), its base `.npmrc` pointing at a registry
 * the test serves, set up by init and committed; returns the base and the two registries.
 */
async function pnpmProject(repo: GitRepo) {
  const { bytes, integrity } = await tinyTarball(join(repo.home, "pack"));
  const trusted = await registry(bytes);
  const attacker = await registry(bytes);
  cleanups.push(trusted.close, attacker.close);
  repo.write(
    "pnpm-lock.yaml",
    [
      "lockfileVersion: '9.0'",
      "",
      "settings:",
      "  autoInstallPeers: true",
      "  excludeLinksFromLockfile: false",
      "",
      "importers:",
      "",
      "  .:",
      "    dependencies:",
      "      tiny-dep:",
      "        specifier: 1.0.0",
      "        version: 1.0.0",
      "",
      "packages:",
      "",
      "  tiny-dep@1.0.0:",
      `    resolution: {integrity: ${integrity}}`,
      "",
      "snapshots:",
      "",
      "  tiny-dep@1.0.0: {}",
      "",
    ].join("\n"),
  );
  repo.write(".npmrc", `registry=${trusted.url}\n`);
  // init again: the project is a pnpm one now (the workflow's install is pnpm's).
  const { runCli } = await import("../helpers/src/index.js");
  const again = await runCli(["init", "--yes", "--force"], { cwd: repo.dir, env: repo.env });
  expect(again.exitCode, again.stderr).toBe(0);
  expect(readFileSync(repo.path(".github/workflows/rampart.yml"), "utf8")).toContain("pnpm install --frozen-lockfile");
  // The manifest the lockfile records (init added its devDependencies, which this test leaves out).
  repo.write(
    "package.json",
    `${JSON.stringify({ name: "shop", version: "1.0.0", private: true, dependencies: { "tiny-dep": "1.0.0" } }, null, 2)}\n`,
  );
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
  const base = (await repo.git(["rev-parse", "HEAD"])).trim();
  return { base, trusted, attacker };
}

/** How many of the steps run were installs (the lockfile job's and the SBOM job's). */
const installs = (steps: StepResult[]): number =>
  steps.filter((s) => !s.step.startsWith("package-manager config") && s.step !== "base (the trusted side)").length;

/**
 * An npm project with a git dependency and a registry one, its base `.npmrc` pointing at a
 * registry the test serves, committed; then a change whose `.npmrc` points npm's `git` at a script
 * it adds and sends a CI variable as the token of another registry.
 */
async function npmProjectAndChange(repo: GitRepo) {
  const { bytes, integrity } = await tinyTarball(join(repo.home, "pack"));
  const trusted = await registry(bytes);
  const attacker = await registry(bytes);
  cleanups.push(trusted.close, attacker.close);
  // A git dependency (cloned with npm's `git` setting) and a registry one (fetched from the
  // configured registry: npm replaces registry.npmjs.org in `resolved` with it).
  const dep = join(repo.home, "dep");
  await runCommand("git", ["init", "-q", "-b", "main", dep], { env: repo.env });
  writeFileSync(join(dep, "package.json"), '{ "name": "git-dep", "version": "1.0.0", "license": "MIT" }\n');
  await runCommand("git", ["add", "-A"], { cwd: dep, env: repo.env });
  await runCommand("git", ["commit", "-qm", "dep"], { cwd: dep, env: repo.env });
  const depSha = (await runCommand("git", ["rev-parse", "HEAD"], { cwd: dep, env: repo.env })).stdout.trim();
  const deps = { "git-dep": `git+file://${dep}`, "tiny-dep": "1.0.0" };
  repo.write(
    "package.json",
    `${JSON.stringify({ name: "shop", version: "1.0.0", private: true, dependencies: deps }, null, 2)}\n`,
  );
  const lock = {
    name: "shop",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: "shop", version: "1.0.0", dependencies: deps },
      "node_modules/git-dep": { version: "1.0.0", resolved: `git+file://${dep}#${depSha}`, license: "MIT" },
      "node_modules/tiny-dep": {
        version: "1.0.0",
        resolved: "https://registry.npmjs.org/tiny-dep/-/tiny-dep-1.0.0.tgz",
        integrity,
        license: "MIT",
      },
    },
  };
  repo.write("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
  repo.write(".npmrc", `registry=${trusted.url}\n`);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
  const base = (await repo.git(["rev-parse", "HEAD"])).trim();

  const marker = join(repo.home, "the-change's-git-ran");
  plantedScript(repo, "tools/git", marker, 'exec git "$@"');
  const host = attacker.url.replace(/^http:/, "");
  repo.write(".npmrc", `registry=${attacker.url}\n${host}:_authToken=\${CI_TOKEN}\ngit=${repo.path("tools/git")}\n`);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-qm", "chore: registry mirror", "--no-verify"]);

  return { base, marker, trusted, attacker };
}

/**
 * A yarn berry project (no dependencies) with `files`, set up by init and installed with yarn
 * berry from the registry, committed: the base. Returns it and the env whose PATH has `yarn` (this
 * yarn berry) and a no-op `corepack`, as `corepack enable && yarn install` finds them on a runner.
 */
async function yarnBerryProject(repo: GitRepo, files: Record<string, string>) {
  const yarn = await yarnBerry("4.18.1");
  if (yarn === undefined) throw new Error("could not obtain yarn berry from the npm registry (@yarnpkg/cli-dist)");
  const bin = join(repo.home, "bin");
  mkdirSync(bin);
  writeFileSync(
    join(bin, "yarn"),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(yarn)} "$@"\n`,
  );
  writeFileSync(join(bin, "corepack"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(bin, "yarn"), 0o755);
  chmodSync(join(bin, "corepack"), 0o755);
  const env = { PATH: `${bin}:${repo.env.PATH ?? process.env.PATH ?? ""}`, YARN_ENABLE_TELEMETRY: "0" };
  for (const [file, text] of Object.entries(files)) repo.write(file, text);
  const manifest = `${JSON.stringify({ name: "shop", version: "1.0.0", private: true, packageManager: "yarn@4.18.1" }, null, 2)}\n`;
  repo.write("package.json", manifest);
  repo.write(".gitignore", "node_modules\n.yarn/cache\n.yarn/install-state.gz\n");
  const { runCli } = await import("../helpers/src/index.js");
  const again = await runCli(["init", "--yes", "--force"], { cwd: repo.dir, env: repo.env });
  expect(again.exitCode, again.stderr).toBe(0);
  expect(readFileSync(repo.path(".github/workflows/rampart.yml"), "utf8")).toContain(
    "yarn install --immutable --check-cache",
  );
  // A manifest without init's devDependencies (installing them would need the registry).
  repo.write("package.json", manifest);
  const first = await runCommand("yarn", ["install"], { cwd: repo.dir, env: { ...repo.env, ...env } });
  expect(first.exitCode, `${first.stdout}${first.stderr}`).toBe(0);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-qm", "chore: adopt rampart", "--no-verify"]);
  return { base: (await repo.git(["rev-parse", "HEAD"])).trim(), env };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("CI installs with the base's package-manager config, not the change's", () => {
  it("npm: a change's .npmrc (git=, registry and token) is not what npm ci reads", async () => {
    const repo = await initRepo("recommended", {});
    const { base, marker, trusted, attacker } = await npmProjectAndChange(repo);
    const steps = await runInstallSteps(repo, base, { CI_TOKEN: TOKEN });
    expect(installs(steps), JSON.stringify(steps)).toBe(2); // the lockfile job's and the SBOM job's
    for (const s of steps) expect(s.exitCode, `${s.job}/${s.step}: ${s.output}`).toBe(0);
    expect(existsSync(marker), "npm ran the git binary the change's .npmrc names").toBe(false);
    expect(attacker.requests, "a request went to the registry the change's .npmrc names").toEqual([]);
    expect(trusted.requests.some((r) => r.includes("tiny-dep-1.0.0.tgz"))).toBe(true);
    expect(existsSync(repo.path("node_modules/git-dep/package.json"))).toBe(true);
    expect(steps.find((s) => s.step.startsWith("package-manager config"))?.output).toContain(
      `rampart: .npmrc: package-manager config from the base (${base})`,
    );
  });

  it("GitLab: the job's before_script takes the base's .npmrc too", async () => {
    const repo = await initRepo("recommended", { ".gitlab-ci.yml": "stages: [test]\n" });
    const { base, marker, trusted, attacker } = await npmProjectAndChange(repo);
    const job = (
      parseYaml(readFileSync(repo.path(".gitlab/rampart.gitlab-ci.yml"), "utf8")) as Record<
        string,
        { before_script: string[] }
      >
    ).rampart;
    // What runs before the checks, less the container's apt-get and the tools' registry install.
    const script = (job?.before_script ?? []).filter((line) => !/^apt-get|npm install --prefix/.test(line));
    expect(script.some((line) => line.startsWith("npm ci"))).toBe(true);
    const r = await runCommand("bash", ["-eo", "pipefail", "-c", script.join("\n")], {
      cwd: repo.dir,
      env: { ...repo.env, CI_TOKEN: TOKEN, CI_MERGE_REQUEST_DIFF_BASE_SHA: base },
    });
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
    expect(existsSync(marker), "npm ran the git binary the change's .npmrc names").toBe(false);
    expect(attacker.requests).toEqual([]);
    expect(trusted.requests.some((req) => req.includes("tiny-dep-1.0.0.tgz"))).toBe(true);
  });

  it("pnpm: a change's .npmrc registry and token get no request", async () => {
    const repo = await initRepo("recommended", {});
    const { base, trusted, attacker } = await pnpmProject(repo);

    const host = attacker.url.replace(/^http:/, "");
    repo.write(".npmrc", `registry=${attacker.url}\n${host}:_authToken=\${CI_TOKEN}\n`);
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: registry mirror", "--no-verify"]);

    const steps = await runInstallSteps(repo, base, {
      CI_TOKEN: TOKEN,
      npm_config_store_dir: join(repo.home, "pnpm-store"),
    });
    expect(installs(steps), JSON.stringify(steps)).toBe(2);
    for (const s of steps) expect(s.exitCode, `${s.job}/${s.step}: ${s.output}`).toBe(0);
    expect(attacker.requests, "a request went to the registry the change's .npmrc names").toEqual([]);
    expect(trusted.requests.some((r) => r.includes("tiny-dep-1.0.0.tgz"))).toBe(true);
  });

  it("pnpm: node_modules the change commits (an installed package.json claiming another licence) is not what the checks read", async () => {
    const repo = await initRepo("recommended", {});
    const { base } = await pnpmProject(repo);
    const install = await runCommand("pnpm", ["install", "--frozen-lockfile", "--ignore-scripts"], {
      cwd: repo.dir,
      env: { ...repo.env, npm_config_store_dir: join(repo.home, "pnpm-store") },
    });
    expect(install.exitCode, install.stderr).toBe(0);
    // The change commits the whole node_modules of a real install, one package.json edited (a new
    // file, not the store's hard link): pnpm finds it up to date and keeps it.
    const manifest = repo.path("node_modules/.pnpm/tiny-dep@1.0.0/node_modules/tiny-dep/package.json");
    const planted = readFileSync(manifest, "utf8").replace('"MIT"', '"PLANTED-LICENCE"');
    rmSync(manifest);
    writeFileSync(manifest, planted);
    await repo.git(["add", "-A", "-f", "node_modules"]);
    await repo.git(["commit", "-qm", "chore: vendor", "--no-verify"]);
    const steps = await runInstallSteps(repo, base, { npm_config_store_dir: join(repo.home, "pnpm-store") });
    expect(installs(steps), JSON.stringify(steps)).toBe(2);
    for (const s of steps) expect(s.exitCode, `${s.job}/${s.step}: ${s.output}`).toBe(0);
    expect(readFileSync(manifest, "utf8")).not.toContain("PLANTED-LICENCE");
    expect(JSON.parse(readFileSync(manifest, "utf8")).license).toBe("MIT");
  });

  it("pnpm: a modulesDir or virtualStoreDir the change's pnpm-workspace.yaml names outside the project is not where the install writes", async () => {
    const repo = await initRepo("recommended", {});
    const { base } = await pnpmProject(repo);
    // Where CI keeps its tools, for instance: a path on the runner, outside the checkout.
    const elsewhere = join(repo.home, "runner-temp", "rampart", "node_modules");
    repo.write(
      "pnpm-workspace.yaml",
      `packages: ['.']\nmodulesDir: ${elsewhere}\nvirtualStoreDir: ${elsewhere}/.pnpm\n`,
    );
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: workspace", "--no-verify"]);
    const steps = await runInstallSteps(repo, base, { npm_config_store_dir: join(repo.home, "pnpm-store") });
    expect(installs(steps), JSON.stringify(steps)).toBe(2);
    for (const s of steps) expect(s.exitCode, `${s.job}/${s.step}: ${s.output}`).toBe(0);
    expect(existsSync(elsewhere), "pnpm wrote the install outside the project").toBe(false);
    expect(existsSync(repo.path("node_modules/.pnpm/tiny-dep@1.0.0/node_modules/tiny-dep/package.json"))).toBe(true);
  });

  it("pnpm: the settings of the change's pnpm-workspace.yaml (storeDir, registry) are the base's; its packages and catalogs stay", async () => {
    const repo = await initRepo("recommended", {});
    const { base, trusted, attacker } = await pnpmProject(repo);
    // A store the change fills with its own package contents, or any path on the runner; a registry of its own.
    const store = repo.path("vendor/store");
    const settings = parseYaml(readFileSync(repo.path("pnpm-workspace.yaml"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(settings)).toContain("minimumReleaseAge"); // init's hardening, in the base
    repo.write(
      "pnpm-workspace.yaml",
      `${readFileSync(repo.path("pnpm-workspace.yaml"), "utf8")}\npackages: ['.']\ncatalog:\n  tiny-dep: 1.0.0\nstoreDir: ${store}\nregistry: ${attacker.url}\n"cache-dir": ${repo.path("vendor/cache")}\n`,
    );
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: workspace", "--no-verify"]);
    const steps = await runInstallSteps(repo, base, { npm_config_store_dir: join(repo.home, "pnpm-store") });
    expect(installs(steps), JSON.stringify(steps)).toBe(2);
    for (const s of steps) expect(s.exitCode, `${s.job}/${s.step}: ${s.output}`).toBe(0);
    expect(attacker.requests, "a request went to the registry the change's pnpm-workspace.yaml names").toEqual([]);
    expect(trusted.requests.some((r) => r.includes("tiny-dep-1.0.0.tgz"))).toBe(true);
    expect(existsSync(store), "pnpm used the store the change's pnpm-workspace.yaml names").toBe(false);
    expect(existsSync(repo.path("vendor/cache"))).toBe(false);
    expect(existsSync(repo.path("node_modules/.pnpm/tiny-dep@1.0.0/node_modules/tiny-dep/package.json"))).toBe(true);
    const config = steps.find((s) => s.step.startsWith("package-manager config"))?.output ?? "";
    expect(config).toContain(
      `rampart: pnpm-workspace.yaml: settings from ${base}: the change's storeDir, registry, cache-dir not used`,
    );
    // What the install read: the change's workspace keys, no setting of its own.
    const pinned = parseYaml(readFileSync(repo.path("pnpm-workspace.yaml"), "utf8")) as Record<string, unknown>;
    expect(pinned).toEqual({ ...settings, packages: ["."], catalog: { "tiny-dep": "1.0.0" } });
  });

  it("the tools are installed after the project, into a folder made afresh, in every job that installs the project", async () => {
    const repo = await initRepo("strict", {});
    const workflow = parseYaml(readFileSync(repo.path(".github/workflows/rampart.yml"), "utf8")) as {
      jobs: Record<string, { steps: Array<{ run?: string }> }>;
    };
    const installing = Object.entries(workflow.jobs).filter(([, job]) =>
      job.steps.some((st) => /^npm ci\b/.test(st.run ?? "")),
    );
    expect(installing.map(([name]) => name).sort()).toEqual(["lockfile", "sbom"]);
    for (const [name, job] of installing) {
      const runs = job.steps.map((st) => st.run ?? "");
      const install = runs.findIndex((r) => /^npm ci\b/.test(r));
      const tools = runs.findIndex((r) => r.includes("npm install --prefix"));
      expect(tools, name).toBeGreaterThan(install);
      expect(runs[tools], name).toMatch(
        /^rm -rf "\$RUNNER_TEMP\/rampart" && mkdir "\$RUNNER_TEMP\/rampart" && npm install --prefix/,
      );
    }
  });

  it("yarn berry: a plugin the change's .yarnrc.yml adds never loads", async () => {
    const repo = await initRepo("recommended", {});
    const { base, env } = await yarnBerryProject(repo, {
      ".yarnrc.yml": "nodeLinker: node-modules\nenableGlobalCache: false\n",
    });

    const marker = join(repo.home, "the-change's-plugin-ran");
    repo.write(
      ".yarn/plugins/audit-helper.cjs",
      `module.exports = { name: "audit-helper", factory: () => { require("fs").writeFileSync(${JSON.stringify(marker)}, "x"); return {}; } };\n`,
    );
    repo.write(
      ".yarnrc.yml",
      "nodeLinker: node-modules\nenableGlobalCache: false\nplugins:\n  - path: .yarn/plugins/audit-helper.cjs\n",
    );
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: a yarn plugin", "--no-verify"]);

    const steps = await runInstallSteps(repo, base, env);
    expect(installs(steps), JSON.stringify(steps)).toBe(2);
    for (const s of steps) expect(s.exitCode, `${s.job}/${s.step}: ${s.output}`).toBe(0);
    expect(existsSync(marker), "yarn loaded the plugin the change's .yarnrc.yml names").toBe(false);
  });

  it("yarn berry: a plugin the base loads from outside .yarn/plugins/ is the base's file, not the change's edit of it", async () => {
    const repo = await initRepo("recommended", {});
    const plugin = (body: string) =>
      `module.exports = { name: "team-helper", factory: () => { ${body} return {}; } };\n`;
    const { base, env } = await yarnBerryProject(repo, {
      "tools/yarn/helper.cjs": plugin(""),
      ".yarnrc.yml": "nodeLinker: node-modules\nenableGlobalCache: false\nplugins:\n  - path: tools/yarn/helper.cjs\n",
    });

    // The change leaves .yarnrc.yml alone and edits the plugin file it names.
    const marker = join(repo.home, "the-change's-plugin-edit-ran");
    repo.write("tools/yarn/helper.cjs", plugin(`require("fs").writeFileSync(${JSON.stringify(marker)}, "x");`));
    await repo.git(["add", "-A"]);
    await repo.git(["commit", "-qm", "chore: tweak the helper", "--no-verify"]);

    const steps = await runInstallSteps(repo, base, env);
    expect(installs(steps), JSON.stringify(steps)).toBe(2);
    for (const s of steps) expect(s.exitCode, `${s.job}/${s.step}: ${s.output}`).toBe(0);
    expect(existsSync(marker), "yarn loaded the change's edit of the plugin the base's .yarnrc.yml names").toBe(false);
    expect(steps.find((s) => s.step.startsWith("package-manager config"))?.output).toContain(
      `rampart: tools/yarn/helper.cjs: yarn plugin from ${base}`,
    );
  });
});
