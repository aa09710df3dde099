// Shared by the benches (this folder is not a benchmark: bench/run.mjs only runs bench/*.mjs).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The median (the mean of the two middle values for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Runs a command under /usr/bin/time: wall ms, CPU ms (user + sys, children included) and peak
 * RSS in MB. `stderr` is the command's own, without time's line.
 */
export function timeCommand(cmd, args, options = {}) {
  const start = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%U %S %M", cmd, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    ...options,
  });
  const ms = performance.now() - start;
  const lines = r.stderr.trimEnd().split("\n");
  const [user, sys, kb] = (lines.at(-1) ?? "").split(" ").map(Number);
  return {
    ms,
    cpu: (user + sys) * 1000,
    mb: kb / 1024,
    stdout: r.stdout,
    stderr: lines.slice(0, -1).join("\n"),
    status: r.status,
  };
}

/**
 * The environment a bench's git and rampart run in: nothing from the user's git config or
 * locale, HOME in the bench's own folder, git's global config there (or `/dev/null`).
 */
export function sandboxEnv(home, { gitconfig = join(home, ".gitconfig"), ...extra } = {}) {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: gitconfig,
    LANG: "C.UTF-8",
    ...extra,
  };
}

/**
 * The path of `../shared/<what>` next to the clone; when it is absent (a plain clone), prints
 * why the bench is skipped and exits 0, so `npm run bench` on a plain clone runs the others.
 */
export function sharedOrSkip(root, what, bench) {
  const path = resolve(process.env.RAMPART_SHARED_DIR ?? resolve(root, "../shared"), what);
  if (!existsSync(path)) {
    process.stdout.write(`bench ${bench}: skipped, needs ../shared/${what} next to the clone (absent here)\n`);
    process.exit(0);
  }
  return path;
}

/**
 * Files and bytes under `dir` (regular files, links not followed), and the bytes of the files a
 * scanner with this size limit reads (every file when no limit is given).
 */
export function treeSize(dir, maxFileSize = Number.POSITIVE_INFINITY) {
  let bytes = 0;
  let files = 0;
  let readBytes = 0;
  const visit = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) {
        files++;
        const size = statSync(p).size;
        bytes += size;
        if (size <= maxFileSize) readBytes += size;
      }
    }
  };
  visit(dir);
  return { bytes, files, readBytes };
}
