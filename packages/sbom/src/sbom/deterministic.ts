import { RampartError, UsageError } from "@rampart/core/errors";
import { gitOutput } from "./git-lite.js";
import type { Inventory } from "./inventory.js";

/**
 * A UUID (RFC 9562 layout, version 5 and variant bits set so schemas that expect a name-based UUID
 * accept it) from the SHA-256 of the document's content: the same content gets the same serial.
 */
export function contentUuid(content: string): string {
  return digestUuid(sha256().update(content).digest());
}

/**
 * contentUuid(JSON.stringify(value)) for a plain object (no toJSON) whose large arrays are fed to
 * the hash a slice at a time (updateJsonArray): the same bytes, the same UUID.
 */
export function jsonContentUuid(value: Record<string, unknown>): string {
  const hash = sha256();
  updateJsonObject(hash, value);
  return digestUuid(hash.digest());
}

function digestUuid(digest: Buffer): string {
  const b = digest.subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const x = b.toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export interface TimestampOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** "now" (the wall clock, on request only), an ISO date, or "none"; default: SOURCE_DATE_EPOCH, else HEAD's commit time. */
  timestamp?: string;
}

/**
 * The SBOM's creation time, reproducibly: SOURCE_DATE_EPOCH (reproducible-builds.org) when set,
 * else the committer time of HEAD, else none. Never the wall clock unless asked for.
 */
export async function resolveTimestamp(options: TimestampOptions): Promise<{ date?: Date; source: string }> {
  const asked = options.timestamp;
  if (asked === "now")
    return { date: new Date(Math.floor(Date.now() / 1000) * 1000), source: "the wall clock (--timestamp now)" };
  if (asked === "none") return { source: "none (--timestamp none)" };
  if (asked !== undefined) {
    const d = new Date(asked);
    if (Number.isNaN(d.getTime())) {
      throw new UsageError(`--timestamp ${asked} is not a date`, {
        hint: "use now, none, or an ISO 8601 date such as 2024-01-16T00:00:00Z",
      });
    }
    return { date: d, source: "--timestamp" };
  }
  const epoch = (options.env ?? process.env).SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== "") {
    if (!/^\d+$/.test(epoch)) {
      throw new RampartError(
        "SBOM_SOURCE_DATE_EPOCH_INVALID",
        `SOURCE_DATE_EPOCH=${epoch} is not a number of seconds`,
        {
          hint: "set it to a Unix time, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)",
        },
      );
    }
    return { date: new Date(Number(epoch) * 1000), source: "SOURCE_DATE_EPOCH" };
  }
  // Not a repository, no commits, or no git: an SBOM without a time is still a correct SBOM.
  const out = await gitOutput(["log", "-1", "--format=%ct"], options);
  if (out !== undefined && /^\d+$/.test(out)) return { date: new Date(Number(out) * 1000), source: "the HEAD commit" };
  return { source: "none (no SOURCE_DATE_EPOCH and no git commit)" };
}

/** ISO 8601 without milliseconds, as both formats' examples write it. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The content UUID of everything a document is built from: the SHA-256 of the text
 * `JSON.stringify([header, inv.root, inv.components, deps])` (deps: each source ref followed by its
 * `<ref>\u0001<kind>` targets, flat), fed to the hash in slices (updateJsonArray): the text of a
 * large lockfile's inventory is a megabyte or two, and one string that size (with the UTF-8 copy
 * the hash makes of it) is fresh memory the process pays page faults for, where slices of a few
 * dozen components reuse the young generation. Each slice is still one native stringify.
 */
export function inventoryUuid(inv: Inventory, header: string): string {
  const hash = sha256();
  hash.update(`[${JSON.stringify(header)},${JSON.stringify(inv.root)},`);
  updateJsonArray(hash, inv.components);
  hash.update(",");
  const deps: string[] = [];
  for (const [from, to] of inv.dependencies) {
    deps.push(from);
    for (const [ref, kind] of to) deps.push(`${ref}\u0001${kind}`);
  }
  updateJsonArray(hash, deps, 512);
  hash.update("]");
  return digestUuid(hash.digest());
}

interface Hasher {
  update(data: string): unknown;
}

/** Items per stringified slice: ~25 KB of component text, well inside V8's young generation. */
const SLICE = 32;

/**
 * Feeds `hash` the text of JSON.stringify(list), a slice at a time: a JSON array's text is its items'
 * texts joined by commas inside brackets, whatever slices they are stringified in (holes and
 * undefined items are "null" either way).
 */
export function updateJsonArray(hash: Hasher, list: readonly unknown[], slice = SLICE): void {
  if (list.length <= slice) {
    hash.update(JSON.stringify(list));
    return;
  }
  for (let i = 0; i < list.length; i += slice) {
    const text = JSON.stringify(list.slice(i, i + slice));
    const last = i + slice >= list.length;
    // "[a,b]" -> "[a,b" first, ",c,d" between, ",e]" last.
    hash.update(i === 0 ? text.slice(0, -1) : last ? `,${text.slice(1)}` : `,${text.slice(1, -1)}`);
  }
}

/**
 * Feeds `hash` the text of JSON.stringify(object) for a plain object without toJSON: its own
 * enumerable keys in order, undefined, function and symbol values left out as JSON.stringify
 * leaves them, array values through updateJsonArray.
 */
function updateJsonObject(hash: Hasher, object: Record<string, unknown>): void {
  let sep = "{";
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined || typeof value === "function" || typeof value === "symbol") continue;
    hash.update(`${sep}${JSON.stringify(key)}:`);
    sep = ",";
    if (Array.isArray(value)) updateJsonArray(hash, value);
    else hash.update(JSON.stringify(value));
  }
  hash.update(sep === "{" ? "{}" : "}");
}

/**
 * A SHA-256 hasher through getBuiltinModule: an ESM import of node:crypto builds its export
 * wrapper, whose getters load webcrypto's modules too (~7M instructions at every start).
 */
export function sha256() {
  return process.getBuiltinModule("node:crypto").createHash("sha256");
}

/**
 * `${JSON.stringify(document, null, 2)}\n` for a plain object without toJSON whose arrays' items
 * have none either, built as one flat string: its long arrays (an SBOM's components, dependencies,
 * relationships) are stringified a slice at a time, each slice inside a one-key object so that its
 * items come out at the depth and indentation they have in the document. One string of the
 * document's size is made, where V8's stringifier grows its buffer by doubling (fresh memory the
 * process pays page faults for, megabytes of it) and the trailing newline then copies it again.
 */
export function documentText(document: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(document)) {
    const value = document[key];
    if (value === undefined || typeof value === "function" || typeof value === "symbol") continue;
    parts.push(parts.length === 0 ? "{\n  " : ",\n  ");
    if (!Array.isArray(value) || value.length <= SLICE) {
      // `{\n  "key": value\n}` without its braces: the key and the value at depth one.
      parts.push(JSON.stringify({ [key]: value }, null, 2).slice(4, -2));
      continue;
    }
    const name = JSON.stringify(key);
    parts.push(`${name}: [\n`);
    for (let i = 0; i < value.length; i += SLICE) {
      // `{\n  "key": [\n` items `\n  ]\n}`: the items, indented as in the document.
      const text = JSON.stringify({ [key]: value.slice(i, i + SLICE) }, null, 2);
      parts.push(i === 0 ? "" : ",\n", text.slice(name.length + 8, -6));
    }
    parts.push("\n  ]");
  }
  parts.push(parts.length === 0 ? "{}\n" : "\n}\n");
  return parts.join("");
}
