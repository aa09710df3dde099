import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { CatFileBatch } from "@rampart/core";
import { gitRepo, prng } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { fileChanges, parseRaw, splitLines } from "../src/changes.js";
import { COMMIT_HEADERS, listCommits, scanCommits } from "../src/commits.js";
import { Scanner } from "../src/scanner.js";
import { STAGED_FLAGS } from "../src/staged.js";

// Differential property test of what history scans see. Random histories are written with real
// git (`git fast-import`: random bytes, control characters, CRLF, lines shaped like diff headers,
// long lines, UTF-16, binary blobs, odd file names, symlink <-> file <-> submodule type changes,
// renames, copies, mode changes, deletions, empty commits, merges including octopus ones). For
// every commit, the set of (file, line) the scanner's detectors are handed must equal what a
// reference computes on its own from the full trees (`git ls-tree`) and blobs of the commit and
// its parents: the lines of each file that appear neither in a parent's version of that path nor
// in a file the commit removed. Seeded: RAMPART_DIFF_SEED=<n> replays a failure.

const SEED = Number(process.env.RAMPART_DIFF_SEED ?? 20261206);
const REPOS = 3;
const COMMITS = 220;

/** test-helpers' seeded generator, with the draws this test makes. */
function rng(seed: number) {
  const next = prng(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const VOCAB: Array<string | Buffer> = [
  "const a = 1;",
  "",
  "  return x;",
  "crlf\r",
  "\r",
  "a\u2028b",
  "c\u2029",
  "diff --git a/f.txt b/f.txt",
  "+++ b/f.txt",
  "--- a/f.txt",
  "@@ -1 +1 @@",
  "@@ -0,0 +1,3 @@ fn()",
  "\\ No newline at end of file",
  "Binary files a/x and b/x differ",
  "GIT binary patch",
  "index 0000000..1111111 100644",
  "new file mode 120000",
  "similarity index 100%",
  "rename from f.txt",
  "\x01\x02abc",
  "\x01\x02",
  ":100644 100644 0000000000000000000000000000000000000000 1111111111111111111111111111111111111111 M",
  "\x1b[31mred\x1b[0m",
  "tab\there",
  "é日本語 🌍",
  "commit 0123456789abcdef0123456789abcdef01234567",
  Buffer.from([0xff, 0xfe, 0x41]),
  Buffer.from([0xc3, 0x28, 0x20, 0x80]),
  Buffer.from([0x41, 0x00, 0x42]),
];

const DIRS = ["", "src/", "a b/", "日本/", "x\ny/", '"q"/', "-dash/", "deep/er/", "deep/"];
const NAMES = [
  "f.txt",
  "g.js",
  "with space.md",
  "new\nline",
  "tab\tname",
  'quote"d',
  "back\\slash",
  "ü.txt",
  "diff --git a",
  "@@",
  "+++ b",
  "\x01ctl",
  "er",
  "deep",
];

type Entry = { mode: string; mark?: number; sha?: string; lines?: Buffer[]; kind: "text" | "utf16" | "binary" };
type Tree = Map<string, Entry>;

function randomLine(r: Rng): Buffer {
  const roll = r.next();
  if (roll < 0.55) {
    const v = r.pick(VOCAB);
    return typeof v === "string" ? Buffer.from(v) : v;
  }
  if (roll < 0.9) return Buffer.from(`line ${r.int(60)}`);
  if (roll < 0.97) {
    const bytes = Buffer.alloc(1 + r.int(40));
    for (let i = 0; i < bytes.length; i++) bytes[i] = r.int(256);
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a || bytes[i] === 0) bytes[i] = 0x20;
    return bytes;
  }
  return Buffer.from(`long ${"x".repeat(2001 + r.int(4000))} ${r.int(9)}`);
}

function content(e: Entry, r: Rng): Buffer {
  const lines = e.lines ?? [];
  const body = Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [l] : [Buffer.from("\n"), l])));
  const withEnd = lines.length > 0 && r.chance(0.85) ? Buffer.concat([body, Buffer.from("\n")]) : body;
  if (e.kind === "utf16")
    return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(withEnd.toString("utf8"), "utf16le")]);
  return withEnd;
}

