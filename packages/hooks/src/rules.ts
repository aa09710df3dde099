import type { RuleRegistry } from "@rampart/core/findings";

/**
 * The rules the hooks report themselves (the registry: SARIF rule metadata and the README table).
 * The checks a hook runs report their own packages' rules (secrets/, signatures/, lockfile/,
 * deps/, workflows/), and commitlint's findings carry commitlint's rule names (`commitlint/<rule>`).
 */
export const RULES = {
  "hooks/protected-branch": {
    title: "Direct push to a protected branch",
    severity: "error",
    framework: ["SRC-6", "SRC-7"],
    description: "a push updates a branch hooks.protectedBranches lists, instead of going through a pull request",
    help: "push a feature branch and open a pull request (hooks.protectedBranches in .rampart/config.yaml)",
  },
  "hooks/tool-missing": {
    title: "Configured tool not installed",
    severity: "error",
    framework: ["SRC-2", "SRC-5"],
    description:
      "the project configures lint-staged or commitlint but the tool is not installed, so the hook cannot run what the user asked for",
    help: "install it (the finding names the command), remove its config, or turn the step off in hooks.preCommit / hooks.commitMsg",
  },
} as const satisfies RuleRegistry;

export type RuleId = keyof typeof RULES;
