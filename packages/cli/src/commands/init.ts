import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 7). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "init",
  summary: "Scaffold a hardened repository: hooks, policy, CI workflow and governance files",
  framework: ["SRC-1", "SRC-2", "SRC-5", "SRC-7", "SRC-9", "BLD-2"],
  usage: "rampart init",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `init` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