function editLines(old: Buffer[], r: Rng): Buffer[] {
  const lines = [...old];
  const ops = 1 + r.int(4);
  for (let k = 0; k < ops; k++) {
    const at = r.int(lines.length + 1);
    const op = r.int(5);
    if (op === 0 && lines.length > 0) lines.splice(Math.min(at, lines.length - 1), 1);
    else if (op === 1 && lines.length > 0) lines.splice(Math.min(at, lines.length - 1), 1, randomLine(r));
    else if (op === 2 && lines.length > 1) lines.splice(at, 0, lines[r.int(lines.length)] as Buffer);
    else lines.splice(at, 0, randomLine(r));
  }
  return lines;
}

/** C-style quoting for fast-import paths: every byte that is not plain printable ASCII in octal. */
function quotePath(path: string): string {
  let out = '"';
  for (const b of Buffer.from(path)) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b >= 0x7f) out += `\\${b.toString(8).padStart(3, "0")}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}

/** Writes a random history as a fast-import stream. */
function history(r: Rng): Buffer {
  const out: Buffer[] = [];
  const emit = (s: string | Buffer) => out.push(typeof s === "string" ? Buffer.from(s) : s);
  let mark = 0;
  const blob = (data: Buffer): number => {
    mark++;
    emit(`blob\nmark :${mark}\ndata ${data.length}\n`);
    emit(data);
    emit("\n");
    return mark;
  };
  const paths = DIRS.flatMap((d) => NAMES.map((n) => d + n));
  const branches = new Map<string, { tip: number; tree: Tree }>();
  let time = 1700000000;

  const setPath = (tree: Tree, path: string, e: Entry, ops: string[]) => {
    for (const p of [...tree.keys()]) if (p.startsWith(`${path}/`) || path.startsWith(`${p}/`)) tree.delete(p);
    tree.set(path, e);
    ops.push(`M ${e.mode} ${e.sha ?? `:${e.mark}`} ${quotePath(path)}\n`);
  };
  const newEntry = (r: Rng): Entry => {
    const roll = r.next();
    if (roll < 0.08)
      return {
        mode: "160000",
        sha: [...Array(40)].map(() => r.pick([..."0123456789abcdef"])).join(""),
        kind: "binary",
      };
    if (roll < 0.18) return { mode: "120000", lines: [randomLine(r)], kind: "text" };
    if (roll < 0.24) {
      const bytes = Buffer.alloc(8 + r.int(200));
      for (let i = 0; i < bytes.length; i++) bytes[i] = r.chance(0.2) ? 0 : r.int(256);
      return { mode: "100644", lines: [bytes], kind: "binary" };
    }
    const lines = Array.from({ length: r.int(12) }, () => randomLine(r));
    if (roll < 0.3)
      return {
        mode: "100644",
        lines: lines.map((l) => Buffer.from(l.toString("utf8").replace(/\0/g, " "))),
        kind: "utf16",
      };
    return { mode: r.chance(0.15) ? "100755" : "100644", lines, kind: "text" };
  };
  const store = (e: Entry): Entry => {
    if (e.mode === "160000") return e;
    const data = e.kind === "binary" ? (e.lines?.[0] ?? Buffer.alloc(0)) : content(e, r);
    const { sha: _gitlink, ...rest } = e;
    return { ...rest, mark: blob(data) };
  };

  for (let n = 0; n < COMMITS; n++) {
    const names = [...branches.keys()];
    const branch = names.length === 0 || (names.length < 4 && r.chance(0.05)) ? `b${names.length}` : r.pick(names);
    const state = branches.get(branch);
    const base = state ?? (names.length > 0 ? (branches.get(r.pick(names)) as { tip: number; tree: Tree }) : undefined);
    const tree: Tree = new Map(base?.tree ?? []);
    const ops: string[] = [];
    const parents: number[] = base === undefined ? [] : [base.tip];
    // A merge: take some paths from other branches (as a merge would), octopus when several.
    const others = names.filter((b) => b !== branch && branches.get(b)?.tip !== base?.tip);
    if (state !== undefined && others.length > 0 && r.chance(0.15)) {
      const merged = others.filter(() => r.chance(0.6));
      if (merged.length === 0) merged.push(r.pick(others));
      for (const m of merged) {
        const other = branches.get(m) as { tip: number; tree: Tree };
        parents.push(other.tip);
        for (const [p, e] of other.tree) if (r.chance(0.5) && tree.get(p) !== e) setPath(tree, p, e, ops);
      }
    }
    const kind = r.next();
    if (kind < 0.04) {
      // Empty commit.
    } else if (kind < 0.06 && n > 20) {
      // Thousands of files in one commit.
      for (let i = 0; i < 1500; i++)
        setPath(
          tree,
          `many/${i % 9}/f${i}`,
          store({ mode: "100644", lines: [Buffer.from(`many ${i % 40}`), randomLine(r)], kind: "text" }),
          ops,
        );
    } else {
      const changes = 1 + r.int(5);
      for (let k = 0; k < changes; k++) {
        const existing = [...tree.keys()];
        const op = r.next();
        if (op < 0.35 && existing.length > 0) {
          const p = r.pick(existing);
          const e = tree.get(p) as Entry;
          if (e.mode === "160000" || e.kind === "binary") setPath(tree, p, store(newEntry(r)), ops);
          else setPath(tree, p, store({ ...e, lines: editLines(e.lines ?? [], r) }), ops);
        } else if (op < 0.45 && existing.length > 0) {
          const p = r.pick(existing);
          tree.delete(p);
          ops.push(`D ${quotePath(p)}\n`);
        } else if (op < 0.55 && existing.length > 0) {
          // Type or mode change of an existing path, content kept where it can be.
          const p = r.pick(existing);
          const e = tree.get(p) as Entry;
          const mode = r.pick(["100644", "100755", "120000", "160000"].filter((m) => m !== e.mode));
          const next =
            mode === "160000"
              ? newEntry({ ...r, next: () => 0 })
              : {
                  ...e,
                  mode,
                  kind: e.kind === "binary" ? ("text" as const) : e.kind,
                  lines: e.kind === "binary" || e.lines === undefined ? [randomLine(r)] : e.lines,
                };
          setPath(
            tree,
            p,
            mode === "160000"
              ? next
              : e.mark !== undefined && e.kind !== "binary"
                ? { ...next, mark: e.mark }
                : store(next),
            ops,
          );
        } else if (op < 0.65 && existing.length > 0) {
          const from = r.pick(existing);
          const to = r.pick(paths);
          if (to === from || to.startsWith(`${from}/`) || from.startsWith(`${to}/`)) continue;
          const copy = r.chance(0.3);
          const e = tree.get(from) as Entry;
          for (const p of [...tree.keys()]) if (p.startsWith(`${to}/`) || to.startsWith(`${p}/`)) tree.delete(p);
          if (!copy) tree.delete(from);
          tree.set(to, e);
          ops.push(`${copy ? "C" : "R"} ${quotePath(from)} ${quotePath(to)}\n`);
        } else {
          setPath(tree, r.pick(paths), store(newEntry(r)), ops);
        }
      }
    }
    mark++;
    const tip = mark;
    const message = r.chance(0.1)
      ? Buffer.alloc(0)
      : Buffer.concat([Buffer.from(`commit ${n}\n\n`), randomLine(r), Buffer.from("\n"), randomLine(r)]);
    time += 60;
    emit(
      `commit refs/heads/${branch}\nmark :${tip}\ncommitter T <t@t.invalid> ${time} +0000\ndata ${message.length}\n`,
    );
    emit(message);
    emit("\n");
    if (parents.length > 0) emit(`from :${parents[0]}\n`);
    for (const p of parents.slice(1)) emit(`merge :${p}\n`);
    for (const op of ops) emit(op);
    emit("\n");
    branches.set(branch, { tip, tree });
  }
  return Buffer.concat(out);
}

// ---- the reference: full trees and blobs, no diff machinery ----

interface RefEntry {
  mode: string;
  oid: string;
}

function run(dir: string, env: NodeJS.ProcessEnv, args: string[], input?: Buffer | string): Buffer {
  const r = spawnSync("git", args, { cwd: dir, env, input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr.toString()}`);
  return r.stdout;
}

