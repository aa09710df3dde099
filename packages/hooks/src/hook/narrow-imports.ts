import { readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { fileURLToPath } from "node:url";

// commitlint imports two barrels for a handful of functions, on every commit: its case rules
// (@commitlint/ensure's to-case.js) take five functions from es-toolkit's `compat` barrel, which
// imports all of its ~1,300 modules (two thirds of what `rampart hook commit-msg` loaded), and
// its ignore check (@commitlint/is-ignored) takes `semver.valid` from semver's index, which
// requires all of semver's ~120. While commitlint loads, such an import is answered by a module
// that gives the importer only what it uses, each from the file the barrel itself takes it
// from: the same function objects, without the rest. Only when everything is certain:
//   named: one plain `import { a, b } from "barrel"` in the importer, each name a plain
//          `import { a } from "./file"` re-export of the ES module barrel;
//   member: one `import x from "barrel"` and every other use of x an `x.a` member access, each
//          a `const a = require("./file")` the CommonJS barrel exports as `a`;
// otherwise the barrel loads as usual. (Node's synchronous module hooks, Node >= 22.15; on an
// older Node nothing changes.)

/** Barrels known to be side-effect-free collections of one-function modules, and their shape. */
const BARRELS = new Map<string, "named" | "member">([
  ["es-toolkit/compat", "named"],
  ["semver", "member"],
]);

export type ResolveResult = { url: string; format?: string | null; shortCircuit?: boolean };
type RegisterHooks = (hooks: {
  resolve(
    specifier: string,
    context: { parentURL?: string },
    next: (specifier: string, context: { parentURL?: string }) => ResolveResult,
  ): ResolveResult;
}) => { deregister(): void };

/** Node's synchronous module hooks (Node >= 22.15), or undefined on an older Node. */
export const registerHooks = (nodeModule as { registerHooks?: RegisterHooks }).registerHooks;

/**
 * Runs `load` (an import) with the listed barrels narrowed for the modules it loads. `entries`:
 * barrels whose default export is an object of their modules' functions (commitlint's rules by
 * name), narrowed to the keys the caller will use: commitlint's lint runs only the rules a config
 * names, and looks up each by name in that object.
 */
export async function withNarrowedBarrels<T>(
  load: () => Promise<T>,
  entries: ReadonlyMap<string, { importer: string; keys: readonly string[] }> = new Map(),
): Promise<T> {
  if (registerHooks === undefined) return load();
  const hooks = registerHooks({
    resolve(specifier, context, next) {
      const result = next(specifier, context);
      const only = entries.get(specifier);
      if (only !== undefined && context.parentURL?.endsWith(only.importer) && result.url.startsWith("file:")) {
        const source = narrowedEntries(result.url, only.keys);
        return source === undefined ? result : { url: moduleURL(source), format: "module", shortCircuit: true };
      }
      const shape = BARRELS.get(specifier);
      if (shape === undefined || !context.parentURL?.startsWith("file:") || !result.url.startsWith("file:")) {
        return result;
      }
      const source = (shape === "named" ? narrowedNamed : narrowedMember)(specifier, context.parentURL, result.url);
      return source === undefined ? result : { url: moduleURL(source), format: "module", shortCircuit: true };
    },
  });
  try {
    return await load();
  } finally {
    hooks.deregister();
  }
}

/**
 * A module's source as a data: URL, base64: Node decodes a percent-encoded one byte by byte in
 * JavaScript, ~10 ms for a narrowed rules barrel of ~5 KB (its ~20 absolute file URLs are mostly
 * escapes), where base64 is decoded natively (~0.4 ms).
 */
function moduleURL(source: string): string {
  return `data:text/javascript;base64,${Buffer.from(source, "utf8").toString("base64")}`;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const quoteRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The narrowed module's source, or undefined when anything is not as expected. */
export function narrowedNamed(specifier: string, parentURL: string, barrelURL: string): string | undefined {
  try {
    const parent = readFileSync(fileURLToPath(parentURL), "utf8");
    const quoted = new RegExp(`(["'])${quoteRe(specifier)}\\1`, "g");
    if ((parent.match(quoted) ?? []).length !== 1) return undefined; // imported twice, or re-exported
    const statement = new RegExp(`^import\\s*\\{([^}]*)\\}\\s*from\\s*(["'])${quoteRe(specifier)}\\2;?\\s*$`, "m");
    const names = statement
      .exec(parent)?.[1]
      ?.split(",")
      .map((n) => n.trim())
      .filter((n) => n !== "")
      .map((n) => n.split(/\s+as\s+/)[0]?.trim() ?? "");
    if (names === undefined || names.length === 0 || !names.every((n) => IDENT.test(n))) return undefined;
    const barrel = readFileSync(fileURLToPath(barrelURL), "utf8");
    const exported = /^export\s*\{([^}]*)\}\s*;?\s*$/m
      .exec(barrel)?.[1]
      ?.split(",")
      .map((n) => n.trim());
    if (exported === undefined) return undefined;
    const lines: string[] = [];
    for (const name of new Set(names)) {
      if (!exported.includes(name)) return undefined; // absent, or only under another name
      const from = new RegExp(`^import\\s*\\{\\s*${quoteRe(name)}\\s*\\}\\s*from\\s*(["'])(\\.[^"']+)\\1;?\\s*$`, "m");
      const file = from.exec(barrel)?.[2];
      if (file === undefined) return undefined;
      lines.push(`export { ${name} } from ${JSON.stringify(new URL(file, barrelURL).href)};`);
    }
    return `${lines.join("\n")}\n`;
  } catch {
    return undefined;
  }
}

/** For `import x from "barrel"` used only as `x.a`: a default export holding just those members. */
export function narrowedMember(specifier: string, parentURL: string, barrelURL: string): string | undefined {
  try {
    const parent = readFileSync(fileURLToPath(parentURL), "utf8");
    const quoted = new RegExp(`(["'])${quoteRe(specifier)}\\1`, "g");
    if ((parent.match(quoted) ?? []).length !== 1) return undefined;
    const statement = new RegExp(
      `^import\\s+([A-Za-z_$][\\w$]*)\\s+from\\s*(["'])${quoteRe(specifier)}\\2;?\\s*$`,
      "m",
    );
    const local = statement.exec(parent)?.[1];
    if (local === undefined) return undefined;
    // (the specifier itself may be spelled like the local name: not a use)
    const code = parent.replace(quoted, '""');
    const uses = code.match(new RegExp(`(?<![\\w$.])${quoteRe(local)}(?![\\w$])`, "g")) ?? [];
    const members = [...code.matchAll(new RegExp(`(?<![\\w$.])${quoteRe(local)}\\.([A-Za-z_$][\\w$]*)`, "g"))].map(
      (m) => m[1] ?? "",
    );
    // Every use but the import's own is a member access (no `x[...]`, no `f(x)`, no re-export).
    if (members.length === 0 || uses.length !== members.length + 1) return undefined;
    const barrel = readFileSync(fileURLToPath(barrelURL), "utf8");
    const exported = /^module\.exports\s*=\s*\{([^}]*)\}/m
      .exec(barrel)?.[1]
      ?.split(",")
      .map((n) => n.trim());
    if (exported === undefined) return undefined;
    const lines: string[] = [];
    const names = [...new Set(members)];
    for (const [i, name] of names.entries()) {
      if (!exported.includes(name)) return undefined; // absent, or `name: something else`
      const from = new RegExp(`^const\\s+${quoteRe(name)}\\s*=\\s*require\\((["'])(\\.[^"']+)\\1\\);?\\s*$`, "m");
      const file = from.exec(barrel)?.[2];
      if (file === undefined) return undefined;
      const url = new URL(/\.[cm]?js$/.test(file) ? file : `${file}.js`, barrelURL).href;
      lines.push(`import m${i} from ${JSON.stringify(url)};`);
    }
    return `${lines.join("\n")}\nexport default { ${names.map((n, i) => `${JSON.stringify(n)}: m${i}`).join(", ")} };\n`;
  } catch {
    return undefined;
  }
}

