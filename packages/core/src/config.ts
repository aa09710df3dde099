import { isAbsolute, join, resolve } from "node:path";
import type { LineCounter, parseDocument } from "yaml";
import { type SchemaProblem, validateConfigData } from "./config-schema.js";
import type { RampartConfig, RampartPolicyFile } from "./config-types.js";
import { RampartError } from "./errors.js";
import { git } from "./git.js";
import { loadYaml } from "./lazy.js";
import { rememberedPolicy } from "./policy-cache.js";

// node:fs through getBuiltinModule, not an ESM import: every command reads its policy here, and
// importing node:fs (or fs/promises) builds a namespace whose getters load fs/promises, readline
// and the stream modules, ~10M instructions of start-up nothing here uses.
const { existsSync, lstatSync, readFileSync, realpathSync, statSync } = process.getBuiltinModule("node:fs");

/** Where the policy lives, relative to the repository root. */
export const CONFIG_FILE = ".rampart/config.yaml";

/** Any one section, before a tool narrows it (the typed sections are in config-types.ts). */
export type ConfigSection = Record<string, unknown>;

export interface LoadedConfig {
  config: RampartConfig;
  /** Absolute path of the file read, or null when there is none and the defaults apply. */
  file: string | null;
  /** The repository root the file was looked up in. */
  root: string;
}

export interface LoadConfigOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The repository root when the caller knows it (skips asking git). */
  root?: string;
  /**
   * git's common dir when the caller knows it: the parsed policy is remembered there
   * (rampart/policy-cache.json, see parseConfigCached); asked of git otherwise.
   */
  commonDir?: string;
}

/** The policy when there is no file: every section empty, so each tool applies its defaults. */
export function defaultConfig(): RampartConfig {
  return {
    version: 1,
    secrets: {},
    signatures: {},
    lockfile: {},
    sbom: {},
    deps: {},
    hooks: {},
    workflows: {},
    audit: {},
  };
}

/**
 * Reads `.rampart/config.yaml` at the repository root. The file is data, never code: YAML is
 * parsed with the core schema (no custom tags), then validated against config.schema.json.
 * Throws RampartError CONFIG_INVALID naming the file, the key path and the line.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const gitOptions = (cwd: string) => (options.env ? { cwd, env: options.env } : { cwd });
  let { root, commonDir } = options;
  if (root === undefined) {
    // One git process for both: the root, and where the parsed policy is remembered.
    const r = await git(
      ["rev-parse", "--show-toplevel", "--path-format=absolute", "--git-common-dir"],
      gitOptions(options.cwd),
    );
    const [top = "", common] = r.stdout.trim().split("\n");
    root = top;
    commonDir ??= common;
  }
  const file = join(root, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      assertNoMisplacedPolicy(root);
      return { config: defaultConfig(), file: null, root };
    }
    throw new RampartError("CONFIG_INVALID", `cannot read the policy: ${(error as Error).message}`, {
      file: CONFIG_FILE,
      hint: `${CONFIG_FILE} must be a readable YAML file`,
      cause: error,
    });
  }
  commonDir ??= await policyCacheDir(root, options.env);
  return {
    config: commonDir ? parseConfigCached(text, CONFIG_FILE, commonDir) : parseConfig(text, CONFIG_FILE),
    file,
    root,
  };
}

/**
 * Where a repository's parsed policies are remembered (parseConfigCached's `commonDir`): git's
 * common dir, found without starting git for a plain clone; undefined outside a repository.
 */
export async function policyCacheDir(root: string, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  const plain = plainGitDir(root, env ?? process.env) ?? linkedCommonDir(root, env ?? process.env);
  if (plain !== undefined) return plain;
  const r = await git(["rev-parse", "--path-format=absolute", "--git-common-dir"], {
    cwd: root,
    ...(env ? { env } : {}),
    okExitCodes: [128],
  }).catch(() => undefined);
  return r?.exitCode === 0 ? r.stdout.trim() : undefined;
}

/**
 * The root's own `.git` folder when git would use it as it is (a plain clone: not a linked
 * worktree's or submodule's `.git` file, no GIT_DIR or GIT_COMMON_DIR redirecting git): found
 * without starting git. Undefined otherwise (git is asked).
 */
export function plainGitDir(root: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.GIT_DIR !== undefined || env.GIT_COMMON_DIR !== undefined) return undefined;
  const dir = join(root, ".git");
  try {
    return lstatSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A linked worktree's or a submodule's common dir, read as git reads it, without starting git: the
 * root's `.git` file says `gitdir: PATH` (relative to the root), that folder's `commondir` file
 * names the common dir (relative to it; without one, as in a submodule, the folder is its own),
 * and the result is a real path with HEAD in the git dir and objects/ and refs/ in the common dir.
 * Undefined for anything else (GIT_DIR or GIT_COMMON_DIR set, no such file, another shape): git
 * is asked then.
 */
function linkedCommonDir(root: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.GIT_DIR !== undefined || env.GIT_COMMON_DIR !== undefined) return undefined;
  const line = (text: string) => text.replace(/[\r\n]+$/, "");
  try {
    const file = join(root, ".git");
    if (!lstatSync(file).isFile()) return undefined;
    const text = line(readFileSync(file, "utf8"));
    if (!text.startsWith("gitdir: ") || text.includes("\n")) return undefined;
    const gitDir = resolve(root, text.slice("gitdir: ".length));
    let common = gitDir;
    if (existsSync(join(gitDir, "commondir"))) {
      const named = line(readFileSync(join(gitDir, "commondir"), "utf8"));
      if (named === "" || named.includes("\n")) return undefined;
      common = isAbsolute(named) ? named : join(gitDir, named);
    }
    const head = readFileSync(join(gitDir, "HEAD"), "utf8");
    if (!head.startsWith("ref: refs/") && !/^[0-9a-f]{40}(?:[0-9a-f]{24})?\r?\n?$/.test(head)) return undefined;
    if (!statSync(join(common, "objects")).isDirectory() || !statSync(join(common, "refs")).isDirectory())
      return undefined;
    return realpathSync(common);
  } catch {
    return undefined;
  }
}

