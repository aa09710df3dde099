import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, sep } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { repoRoot, tempDir } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { type BundledPackage, useBundledCommitlint } from "../src/hook/bundled-lint.js";
import { commitlint } from "../src/hook/commitlint.js";

// commit-msg runs the startup snapshot's copy of @commitlint/lint only while the project's
// @commitlint/lint is the very files it was bundled from. Those files are digested once; after
// that, a file whose stat (size, mtime, ctime, inode) is unchanged is not read again. Any write
// sets ctime: an edit in place that keeps the size and puts the mtime back is still seen.

const benchModules = join(repoRoot, "bench/node_modules");
const STAMPS = "rampart/commitlint-lint-stamps.json";
const MARK = "from-the-bundle";
const FILES = ["package.json", "lib/lint.js"];

/** A project with its own copy of @commitlint/cli and @commitlint/lint (their dependencies linked). */
function project(): { dir: string; gitDir: string; lint: string } {
  const { dir } = tempDir("rampart-commitlint-bundled-");
  const nm = join(dir, "node_modules");
  const linkBeside = (pkg: string, skip: string) => {
    const entry = pkg.slice(0, pkg.lastIndexOf(`${sep}node_modules${sep}`) + "/node_modules".length);
    const names = readdirSync(entry).flatMap((n) =>
      n.startsWith("@") ? readdirSync(join(entry, n)).map((m) => `${n}/${m}`) : [n],
    );
    for (const name of names) {
      if (name === skip || join(entry, name) === pkg || name === ".bin" || existsSync(join(nm, name))) continue;
      mkdirSync(dirname(join(nm, name)), { recursive: true });
      symlinkSync(realpathSync(join(entry, name)), join(nm, name));
    }
  };
  const cli = realpathSync(join(benchModules, "@commitlint/cli"));
  const lint = realpathSync(join(cli, "../lint"));
  cpSync(cli, join(nm, "@commitlint/cli"), { recursive: true });
  cpSync(lint, join(nm, "@commitlint/lint"), { recursive: true });
  linkBeside(cli, "@commitlint/lint");
  linkBeside(lint, "");
  if (!existsSync(join(nm, "@commitlint/config-conventional")))
    symlinkSync(
      realpathSync(join(benchModules, "@commitlint/config-conventional")),
      join(nm, "@commitlint/config-conventional"),
    );
  writeFileSync(join(dir, "package.json"), '{ "name": "p", "private": true }\n');
  writeFileSync(
    join(dir, "commitlint.config.mjs"),
    'export default { extends: ["@commitlint/config-conventional"] };\n',
  );
  const gitDir = join(dir, ".git");
  mkdirSync(gitDir);
  return { dir, gitDir, lint: join(nm, "@commitlint/lint") };
}

/** The bundled copy: a lint that only says it ran, bundled from `lintDir`'s FILES as they are now. */
function bundleOf(lintDir: string): void {
  const hash = createHash("sha256");
  for (const file of FILES)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(lintDir, file)))
      .update("\0");
  const pkg: BundledPackage = {
    name: "@commitlint/lint",
    version: "x",
    digest: hash.digest("hex"),
    files: FILES,
    deps: [],
  };
  useBundledCommitlint({
    lint: async () => ({ errors: [{ name: MARK, message: "the bundled lint ran" }], warnings: [] }),
    packages: [pkg],
  });
}

const ruleIds = async (p: { dir: string; gitDir: string }, text: string) =>
  (await commitlint(p.dir, p.dir, p.gitDir, text)).findings.map((f) => f.ruleId);

describe.skipIf(!existsSync(join(benchModules, "@commitlint/cli")))(
  "commit-msg's bundled @commitlint/lint (skipped: bench/ not installed)",
  () => {
    it("records the files it digested, and an edit in place (same size, mtime put back) is still seen", async () => {
      const p = project();
      bundleOf(p.lint);
      // The first commit loads and keeps commitlint's config (the project's lint runs).
      expect(await ruleIds(p, "stuff")).toContain("commitlint/type-empty");
      // Then the bundled one, while its files are the project's.
      expect(await ruleIds(p, "feat: fine")).toEqual([`commitlint/${MARK}`]);
      // Files changed less than two seconds before they were read are not recorded (a second
      // write in the same clock tick could leave the stat as it was): read again next time.
      const newest = Math.max(...FILES.map((f) => statSync(join(p.lint, f)).ctimeMs));
      if (Date.now() - newest < 2000) expect(existsSync(join(p.gitDir, STAMPS))).toBe(false);
      await sleep(Math.max(0, newest + 2100 - Date.now()));
      expect(await ruleIds(p, "feat: fine")).toEqual([`commitlint/${MARK}`]);
      const stamps = JSON.parse(readFileSync(join(p.gitDir, STAMPS), "utf8")) as { folders: Record<string, unknown[]> };
      expect(Object.keys(stamps.folders)).toHaveLength(1);
      expect(Object.values(stamps.folders)[0]).toHaveLength(FILES.length);
      const written = statSync(join(p.gitDir, STAMPS)).mtimeMs;
      expect(await ruleIds(p, "feat: fine")).toEqual([`commitlint/${MARK}`]);
      expect(statSync(join(p.gitDir, STAMPS)).mtimeMs).toBe(written); // nothing new: not rewritten

      // patch-package's kind of edit, the size kept and the old times put back: ctime still moves.
      const file = join(p.lint, "lib/lint.js");
      const before = statSync(file);
      const text = readFileSync(file, "utf8");
      const edited = text.replace("Found a wildcard match, skip.", "Found a wildcard match, SKIP.");
      expect(edited).not.toBe(text);
      const times = join(p.dir, "times");
      execFileSync("touch", ["-r", file, times]); // the times to the nanosecond (utimes in ms would not be)
      writeFileSync(file, edited);
      execFileSync("touch", ["-m", "-r", times, file]);
      expect(statSync(file).size).toBe(before.size);
      expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
      // The project's own lint runs: the message is judged, not the bundled copy's mark.
      expect(await ruleIds(p, "feat: fine")).toEqual([]);
      expect(await ruleIds(p, "stuff")).toContain("commitlint/type-empty");
    }, 60_000);
  },
);
