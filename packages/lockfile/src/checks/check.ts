import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { type CheckResult, makeResult } from "@rampart/core/findings";
import type { Lockfile } from "../model.js";
import { checkDrift } from "./drift.js";
import { checkIntegrity } from "./integrity.js";
import { byLocation } from "./order.js";
import { FindingSink, type LockfilePolicy } from "./rules.js";
import { checkInstallScripts } from "./scripts.js";
import { readRepoSettings } from "./settings.js";
import { checkImporterPaths, checkSources } from "./sources.js";
import { checkYamlScalars } from "./yaml-scalars.js";

// Not an ESM import of node:fs: its namespace's getters load fs/promises and streams (parse/index.ts).
const { readFileSync } = process.getBuiltinModule("node:fs");

export interface CheckLockfileOptions {
  /** The repository root: where .npmrc/.yarnrc.yml/pnpm-workspace.yaml are looked up besides the lockfile's dir. */
  cwd: string;
  /** Reads a file by path relative to `cwd` (default: the file system); `lockfile diff` reads from git. */
  readFile?: (relative: string) => Promise<string | undefined>;
  /** Skip the drift check (it needs every importer's package.json). Default false. */
  skipDrift?: boolean;
  /**
   * Reads the package-manager config as the trusted side holds it (CI's --policy-rev: the base's
   * git objects). What relaxes a rule, the registries sources may use, the packages allowed to
   * build and scripts turned off, then comes from there, never from the change; the catalogs the
   * drift check compares the change's manifests with still come from `readFile`.
   */
  trustedReadFile?: (relative: string) => Promise<string | undefined>;
}

export interface LockfileStats {
  lockfile: string;
  format: string;
  packages: number;
  importers: number;
}

/** Runs every lockfile rule on one parsed lockfile. Throws only when a check could not run. */
export async function checkLockfile(
  lockfile: Lockfile,
  policy: LockfilePolicy,
  options: CheckLockfileOptions,
): Promise<CheckResult<LockfileStats>> {
  const root = resolve(options.cwd);
  const absolute = isAbsolute(lockfile.path) ? lockfile.path : resolve(root, lockfile.path);
  const lockfileDir = dirname(absolute);
  const relDir = relative(root, lockfileDir) || ".";
  const read = options.readFile ?? ((rel: string) => readOptional(resolve(root, rel)));
  const own = await readRepoSettings([".", relDir], read);
  const settings =
    options.trustedReadFile === undefined
      ? own
      : { ...(await readRepoSettings([".", relDir], options.trustedReadFile)), catalogs: own.catalogs };
  const sink = new FindingSink(lockfile, policy);
  checkSources(lockfile.packages, policy, { root, lockfileDir, settings, format: lockfile.format }, sink);
  checkImporterPaths(lockfile.importers, policy, { root, lockfileDir, settings }, sink);
  checkIntegrity(lockfile, sink);
  checkYamlScalars(lockfile, sink);
  checkInstallScripts(lockfile.packages, policy, settings, sink);
  if (options.skipDrift !== true && sink.enabled("lockfile/drift")) {
    await checkDrift(
      lockfile,
      { read: (rel) => read(relDir === "." ? rel : join(relDir, rel)), catalogs: settings.catalogs },
      sink,
    );
  }
  const stats = {
    lockfile: lockfile.path,
    format: `${lockfile.format} ${lockfile.formatVersion}`,
    packages: lockfile.packages.length,
    importers: lockfile.importers.length,
  };
  return makeResult(sink.findings.sort(byLocation), stats);
}

/**
 * Synchronous underneath: drift reads every workspace's package.json (hundreds in a monorepo), and
 * a promise-based read costs a FileHandle and several thread-pool round trips per small file.
 */
async function readOptional(path: string): Promise<string | undefined> {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR")
      return undefined;
    throw error;
  }
}
