import { RampartError } from "@rampart/core/errors";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper (its `promises`
// getter loads fs/promises), as core's modules do.
const { existsSync, readFileSync } = process.getBuiltinModule("node:fs");

/**
 * Whether rampart may write `path` without --force: when it does not exist, or when it holds what
 * rampart writes there anyway (an SBOM, an attestation), so re-running a build needs no flag while
 * a mistyped --output never replaces a file a person wrote.
 */
export function assertMayWrite(path: string, shownAs: string, kind: "sbom" | "attestation", force: boolean): void {
  if (force || !existsSync(path)) return;
  let head = "";
  try {
    head = readFileSync(path, "utf8").slice(0, 4096);
  } catch {
    // unreadable: treat as foreign
  }
  const ours =
    kind === "sbom"
      ? /"bomFormat"\s*:\s*"CycloneDX"|"spdxVersion"\s*:|<bom\s[^>]*xmlns="http:\/\/cyclonedx\.org\/schema\/bom/.test(
          head,
        )
      : /^\{"payloadType":"application\/vnd\.in-toto\+json"/.test(head);
  if (ours) return;
  throw new RampartError(
    "SBOM_OUTPUT_EXISTS",
    `the file exists and is not ${kind === "sbom" ? "an SBOM" : "an attestation"} rampart wrote`,
    {
      file: shownAs,
      hint: "pass --force to overwrite it, or choose another --output",
    },
  );
}
