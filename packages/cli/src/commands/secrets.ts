import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 3). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "secrets",
  summary: "Find secrets in staged changes, commit ranges, history or files",
  framework: ["SRC-2", "SRC-4"],
  usage: "rampart secrets",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `secrets` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
