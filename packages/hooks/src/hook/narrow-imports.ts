import { readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { fileURLToPath } from "node:url";

// commitlint's case rules (@commitlint/ensure's to-case.js) import five functions from
// es-toolkit's `compat` barrel, which imports all of its ~1,300 modules: two thirds of what
// `rampart hook commit-msg` loaded, on every commit. While commitlint loads, an import of a listed
// barrel is answered by a module that re-exports only the names the importer asks for, each
// from the file the barrel itself takes it from: the same function objects, without the rest.
// Only when everything is certain: one plain `import { a, b } from "barrel"` in the importer,
// each name a plain re-export of one file of the barrel's; otherwise the barrel loads as usual.
// (Node's synchronous module hooks, Node >= 22.15; on an older Node nothing changes.)

/** Barrels known to be side-effect-free collections of one-function modules. */
const BARRELS = new Set(["es-toolkit/compat"]);

type ResolveResult = { url: string; format?: string | null; shortCircuit?: boolean };
type RegisterHooks = (hooks: {
  resolve(
    specifier: string,
    context: { parentURL?: string },
    next: (specifier: string, context: { parentURL?: string }) => ResolveResult,
  ): ResolveResult;
}) => { deregister(): void };

const registerHooks = (nodeModule as { registerHooks?: RegisterHooks }).registerHooks;

/** Runs `load` (an import) with the listed barrels narrowed for the modules it loads. */
export async function withNarrowedBarrels<T>(load: () => Promise<T>): Promise<T> {
  if (registerHooks === undefined) return load();
  const hooks = registerHooks({
    resolve(specifier, context, next) {
      const result = next(specifier, context);
      if (!BARRELS.has(specifier) || !context.parentURL?.startsWith("file:") || !result.url.startsWith("file:")) {
        return result;
      }
      const source = narrowedSource(specifier, context.parentURL, result.url);
      return source === undefined
        ? result
        : { url: `data:text/javascript,${encodeURIComponent(source)}`, format: "module", shortCircuit: true };
    },
  });
  try {
    return await load();
  } finally {
    hooks.deregister();
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/;
const quoteRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The narrowed module's source, or undefined when anything is not as expected. */
export function narrowedSource(specifier: string, parentURL: string, barrelURL: string): string | undefined {
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
