import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isSeq, parseDocument } from "yaml";

/**
 * Where CSpell (and VS Code's Code Spell Checker) read their settings. A repository that checks
 * spelling would fail on the words in rampart's files (lockfile, commitlint, pinst, SHAs...): init
 * keeps the files it writes out of the checked set through the config's `ignorePaths`.
 */
const CSPELL_CONFIG_FILES = [
  "cspell.json",
  ".cspell.json",
  "cSpell.json",
  ".cSpell.json",
  "cspell.jsonc",
  ".cspell.jsonc",
  "cspell.config.json",
  "cspell.config.jsonc",
  "cspell.yaml",
  "cspell.yml",
  ".cspell.yaml",
  ".cspell.yml",
  "cspell.config.yaml",
  "cspell.config.yml",
  ".cspell.config.yaml",
  ".cspell.config.yml",
  "cspell.config.js",
  "cspell.config.cjs",
  "cspell.config.mjs",
  "cspell.config.ts",
  ".cspell.config.js",
  ".cspell.config.cjs",
  ".cspell.config.mjs",
  ".config/cspell.json",
  ".config/cspell.yaml",
  ".config/cspell.yml",
  ".vscode/cspell.json",
  ".vscode/cSpell.json",
  ".vscode/.cspell.json",
  ".vscode/settings.json",
] as const;

export interface CspellConfig {
  /** Git-root relative path. */
  path: string;
  /** The key holding the ignore list: `ignorePaths`, or `cSpell.ignorePaths` in VS Code settings. */
  key: string;
  format: "json" | "yaml" | "code";
}

/** The repository's spell-checker config, if it has one (VS Code settings only when they set cSpell.*). */
export function findCspellConfig(gitRoot: string, pkgDir: string): CspellConfig | undefined {
  for (const dir of new Set([gitRoot, pkgDir])) {
    for (const name of CSPELL_CONFIG_FILES) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      const path = join(dir, name)
        .slice(gitRoot.length + 1)
        .split("\\")
        .join("/");
      if (name === ".vscode/settings.json") {
        if (!/"cSpell\./.test(readFileSync(file, "utf8"))) continue;
        return { path, key: "cSpell.ignorePaths", format: "json" };
      }
      const format = /\.ya?ml$/.test(name) ? "yaml" : /\.jsonc?$/.test(name) ? "json" : "code";
      return { path, key: "ignorePaths", format };
    }
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
      if (pkg.cspell !== undefined)
        return {
          path: join(dir, "package.json")
            .slice(gitRoot.length + 1)
            .split("\\")
            .join("/"),
          key: "ignorePaths",
          format: "code",
        };
    } catch {}
  }
  return undefined;
}

/**
 * The config text with `paths` added to its ignore list, and what was added. The edit is made in
 * place (JSON with comments included; the rest of the file byte for byte as it was); undefined
 * when rampart cannot edit it safely (code, a list that is not a list): say so instead.
 */
export function addIgnorePaths(
  text: string,
  config: CspellConfig,
  paths: readonly string[],
): { text: string; added: string[] } | undefined {
  if (config.format === "yaml") {
    const doc = parseDocument(text, { logLevel: "error" });
    if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
    const list = doc.get(config.key);
    if (list !== undefined && !isSeq(list)) return undefined;
    const have = new Set(isSeq(list) ? list.items.map((i) => String((i as { value?: unknown }).value ?? i)) : []);
    const added = paths.filter((p) => !have.has(p));
    if (added.length === 0) return { text, added };
    if (isSeq(list)) for (const p of added) list.add(doc.createNode(p));
    else doc.set(config.key, doc.createNode(added));
    return { text: doc.toString(), added };
  }
  if (config.format !== "json") return undefined;
  const scan = scanTopLevel(text, config.key);
  if (scan === undefined) return undefined;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  if (scan.array === undefined) {
    if (scan.keyFound) return undefined; // the key holds something else than a list
    const added = [...paths];
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
    const items = added.map((p) => `${indent}${indent}${JSON.stringify(p)}`).join(`,${eol}`);
    const entry = `${JSON.stringify(config.key)}: [${eol}${items}${eol}${indent}]`;
    const before = text.slice(0, scan.close).replace(/\s*$/, "");
    const comma = scan.members > 0 ? "," : "";
    return { text: `${before}${comma}${eol}${indent}${entry}${eol}${text.slice(scan.close)}`, added };
  }
  const { open, close, items } = scan.array;
  const added = paths.filter((p) => !items.includes(p));
  if (added.length === 0) return { text, added };
  const inner = text.slice(open + 1, close);
  const multiline = inner.includes("\n");
  const itemIndent = /\n([ \t]*)\S/.exec(inner)?.[1] ?? "";
  const sep = multiline ? `,${eol}${itemIndent}` : ", ";
  const head = text.slice(0, close).replace(/\s*$/, "");
  const tail = text.slice(close);
  const lead = items.length > 0 ? sep : multiline ? `${eol}${itemIndent}` : "";
  const closing = multiline ? text.slice(head.length, close) : "";
  return { text: `${head}${lead}${added.map((p) => JSON.stringify(p)).join(sep)}${closing}${tail}`, added };
}