/** Objects by id, each with its type, from one `git cat-file --batch` (the same bytes `git cat-file <type> <id>` gives). */
function readObjects(
  dir: string,
  env: NodeJS.ProcessEnv,
  oids: Iterable<string>,
): Map<string, { type: string; body: Buffer }> {
  const list = [...new Set(oids)];
  const out = run(dir, env, ["cat-file", "--batch"], `${list.join("\n")}\n`);
  const objects = new Map<string, { type: string; body: Buffer }>();
  let pos = 0;
  for (const oid of list) {
    const nl = out.indexOf(10, pos);
    const [, type = "", size = ""] = out.toString("latin1", pos, nl).split(" ");
    objects.set(oid, { type, body: out.subarray(nl + 1, nl + 1 + Number(size)) });
    pos = nl + 1 + Number(size) + 1;
  }
  return objects;
}

function readBlobs(dir: string, env: NodeJS.ProcessEnv, oids: Iterable<string>): Map<string, Buffer> {
  return new Map([...readObjects(dir, env, oids)].map(([oid, o]) => [oid, o.body]));
}

/** A tree object's entries: `<mode> <name>\0<raw id>`, the name as bytes (latin1), the id in hex. */
function treeEntries(body: Buffer, idBytes: number): Array<{ mode: string; name: string; oid: string }> {
  const entries: Array<{ mode: string; name: string; oid: string }> = [];
  for (let pos = 0; pos < body.length; ) {
    const space = body.indexOf(32, pos);
    const nul = body.indexOf(0, space);
    const mode = body.toString("latin1", pos, space);
    entries.push({
      mode,
      name: body.toString("latin1", space + 1, nul),
      oid: body.toString("hex", nul + 1, nul + 1 + idBytes),
    });
    pos = nul + 1 + idBytes;
  }
  return entries;
}

