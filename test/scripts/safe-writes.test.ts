import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/src/index.js";

// Every file rampart writes, replaces or removes goes through core's safe write (fs/safe-write.ts):
// inside the repository (or the output path the user named), never through a symlink, atomic.
// This check finds node:fs calls that change the file system anywhere else in packages/*/src.
// The few allowed ones touch only a folder rampart made for itself or the user's home and cache.

const ALLOWED: Record<string, string> = {
  "packages/core/src/fs/safe-write.ts": "the safe write itself",
  "packages/cli/src/commands/secrets.ts": "a private mkdtemp folder holding the trusted revision's baseline blob",
  "packages/signatures/src/verify-ssh.ts": "a private mkdtemp folder for ssh-keygen -Y verify",
  "packages/signatures/src/gpg.ts": "a private mkdtemp GNUPGHOME and its signature file",
  "packages/signatures/src/setup.ts": "~/.ssh for ssh-keygen (the user's home, not a repository)",
  "packages/deps/src/database.ts": "the user's cache folder (its files are written through writeFileSafe)",
  "packages/deps/src/update.ts": "the folder of the --db path the user named (the file through writeFileSafe)",
};

const MUTATING = new Set([
  "writeFile",
  "writeFileSync",
  "appendFile",
  "appendFileSync",
  "rename",
  "renameSync",
  "rm",
  "rmSync",
  "rmdir",
  "rmdirSync",
  "unlink",
  "unlinkSync",
  "mkdir",
  "mkdirSync",
  "copyFile",
  "copyFileSync",
  "cp",
  "cpSync",
  "createWriteStream",
  "symlink",
  "symlinkSync",
  "link",
  "linkSync",
  "truncate",
  "truncateSync",
  "chmod",
  "chmodSync",
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** `file:line name` of each call of a mutating node:fs function (named, renamed or through a namespace). */
export function rawWrites(text: string): string[] {
  const local = new Map<string, string>();
  const namespaces: string[] = [];
  const named =
    /(?:import\s*(?:type\s*)?\{([^}]*)\}\s*from|const\s*\{([^}]*)\}\s*=\s*(?:await\s+)?import\()\s*["'](?:node:)?fs(?:\/promises)?["']/g;
  for (const m of text.matchAll(named)) {
    for (const part of (m[1] ?? m[2] ?? "").split(",")) {
      const [name, alias] = part
        .trim()
        .replace(/^type\s+/, "")
        .split(/\s+as\s+|\s*:\s*/);
      if (name && MUTATING.has(name)) local.set((alias ?? name).trim(), name);
    }
  }
  for (const m of text.matchAll(/import\s*\*\s*as\s+(\w+)\s+from\s*["'](?:node:)?fs(?:\/promises)?["']/g))
    namespaces.push(m[1] as string);
  for (const m of text.matchAll(/\bimport\s+(\w+)\s+from\s*["'](?:node:)?fs(?:\/promises)?["']/g))
    namespaces.push(m[1] as string);
  const found: string[] = [];
  text.split("\n").forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    for (const [alias, name] of local)
      if (new RegExp(`(?<![\\w.])${alias}\\s*\\(`).test(line)) found.push(`${i + 1} ${name}`);
    for (const ns of namespaces)
      for (const m of line.matchAll(new RegExp(`\\b${ns}\\.(?:promises\\.)?(\\w+)\\s*\\(`, "g")))
        if (MUTATING.has(m[1] as string)) found.push(`${i + 1} ${m[1]}`);
  });
  return found;
}

describe("file-system writes go through core's safe write", () => {
  it("the detector sees named, renamed, dynamic and namespace imports", () => {
    expect(rawWrites('import { writeFileSync } from "node:fs";\nwriteFileSync(p, x);')).toEqual(["2 writeFileSync"]);
    expect(rawWrites('import { rm as remove } from "node:fs/promises";\nawait remove(p);')).toEqual(["2 rm"]);
    expect(rawWrites('const { mkdirSync } = await import("node:fs");\nmkdirSync(d);')).toEqual(["2 mkdirSync"]);
    expect(rawWrites('import * as fs from "node:fs";\nfs.renameSync(a, b);\nfs.readFileSync(a);')).toEqual([
      "2 renameSync",
    ]);
    expect(rawWrites('import { readFileSync } from "node:fs";\nreadFileSync(p);\nwriteFileSafe(p, x);')).toEqual([]);
  });

  it("no package writes, moves or removes a file any other way", () => {
    const offenders: string[] = [];
    for (const pkg of readdirSync(join(repoRoot, "packages"))) {
      let files: string[];
      try {
        files = sources(join(repoRoot, "packages", pkg, "src"));
      } catch {
        continue;
      }
      for (const file of files) {
        const rel = relative(repoRoot, file).split("\\").join("/");
        if (ALLOWED[rel] !== undefined) continue;
        for (const hit of rawWrites(readFileSync(file, "utf8"))) offenders.push(`${rel}:${hit}`);
      }
    }
    expect(
      offenders,
      "use writeFileSafe / writeOutputFile / removeSafe / mkdirSafe from @rampart/core (or add a reasoned entry to ALLOWED)",
    ).toEqual([]);
  });
});
