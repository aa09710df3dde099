import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Finding, fingerprint, readCache, writeCache } from "@rampart/core";
import { COMMITLINT_CONFIG_FILES } from "../commitlint-files.js";
import { withNarrowedBarrels } from "./narrow-imports.js";
import { addDevCommand, commitlintConfig } from "./tools.js";

type Rules = Record<string, unknown>;
type Loaded = {
  extends?: string[];
  rules: Rules;
  parserPreset?: { parserOpts?: Record<string, unknown> };
  plugins?: Record<string, unknown>;
  ignores?: unknown[];
  defaultIgnores?: boolean;
};
type Outcome = { errors: Array<{ name: string; message: string }>; warnings: Array<{ name: string; message: string }> };
type Resolved = { rules: Rules; parserOpts: Record<string, unknown>; defaultIgnores?: boolean };

// Where commitlint looks for its config, plus package.json (read for its "commitlint" key).
// (This module is itself loaded lazily, by the commit-msg hook only.)
const CONFIG_FILES = ["package.json", ...COMMITLINT_CONFIG_FILES];
const CACHE_FILE = "commitlint-config.json";

/**
 * The project's own commitlint (@commitlint/lint and, on a cache miss, @commitlint/load from its
 * @commitlint/cli), in this process: no second Node start-up. @commitlint/load validates the
 * config with ajv and resolves `extends` on every call, which costs more than the lint itself,
 * so its result is cached in the git dir, keyed by the config files, the packages they extend
 * and commitlint's version. Configs with plugins or function ignores are never cached.
 */
export async function commitlint(pkgDir: string, root: string, commonDir: string, text: string): Promise<Finding[]> {
  const configFile = commitlintConfig(pkgDir);
  if (configFile === undefined) return []; // the project lints no messages: nothing to run
  let req: NodeJS.Require;
  try {
    req = createRequire(createRequire(join(pkgDir, "package.json")).resolve("@commitlint/cli/package.json"));
  } catch {
    // Configured but not installed: an error, not a silent pass (the user asked for the check).
    return [
      toolMissing(
        `commitlint did not run: ${configFile} configures it but @commitlint/cli is not installed`,
        addDevCommand(pkgDir, root, ["@commitlint/cli"]),
        configFile,
      ),
    ];
  }
  const lintModule = withNarrowedBarrels(
    () =>
      import(pathToFileURL(req.resolve("@commitlint/lint")).href) as Promise<{
        default: (m: string, r: object, o: object) => Promise<Outcome>;
      }>,
  );
  let config: Resolved & Partial<Loaded>;
  try {
    config = cachedConfig(commonDir, pkgDir, req) ?? (await loadAndCache(req, pkgDir, commonDir));
  } catch (error) {
    // Usually an `extends` preset that is not installed (commitlint says which).
    const missing = /Cannot find module ["']?([^"'\s]+)/.exec(String((error as Error)?.message ?? error))?.[1];
    const name = missing?.startsWith(".") || missing?.startsWith("/") ? undefined : missing;
    return [
      toolMissing(
        `commitlint could not load ${configFile}: ${String((error as Error)?.message ?? error).split("\n")[0]}`,
        name === undefined ? undefined : addDevCommand(pkgDir, root, [name]),
        configFile,
      ),
    ];
  }
  const outcome = await (await lintModule).default(text, config.rules, {
    parserOpts: { commentChar: "#", ...config.parserOpts },
    ...("plugins" in config ? { plugins: config.plugins } : {}),
    ...("ignores" in config ? { ignores: config.ignores } : {}),
    ...(config.defaultIgnores === undefined ? {} : { defaultIgnores: config.defaultIgnores }),
  });
  const toFinding =
    (severity: Finding["severity"]) =>
    (p: { name: string; message: string }): Finding => ({
      ruleId: `commitlint/${p.name}`,
      severity,
      message: p.message,
      file: "COMMIT_EDITMSG",
      framework: ["SRC-5"],
      fingerprint: fingerprint("commitlint", p.name, p.message),
      hint: "see your commitlint config; the message is kept in .git/COMMIT_EDITMSG",
    });
  return [...outcome.errors.map(toFinding("error")), ...outcome.warnings.map(toFinding("warning"))];
}

function toolMissing(message: string, install: string | undefined, configFile: string): Finding {
  return {
    ruleId: "hooks/tool-missing",
    severity: "error",
    message,
    hint: `${install === undefined ? "fix the config" : `run \`${install}\``}, or remove ${configFile} (or set hooks.commitMsg.commitlint: false)`,
    framework: ["SRC-5"],
    fingerprint: fingerprint("hooks/tool-missing", "commitlint"),
  };
}

async function loadAndCache(
  req: NodeJS.Require,
  pkgDir: string,
  commonDir: string,
): Promise<Resolved & Partial<Loaded>> {
  const load = (
    (await import(pathToFileURL(req.resolve("@commitlint/load")).href)) as {
      default: (seed: object, o: object) => Promise<Loaded>;
    }
  ).default;
  const loaded = await load({}, { cwd: pkgDir });
  const resolved = {
    rules: loaded.rules,
    parserOpts: loaded.parserPreset?.parserOpts ?? {},
    ...(loaded.defaultIgnores === undefined ? {} : { defaultIgnores: loaded.defaultIgnores }),
  };
  const cacheable = Object.keys(loaded.plugins ?? {}).length === 0 && (loaded.ignores ?? []).length === 0;
  if (!cacheable) return { ...resolved, plugins: loaded.plugins ?? {}, ignores: loaded.ignores ?? [] };
  const extendsList = loaded.extends ?? [];
  const body = { key: cacheKey(pkgDir, req, extendsList), extends: extendsList, config: resolved };
  // A read-only git dir (or a symlink on the way, refused) only costs speed.
  writeCache(
    commonDir,
    CACHE_FILE,
    JSON.stringify(body, (_k, v) => (v instanceof RegExp ? { $regexp: [v.source, v.flags] } : v)),
  );
  return resolved;
}

function cachedConfig(commonDir: string, pkgDir: string, req: NodeJS.Require): Resolved | undefined {
  const text = readCache(commonDir, CACHE_FILE);
  if (text === undefined) return undefined;
  try {
    const body = JSON.parse(text, (_k, v) =>
      v !== null && typeof v === "object" && Array.isArray(v.$regexp) ? new RegExp(v.$regexp[0], v.$regexp[1]) : v,
    ) as { key: string; extends: string[]; config: Resolved };
    return body.key === cacheKey(pkgDir, req, body.extends) ? body.config : undefined;
  } catch {
    return undefined;
  }
}

/** Digest of every input of the resolved config: config files, extended packages, commitlint itself. */
function cacheKey(pkgDir: string, req: NodeJS.Require, extendsList: string[]): string {
  const h = createHash("sha256");
  for (const name of CONFIG_FILES) {
    const file = join(pkgDir, name);
    h.update(`${name}\0${existsSync(file) ? readFileSync(file) : ""}\0`);
  }
  h.update(readFileSync(req.resolve("@commitlint/cli/package.json")));
  const fromProject = createRequire(join(pkgDir, "package.json"));
  for (const name of extendsList) {
    let resolved = "";
    try {
      resolved = fromProject.resolve(name);
    } catch {}
    h.update(`${name}\0${resolved}\0${resolved === "" ? "" : readFileSync(resolved)}\0`);
  }
  return h.digest("hex");
}
