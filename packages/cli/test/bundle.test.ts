import { createHash } from "node:crypto";
import {
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import {
  cliBin,
  describeWithShared,
  gitRepo,
  loadedModules,
  moduleTracer,
  repoRoot,
  runCommand,
  sharedPath,
  tempDir,
} from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

const cliDir = join(repoRoot, "packages/cli");
const bundleScript = join(cliDir, "scripts/bundle.mjs");
const modulesFile = join(cliDir, "bundle-modules.json");
/** A command's own bundle (scripts/bundle.mjs COMMAND_BUNDLES), beside the split bundle's files. */
const COMMAND_BUNDLE = /^main-[\w-]+\.js$/;

/**
 * A copy of the real bin in a package folder of its own, whose dist/main.js and dist/bundle/main.js
 * each print which of them ran: what the bin chooses, with a stamp over one tsbuildinfo file.
 */
function fakePackage(checkout: boolean) {
  const { dir } = tempDir("rampart-bin-");
  mkdirSync(join(dir, "bin"));
  mkdirSync(join(dir, "dist/bundle"), { recursive: true });
  copyFileSync(join(cliDir, "bin/rampart.js"), join(dir, "bin/rampart.js"));
  const main = (which: string) => `export async function main() { process.stdout.write("${which}\\n"); }\n`;
  writeFileSync(join(dir, "dist/main.js"), main("dist"));
  writeFileSync(join(dir, "dist/bundle/main.js"), main("bundle"));
  writeFileSync(join(dir, "dist/bundle/main-lockfile.js"), commandScript("lockfile bundle"));
  writeFileSync(join(dir, "dist/bundle/main-sbom.js"), commandScript("sbom bundle"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  if (checkout) mkdirSync(join(dir, "src"));
  const info = join(dir, "tsconfig.tsbuildinfo");
  writeFileSync(info, '{"version":"6.0.3"}');
  const stamp = () => {
    const st = statSync(info);
    const sha = createHash("sha256").update(readFileSync(info)).digest("hex");
    writeFileSync(
      join(dir, "bundle-stamp.json"),
      JSON.stringify({ builds: [["tsconfig.tsbuildinfo", st.size, st.mtimeMs, sha]] }),
    );
  };
  // Its own cache folder (the command bundle's code cache), not the user's, outside the folder it runs in.
  const cacheHome = tempDir("rampart-bin-cache-").dir;
  const run = async (env: NodeJS.ProcessEnv = {}, args: string[] = []) =>
    (
      await runCommand(process.execPath, [join(dir, "bin/rampart.js"), ...args], {
        cwd: dir,
        env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env },
      })
    ).stdout;
  return { dir, info, stamp, run, cacheHome, scriptCache: join(cacheHome, "rampart", "script-cache") };
}

/**
 * A command bundle as scripts/bundle.mjs writes it: one function script over CommonJS (the bin
 * compiles it with vm.Script), whose main prints `which`.
 */
function commandScript(which: string): string {
  return `(function (exports, require, module, __filename, __dirname) {"use strict"; exports.main = async function main() { process.stdout.write(${JSON.stringify(`${which}\n`)}); };\n})\n`;
}

describe("bin/rampart.js: the bundle or the modules tsc wrote", () => {
  it("in a checkout, runs the bundle only while every bundled package's build is the one it was made from", async () => {
    const pkg = fakePackage(true);
    expect(await pkg.run()).toBe("dist\n"); // never bundled: no stamp
    pkg.stamp();
    expect(await pkg.run()).toBe("bundle\n");
    expect(await pkg.run({ RAMPART_BUNDLE: "0" })).toBe("dist\n");
    // Rewritten with the same bytes (a build cache restoring it): still the bundle's inputs.
    utimesSync(pkg.info, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(await pkg.run()).toBe("bundle\n");
    // ... and the stamp took the new time, so that the next run hashes nothing.
    const restamped = JSON.parse(readFileSync(join(pkg.dir, "bundle-stamp.json"), "utf8")).builds[0];
    expect(restamped[2]).toBe(statSync(pkg.info).mtimeMs);
    expect(readdirSync(pkg.dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // `tsc -b` after the bundle was made: the modules it wrote run, not the older bundle.
    writeFileSync(pkg.info, '{"version":"6.0.4"}');
    expect(await pkg.run()).toBe("dist\n");
    writeFileSync(pkg.info, '{"version":"6.0.3"}'); // same size and bytes as stamped, new time
    expect(await pkg.run()).toBe("bundle\n");
    rmSync(join(pkg.dir, "dist/bundle/main.js")); // removed by hand since: the stamp alone is not enough
    expect(await pkg.run()).toBe("dist\n");
    writeFileSync(
      join(pkg.dir, "dist/bundle/main.js"),
      "export async function main() { process.stdout.write('bundle\\n'); }\n",
    );
    expect(await pkg.run()).toBe("bundle\n");
    writeFileSync(join(pkg.dir, "bundle-stamp.json"), "{");
    expect(await pkg.run()).toBe("dist\n");
  });

  it("in a published package (no src/), runs the bundle it was packed with", async () => {
    const pkg = fakePackage(false);
    expect(await pkg.run()).toBe("bundle\n");
    expect(await pkg.run({ RAMPART_BUNDLE: "0" })).toBe("dist\n");
  });

  it("runs a command's own bundle when the command is the first argument, and main.js for anything else", async () => {
    for (const checkout of [true, false]) {
      const pkg = fakePackage(checkout);
      if (checkout) {
        expect(await pkg.run({}, ["lockfile", "check"])).toBe("dist\n"); // never bundled
        pkg.stamp();
      }
      expect(await pkg.run({}, ["lockfile", "check"])).toBe("lockfile bundle\n");
      expect(await pkg.run({}, ["lockfile"])).toBe("lockfile bundle\n");
      expect(await pkg.run({}, ["sbom", "--lockfile", "pnpm-lock.yaml"])).toBe("sbom bundle\n");
      expect(await pkg.run({}, ["--quiet", "sbom"])).toBe("bundle\n");
      // Not the first argument (a global option first), another command, no command: main.js.
      expect(await pkg.run({}, ["--quiet", "lockfile", "check"])).toBe("bundle\n");
      expect(await pkg.run({}, ["secrets", "lockfile"])).toBe("bundle\n");
      expect(await pkg.run({}, ["lockfiles"])).toBe("bundle\n");
      expect(await pkg.run({}, [])).toBe("bundle\n");
      expect(await pkg.run({ RAMPART_BUNDLE: "0" }, ["lockfile", "check"])).toBe("dist\n");
      // A bundle built before command bundles existed: main.js holds every command.
      rmSync(join(pkg.dir, "dist/bundle/main-lockfile.js"));
      expect(await pkg.run({}, ["lockfile", "check"])).toBe("bundle\n");
      expect(await pkg.run({}, ["sbom"])).toBe("sbom bundle\n");
    }
  });

  it("keeps a command bundle's code cache, used only for the same bytes, never through a link, and a failure to write it changes nothing", async () => {
    const pkg = fakePackage(false);
    const bundle = join(pkg.dir, "dist/bundle/main-lockfile.js");
    const entries = () => (existsSync(pkg.scriptCache) ? readdirSync(pkg.scriptCache) : []);
    expect(await pkg.run({}, ["lockfile"])).toBe("lockfile bundle\n");
    const [cache] = entries();
    expect(entries()).toEqual([expect.stringMatching(/^main-lockfile-\d+-v[\d.]+-\w+\.bin$/)]);
    const file = join(pkg.scriptCache, cache as string);
    if (process.platform !== "win32") expect(statSync(file).mode & 0o077).toBe(0);
    // It holds the bytes it was made from; a run that could use it leaves it as it is.
    expect(readFileSync(file).includes(readFileSync(bundle))).toBe(true);
    const made = statSync(file).mtimeMs;
    expect(await pkg.run({}, ["lockfile"])).toBe("lockfile bundle\n");
    expect(statSync(file).mtimeMs).toBe(made);
    // Other bytes of the same length (V8's own check is the length): the new code runs, and the
    // cache is made again for it.
    writeFileSync(bundle, commandScript("lockfile bundlX"));
    expect(await pkg.run({}, ["lockfile"])).toBe("lockfile bundlX\n");
    expect(readFileSync(file).includes(readFileSync(bundle))).toBe(true);
    // A corrupt or truncated file, or one of another Node: ignored, and replaced.
    const good = readFileSync(file);
    const header = good.subarray(0, good.indexOf(10) + 1);
    const foreign = Buffer.from(good.toString("latin1").replace(/ node v[\d.]+ /, " node v0.0.1 "), "latin1");
    for (const bad of [Buffer.from("garbage"), good.subarray(0, good.length - 100), foreign]) {
      writeFileSync(file, bad);
      expect(await pkg.run({}, ["lockfile"])).toBe("lockfile bundlX\n");
      const now = readFileSync(file);
      expect(now.equals(bad)).toBe(false);
      expect(now.subarray(0, header.length).equals(header)).toBe(true);
    }
    // A link in its place is neither read nor written through: its target stays as it was.
    const target = join(pkg.dir, "elsewhere.bin");
    writeFileSync(target, good);
    rmSync(file);
    symlinkSync(target, file);
    writeFileSync(bundle, commandScript("lockfile bundlY"));
    expect(await pkg.run({}, ["lockfile"])).toBe("lockfile bundlY\n");
    expect(readFileSync(target).equals(good)).toBe(true);
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
    // Where it cannot be written (a folder in its place): the run's output and exit code are the same.
    rmSync(file);
    mkdirSync(file);
    const r = await runCommand(process.execPath, [join(pkg.dir, "bin/rampart.js"), "lockfile"], {
      cwd: pkg.dir,
      env: { ...process.env, XDG_CACHE_HOME: pkg.cacheHome },
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: "lockfile bundlY\n", stderr: "" });
    expect(readdirSync(pkg.scriptCache).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // NODE_DISABLE_COMPILE_CACHE: no cache at all.
    rmSync(pkg.scriptCache, { recursive: true });
    expect(await pkg.run({ NODE_DISABLE_COMPILE_CACHE: "1" }, ["lockfile"])).toBe("lockfile bundlY\n");
    expect(entries()).toEqual([]);
  });
});

describeWithShared("fixtures/lockfiles", "the sbom command bundle on a large lockfile", () => {
  it("runs with the bin's large-lockfile flags (its own script cache) and writes what the modules tsc wrote write", async (ctx) => {
    if (!existsSync(modulesFile) || !bundleIsFresh())
      ctx.skip("the bundle is not built or not fresh (run npm run build)");
    const { dir } = tempDir("rampart-sbom-large-");
    cpSync(sharedPath("fixtures/lockfiles", "npm-v3-large-nodejs.org"), dir, { recursive: true });
    const cacheHome = tempDir("rampart-sbom-cache-").dir;
    const args = [cliBin, "sbom", "--lockfile", "package-lock.json", "--timestamp", "none", "--include-dev"];
    const run = (env: NodeJS.ProcessEnv) =>
      runCommand(process.execPath, args, { cwd: dir, env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env } });
    const bundled = await run({});
    expect(bundled.exitCode, bundled.stderr).toBe(0);
    // The flags' own cache (bin/rampart.js: largeLockfile, withoutOptimizingCompiler).
    expect(readdirSync(join(cacheHome, "rampart", "script-cache"))).toEqual([
      expect.stringMatching(/^main-sbom-\d+-v[\d.]+-\w+-noopt\.bin$/),
    ]);
    const unbundled = await run({ RAMPART_BUNDLE: "0" });
    expect(unbundled.exitCode, unbundled.stderr).toBe(0);
    expect(bundled.stdout).toBe(unbundled.stdout);
    expect(JSON.parse(bundled.stdout).components.length).toBeGreaterThan(1000);
  });
});

describeWithShared("fixtures/lockfiles", "the lockfile command bundle on a large lockfile", () => {
  it("runs with the bin's large-lockfile flags (its own script cache) and reports what the modules tsc wrote report", async (ctx) => {
    if (!existsSync(modulesFile) || !bundleIsFresh())
      ctx.skip("the bundle is not built or not fresh (run npm run build)");
    // npm v1's nested tree: 861 findings, the most the check allocates of the fixtures.
    const { dir } = tempDir("rampart-lockfile-large-");
    cpSync(sharedPath("fixtures/lockfiles", "npm-v1-large-vscode-jupyter"), dir, { recursive: true });
    const cacheHome = tempDir("rampart-lockfile-cache-").dir;
    const args = [cliBin, "lockfile", "check", "package-lock.json", "--format", "json"];
    const run = (env: NodeJS.ProcessEnv) =>
      runCommand(process.execPath, args, { cwd: dir, env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env } });
    const bundled = await run({});
    expect(bundled.exitCode, bundled.stderr).toBe(0);
    expect(readdirSync(join(cacheHome, "rampart", "script-cache"))).toEqual([
      expect.stringMatching(/^main-lockfile-\d+-v[\d.]+-\w+-noopt\.bin$/),
    ]);
    // Again with the cache it wrote, then through the modules tsc wrote: the same report.
    const cached = await run({});
    const unbundled = await run({ RAMPART_BUNDLE: "0" });
    expect(unbundled.exitCode, unbundled.stderr).toBe(0);
    expect(cached.stdout).toBe(bundled.stdout);
    expect(bundled.stdout).toBe(unbundled.stdout);
    expect(JSON.parse(bundled.stdout).findings.length).toBeGreaterThan(800);
  });
});

/**
 * Whether the bundle is as fresh as the bin judges it (every bundled package's tsbuildinfo as
 * stamped): a `tsc -b` since the last `npm run build` leaves the bin on dist/main.js and the
 * bundle behind its packages, with nothing here to check.
 */
function bundleIsFresh(): boolean {
  const stamp = JSON.parse(readFileSync(join(cliDir, "bundle-stamp.json"), "utf8")) as {
    builds: Array<[string, number, number, string]>;
  };
  return stamp.builds.every(
    ([file, , , sha]) =>
      createHash("sha256")
        .update(readFileSync(join(cliDir, file)))
        .digest("hex") === sha,
  );
}

describe.skipIf(!existsSync(modulesFile))(
  "the bundle (scripts/bundle.mjs; skipped: not built, run npm run build)",
  () => {
    it("holds one copy of each workspace module, the scan worker and each lazily imported command apart", () => {
      const modules = JSON.parse(readFileSync(modulesFile, "utf8")) as Record<string, string[]>;
      const seen = new Map<string, string>();
      for (const [file, inputs] of Object.entries(modules)) {
        if (COMMAND_BUNDLE.test(file)) continue; // the command bundles: copies, below
        for (const input of inputs) {
          expect(seen.get(input), `${input} is in ${seen.get(input)} and ${file}`).toBeUndefined();
          seen.set(input, file);
        }
      }
      // The whole CLI, core included, from the packages' real folders (not through node_modules links).
      expect(seen.has("packages/core/dist/git.js")).toBe(true);
      expect([...seen.keys()].filter((i) => !i.startsWith("packages/"))).toEqual([]);
      expect(seen.get("packages/secrets/dist/scan-worker.js")).toBe("scan-worker.js");
      // Each command in a file of its own, so that none loads before it runs.
      for (const command of ["hook", "sbom", "lockfile", "signatures", "secrets", "init"]) {
        const file = seen.get(`packages/cli/dist/commands/${command}.js`);
        expect(file, command).toBeDefined();
        expect(modules[file as string]).toEqual([`packages/cli/dist/commands/${command}.js`]);
      }
    });

    it.each([
      ["lockfile", ["packages/lockfile/dist/parse/npm.js"], /\/packages\/(sbom|secrets|signatures|hooks)\//],
      [
        "sbom",
        [
          "packages/sbom/dist/sbom/generate.js",
          "packages/sbom/dist/sbom/cyclonedx-json.js",
          "packages/lockfile/dist/parse/npm.js",
        ],
        /\/packages\/(secrets|signatures|hooks)\/|\/sbom\/dist\/attest\/|\/lockfile\/dist\/checks\//,
      ],
    ] as const)(
      "has the %s command's own bundle: that command alone, of modules the split bundle holds",
      (command, holds, never) => {
        const modules = JSON.parse(readFileSync(modulesFile, "utf8")) as Record<string, string[]>;
        const own = modules[`main-${command}.js`] ?? [];
        expect(own).toContain("packages/cli/dist/main.js");
        expect(own).toContain(`packages/cli/dist/commands/${command}.js`);
        for (const module of holds) expect(own).toContain(module);
        expect(
          own.filter((m) => /\/commands\/([\w-]+)\.js$/.exec(m)?.[1] !== command && /\/commands\//.test(m)),
        ).toEqual([]);
        expect(own.filter((m) => never.test(m))).toEqual([]);
        const split = new Set(
          Object.entries(modules)
            .filter(([file]) => !COMMAND_BUNDLE.test(file))
            .flatMap(([, inputs]) => inputs),
        );
        expect(own.filter((m) => !split.has(m))).toEqual([]);
        // ASCII only (V8 keeps a one-byte string; Node's decode takes its fast path).
        const text = readFileSync(join(cliDir, `dist/bundle/main-${command}.js`), "utf8");
        expect(text.match(/[^\n\p{ASCII}]/gu) ?? []).toEqual([]);
      },
    );

    it("runs after npm run build, and finds from its chunks the files the packages keep beside their modules", async (ctx) => {
      if (!bundleIsFresh()) ctx.skip("a package was rebuilt after the bundle (run npm run build)");
      const repo = await gitRepo({ "README.md": "hi\n", ".rampart/config.yaml": "version: 1\n" });
      repo.write("a.js", "export const a = 1;\n");
      await repo.git(["add", "a.js"]);
      const trace = join(repo.home, "trace.txt");
      const run = async (args: string[]) => {
        writeFileSync(trace, "");
        const r = await runCommand(process.execPath, ["--import", moduleTracer, cliBin, ...args], {
          cwd: repo.dir,
          env: { ...repo.env, RAMPART_TRACE: trace },
        });
        return { ...r, urls: readFileSync(trace, "utf8").split("\n").filter(Boolean) };
      };
      const hook = await run(["hook", "pre-commit"]);
      expect(hook.exitCode, hook.stderr).toBe(0);
      expect(hook.urls.some((u) => u.endsWith("/packages/cli/dist/bundle/main.js"))).toBe(true);
      expect(hook.urls.filter((u) => /\/packages\/[^/]+\/dist\/(?!bundle\/).*\.js$/.test(u))).toEqual([]);
      // The secret rule table beside secrets' dist/rules/ was found and matched its rule files: the
      // rule modules themselves (the fallback) never load.
      expect(loadedModules(hook.urls).filter((u) => u.includes("/secrets/dist/rules/sources.js"))).toEqual([]);
      // A secret is still found from the bundle (the rules, the keyword pass), and printed masked.
      const key = ["AKIA", "Z7QW", "HJ3K", "P5RT", "LMN2"].join("");
      repo.write("b.js", `const id = "${key}";\n`);
      await repo.git(["add", "b.js"]);
      const found = await run(["hook", "pre-commit"]);
      expect(found.exitCode).toBe(1);
      expect(found.stdout + found.stderr).toContain("b.js");
      expect(found.stdout + found.stderr).not.toContain(key);
      // A lockfile check runs the lockfile command's own bundle: one file of the CLI, no chunk.
      repo.write("package.json", '{ "name": "x", "version": "1.0.0" }\n');
      const lock = {
        name: "x",
        version: "1.0.0",
        lockfileVersion: 3,
        packages: { "": { name: "x", version: "1.0.0" } },
      };
      repo.write("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
      const checked = await run(["lockfile", "check", "package-lock.json", "--format", "json"]);
      expect(checked.exitCode, checked.stderr).toBe(0);
      expect(JSON.parse(checked.stdout)).toMatchObject({ ok: true, findings: [] });
      expect(checked.urls.filter((u) => u.includes("/packages/cli/dist/"))).toEqual([
        expect.stringMatching(/\/packages\/cli\/dist\/bundle\/main-lockfile\.js$/),
      ]);
      // An SBOM runs the sbom command's own bundle, and writes what the modules tsc wrote write.
      const sbom = await run(["sbom", "--lockfile", "package-lock.json"]);
      expect(sbom.exitCode, sbom.stderr).toBe(0);
      expect(sbom.urls.filter((u) => u.includes("/packages/cli/dist/"))).toEqual([
        expect.stringMatching(/\/packages\/cli\/dist\/bundle\/main-sbom\.js$/),
      ]);
      const unbundled = await runCommand(process.execPath, [cliBin, "sbom", "--lockfile", "package-lock.json"], {
        cwd: repo.dir,
        env: { ...repo.env, RAMPART_BUNDLE: "0" },
      });
      expect(unbundled.exitCode, unbundled.stderr).toBe(0);
      expect(sbom.stdout).toBe(unbundled.stdout);
      expect(JSON.parse(sbom.stdout)).toMatchObject({ bomFormat: "CycloneDX", metadata: { component: { name: "x" } } });
    });

    it("ships a CycloneDX SBOM of what is inside: each bundled package with its purl, licence and the digest of its modules", async (ctx) => {
      if (!bundleIsFresh()) ctx.skip("a package was rebuilt after the bundle (run npm run build)");
      const modules = JSON.parse(readFileSync(modulesFile, "utf8")) as Record<string, string[]>;
      const text = readFileSync(join(cliDir, "dist/bundle/bundle.cdx.json"), "utf8");
      const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
      expect(errors).toBeNull();
      const sbom = JSON.parse(text) as {
        metadata: { component: { name: string } };
        components: Array<{ purl: string; hashes: Array<{ alg: string; content: string }>; licenses: unknown[] }>;
      };
      expect(sbom.metadata.component.name).toBe("rampart");
      // The packages the bundle holds modules of (its own aside), each digested as bundle.mjs says.
      const inputs = new Map<string, string[]>();
      // The split bundle's modules: a command bundle holds copies of some (checked above).
      const held = Object.entries(modules).filter(([file]) => !COMMAND_BUNDLE.test(file));
      for (const input of held.flatMap(([, inputs]) => inputs).sort()) {
        const folder = input.split("/")[1] as string;
        if (folder !== "cli") inputs.set(folder, [...(inputs.get(folder) ?? []), input]);
      }
      expect(inputs.size).toBeGreaterThan(5);
      const expected = [...inputs].map(([folder, files]) => {
        const manifest = JSON.parse(readFileSync(join(repoRoot, "packages", folder, "package.json"), "utf8"));
        const hash = createHash("sha512");
        for (const file of files)
          hash
            .update(`${file}\0`)
            .update(readFileSync(join(repoRoot, file)))
            .update("\0");
        return {
          purl: `pkg:npm/${manifest.name.replace("@", "%40")}@${manifest.version}`,
          hashes: [{ alg: "SHA-512", content: hash.digest("hex") }],
          licenses: [{ license: { id: manifest.license } }],
        };
      });
      const byPurl = (a: { purl: string }, b: { purl: string }) => (a.purl < b.purl ? -1 : 1);
      expect(sbom.components.map(({ purl, hashes, licenses }) => ({ purl, hashes, licenses })).sort(byPurl)).toEqual(
        expected.sort(byPurl),
      );
    });

    it("is reproducible: two builds of the same tree are the same bytes", async () => {
      const { dir: out } = tempDir("rampart-bundle-");
      const build = async (name: string) => {
        const r = await runCommand(process.execPath, [bundleScript, "--outdir", join(out, name)], { timeout: 120_000 });
        expect(r.exitCode, r.stderr).toBe(0);
        const dir = join(out, name);
        return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
      };
      const a = await build("a");
      // The second build goes over a copy of the first with main.js altered: it writes main.js
      // again and nothing else (a prepack's bundle over the built one rewrites no file a running
      // CLI may be reading), so every file it left alone was already the bytes it made.
      cpSync(join(out, "a"), join(out, "b"), { recursive: true, preserveTimestamps: true });
      writeFileSync(join(out, "b", "main.js"), "altered\n");
      const times = new Map(readdirSync(join(out, "b")).map((f) => [f, statSync(join(out, "b", f)).mtimeMs]));
      const b = await build("b");
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [name, bytes] of a) expect(bytes.equals(b.get(name) as Buffer), name).toBe(true);
      expect(a.has("main.js") && a.has("scan-worker.js")).toBe(true);
      const rewritten = [...times].filter(([f, t]) => statSync(join(out, "b", f)).mtimeMs !== t).map(([f]) => f);
      expect(rewritten).toEqual(["main.js"]);
      // Unminified: the sources' names and the input paths (relative to the repository) are kept.
      const main = (a.get("main.js") as Buffer).toString("utf8");
      expect(main).toContain("// packages/cli/dist/main.js");
      expect(main).not.toContain(repoRoot);
    });

    it("the snapshot's bundle (third-party code inside) is reproducible too, with its SBOM and licences", async () => {
      const { dir: out } = tempDir("rampart-snapshot-bundle-");
      const build = async (name: string) => {
        mkdirSync(join(out, name));
        const outfile = join(out, name, "hook-snapshot.cjs");
        const r = await runCommand(
          process.execPath,
          [bundleScript, "--single", "hook-snapshot", "--format", "cjs", "--outfile", outfile],
          { timeout: 120_000 },
        );
        expect(r.exitCode, r.stderr).toBe(0);
        return new Map(readdirSync(join(out, name)).map((f) => [f, readFileSync(join(out, name, f))]));
      };
      const a = await build("a");
      const b = await build("b");
      expect([...a.keys()].sort()).toEqual([
        "hook-snapshot.cdx.json",
        "hook-snapshot.cjs",
        "hook-snapshot.licenses.txt",
      ]);
      for (const [name, bytes] of a) expect(bytes.equals(b.get(name) as Buffer), name).toBe(true);
      const cjs = (a.get("hook-snapshot.cjs") as Buffer).toString("utf8");
      // Unminified, with the third-party modules' own paths (relative) and names.
      expect(cjs).toContain("// node_modules/.pnpm/@commitlint+lint@");
      expect(cjs).toContain("function isIgnored(");
      expect(cjs).not.toContain(repoRoot);
    });
  },
);
