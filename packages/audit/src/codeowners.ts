import { compileIgnore } from "@rampart/core";
import type { AuditContext } from "./context.js";
import type { Evidence } from "./model.js";

/** Where GitHub looks for CODEOWNERS, in its order (GitLab: the same names). */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"];

export interface OwnerRule {
  pattern: string;
  owners: string[];
  line: number;
  /** Whether the pattern covers a path (core's gitignore-style matcher: CODEOWNERS uses gitignore rules). */
  matches: (path: string) => boolean;
}

export interface CodeOwners {
  file: string;
  rules: OwnerRule[];
  /** Lines GitHub would flag (bad owner syntax, unsupported pattern syntax) or placeholders. */
  problems: Evidence[];
}

// @user, @org/team (GitHub's name rules), or an email address.
const OWNER = /^(?:@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;
// What `rampart init` and common templates leave for the user to replace.
const PLACEHOLDER = /^@(?:your-org|your-team|your-user(?:name)?|org|owner|username|example)(?:\/|$)/i;

export function readCodeOwners(ctx: AuditContext): CodeOwners | undefined {
  const file = ctx.first(CODEOWNERS_PATHS);
  if (file === undefined) return undefined;
  return parseCodeOwners(file, ctx.read(file) ?? "");
}

export function parseCodeOwners(file: string, text: string): CodeOwners {
  const rules: OwnerRule[] = [];
  const problems: Evidence[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (line === "" || /^\[.*\]/.test(line) || /^\^?\[/.test(line)) return; // blank, comment, GitLab section
    const [pattern = "", ...owners] = line.split(/\s+/);
    const at = { file, line: i + 1 };
    if (/^!|\[|\]|\\#/.test(pattern)) {
      problems.push({ ...at, text: `pattern ${pattern}: GitHub does not support !, [ ] or \\# in CODEOWNERS` });
      return;
    }
    for (const owner of owners) {
      if (!OWNER.test(owner)) problems.push({ ...at, text: `owner ${owner} is not @user, @org/team or an email` });
      else if (PLACEHOLDER.test(owner)) problems.push({ ...at, text: `owner ${owner} is a placeholder` });
    }
    rules.push({ pattern, owners, line: i + 1, matches: compileIgnore([pattern]) });
  });
  return { file, rules, problems };
}

/** The rule that owns a path: the last one that matches (GitHub's rule), or undefined. */
export function ownerOf(codeowners: CodeOwners, path: string): OwnerRule | undefined {
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i];
    if (rule?.matches(path)) return rule;
  }
  return undefined;
}
