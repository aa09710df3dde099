import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 5). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "signatures",
  summary: "Verify that commits are signed by signers the repository trusts",
  framework: ["SRC-1", "SRC-8"],
  usage: "rampart signatures",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `signatures` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
