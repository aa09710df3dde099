import type { Lockfile } from "../model.js";

/**
 * Entries whose own key names another package than the one they resolve to, found while parsing
 * (the model keeps only the resolution). yarn berry: `"lodash@npm:^4": resolution "left-pad@npm:1.3.0"`
 * is an injected entry, where `"x@npm:left-pad@^1"` is an honest alias. The checks report them.
 */
export interface NameSuspect {
  id: string;
  /** The name the lockfile key asks for. */
  declared: string;
}

const suspects = new WeakMap<Lockfile, NameSuspect[]>();

export function setNameSuspects(lockfile: Lockfile, list: NameSuspect[]): void {
  if (list.length > 0) suspects.set(lockfile, list);
}

export function nameSuspects(lockfile: Lockfile): NameSuspect[] {
  return suspects.get(lockfile) ?? [];
}
