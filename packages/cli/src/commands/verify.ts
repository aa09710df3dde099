import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 6). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "verify",
  summary: "Verify a file against its signed attestation",
  framework: ["ART-3"],
  usage: "rampart verify",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `verify` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