/** Undoes addIgnorePaths: the entries rampart added leave the list (the key too, when rampart created it and it empties). */
export function removeIgnorePaths(
  text: string,
  config: CspellConfig,
  added: readonly string[],
  createdKey: boolean,
): string {
  const drop = new Set(added);
  if (config.format === "yaml") {
    const doc = parseDocument(text, { logLevel: "error" });
    const list = doc.get(config.key);
    if (!isSeq(list)) return text;
    list.items = list.items.filter((i) => !drop.has(String((i as { value?: unknown }).value ?? i)));
    if (list.items.length === 0 && createdKey) doc.delete(config.key);
    return doc.toString();
  }
  const scan = scanTopLevel(text, config.key);
  if (scan?.array === undefined) return text;
  const { open, close, items } = scan.array;
  const rest = items.filter((p) => !drop.has(p));
  if (rest.length === items.length) return text;
  if (rest.length === 0 && createdKey) {
    // The whole entry goes, with the comma before it (rampart added it last).
    const start = text.lastIndexOf(JSON.stringify(config.key), open);
    const cut = text.slice(0, start).replace(/,\s*$/, "");
    return `${cut}${text.slice(close + 1)}`;
  }
  let inner = text.slice(open + 1, close);
  if (rest.length === 0) inner = "";
  for (const p of added) {
    const q = JSON.stringify(p).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    inner = inner.replace(new RegExp(`,\\s*${q}(?=\\s*(,|$))`), "").replace(new RegExp(`${q}\\s*,\\s*`), "");
  }
  return `${text.slice(0, open + 1)}${inner}${text.slice(close)}`;
}

interface TopLevel {
  /** Index of the top-level object's closing brace. */
  close: number;
  members: number;
  keyFound: boolean;
  /** The key's value when it is an array of strings: bracket positions and items. */
  array?: { open: number; close: number; items: string[] };
}

/** A small JSON-with-comments scanner: the top-level object's members, and the array under `key`. */
function scanTopLevel(text: string, key: string): TopLevel | undefined {
  let i = 0;
  let depth = 0;
  let members = 0;
  let keyFound = false;
  let pendingKey: string | undefined;
  let expectValue = false;
  let array: TopLevel["array"];
  let arrayItems: string[] | undefined;
  let arrayOpen = -1;
  while (i < text.length) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) return undefined;
      i = end + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) return undefined;
      let value: string;
      try {
        value = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        return undefined;
      }
      if (depth === 1 && !expectValue) {
        pendingKey = value;
        members++;
        if (value === key) keyFound = true;
      } else if (depth === 2 && arrayItems !== undefined) arrayItems.push(value);
      expectValue = false;
      i = j + 1;
      continue;
    }
    if (c === ":" && depth === 1) expectValue = true;
    else if (c === "{" || c === "[") {
      depth++;
      if (c === "[" && depth === 2 && expectValue && pendingKey === key) {
        arrayItems = [];
        arrayOpen = i;
      }
      expectValue = false;
    } else if (c === "}" || c === "]") {
      depth--;
      if (depth === 1 && c === "]" && arrayItems !== undefined && array === undefined) {
        array = { open: arrayOpen, close: i, items: arrayItems };
        arrayItems = undefined;
      }
      if (depth === 0) return { close: i, members, keyFound, ...(array ? { array } : {}) };
    } else if (c === "," && depth === 1) expectValue = false;
    else if (!/\s/.test(c ?? "") && depth === 1 && expectValue) expectValue = false;
    i++;
  }
  return undefined;
}
