// Written by `rampart init` (profile {{profile}}). Framework: SRC-5 (readable history){{#if strict}}, SRC-1 (DCO sign-off){{/if}}.
// Run by `rampart hook commit-msg` inside its own Node process, with this file as the config.
export default {
  extends: ["@commitlint/config-conventional"],
{{#if strict}}
  // Developer Certificate of Origin: every commit carries `Signed-off-by:` (git commit -s).
  rules: { "signed-off-by": [2, "always", "Signed-off-by:"] },
{{/if}}
};
