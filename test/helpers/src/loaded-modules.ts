import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./run-cli.js";

/**
 * A module hook for `node --import <moduleTracer>`: appends the URL of every module the process
 * resolves (ES imports and require alike) to the file named by RAMPART_TRACE, and of every file it
 * compiles as a script (vm.Script with a file name: the bin's command bundles).
 */
export const moduleTracer = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from "node:module";
import { appendFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    appendFileSync(process.env.RAMPART_TRACE, result.url + "\\n");
    return result;
  },
});
const vm = process.getBuiltinModule("node:vm");
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    const file = typeof options === "string" ? options : options?.filename;
    if (typeof file === "string" && isAbsolute(file)) appendFileSync(process.env.RAMPART_TRACE, pathToFileURL(file).href + "\\n");
  }
};
`)}`;

const bundleDir = pathToFileURL(resolve(repoRoot, "packages/cli/dist/bundle")).href;
let modulesOf: Record<string, string[]> | undefined;

/**
 * The modules a CLI run loaded, from the URLs its resolve hook recorded. A file of the CLI's bundle
 * (packages/cli/dist/bundle/*.js, scripts/bundle.mjs) stands for the modules it holds, listed in
 * packages/cli/bundle-modules.json: it is replaced by their URLs in their own packages (followed by
 * its own URL), so what a test says about lazy loading holds for the bundle as for the dist/
 * modules. Other URLs are kept as they are.
 */
export function loadedModules(urls: readonly string[]): string[] {
  const out: string[] = [];
  for (const url of urls) {
    if (url.startsWith(`${bundleDir}/`)) {
      if (modulesOf === undefined) {
        const file = resolve(repoRoot, "packages/cli/bundle-modules.json");
        if (!existsSync(file)) throw new Error(`${url} was loaded but ${file} is missing: run npm run build`);
        modulesOf = JSON.parse(readFileSync(file, "utf8")) as Record<string, string[]>;
      }
      const held = modulesOf[url.slice(bundleDir.length + 1)];
      if (held === undefined) throw new Error(`${url} is not in bundle-modules.json: run npm run build`);
      for (const input of held) out.push(pathToFileURL(resolve(repoRoot, input)).href);
    }
    out.push(url);
  }
  return out;
}
