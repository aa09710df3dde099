import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RampartError } from "@rampart/core/errors";

/** rampart's templates, shipped in this package (`templates/` beside `dist/`). */
export const TEMPLATES_DIR = fileURLToPath(new URL("../templates", import.meta.url));

export const PROFILES = ["minimal", "recommended", "strict"] as const;
export type Profile = (typeof PROFILES)[number];

export interface TemplateFile {
  template: string;
  /** Destination, relative to the git root, with placeholders. */
  to: string;
  /** "hook": rampart's block is merged into the hook file; otherwise a whole file rampart owns. */
  kind?: "hook";
  /** A flag (or "!flag") that must hold for the file to be written. */
  when?: string;
  unless?: string;
  framework: string[];
}

export interface ProfileSpec {
  profile: Profile;
  description: string;
  files: TemplateFile[];
  devDependencies: Record<string, string>;
  secretsBaseline: boolean;
  /** Placeholder values the profile sets (they may use other placeholders). */
  values: Record<string, string>;
  /** pnpm-workspace.yaml settings, applied where the user's pnpm version supports them. */
  pnpm: Record<string, unknown>;
}

export function isProfile(value: string): value is Profile {
  return (PROFILES as readonly string[]).includes(value);
}

export function loadProfile(templatesDir: string, profile: Profile): ProfileSpec {
  const file = join(templatesDir, profile, "profile.json");
  if (!existsSync(file)) {
    throw new RampartError("HOOKS_TEMPLATES_MISSING", `rampart's templates are missing (${file})`, {
      hint: "reinstall rampart (@rampart/hooks ships them in templates/)",
    });
  }
  return JSON.parse(readFileSync(file, "utf8")) as ProfileSpec;
}

export function readTemplate(templatesDir: string, name: string): string {
  return readFileSync(join(templatesDir, name), "utf8");
}

/**
 * Fills `{{name}}` from `values` (twice, so profile values may hold placeholders) and keeps or
 * drops `{{#if flag}}...{{/if}}` / `{{#if !flag}}` sections. A section on lines of its own takes
 * those lines with it. An unknown placeholder is a bug in a template: it throws.
 */
export function render(text: string, values: Record<string, string>, flags: ReadonlySet<string>): string {
  const holds = (cond: string) => (cond.startsWith("!") ? !flags.has(cond.slice(1)) : flags.has(cond));
  let out = text.replace(/^\{\{#if (!?[\w-]+)\}\}\n([\s\S]*?)^\{\{\/if\}\}\n/gm, (_, cond: string, body: string) =>
    holds(cond) ? body : "",
  );
  out = out.replace(/\{\{#if (!?[\w-]+)\}\}([\s\S]*?)\{\{\/if\}\}/g, (_, cond: string, body: string) =>
    holds(cond) ? body : "",
  );
  for (let pass = 0; pass < 2; pass++) {
    out = out.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined)
        throw new RampartError("HOOKS_TEMPLATE_INVALID", `template placeholder ${whole} has no value`);
      return value;
    });
  }
  return out;
}

export function conditionHolds(cond: string | undefined, flags: ReadonlySet<string>): boolean {
  if (cond === undefined) return true;
  return cond.startsWith("!") ? !flags.has(cond.slice(1)) : flags.has(cond);
}
