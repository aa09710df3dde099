import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 6). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "attest",
  summary: "Sign files as an in-toto attestation (DSSE)",
  framework: ["BLD-4", "ART-1"],
  usage: "rampart attest",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `attest` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
