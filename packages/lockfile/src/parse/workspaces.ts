import { isGlob, matchesGlob } from "@rampart/core/glob";
import { isRecord } from "./errors.js";

/** Lists the subdirectories of a directory relative to the lockfile's; undefined when it does not exist. */
export type ListDir = (relative: string) => Promise<string[] | undefined>;

const MAX_DEPTH = 6;

/**
 * The workspace directories package.json `workspaces` names (an array, or yarn's `{packages: []}`),
 * expanded with core's globs (`*` within one directory level, `**` any depth, `?`, `[...]`, `{a,b}`;
 * dot folders and node_modules skipped); `!pattern` excludes. Only directories holding a
 * package.json count, which the caller checks.
 */
export async function expandWorkspaces(manifest: Record<string, unknown>, listDir: ListDir): Promise<string[]> {
  const field = manifest.workspaces;
  const patterns = Array.isArray(field)
    ? field
    : isRecord(field) && Array.isArray(field.packages)
      ? field.packages
      : [];
  const include = new Set<string>();
  const exclude: string[] = [];
  for (const raw of patterns) {
    if (typeof raw !== "string") continue;
    const pattern = raw.replace(/^\.\//, "").replace(/\/+$/, "");
    if (pattern.startsWith("!")) exclude.push(pattern.slice(1));
    else for (const dir of await expand(pattern.split("/"), "", listDir, 0)) include.add(dir);
  }
  return [...include].filter((dir) => !exclude.some((p) => matchesGlob(dir, p))).sort();
}

async function expand(segments: string[], base: string, listDir: ListDir, depth: number): Promise<string[]> {
  if (segments.length === 0) return base === "" ? [] : [base];
  const [head, ...rest] = segments as [string, ...string[]];
  const join = (name: string) => (base === "" ? name : `${base}/${name}`);
  if (!isGlob(head)) return expand(rest, join(head), listDir, depth);
  if (depth > MAX_DEPTH) return [];
  const names = ((await listDir(base === "" ? "." : base)) ?? []).filter(
    (n) => !n.startsWith(".") && n !== "node_modules",
  );
  const out: string[] = [];
  if (head === "**") {
    out.push(...(await expand(rest, base, listDir, depth + 1)));
    for (const n of names) out.push(...(await expand(segments, join(n), listDir, depth + 1)));
    return out;
  }
  for (const n of names) if (matchesGlob(n, head)) out.push(...(await expand(rest, join(n), listDir, depth + 1)));
  return out;
}