/**
 * parseConfig, remembered in git's common dir (rampart/policy-cache.json) under a digest of the
 * text and of everything the reader's answer depends on (schema, reader code, rampart, yaml and
 * ajv versions): an unchanged policy is not parsed again by the next command or hook. A damaged
 * or foreign entry is ignored and the text parsed; a policy that does not parse is never kept.
 */
export function parseConfigCached(text: string, file: string, commonDir: string): RampartConfig {
  return rememberedPolicy(text, commonDir, () => parseConfig(text, file));
}

/** Names rampart does not read but a user may have meant as the policy. */
export const MISPLACED_POLICY_NAMES: readonly string[] = [
  ".rampart/config.yml",
  ".rampart/config.json",
  ".rampart.yaml",
  ".rampart.yml",
  "rampart.config.yaml",
];

/**
 * With no .rampart/config.yaml, a policy under another name would silently mean "no policy":
 * every check at its defaults, whatever the file says. Refuse instead, naming the file.
 */
export function assertNoMisplacedPolicy(root: string): void {
  const found = MISPLACED_POLICY_NAMES.find((name) => existsSync(join(root, name)));
  if (found === undefined) return;
  throw misplacedPolicy(found);
}

/** CONFIG_INVALID for a policy under a name rampart does not read (`where` prefixes it, e.g. "REV:"). */
export function misplacedPolicy(found: string, where = ""): RampartError {
  return new RampartError(
    "CONFIG_INVALID",
    `found ${where}${found}, but rampart reads its policy only from ${CONFIG_FILE}`,
    {
      file: `${where}${found}`,
      hint: `rename it: git mv ${found} ${CONFIG_FILE} (YAML; JSON is valid YAML)`,
    },
  );
}

/** Parses and validates policy text; `file` is only used in error messages. */
export function parseConfig(text: string, file: string = CONFIG_FILE): RampartConfig {
  const yaml = loadYaml();
  const lineCounter = new yaml.LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    // logLevel "error": the yaml package would print its warnings itself (process.emitWarning),
    // quoting up to 36 characters of a key ('[<token>]: x'), past every redaction.
    doc = yaml.parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: true,
      schema: "core",
      logLevel: "error",
    });
  } catch (error) {
    // The yaml package recurses per nesting level: input nested deeper than the stack is bad input.
    if (!(error instanceof RangeError)) throw error;
    throw new RampartError("CONFIG_INVALID", "invalid YAML: nested too deeply to read", {
      file,
      hint: "the policy is a few levels deep; fix or restore the file",
      cause: error,
    });
  }
  // Warnings too: an unknown tag such as !!js/function is a warning to the yaml package, but in a
  // policy it is an attempt to smuggle in something other than data.
  const yamlError = doc.errors[0] ?? doc.warnings[0];
  if (yamlError) {
    const [start] = yamlError.pos;
    const { line, col } = lineCounter.linePos(start);
    throw new RampartError("CONFIG_INVALID", `invalid YAML: ${yamlError.message.split("\n")[0]}`, {
      file,
      line,
      column: col,
      hint: "fix the YAML syntax (indentation, quotes, duplicate keys); the file holds data only",
    });
  }
  let data: unknown;
  try {
    // A cap on alias expansion: a policy file must not be able to blow up memory ("billion laughs").
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    throw new RampartError("CONFIG_INVALID", `invalid YAML: ${(error as Error).message}`, {
      file,
      hint: "write the policy out without deeply nested aliases (*name)",
      cause: error,
    });
  }
  const problem = validateConfigData(data);
  if (problem) throw configProblem(problem, doc, lineCounter, file);
  // Valid against the schema, so the data has the generated file type.
  return { ...defaultConfig(), ...(data as RampartPolicyFile), version: 1 };
}

function configProblem(
  problem: SchemaProblem,
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  file: string,
): RampartError {
  const offset = offsetOf(doc, problem.path, problem.unknownKey);
  const pos = offset === undefined ? undefined : lines.linePos(offset);
  const where = problem.keyPath === "" ? "the policy" : `\`${problem.keyPath}\``;
  const message = problem.unknownKey !== undefined ? `unknown key ${where}` : `${where} ${problem.message}`;
  return new RampartError("CONFIG_INVALID", message, {
    file,
    ...(pos ? { line: pos.line, column: pos.col } : {}),
    hint: problem.hint,
  });
}

/** Source offset of the value at `path` (or of the key `unknownKey` inside it). */
function offsetOf(
  doc: ReturnType<typeof parseDocument>,
  path: readonly (string | number)[],
  unknownKey?: string,
): number | undefined {
  if (unknownKey !== undefined) {
    const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
    const items = (parent as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | null)
      ?.items;
    const pair = items?.find((p) => String(p.key?.value) === unknownKey);
    if (pair?.key?.range) return pair.key.range[0];
  }
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}
