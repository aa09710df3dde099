/**
 * A package.json's licence, as every part of rampart reads it (the SBOM's licences, the deps
 * licence gate, a registry packument's version manifests): `license` as a string or the legacy
 * `{ type }` object, else the legacy `licenses` list (strings or `{ type }`) joined with OR.
 * Values are trimmed; empty ones count as absent.
 */
export function manifestLicense(manifest: Record<string, unknown>): string | undefined {
  const one = licenseType(manifest.license);
  if (one !== undefined) return one;
  if (!Array.isArray(manifest.licenses)) return undefined;
  const types = manifest.licenses.map(licenseType).filter((t): t is string => t !== undefined);
  if (types.length === 0) return undefined;
  return types.length === 1 ? types[0] : `(${types.join(" OR ")})`;
}

function licenseType(value: unknown): string | undefined {
  const type =
    typeof value === "string"
      ? value
      : value !== null && typeof value === "object"
        ? (value as { type?: unknown }).type
        : undefined;
  return typeof type === "string" && type.trim() !== "" ? type.trim() : undefined;
}
