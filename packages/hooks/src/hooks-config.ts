import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { compileGlobs } from "@rampart/core/glob";

// The yaml package is a few hundred modules: loaded on first use, so that a hook whose policy is
// cached (core's parseConfigCached) never loads it. CommonJS, so the readers below stay synchronous.
const require = createRequire(import.meta.url);
const parseDocument: typeof import("yaml").parseDocument = (...args) =>
  (require("yaml") as typeof import("yaml")).parseDocument(...args);

/** The `hooks` section of .rampart/config.yaml, with the defaults of an absent key. */
export interface HooksConfig {
  protectedBranches: string[];
  preCommit: { lintStaged: boolean; secrets: boolean; lockfile: boolean; workflows: boolean };
  commitMsg: { commitlint: boolean; secrets: boolean };
  prePush: { signatures: boolean; secrets: boolean; deps: boolean };
}

export const CONFIG_PATH = ".rampart/config.yaml";

const DEFAULTS: HooksConfig = {
  protectedBranches: [],
  preCommit: { lintStaged: true, secrets: true, lockfile: true, workflows: true },
  commitMsg: { commitlint: true, secrets: true },
  prePush: { signatures: true, secrets: true, deps: true },
};

/**
 * Reads only the hooks section, cheaply (the hook runs on every commit): the full policy is
 * validated against the schema by `rampart hooks status`. Returns undefined when there is no config.
 */
export function readHooksConfig(gitRoot: string): HooksConfig | undefined {
  const file = join(gitRoot, CONFIG_PATH);
  if (!existsSync(file)) return undefined;
  let doc: ReturnType<typeof parseDocument>;
  try {
    // logLevel "error": no warning of the yaml package's own quoting a key on stderr (core's parseConfig).
    doc = parseDocument(readFileSync(file, "utf8"), { prettyErrors: false, logLevel: "error" });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new RampartError("CONFIG_INVALID", `${CONFIG_PATH} is nested too deeply to read`, {
      file: CONFIG_PATH,
      hint: "the policy is a few levels deep; fix or restore the file",
    });
  }
  const first = doc.errors[0];
  if (first) {
    throw new RampartError("CONFIG_INVALID", `${CONFIG_PATH} is not valid YAML: ${first.message.split("\n")[0]}`, {
      file: CONFIG_PATH,
      line: first.linePos?.[0].line,
      hint: "fix the YAML (indentation is the usual cause); `rampart hooks status` checks the whole file",
    });
  }
  let raw: { hooks?: unknown };
  try {
    // the alias cap stops a "billion laughs" policy from exhausting memory
    raw = (doc.toJS({ maxAliasCount: 50 }) ?? {}) as { hooks?: unknown };
  } catch (error) {
    throw new RampartError("CONFIG_INVALID", `${CONFIG_PATH}: ${(error as Error).message.split("\n")[0]}`, {
      file: CONFIG_PATH,
      hint: "write the policy out without deeply nested aliases (*name)",
    });
  }
  return hooksSettings(raw.hooks);
}

/** The hooks section with defaults filled in (validated here too: it may come from an older core). */
export function hooksSettings(value: unknown): HooksConfig {
  const hooks = (value ?? {}) as Partial<Record<keyof HooksConfig, unknown>>;
  const section = <K extends "preCommit" | "commitMsg" | "prePush">(key: K): HooksConfig[K] => {
    const value = hooks[key];
    const out = { ...DEFAULTS[key] } as Record<string, boolean>;
    if (value === undefined || value === null) return out as HooksConfig[K];
    for (const [k, v] of Object.entries(value as object)) {
      if (!(k in out) || typeof v !== "boolean") {
        throw new RampartError(
          "CONFIG_INVALID",
          `${CONFIG_PATH}: hooks.${key}.${k} must be one of ${Object.keys(out).join(", ")} with true or false`,
          {
            file: CONFIG_PATH,
            hint: "see the comments in the file, or node_modules/@rampart/core/schema/config.schema.json",
          },
        );
      }
      out[k] = v;
    }
    return out as HooksConfig[K];
  };
  const branches = hooks.protectedBranches ?? [];
  if (!Array.isArray(branches) || branches.some((b) => typeof b !== "string")) {
    throw new RampartError("CONFIG_INVALID", `${CONFIG_PATH}: hooks.protectedBranches must be a list of branch names`, {
      file: CONFIG_PATH,
      hint: "e.g. protectedBranches: [main, release/*]",
    });
  }
  return {
    protectedBranches: branches as string[],
    preCommit: section("preCommit"),
    commitMsg: section("commitMsg"),
    prePush: section("prePush"),
  };
}

/** True when `branch` is in the list: core's glob include list (`*` within one segment, `!` excludes). */
export function isProtectedBranch(branch: string, patterns: readonly string[]): boolean {
  return compileGlobs(patterns)(branch);
}

/** The policy's data, parsed without schema validation (for text already validated once). */
export function parsePolicyData(text: string): Record<string, unknown> {
  const value = parseDocument(text, { logLevel: "error" }).toJS() as unknown;
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