/** The mode `git ls-tree` prints for a stored one (git's canon_mode). */
function canonMode(stored: string): string {
  const mode = Number.parseInt(stored, 8);
  if ((mode & 0o170000) === 0o120000) return "120000";
  if ((mode & 0o170000) === 0o160000) return "160000";
  return mode & 0o100 ? "100755" : "100644";
}

/**
 * What `git ls-tree -r --full-tree <commit>` lists (every path below the commit's tree, with its
 * mode and id), for each commit, read from the commit and tree objects themselves: a few
 * `cat-file --batch` runs (one per tree depth) instead of an ls-tree process per commit.
 */
function lsTrees(
  dir: string,
  env: NodeJS.ProcessEnv,
  commitObjects: Map<string, { type: string; body: Buffer }>,
): Map<string, Map<string, RefEntry>> {
  const rootOf = new Map<string, string>();
  for (const [id, o] of commitObjects) rootOf.set(id, o.body.toString("latin1", 5, o.body.indexOf(10)));
  const trees = new Map<string, Array<{ mode: string; name: string; oid: string }>>();
  for (let wanted = [...new Set(rootOf.values())]; wanted.length > 0; ) {
    const read = readObjects(dir, env, wanted);
    const next = new Set<string>();
    for (const oid of wanted) {
      const entries = treeEntries(read.get(oid)?.body ?? Buffer.alloc(0), oid.length / 2);
      trees.set(oid, entries);
      for (const e of entries) if (e.mode === "40000" && !trees.has(e.oid)) next.add(e.oid);
    }
    wanted = [...next].filter((oid) => !trees.has(oid));
  }
  const flat = new Map<string, Map<string, RefEntry>>();
  const flatten = (oid: string): Map<string, RefEntry> => {
    const done = flat.get(oid);
    if (done !== undefined) return done;
    const paths = new Map<string, RefEntry>();
    for (const e of trees.get(oid) ?? []) {
      if (e.mode === "40000") for (const [path, below] of flatten(e.oid)) paths.set(`${e.name}/${path}`, below);
      else paths.set(e.name, { mode: canonMode(e.mode), oid: e.oid });
    }
    flat.set(oid, paths);
    return paths;
  };
  return new Map([...rootOf].map(([id, root]) => [id, flatten(root)]));
}

