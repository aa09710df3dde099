import { ExitCode } from "@rampart/core";
import type { CommandDefinition } from "../command.js";

// Slot: filled when its package lands (issue 7). Until then it says so and exits 2.
export const command: CommandDefinition = {
  name: "hooks",
  summary: "Install, check (doctor) and uninstall rampart's git hooks",
  framework: ["SRC-2", "SRC-1"],
  usage: "rampart hooks",
  options: [],
  available: false,
  async run(ctx) {
    ctx.stderr.write("rampart: `hooks` is not available in this version yet\n");
    return ExitCode.Error;
  },
};
