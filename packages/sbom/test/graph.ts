import { expect } from "vitest";

interface CdxDoc {
  metadata: { component: { "bom-ref": string } };
  components?: Array<{ "bom-ref": string }>;
  dependencies?: Array<{ ref: string; dependsOn?: string[] }>;
}

/** Every edge of a CycloneDX document names a component, and every component has its entry. */
export function expectCycloneDxGraphClosed(doc: CdxDoc): void {
  const refs = new Set([doc.metadata.component["bom-ref"], ...(doc.components ?? []).map((c) => c["bom-ref"])]);
  expect(refs.size).toBe((doc.components ?? []).length + 1);
  const dangling: string[] = [];
  for (const d of doc.dependencies ?? []) {
    if (!refs.has(d.ref)) dangling.push(d.ref);
    for (const to of d.dependsOn ?? []) if (!refs.has(to)) dangling.push(`${d.ref} -> ${to}`);
  }
  expect(dangling).toEqual([]);
  expect(new Set((doc.dependencies ?? []).map((d) => d.ref))).toEqual(refs);
}

interface SpdxDoc {
  packages: Array<{ SPDXID: string }>;
  relationships: Array<{ spdxElementId: string; relatedSpdxElement: string }>;
}

/** Every relationship of an SPDX document names a package (or the document). */
export function expectSpdxGraphClosed(doc: SpdxDoc): void {
  const ids = new Set(["SPDXRef-DOCUMENT", ...doc.packages.map((p) => p.SPDXID)]);
  expect(ids.size).toBe(doc.packages.length + 1);
  const dangling = doc.relationships.filter((r) => !ids.has(r.spdxElementId) || !ids.has(r.relatedSpdxElement));
  expect(dangling).toEqual([]);
}
