import { createRequire } from "node:module";
import type * as SPDXModule from "@cyclonedx/cyclonedx-library/SPDX";
import { redact } from "@rampart/core/redact";
import type { DependencyKind } from "@rampart/lockfile";
import type { ConjunctionInfo, LicenseInfo } from "spdx-expression-parse";
import { documentText, isoSeconds, jsonContentUuid, sha256 } from "./deterministic.js";
import type { Inventory, InventoryComponent } from "./inventory.js";
import { COMMON_SPDX_IDS, type DocumentMeta } from "./render-core.js";

type Json = Record<string, unknown>;

// Loaded on the first licence that is not a common SPDX id (COMMON_SPDX_IDS), as the CycloneDX
// writer does: most documents never need them.
const require = createRequire(import.meta.url);
let spdx: typeof SPDXModule | undefined;
let parseExpression: ((text: string) => LicenseInfo | ConjunctionInfo) | undefined;

const CHECKSUM: Record<string, string> = {
  "SHA-1": "SHA1",
  "SHA-256": "SHA256",
  "SHA-384": "SHA384",
  "SHA-512": "SHA512",
};

/** SPDX 2.3 JSON, written by hand (there is no SPDX 2.3 builder as small as this file). */
export function renderSpdx(inv: Inventory, meta: DocumentMeta): { text: string; warnings: string[] } {
  const warnings: string[] = [];
  const ids = assignIds([inv.root, ...inv.components]);
  const extracted = new Map<string, Json>();
  const packages = [inv.root, ...inv.components]
    .map((c) => toPackage(c, ids.get(c.ref) as string, c === inv.root, extracted))
    .sort((a, b) => ((a.SPDXID as string) < (b.SPDXID as string) ? -1 : 1));
  const relationships: Json[] = [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: ids.get(inv.root.ref) },
  ];
  for (const [from, deps] of inv.dependencies) {
    for (const [to, kind] of deps)
      relationships.push(relationship(ids.get(from) as string, ids.get(to) as string, kind));
  }
  sortByKey(relationships);
  if (!meta.timestamp)
    warnings.push(
      "SPDX requires a creation time and none is known: wrote 1970-01-01T00:00:00Z (set SOURCE_DATE_EPOCH or commit first)",
    );
  const doc: Json = {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: inv.root.version ? `${inv.root.name}@${inv.root.version}` : inv.root.name,
    documentNamespace: "",
    creationInfo: {
      created: isoSeconds(meta.timestamp ?? new Date(0)),
      creators: [`Tool: ${meta.tool.name}-${meta.tool.version}`],
    },
    packages,
    relationships,
    ...(extracted.size > 0
      ? {
          hasExtractedLicensingInfos: [...extracted.values()].sort((a, b) =>
            (a.licenseId as string) < (b.licenseId as string) ? -1 : 1,
          ),
        }
      : {}),
  };
  // The namespace must be unique per document: derive it from everything else in the document.
  const slug = encodeURIComponent(inv.root.name.replace(/[^A-Za-z0-9._-]+/g, "-"));
  doc.documentNamespace = `https://rampart.dev/spdxdocs/${slug}-${jsonContentUuid(doc)}`;
  return { text: documentText(doc), warnings };
}

function key(r: Json): string {
  return `${r.spdxElementId}\0${r.relationshipType}\0${r.relatedSpdxElement}`;
}

