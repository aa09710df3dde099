import type { Integrity } from "../model.js";

const SRI_ALGORITHMS = new Set(["sha1", "sha256", "sha384", "sha512"]);

/** Parses an SRI string ("sha512-<base64> sha1-<base64>"); unknown or malformed parts are kept with an empty hex. */
export function parseSri(raw: string | undefined): Integrity[] {
  if (raw === undefined || raw === "") return [];
  const out: Integrity[] = [];
  // Nearly every lockfile entry holds one hash: skip the trim/split when there is no whitespace.
  const parts = /\s/.test(raw) ? raw.trim().split(/\s+/) : [raw];
  for (const part of parts) {
    const dash = part.indexOf("-");
    const algorithm = dash > 0 ? part.slice(0, dash).toLowerCase() : "unknown";
    const query = part.indexOf("?", dash + 1); // options after "?" are not part of the digest
    const digest = dash > 0 ? part.slice(dash + 1, query < 0 ? undefined : query) : "";
    const hex = SRI_ALGORITHMS.has(algorithm) ? base64ToHex(digest) : "";
    out.push({ algorithm, hex, raw: part, subject: "tarball" });
  }
  return out;
}

// One scratch buffer for every digest: a Buffer object per lockfile entry is garbage the parse of
// a big lockfile would otherwise collect. Decoding is Buffer's own, so the result is the same.
let scratch = Buffer.allocUnsafe(96);

function base64ToHex(digest: string): string {
  const room = Math.ceil((digest.length * 3) / 4) + 3;
  if (scratch.length < room) scratch = Buffer.allocUnsafe(room);
  const bytes = scratch.write(digest, 0, "base64");
  return scratch.toString("hex", 0, bytes);
}

/**
 * yarn berry's `checksum`: "<cacheKey>/<hex sha512>" (metadata 7+) or bare hex (older). It hashes the
 * zip in yarn's cache, not the registry tarball, so it can never be compared with an SRI digest.
 */
export function parseBerryChecksum(raw: string | undefined, metadataCacheKey?: string): Integrity[] {
  if (raw === undefined || raw === "") return [];
  const slash = raw.indexOf("/");
  const hex = (slash >= 0 ? raw.slice(slash + 1) : raw).toLowerCase();
  const algorithm = hex.length === 128 ? "sha512" : hex.length === 64 ? "sha256" : "unknown";
  const cacheKey = slash >= 0 ? raw.slice(0, slash) : metadataCacheKey;
  return [{ algorithm, hex, raw, subject: "yarn-cache", ...(cacheKey === undefined ? {} : { cacheKey }) }];
}
