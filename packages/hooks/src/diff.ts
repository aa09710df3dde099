/**
 * A unified diff (`diff -u` format) of two texts, for `rampart init --dry-run`. The files init
 * writes are small, so a plain LCS table is fast enough and keeps this dependency-free.
 */
type Op = { kind: " " | "-" | "+"; line: string };

const CONTEXT = 3;
const MAX_CELLS = 4_000_000;

export function unifiedDiff(path: string, before: string | null, after: string | null): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = a.length * b.length > MAX_CELLS ? replaceAll(a, b) : lcsOps(a, b);
  if (!ops.some((o) => o.kind !== " ")) return "";
  const header = `--- ${before === null ? "/dev/null" : `a/${path}`}\n+++ ${after === null ? "/dev/null" : `b/${path}`}\n`;
  return header + hunks(ops).join("");
}

function splitLines(text: string | null): string[] {
  if (text === null || text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function replaceAll(a: string[], b: string[]): Op[] {
  return [...a.map((line) => ({ kind: "-" as const, line })), ...b.map((line) => ({ kind: "+" as const, line }))];
}

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => table[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i++] ?? "" });
      j++;
    } else if (i < n && (j === m || at(i + 1, j) >= at(i, j + 1))) ops.push({ kind: "-", line: a[i++] ?? "" });
    else ops.push({ kind: "+", line: b[j++] ?? "" });
  }
  return ops;
}

function hunks(ops: Op[]): string[] {
  const out: string[] = [];
  let k = 0;
  let oldLine = 1;
  let newLine = 1;
  while (k < ops.length) {
    const change = ops.findIndex((o, idx) => idx >= k && o.kind !== " ");
    if (change < 0) break;
    const start = Math.max(k, change - CONTEXT);
    for (let s = k; s < start; s++) {
      oldLine++;
      newLine++;
    }
    let end = change;
    let lastChange = change;
    while (end < ops.length && end - lastChange <= CONTEXT * 2) {
      if (ops[end]?.kind !== " ") lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + CONTEXT + 1);
    const slice = ops.slice(start, end);
    const oldCount = slice.filter((o) => o.kind !== "+").length;
    const newCount = slice.filter((o) => o.kind !== "-").length;
    out.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@\n`,
    );
    for (const o of slice) out.push(`${o.kind}${o.line}\n`);
    oldLine += oldCount;
    newLine += newCount;
    k = end;
  }
  return out;
}