/** Sorts by key(), each key built once (not twice per comparison: thousands of relationships). */
function sortByKey(relationships: Json[]): void {
  const keyed = relationships.map((r) => ({ k: key(r), r }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  for (let i = 0; i < keyed.length; i++) relationships[i] = (keyed[i] as { r: Json }).r;
}

function relationship(from: string, to: string, kind: DependencyKind): Json {
  if (kind === "dev") return { spdxElementId: to, relationshipType: "DEV_DEPENDENCY_OF", relatedSpdxElement: from };
  if (kind === "optional")
    return { spdxElementId: to, relationshipType: "OPTIONAL_DEPENDENCY_OF", relatedSpdxElement: from };
  return { spdxElementId: from, relationshipType: "DEPENDS_ON", relatedSpdxElement: to };
}

/** SPDXRef-<name>-<version> with the characters SPDX allows; a hash suffix only where two collide. */
function assignIds(components: InventoryComponent[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of [...components].sort((a, b) => (a.ref < b.ref ? -1 : 1))) {
    // Redacted before the characters SPDX refuses are replaced: "ghp_…" turned into "ghp-…" would
    // no longer look like a token to the output's redaction.
    const readable = redact(`${c.name}-${c.version ?? ""}`);
    const base = `SPDXRef-${c.firstParty ? "first-party" : "npm"}-${readable.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/-+$/, "")}`;
    const id = taken.has(base) ? `${base}-${sha256().update(c.ref).digest("hex").slice(0, 8)}` : base;
    taken.add(id);
    out.set(c.ref, id);
  }
  return out;
}

function toPackage(c: InventoryComponent, id: string, isRoot: boolean, extracted: Map<string, Json>): Json {
  const download = c.downloadUrl ?? (c.vcsUrl ? c.vcsUrl.replace(/#([^#]+)$/, "@$1") : undefined);
  return {
    SPDXID: id,
    name: c.name,
    ...(c.version ? { versionInfo: c.version } : {}),
    downloadLocation: download ?? "NOASSERTION",
    filesAnalyzed: false,
    ...(c.hashes.length > 0
      ? { checksums: c.hashes.map((h) => ({ algorithm: CHECKSUM[h.algorithm], checksumValue: h.hex })) }
      : {}),
    licenseConcluded: "NOASSERTION",
    licenseDeclared: c.license ? spdxLicense(c.license, extracted) : "NOASSERTION",
    copyrightText: "NOASSERTION",
    ...(c.description ? { description: c.description } : {}),
    ...(c.purl
      ? { externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: c.purl }] }
      : {}),
    primaryPackagePurpose: isRoot ? "APPLICATION" : "LIBRARY",
    ...(c.firstParty
      ? {
          comment: `first-party (${c.source}${c.scope === "excluded" ? ", development only" : ""}): no purl, so scanners do not match it against public packages`,
        }
      : c.scope === "excluded"
        ? { comment: "development dependency" }
        : {}),
  };
}

/**
 * A valid SPDX expression as written (single ids case-fixed: "mit" -> "MIT"); anything else becomes
 * a LicenseRef whose text is the original string, so nothing is lost or mislabelled.
 */
export function spdxLicense(raw: string, extracted: Map<string, Json>): string {
  const trimmed = raw.trim();
  // A common id written exactly so is itself, with no LicenseRef to extract (COMMON_SPDX_IDS).
  if (COMMON_SPDX_IDS.has(trimmed)) return trimmed;
  spdx ??= require("@cyclonedx/cyclonedx-library/SPDX") as typeof SPDXModule;
  parseExpression ??= require("spdx-expression-parse") as (text: string) => LicenseInfo | ConjunctionInfo;
  const fixed = spdx.fixupSpdxId(trimmed) ?? trimmed;
  try {
    const ast = parseExpression(fixed);
    for (const ref of licenseRefs(ast))
      if (!extracted.has(ref))
        extracted.set(ref, { licenseId: ref, extractedText: raw, name: ref.slice("LicenseRef-".length) });
    return fixed;
  } catch {
    const ref = `LicenseRef-${raw.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "unknown"}`;
    if (!extracted.has(ref)) extracted.set(ref, { licenseId: ref, extractedText: raw, name: raw });
    return ref;
  }
}

function licenseRefs(node: LicenseInfo | ConjunctionInfo): string[] {
  if ("conjunction" in node) return [...licenseRefs(node.left), ...licenseRefs(node.right)];
  return node.license.startsWith("LicenseRef-") ? [node.license] : [];
}