const isContent = (mode: string) => mode === "100644" || mode === "100755" || mode === "120000";

/** The reference's own reading of a blob: lines (decoded), or "binary". */
function refLines(b: Buffer): string[] | "binary" {
  let text: string | undefined;
  if (b.length >= 4 && b.length % 4 === 0 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0)
    return "binary"; // not generated
  if (b[0] === 0xff && b[1] === 0xfe) text = b.toString("utf16le", 2);
  if (text !== undefined) {
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines;
  }
  if (b.subarray(0, 8000).includes(0)) return "binary";
  const lines: string[] = [];
  let pos = 0;
  while (pos < b.length) {
    let nl = b.indexOf(10, pos);
    if (nl < 0) nl = b.length;
    lines.push(b.toString("utf8", pos, nl));
    pos = nl + 1;
  }
  return lines;
}

function reference(dir: string, env: NodeJS.ProcessEnv, commits: Array<{ id: string; parents: string[] }>) {
  const commitObjects = readObjects(
    dir,
    env,
    commits.map((c) => c.id),
  );
  const trees = lsTrees(dir, env, commitObjects);
  const oids = [...trees.values()].flatMap((t) => [...t.values()].filter((e) => isContent(e.mode)).map((e) => e.oid));
  const blobs = readBlobs(dir, env, oids);
  const expected = new Map<string, Set<string>>();
  for (const c of commits) {
    const tree = trees.get(c.id) as Map<string, RefEntry>;
    const parents = c.parents.map((p) => trees.get(p) as Map<string, RefEntry>);
    const old = new Set<string>();
    const addLines = (oid: string) => {
      const lines = refLines(blobs.get(oid) as Buffer);
      if (lines !== "binary") for (const l of lines) old.add(l);
    };
    for (const p of parents)
      for (const [path, e] of p) if (isContent(e.mode) && !isContent(tree.get(path)?.mode ?? "")) addLines(e.oid);
    const seen = new Set<string>();
    for (const [path, e] of tree) {
      if (!isContent(e.mode)) continue;
      if (parents.some((p) => p.get(path)?.oid === e.oid && isContent(p.get(path)?.mode ?? ""))) continue;
      const lines = refLines(blobs.get(e.oid) as Buffer);
      const name = Buffer.from(path, "latin1").toString("utf8");
      if (lines === "binary") {
        seen.add(`${name}\0<binary>`);
        continue;
      }
      const own = new Set(old);
      for (const p of parents) {
        const pe = p.get(path);
        if (pe !== undefined && isContent(pe.mode)) {
          const theirs = refLines(blobs.get(pe.oid) as Buffer);
          if (theirs !== "binary") for (const l of theirs) own.add(l);
        }
      }
      for (const l of lines) if (!own.has(l)) seen.add(`${name}\0${l}`);
    }
    const object = commitObjects.get(c.id)?.body as Buffer;
    const message = object.subarray(object.indexOf("\n\n") + 2).toString("utf8");
    const msgLines = message.split("\n");
    if (msgLines.at(-1) === "") msgLines.pop();
    if (message !== "") for (const l of msgLines) seen.add(`<message>\0${l}`);
    expected.set(c.id, seen);
  }
  return expected;
}

