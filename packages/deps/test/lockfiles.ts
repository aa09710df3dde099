import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type GitRepo, gitRepo } from "@rampart/test-helpers";

const reg = (name: string, version: string, registry = "https://registry.npmjs.org") => ({
  resolved: `${registry}/${name}/-/${name.split("/").pop()}-${version}.tgz`,
  integrity: `sha512-${Buffer.from(`${name}@${version}`).toString("base64")}`,
});

/** A small npm v3 lockfile with one case of each kind, written to a temp dir; returns its directory. */
export function writeNpmProject(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "rampart-deps-")));
  const manifest = {
    name: "app",
    version: "1.0.0",
    dependencies: {
      lodash: "4.17.20",
      a: "1.0.0",
      "flatmap-stream": "0.1.1",
      "beta-lib": "2.0.0-rc.1",
      "old-thing": "1.2.0",
      "git-dep": "github:x/git-dep",
      "my-minimist": "npm:minimist@0.2.0",
    },
    devDependencies: { semver: "7.5.1" },
  };
  const lock = {
    name: "app",
    version: "1.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": manifest,
      "node_modules/lodash": { version: "4.17.20", ...reg("lodash", "4.17.20") },
      "node_modules/a": { version: "1.0.0", ...reg("a", "1.0.0"), dependencies: { minimist: "^1.2.0" } },
      "node_modules/minimist": { version: "1.2.5", ...reg("minimist", "1.2.5") },
      "node_modules/my-minimist": { name: "minimist", version: "0.2.0", ...reg("minimist", "0.2.0") },
      "node_modules/flatmap-stream": { version: "0.1.1", ...reg("flatmap-stream", "0.1.1") },
      "node_modules/beta-lib": { version: "2.0.0-rc.1", ...reg("beta-lib", "2.0.0-rc.1") },
      "node_modules/old-thing": { version: "1.2.0", ...reg("old-thing", "1.2.0") },
      "node_modules/git-dep": {
        name: "lodash-es",
        version: "4.17.15",
        resolved: "git+ssh://git@github.com/x/git-dep.git#0123456789abcdef0123456789abcdef01234567",
      },
      "node_modules/semver": { version: "7.5.1", ...reg("semver", "7.5.1"), dev: true },
    },
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  return dir;
}

/**
 * A committed repository holding writeNpmProject's files (and a policy); added to `repos` for
 * cleanup. `edit` changes the lockfile's parsed JSON first (licences, versions).
 */
export async function npmProjectRepo(
  repos: GitRepo[],
  policy?: string,
  edit?: (lock: { packages: Record<string, Record<string, unknown>> }) => void,
): Promise<GitRepo> {
  const src = writeNpmProject();
  const files: Record<string, string> = {};
  for (const name of ["package.json", "package-lock.json"]) files[name] = readFileSync(join(src, name), "utf8");
  rmSync(src, { recursive: true, force: true });
  if (edit !== undefined) {
    const lock = JSON.parse(files["package-lock.json"] as string);
    edit(lock);
    files["package-lock.json"] = `${JSON.stringify(lock, null, 2)}\n`;
  }
  if (policy !== undefined) files[".rampart/config.yaml"] = policy;
  const r = await gitRepo(files, { commit: true });
  repos.push(r);
  return r;
}

/** An npm v3 lockfile text with these direct registry dependencies, resolved from `registry`. */
export const npmLock = (deps: Record<string, string>, registry?: string) =>
  npmLockOf(Object.fromEntries(Object.entries(deps).map(([n, v]) => [n, { version: v, ...reg(n, v, registry) }])));

/** An npm v3 lockfile text whose direct dependencies are these entries, as written (`node_modules/<name>`). */
export const npmLockOf = (entries: Record<string, { version: string } & Record<string, unknown>>) =>
  `${JSON.stringify(
    {
      name: "app",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "app", version: "1.0.0", dependencies: directOf(entries) },
        ...Object.fromEntries(Object.entries(entries).map(([n, e]) => [`node_modules/${n}`, e])),
      },
    },
    null,
    2,
  )}\n`;

/** The name -> version map of lockfile entries (what the manifest depends on). */
export const directOf = (entries: Record<string, { version: string }>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).map(([n, e]) => [n, e.version]));

/** The package.json beside npmLock's lockfile. */
export const npmManifest = (deps: Record<string, string>) =>
  `${JSON.stringify({ name: "app", version: "1.0.0", dependencies: deps }, null, 2)}\n`;
