import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 4). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "lockfile",
  summary: "Check lockfiles: sources, integrity, install scripts, drift, changes",
  framework: ["MAT-1", "MAT-3", "BLD-5"],
  usage: "rampart lockfile",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `lockfile` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
