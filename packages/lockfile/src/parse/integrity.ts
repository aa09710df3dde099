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

/** sha256/384/512: what registries publish and nobody can forge. */
const STRONG = new Set(["sha256", "sha384", "sha512"]);
let nodeHashes: Set<string> | undefined;

/**
 * What an SRI part is worth to the package manager that installs from it, as ssri (npm, pnpm,
 * yarn 1) reads it: `<lower-case algorithm Node can compute>-<digest>[?options]`; every other part
 * is dropped. "strong" for sha256/384/512, "weak" for any other algorithm ssri keeps (sha1, md5:
 * forgeable), undefined for a dropped part. An integrity of dropped parts only (`garbage`,
 * `sha512-`, `SHA512-…`, `sha999-…`) verifies nothing: any content installs. (A kept part whose
 * digest is wrong is not a gap: the install refuses every tarball.) yarn berry's cache checksum is
 * another subject: undefined here.
 */
export function sriStrength(part: Integrity): "strong" | "weak" | undefined {
  if (part.subject !== "tarball") return undefined;
  const m = /^([a-z0-9]+)-[^?]+(\?\S*)?$/.exec(part.raw);
  const algorithm = m?.[1];
  if (algorithm === undefined) return undefined;
  if (STRONG.has(algorithm)) return "strong";
  // (loaded only here: node:crypto loads the stream modules, which a clean run never needs)
  nodeHashes ??= new Set(process.getBuiltinModule("node:crypto").getHashes());
  return nodeHashes.has(algorithm) ? "weak" : undefined;
}

/**
 * What a package's recorded hashes make the install check: "strong" or "weak" (the best SRI part),
 * "none" (no hash, or no part ssri keeps), "cache" (yarn berry's checksum of its cache zip).
 */
export function integrityCheck(integrity: readonly Integrity[]): "strong" | "weak" | "none" | "cache" {
  if (integrity.some((i) => i.subject !== "tarball")) return "cache";
  let best: "weak" | "none" = "none";
  for (const part of integrity) {
    const strength = sriStrength(part);
    if (strength === "strong") return strength;
    if (strength === "weak") best = strength;
  }
  return best;
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
