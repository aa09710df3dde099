import { chmodSync, cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@rampart/test-helpers";
import { fixturePath } from "./fixtures.js";

/** A writable copy of a fixture folder (the shared fixtures are read-only); cleanup via the returned fn. */
export function copyFixture(dir: string): { dir: string; cleanup(): void } {
  const tmp = tempDir("rampart-lockfile-");
  cpSync(fixturePath(dir), tmp.dir, { recursive: true });
  chmodRecursive(tmp.dir);
  return tmp;
}

function chmodRecursive(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) chmodRecursive(path);
    else chmodSync(path, 0o644);
  }
}

/** Replaces exactly one occurrence in a file, so a fixture change can never make a test vacuous. */
export function editFile(path: string, from: string, to: string): void {
  const text = readFileSync(path, "utf8");
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0)
    throw new Error(`expected exactly one ${JSON.stringify(from)} in ${path}`);
  writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length));
}
