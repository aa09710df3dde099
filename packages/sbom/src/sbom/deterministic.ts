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
 * `<ref>\u0001<kind>` targets, flat). One native stringify of the whole: a megabyte or two of text
 * for the largest lockfiles, where thousands of small stringify calls and concatenations cost
 * several times as much.
 */
export function inventoryUuid(inv: Inventory, header: string): string {
  const deps: string[] = [];
  for (const [from, to] of inv.dependencies) {
    deps.push(from);
    for (const [ref, kind] of to) deps.push(`${ref}\u0001${kind}`);
  }
  return digestUuid(
    sha256()
      .update(JSON.stringify([header, inv.root, inv.components, deps]))
      .digest(),
  );
}

/**
 * A SHA-256 hasher through getBuiltinModule: an ESM import of node:crypto builds its export
 * wrapper, whose getters load webcrypto's modules too (~7M instructions at every start).
 */
export function sha256() {
  return process.getBuiltinModule("node:crypto").createHash("sha256");
}
