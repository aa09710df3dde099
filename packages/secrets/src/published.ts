import { createHash } from "node:crypto";

/**
 * Values in a real key format that their vendor published as examples or test data, so they sit
 * in countless clones and vendored copies and grant nothing. Kept as SHA-256 prefixes (32 hex
 * digits), not as text: the list must not read as a list of keys to this repository's own scan
 * or anyone else's, and a hash prefix matches only the exact value.
 *
 * Add a value only with its source: a vendor's documentation or the vendor's own open-source
 * code, where it is used as a fixed example (never a key found in someone's repository).
 */
const PUBLISHED: ReadonlyArray<readonly [length: number, sha256Prefix: string, source: string]> = [
  // Google API keys in Google's Firebase SDKs' own tests: fixed strings the SDKs check as
  // well-formed (firebase-js-sdk's precondition-checks test holds seven of them; the rest are
  // firebase-android-sdk test resources), copied into every fork and vendored SDK.
  [39, "2037abcaffb2b77785da716cf7ccff4f", "Firebase SDK tests"],
  [39, "3f370c9dd8225c63b5c77de1f785edc9", "Firebase SDK tests"],
  [39, "e4a5542bb7fd7b67e943c71ad29c34b5", "Firebase SDK tests"],
  [39, "a19f89ab3555eac10c40741f6df79ecf", "Firebase SDK tests"],
  [39, "0b476bdf9acf2123d547b5ae76f1e598", "Firebase SDK tests"],
  [39, "eb540d2b6ee2a0a47c5779bc8a014178", "Firebase SDK tests"],
  [39, "37f8f09bdf12c2f2eae4ead7273a62dd", "Firebase SDK tests"],
  [39, "8731261cb72d86267a32a532ebd3df42", "Firebase SDK tests"],
  [39, "49f777db995e8260da7ca9ffdf0c08d6", "Firebase SDK tests"],
  [39, "27a9a42931dff7eb2f8434e20a9bce97", "Firebase SDK tests"],
  [39, "dc0fcf046c61640cbd1e8b999ada3262", "Firebase SDK tests"],
  [39, "4c98242dcadc8b29005c6b4aad526552", "Firebase SDK tests"],
  [39, "ea9bb1082cf95663f5faca23b8b15ef2", "Firebase SDK tests"],
  [39, "3a8b61d0f636b007840c0d40ba12bcf4", "Firebase SDK tests"],
  [39, "a6c814bc555ae62c7bd8b58ec07bf559", "Firebase SDK tests"],
];

const LENGTHS = new Set(PUBLISHED.map(([length]) => length));
const PREFIXES = new Set(PUBLISHED.map(([, prefix]) => prefix));

/** True for a value on the published-examples list (exact match; hashed only at a listed length). */
export function isPublishedExample(value: string): boolean {
  if (!LENGTHS.has(value.length)) return false;
  return PREFIXES.has(createHash("sha256").update(value).digest("hex").slice(0, 32));
}
