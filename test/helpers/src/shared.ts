import { existsSync } from "node:fs";
import { describe, it } from "vitest";
import { sharedPath } from "./run-cli.js";

/** Whether `../shared/<what>` exists next to the clone (it does not in a plain `git clone`). */
export function hasShared(what: string): boolean {
  return existsSync(sharedPath(what));
}

/** The note a suite that needs `../shared/<what>` is skipped with on a plain clone. */
export function sharedSkipReason(what: string): string {
  return `needs ../shared/${what} next to the clone (absent here)`;
}

/**
 * `describe(name, factory)` when `../shared/<what>` exists. Otherwise the factory never runs (so
 * a suite may read the shared files while it is collected) and one skipped test stands in for it,
 * named and noted with the reason, so the skip shows in the output and in the summary line
 * instead of passing silently or failing at load.
 */
export function describeWithShared(what: string, name: string, factory: () => void): void {
  if (hasShared(what)) {
    describe(name, factory);
    return;
  }
  const reason = sharedSkipReason(what);
  describe.skipIf(true)(`${name} [skipped: ${reason}]`, () => {
    it(reason, () => {});
  });
}