/**
 * For a barrel `import { f } from "./f.js"; … export default { "name": f, … };`: a default export
 * holding only `keys`, each the same function from the same file. Undefined (the whole barrel
 * loads) when anything is not as expected, or a key is not in the barrel: commitlint's "rules
 * without implementation" error then lists every rule it has, as it does by itself.
 */
export function narrowedEntries(barrelURL: string, keys: readonly string[]): string | undefined {
  try {
    const barrel = readFileSync(fileURLToPath(barrelURL), "utf8");
    const body = /^export default \{\n((?:\s+"[\w-]+": [A-Za-z_$][\w$]*,\n)*)\};?\s*$/m.exec(barrel)?.[1];
    if (body === undefined) return undefined;
    const table = new Map([...body.matchAll(/"([\w-]+)": ([A-Za-z_$][\w$]*),/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
    const lines: string[] = [];
    const fields: string[] = [];
    for (const [i, key] of [...new Set(keys)].entries()) {
      const local = table.get(key);
      if (local === undefined) return undefined;
      const from = new RegExp(`^import\\s*\\{\\s*${quoteRe(local)}\\s*\\}\\s*from\\s*(["'])(\\.[^"']+)\\1;?\\s*$`, "m");
      const file = from.exec(barrel)?.[2];
      if (file === undefined) return undefined;
      lines.push(`import { ${local} as e${i} } from ${JSON.stringify(new URL(file, barrelURL).href)};`);
      fields.push(`${JSON.stringify(key)}: e${i}`);
    }
    return `${lines.join("\n")}\nexport default { ${fields.join(", ")} };\n`;
  } catch {
    return undefined;
  }
}