describe("differential: what history scans see equals a reference computed from blobs", () => {
  for (let k = 0; k < REPOS; k++) {
    const seed = SEED + k;
    it(`random history, seed ${seed} (RAMPART_DIFF_SEED=${seed} replays it)`, { timeout: 120_000 }, async () => {
      const repo = await gitRepo();
      run(repo.dir, repo.env, ["fast-import", "--quiet", "--force"], history(rng(seed)));
      const commits = await listCommits(["--all"], { cwd: repo.dir, env: repo.env });
      expect(commits.length).toBe(COMMITS);

      // What the scanner's detectors are handed, commit by commit.
      const seen = new Map<string, Set<string>>();
      let at = 0;
      let current = new Set<string>();
      const scanner = new Scanner({
        policy: { maxFileSize: 1 << 30 },
        showSecrets: false,
        rules: [],
        detectors: [
          (text, _context, file) => {
            // A commit's headers are scanned too (tag-signature.test.ts): this compares what changes add.
            if (file === COMMIT_HEADERS) return [];
            // A UTF-16 file's bytes (its mark read as latin1), read beside its decoded lines (wide-text.test.ts).
            if (text.startsWith("\u00ff\u00fe")) return [];
            for (const l of text.split("\n")) current.add(`${file === "" ? "<message>" : file}\0${l}`);
            return [];
          },
        ],
      });
      const binaryBefore = () => scanner.stats.skippedBinary;
      let binaries = binaryBefore();
      const scannedBinary = new Map<string, number>();
      await scanCommits(scanner, commits, { cwd: repo.dir, env: repo.env }, () => {
        const c = commits[at++]?.id as string;
        seen.set(c, current);
        scannedBinary.set(c, scanner.stats.skippedBinary - binaries);
        binaries = scanner.stats.skippedBinary;
        current = new Set();
      });

      const expected = reference(repo.dir, repo.env, commits);
      let cases = 0;
      for (const c of commits) {
        const want = expected.get(c.id) as Set<string>;
        const wantBinary = [...want].filter((x) => x.endsWith("\0<binary>")).length;
        const wantLines = new Set([...want].filter((x) => !x.endsWith("\0<binary>")));
        cases += want.size;
        // Binary files are read whole, as raw bytes (binary.test.ts): their lines are no change's.
        const binaries = new Set([...want].filter((x) => x.endsWith("\0<binary>")).map((x) => x.split("\0")[0]));
        const got = new Set([...(seen.get(c.id) ?? [])].filter((x) => !binaries.has(x.split("\0")[0] as string)));
        const show = (xs: Set<string>) => [...xs].map((x) => JSON.stringify(x)).sort();
        const missing = [...wantLines].filter((x) => !got.has(x));
        const extra = [...got].filter((x) => !wantLines.has(x));
        expect(
          { missing: show(new Set(missing)), extra: show(new Set(extra)), binary: scannedBinary.get(c.id) },
          `seed ${seed}, commit ${c.id} (parents ${c.parents.join(" ") || "none"}): replay with RAMPART_DIFF_SEED=${seed}`,
        ).toEqual({ missing: [], extra: [], binary: wantBinary });
      }
      expect(cases).toBeGreaterThan(1000);

      // The staged path: each non-merge commit's tree as the index, its parent as HEAD (the root
      // commit on an unborn branch), through the same diff and change computation scanStaged uses.
      const env = { ...repo.env, GIT_INDEX_FILE: join(repo.home, "staged-index") };
      const single = commits.filter((c) => c.parents.length <= 1);
      for (const c of single.filter((_, i) => i % 24 === 0 || i === single.length - 1)) {
        run(repo.dir, env, ["read-tree", c.id]);
        if (c.parents[0] !== undefined) run(repo.dir, env, ["update-ref", "--no-deref", "HEAD", c.parents[0]]);
        else run(repo.dir, env, ["symbolic-ref", "HEAD", "refs/heads/unborn"]);
        const cat = new CatFileBatch({ cwd: repo.dir, env });
        const diff = run(repo.dir, env, [...STAGED_FLAGS]);
        const changes = await fileChanges([parseRaw(diff)], cat, { readLimit: 1 << 30 }).finally(() => cat.close());
        const got = new Set<string>();
        for (const ch of changes) {
          if (ch.binary) got.add(`${ch.path}\0<binary>`);
          const lines = splitLines(ch.text ?? "");
          for (const [a, b] of ch.added) for (let n = a; n <= b; n++) got.add(`${ch.path}\0${lines[n - 1]}`);
        }
        const want = new Set([...(expected.get(c.id) ?? [])].filter((x) => !x.startsWith("<message>\0")));
        expect(
          { missing: [...want].filter((x) => !got.has(x)), extra: [...got].filter((x) => !want.has(x)) },
          `staged: seed ${seed}, commit ${c.id}: replay with RAMPART_DIFF_SEED=${seed}`,
        ).toEqual({ missing: [], extra: [] });
      }
    });
  }
});
