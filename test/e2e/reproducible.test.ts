import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { repoRoot, runCommand, tempDir } from "../helpers/src/index.js";

// BLD-9: the same commit, packed in two clean clones at different paths, gives byte-identical
// tarballs: entries in a fixed order, fixed mtimes, no absolute paths, and package.json's
// dependency maps in sorted order (.pnpmfile.cjs; pnpm writes resolved workspace: specs in the
// order they resolve, which once swapped @rampart/core and @rampart/lockfile in @rampart/sbom).
// The CLI's tarball carries its esbuild bundle and the bundle's SBOM (packages/cli's prepack).
const PACKAGES = ["core", "hooks", "secrets", "signatures", "lockfile", "sbom", "cli"];
const env = { ...process.env, HUSKY: "0", CI: "" };

async function run(cwd: string, file: string, args: string[]) {
  const r = await runCommand(file, args, { cwd, env, timeout: 400_000 });
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
}

/** Clones HEAD, installs from the lockfile, builds, packs every package; file name -> bytes. */
async function packClone(dir: string): Promise<Map<string, Buffer>> {
  const clone = join(dir, "rampart");
  await run(dir, "git", ["clone", "-q", "--no-hardlinks", repoRoot, clone]);
  await run(clone, "pnpm", ["install", "--frozen-lockfile", "--prefer-offline", "--reporter=silent"]);
  await run(clone, "pnpm", ["exec", "tsc", "-b", "packages/cli"]);
  const out = join(dir, "out");
  for (const p of PACKAGES) await run(join(clone, "packages", p), "pnpm", ["pack", "--pack-destination", out]);
  return new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
}

interface TarEntry {
  name: string;
  mtime: number;
  body: Buffer;
}

/** The entries of a .tgz (ustar headers: name, size and mtime in octal). */
function entries(tgz: Buffer): TarEntry[] {
  const tar = gunzipSync(tgz);
  const out: TarEntry[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, to: number) => header.toString("latin1", from, to).replace(/\0.*$/s, "");
    const size = Number.parseInt(text(124, 136).trim() || "0", 8);
    const prefix = text(345, 500);
    out.push({
      name: prefix ? `${prefix}/${text(0, 100)}` : text(0, 100),
      mtime: Number.parseInt(text(136, 148).trim(), 8),
      body: tar.subarray(at + 512, at + 512 + size),
    });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("reproducible packages (BLD-9)", () => {
  it("two clean clones of the same commit pack byte-identical tarballs", { timeout: 900_000 }, async () => {
    const a = tempDir("rampart-repro-a-");
    const b = tempDir("rampart-repro-b-long-path-");
    try {
      const [first, second] = await Promise.all([packClone(a.dir), packClone(b.dir)]);
      expect([...first.keys()].sort()).toHaveLength(PACKAGES.length);
      expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
      for (const [file, bytes] of first) {
        expect(sha256(second.get(file) as Buffer), file).toBe(sha256(bytes));
        const list = entries(bytes);
        expect(list.length, file).toBeGreaterThan(2);
        // One fixed mtime for every entry, relative names under package/, nothing of the clone's path.
        expect(new Set(list.map((e) => e.mtime)).size, file).toBe(1);
        // Sorted dependency maps: what makes the manifest independent of pnpm's resolution order.
        const manifest = JSON.parse(list.find((e) => e.name === "package/package.json")?.body.toString() ?? "{}");
        for (const field of ["dependencies", "devDependencies", "peerDependencies"]) {
          const names = Object.keys(manifest[field] ?? {});
          expect(names, `${file} ${field}`).toEqual([...names].sort());
        }
        // The CLI's bundle and its SBOM are packed (its prepack builds them) like everything else.
        if (/^rampart-\d/.test(file))
          for (const name of ["main.js", "scan-worker.js", "bundle.cdx.json"])
            expect(
              list.some((e) => e.name === `package/dist/bundle/${name}`),
              `${file}: dist/bundle/${name}`,
            ).toBe(true);
        for (const e of list) {
          expect(e.name, file).toMatch(/^package\/[^/]/);
          expect(e.body.includes(a.dir), `${file}: ${e.name} holds the clone's path`).toBe(false);
        }
      }
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
});
