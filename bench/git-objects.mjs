#!/usr/bin/env zx
// core's object reader: CatFileBatch (one long-lived `git cat-file --batch`) against the usual
// approach of one `git cat-file blob <oid>` process per object, reading the same blobs of one
// repository in one run. `node bench/run.mjs git-objects` (build first). BENCH_BLOBS sets the count.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { $ } from "zx";

$.verbose = false;
$.quiet = true;
const root = resolve(import.meta.dirname, "..");
const { CatFileBatch, git, splitNul } = await import(pathToFileURL(join(root, "packages/core/dist/index.js")).href);
const N = Number(process.env.BENCH_BLOBS ?? 2000);
const NAIVE = Math.min(N, 300); // the per-process reader is timed on a sample, then scaled
const work = join(root, "bench/.work/git-objects");
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
for (let i = 0; i < N; i++) writeFileSync(join(work, `f${i}.txt`), `file ${i}\n`.repeat(1 + (i % 50)));
await $({ cwd: work, env })`git init -q -b main`;
await $({ cwd: work, env })`git add -A`;
await $({ cwd: work, env })`git -c user.name=b -c user.email=b@b -c commit.gpgsign=false commit -qm blobs`;
const oids = splitNul(
  (await git(["ls-tree", "-r", "-z", "--format=%(objectname)", "HEAD"], { cwd: work, env })).stdout,
);

let t = performance.now();
const batch = new CatFileBatch({ cwd: work, env });
const objects = await Promise.all(oids.map((oid) => batch.read(oid)));
batch.close();
const batchMs = performance.now() - t;
const bytes = objects.reduce((n, o) => n + (o?.size ?? 0), 0);

t = performance.now();
for (const oid of oids.slice(0, NAIVE)) await git(["cat-file", "blob", oid], { cwd: work, env });
const naiveMs = ((performance.now() - t) / NAIVE) * oids.length;

console.log(`${oids.length} blobs, ${(bytes / 1024).toFixed(0)} KiB`);
console.log(
  `rampart CatFileBatch:          ${batchMs.toFixed(0)} ms (${((oids.length / batchMs) * 1000).toFixed(0)} objects/s)`,
);
console.log(`git cat-file per object:       ${naiveMs.toFixed(0)} ms (timed on ${NAIVE}, scaled)`);
console.log(`ratio: CatFileBatch is ${(naiveMs / batchMs).toFixed(1)}x faster`);
rmSync(work, { recursive: true, force: true });
