import type { Lockfile } from "../model.js";
import type { ParseInput } from "./context.js";
import { parseError } from "./errors.js";
import { parseYarnBerry } from "./yarn-berry.js";
import { parseYarnClassic } from "./yarn-classic.js";

/** yarn.lock: berry has a `__metadata` entry; classic says "# yarn lockfile v1" in its header. */
export function parseYarn(input: ParseInput): Promise<Lockfile> {
  const head = input.text.slice(0, 4096);
  if (/^__metadata:/m.test(head)) return parseYarnBerry(input);
  if (/^# yarn lockfile v1\s*$/m.test(head) || input.text.trim() === "") return parseYarnClassic(input);
  throw parseError(input.path, "not a yarn.lock yarn knows: no `# yarn lockfile v1` header and no `__metadata`", 1);
}
