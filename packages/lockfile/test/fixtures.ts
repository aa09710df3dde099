import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sharedPath } from "@rampart/test-helpers";

/** The shared real-world lockfiles (never copied into the repo). */
export const repoRoot = resolve(import.meta.dirname, "../../..");
/** The folder below ../shared these suites need; describeWithShared skips them when it is absent. */
export const LOCKFILES = "fixtures/lockfiles";
export const fixturesDir = sharedPath(LOCKFILES);

export interface FixtureIndex {
  dir: string;
  lockfile: string;
  bytes: number;
  format: string;
  installPaths?: number;
  uniqueNameVersion?: number;
  uniqueResolutions?: number;
  workspaces?: number;
  importers?: number;
  packagesKeys?: number;
  snapshotsKeys?: number;
  entries?: number;
  entryKeys?: number;
  links?: number;
  patchResolutions?: number;
  dev?: number;
  devFlagged?: number;
  optional?: number;
  hasInstallScript?: number;
  requiresBuild?: number;
  integrity: Record<string, number>;
  hosts: Record<string, number>;
}

export function loadIndex(): FixtureIndex[] {
  return JSON.parse(readFileSync(resolve(fixturesDir, "index.json"), "utf8")) as FixtureIndex[];
}

export function fixturePath(dir: string, file = ""): string {
  return resolve(fixturesDir, dir, file);
}

export function readFixture(dir: string, file: string): string {
  return readFileSync(fixturePath(dir, file), "utf8");
}
