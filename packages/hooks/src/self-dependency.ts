import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { ProjectInfo } from "./detect.js";

/**
 * How the managed package.json should depend on rampart. Inside rampart's own repository (the
 * package is named `rampart`, or its workspace holds a package of that name) the registry version
 * would be a second, unrelated copy of the tool (or a package that does not exist yet): the
 * package itself gets no dependency on itself, and a workspace links its own rampart
 * (`workspace:*` for pnpm and yarn 2+, `*` for npm and yarn 1, which link a workspace package that
 * satisfies the range). Anywhere else: the version that is running.
 */
export function rampartDependency(project: ProjectInfo, running: string): { spec?: string; note?: string } {
  const own = readName(join(project.pkgDir, "package.json"));
  if (own === "rampart")
    return { note: "this package is rampart itself: no rampart devDependency added (the hooks use its own bin)" };
  for (const root of new Set([project.pkgDir, project.gitRoot])) {
    if (!workspacePackageDirs(root).some((dir) => readName(join(dir, "package.json")) === "rampart")) continue;
    const spec = project.packageManager === "pnpm" || project.packageManager === "yarn-berry" ? "workspace:*" : "*";
    return { spec, note: `rampart is a package of this workspace: the devDependency links it (rampart@${spec})` };
  }
  return { spec: running };
}

function readName(file: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The folders a workspace root's patterns name (pnpm-workspace.yaml `packages`, package.json `workspaces`). */
export function workspacePackageDirs(root: string): string[] {
  const patterns: string[] = [];
  try {
    const doc = parse(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8"), { logLevel: "error" }) as {
      packages?: unknown;
    } | null;
    if (Array.isArray(doc?.packages)) patterns.push(...doc.packages.filter((p): p is string => typeof p === "string"));
  } catch {}
  try {
    const ws = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces?: unknown }).workspaces;
    const list = Array.isArray(ws) ? ws : (ws as { packages?: unknown } | undefined)?.packages;
    if (Array.isArray(list)) patterns.push(...list.filter((p): p is string => typeof p === "string"));
  } catch {}
  const dirs = new Set<string>();
  for (const pattern of patterns) {
    if (pattern.startsWith("!")) continue;
    const segments = pattern
      .replace(/^\.\//, "")
      .split("/")
      .filter((s) => s !== "" && s !== ".");
    for (const dir of expand(root, segments, 0)) dirs.add(dir);
  }
  return [...dirs];
}

/** Pattern segments matched folder by folder (`*`, `?` within a segment, `**` any depth up to 6). */
function expand(dir: string, segments: string[], depth: number): string[] {
  const [head, ...rest] = segments;
  if (head === undefined) return existsSync(join(dir, "package.json")) ? [dir] : [];
  if (depth > 6) return [];
  if (!/[*?[]/.test(head)) return head === ".." ? [] : expand(join(dir, head), rest, depth + 1);
  let children: string[];
  try {
    children = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== "node_modules" && !d.name.startsWith("."))
      .map((d) => d.name);
  } catch {
    return [];
  }
  if (head === "**")
    return [...expand(dir, rest, depth + 1), ...children.flatMap((c) => expand(join(dir, c), segments, depth + 1))];
  const re = new RegExp(
    `^${head
      .replace(/[.+^${}()|\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return children.filter((c) => re.test(c)).flatMap((c) => expand(join(dir, c), rest, depth + 1));
}
