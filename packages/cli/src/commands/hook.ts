import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 7). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "hook",
  summary: "Entry points the git hooks call: pre-commit, commit-msg, pre-push",
  framework: ["SRC-1", "SRC-2", "SRC-4"],
  usage: "rampart hook",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `hook` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
