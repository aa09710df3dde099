import { isGlob, matchesGlob } from "@rampart/core/glob";
import { isMap, isScalar, isSeq, type Node, parseDocument } from "yaml";
import { get, text } from "./nodes.js";

/** At most this many files are followed from one pipeline (a bound for hostile input, not a GitLab limit). */
const MAX_INCLUDED = 500;

export interface GitlabIncludeSources {
  /** The repository's files (repository-relative, forward slashes), for wildcard includes. */
  files: () => readonly string[];
  /** A repository file's text, or undefined when it is not a readable file. */
  read: (file: string) => string | undefined;
}

/**
 * The files GitLab CI files pull in with local includes (`include: local: /ci/build.yml`,
 * `include: - '/ci/*.yml'`, `include: '.gitlab/deploy.yml'`, wildcards with `*` and `**`, core's
 * glob), followed through the included files' own includes. Local paths are relative to the
 * repository root, as GitLab reads them; a path leaving the repository (`..`) is not followed.
 * Each file is read once, so an include cycle ends; remote, project, template and component
 * includes are not files of this repository (the `include-not-audited` audit names all but
 * GitLab's own templates).
 * Returns the included files, repository-relative, in the order found, without the `roots`.
 */
export function gitlabLocalIncludes(
  roots: ReadonlyArray<{ file: string; text: string }>,
  sources: GitlabIncludeSources,
): string[] {
  const seen = new Set(roots.map((r) => r.file));
  const out: string[] = [];
  const queue = roots.map((r) => r.text);
  let listed: readonly string[] | undefined;
  const all = () => {
    listed ??= sources.files();
    return listed;
  };
  while (queue.length > 0 && out.length < MAX_INCLUDED) {
    for (const path of localIncludes(queue.shift() as string)) {
      const targets = isGlob(path)
        ? all().filter((f) => /\.ya?ml$/.test(f) && matchesGlob(f, gitlabGlob(path)))
        : [path];
      for (const target of targets) {
        if (seen.has(target) || out.length >= MAX_INCLUDED) continue;
        seen.add(target);
        const text = sources.read(target);
        if (text === undefined) continue;
        out.push(target);
        queue.push(text);
      }
    }
  }
  return out;
}

/** The local include paths of one GitLab CI file's text (none when it does not parse). */
function localIncludes(source: string): string[] {
  let root: unknown;
  try {
    const doc = parseDocument(source, { uniqueKeys: false, logLevel: "error" });
    if (doc.errors.length > 0) return [];
    root = doc.contents;
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const item of includeItems(root)) {
    const value = isScalar(item) ? text(item) : isMap(item) ? text(get(item, "local")) : undefined;
    if (value === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    const path = value.trim().replace(/^\.?\/+/, "");
    if (path === "" || path.split("/").includes("..") || path.includes("\0")) continue;
    out.push(path);
  }
  return out;
}

/** The entries of a GitLab CI file's `include:` (one scalar or map, or a list of them). */
export function includeItems(root: unknown): Node[] {
  const include = get(root, "include");
  return isSeq(include) ? (include.items as Node[]) : include ? [include] : [];
}

/** GitLab's `**.yml` (any file below, at any depth) in core's glob syntax, `** /*.yml`. */
function gitlabGlob(path: string): string {
  return path.replace(/\*\*(?!\/)/g, "**/*");
}
