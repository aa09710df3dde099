import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 6). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "sbom",
  summary: "Write a CycloneDX or SPDX SBOM from the lockfile",
  framework: ["MAT-6", "ART-2"],
  usage: "rampart sbom",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `sbom` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
