import type { ErrorCodeTable } from "@rampart/core/errors";

/** The error codes of @rampart/hooks (its area's prefix), documented in its README (generated: node scripts/gen-docs.mjs). */
export const errorCodes = {
  HOOKS_NO_PACKAGE_JSON: {
    meaning: "`rampart init` found no package.json between the directory and the repository root",
    hint: "`npm init -y` first, or run init in the folder that has package.json",
  },
  HOOKS_BAD_JSON: {
    meaning: "package.json (or another JSON file init edits) is not a valid JSON object",
    hint: "fix the file named (a trailing comma is the usual cause) and run again",
  },
  HOOKS_MANIFEST_INVALID: {
    meaning: "`.rampart/hooks.lock.json` (what init wrote) cannot be read",
    hint: "restore it from git, or `rampart init --force`",
  },
  HOOKS_NOT_INSTALLED: {
    meaning: "`rampart init` has not run here, so there is nothing to update or uninstall",
    hint: "`npx --no-install rampart init`",
  },
  HOOKS_OTHER_MANAGER: {
    meaning: "another hook manager (core.hooksPath, lefthook, pre-commit...) runs this repository's hooks",
    hint: "move its hooks into .husky/ by hand, or `rampart init --force` to let husky take over (simple-git-hooks' commands from package.json or its JSON config are carried into the .husky/ hooks rampart writes, below its block, and a note names any hook not carried; uninstall removes them with the hooks it created). Once init took over, a re-run needs no `--force`",
  },
  HOOKS_TEMPLATES_MISSING: {
    meaning: "rampart's own templates are missing from the installed package",
    hint: "reinstall rampart (@rampart/hooks ships them in templates/)",
  },
  HOOKS_TEMPLATE_INVALID: {
    meaning: "a template names a placeholder init has no value for (a bug in rampart)",
    hint: "report it; nothing was written",
  },
  HOOKS_CONFIG_UNJUDGED: {
    meaning:
      "HEAD's lint-staged or commitlint config cannot judge the commit without the commit's own files (it does not load from HEAD's files, names a file outside the repository, or HEAD has lint-staged configs in subfolders the commit changes)",
    hint: "restore HEAD's config and commit the rest; commit the config change on its own with RAMPART=0 (its review and CI are the check)",
  },
  HOOKS_LINT_STAGED_FAILED: {
    meaning: "lint-staged (your own pre-commit tasks) failed in the pre-commit hook",
    hint: "fix what it reported, then commit again",
  },
} as const satisfies ErrorCodeTable;

export type HooksErrorCode = keyof typeof errorCodes;
