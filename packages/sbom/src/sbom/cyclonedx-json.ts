import { createRequire } from "node:module";
import type * as SPDXModule from "@cyclonedx/cyclonedx-library/SPDX";
import { documentText, inventoryUuid } from "./deterministic.js";
import { compareEnglish, sortEnglish } from "./english-order.js";
import type { Inventory, InventoryComponent } from "./inventory.js";
import { COMMON_SPDX_IDS, type CycloneDxVersion, type DocumentMeta } from "./render-core.js";

/**
 * CycloneDX 1.5/1.6 JSON written directly from the inventory, without the CycloneDX library's
 * models and normalizers: byte for byte what its JsonSerializer writes with `sortLists` (the same
 * key order, list orders, omissions and URL escaping) for the documents rampart builds, at a
 * fraction of the cost: the library's ~60 modules and a model object per component, hash, licence,
 * reference and property were most of `rampart sbom`'s time on a large lockfile.
 * test/cyclonedx-json.test.ts holds the two writers to the same bytes on every shared lockfile
 * fixture and on hand-built edge cases. XML, 1.4 and documents with repeated refs still go through
 * the library (cyclonedx.ts).
 */

const SCHEMAS = {
  "1.6": "http://cyclonedx.org/schema/bom-1.6.schema.json",
  "1.5": "http://cyclonedx.org/schema/bom-1.5.schema.json",
} as const;
export type DirectVersion = keyof typeof SCHEMAS;

/** Whether this writer makes the document (else the library does): JSON 1.5/1.6, every bom-ref unique and set. */
export function writesDirectly(inv: Inventory, format: "json" | "xml", version: string): version is DirectVersion {
  if (format !== "json" || !Object.hasOwn(SCHEMAS, version)) return false;
  const refs = new Set<string>([inv.root.ref]);
  for (const c of inv.components) refs.add(c.ref);
  return refs.size === inv.components.length + 1 && !refs.has("");
}

/**
 * The document's serial number: a UUID of everything it is made from (same content, same serial),
 * whichever writer writes it.
 */
export function cycloneDxSerial(inv: Inventory, meta: DocumentMeta, format: "json" | "xml", version: string): string {
  const header = JSON.stringify({ format, version, timestamp: meta.timestamp?.toISOString(), tool: meta.tool });
  return `urn:uuid:${inventoryUuid(inv, header)}`;
}

/** renderCycloneDx for the documents writesDirectly accepts (it throws on others: check first). */
export function renderCycloneDxDirect(
  inv: Inventory,
  meta: DocumentMeta,
  format: "json" | "xml",
  version: CycloneDxVersion,
): string {
  if (!writesDirectly(inv, format, version)) throw new Error(`rampart sbom: no direct writer for ${format} ${version}`);
  return writeCycloneDxJson(inv, meta, version, cycloneDxSerial(inv, meta, format, version));
}

// The library sorts with String#localeCompare, whose order is the machine's locale's: Lithuanian
// puts "yargs" before "js-tokens", Danish "aa" after "z". A document must be the same bytes on
// every machine, so this writer takes English's (ICU's root) order, the library's under C, C.UTF-8
// and en_*, whatever LANG/LC_ALL say; the library's own writers (XML, 1.4, duplicate refs) are run
// with the same order (inEnglishOrder in cyclonedx.ts). english-order.ts gives that order without
// an ICU collator for printable ASCII texts (a collator costs ~5.5 ms to create).
const compare = compareEnglish;

export { compareEnglish };

/**
 * The spec's hash value pattern (the same for every version; other values are left out):
 * `^([a-fA-F0-9]{32})$|^([a-fA-F0-9]{40})$|^([a-fA-F0-9]{64})$|^([a-fA-F0-9]{96})$|^([a-fA-F0-9]{128})$`,
 * tested as one of those lengths and hex digits only (the alternation scans a 128-digit value five
 * times, once per alternative, for every hash of a large lockfile).
 */
const HASH_LENGTHS = new Set([32, 40, 64, 96, 128]);
const HEX_DIGITS = /^[a-fA-F0-9]*$/;
const isHashValue = (content: string) => HASH_LENGTHS.has(content.length) && HEX_DIGITS.test(content);
const HASH_ALGORITHMS = new Set(["SHA-1", "SHA-256", "SHA-384", "SHA-512"]);

/** The library's escapeUri: these characters percent-encoded, everything else as it is. */
const URI_ESCAPES: Record<string, string> = {
  " ": "%20",
  '"': "%22",
  "'": "%27",
  "[": "%5B",
  "]": "%5D",
  "<": "%3C",
  ">": "%3E",
  "{": "%7B",
  "}": "%7D",
};
const URI_UNSAFE = /[ "'[\]<>{}]/g;
const escapeUri = (url: string) => url.replace(URI_UNSAFE, (c) => URI_ESCAPES[c] as string);

const require = createRequire(import.meta.url);
let spdx: typeof SPDXModule | undefined;
// Loaded on the first licence that is not an SPDX id (its id lists are most of its cost): a
// lockfile without licence fields never needs it.
let parseExpression: ((text: string) => unknown) | undefined;

type Json = Record<string, unknown>;

/** `make` for each distinct text, remembered (its results are only read). */
export function onceEach<T>(make: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = make(text);
      cache.set(text, value);
    }
    return value;
  };
}

/** The library's LicenseFactory rule (SPDX id, else expression, else name), normalized as its JSON writer does. */
function licenseJson(text: string): Json {
  if (COMMON_SPDX_IDS.has(text)) return { license: { id: text } };
  spdx ??= require("@cyclonedx/cyclonedx-library/SPDX") as typeof SPDXModule;
  const id = spdx.fixupSpdxId(text);
  if (id !== undefined) return { license: spdx.isSupportedSpdxId(id) ? { id } : { name: id } };
  try {
    parseExpression ??= require("spdx-expression-parse") as (text: string) => unknown;
    parseExpression(text);
    return { expression: text };
  } catch {
    return { license: { name: text } };
  }
}

/** A HashDictionary: one value per algorithm (the last one set), in first-set order, then sorted; valid ones only. */
function hashesJson(list: InventoryComponent["hashes"]): Array<{ alg: string; content: string }> | undefined {
  if (list.length === 0) return undefined;
  // Nearly every component has one digest: no Map, spread and sort for it (the same result).
  if (list.length === 1) {
    const h = list[0] as InventoryComponent["hashes"][number];
    return HASH_ALGORITHMS.has(h.algorithm) && isHashValue(h.hex) ? [{ alg: h.algorithm, content: h.hex }] : [];
  }
  const byAlgorithm = new Map<string, string>();
  for (const h of list) byAlgorithm.set(h.algorithm, h.hex);
  return [...byAlgorithm]
    .sort(([a1, c1], [a2, c2]) => compare(a1, a2) || compare(c1, c2))
    .filter(([alg, content]) => HASH_ALGORITHMS.has(alg) && isHashValue(content))
    .map(([alg, content]) => ({ alg, content }));
}

function componentJson(c: InventoryComponent, type: "application" | "library", licenses: (text: string) => Json): Json {
  const slash = c.name.startsWith("@") ? c.name.indexOf("/") : -1;
  const hashes = hashesJson(c.hashes);
  const references: Array<{ url: string; type: string; hashes?: unknown }> = [];
  if (c.downloadUrl) references.push({ url: c.downloadUrl, type: "distribution", hashes });
  if (c.vcsUrl) references.push({ url: c.vcsUrl, type: "vcs" });
  references.sort((a, b) => compare(a.type, b.type) || compare(a.url, b.url));
  const properties =
    c.properties.length === 0
      ? undefined
      : c.properties
          .map(([name, value]) => ({ name, value }))
          .sort((a, b) => compare(a.name, b.name) || compare(a.value, b.value));
  const version = c.version ?? "";
  return {
    type,
    name: slash > 0 ? c.name.slice(slash + 1) : c.name,
    group: slash > 0 ? c.name.slice(0, slash) || undefined : undefined,
    version: version.length > 0 ? version : undefined,
    "bom-ref": c.ref || undefined,
    author: c.author || undefined,
    description: c.description || undefined,
    scope: type === "library" ? c.scope : undefined,
    hashes,
    licenses: c.license ? [licenses(c.license)] : undefined,
    purl: c.purl || undefined,
    externalReferences:
      references.length === 0
        ? undefined
        : references.map((r) => ({ url: escapeUri(r.url), type: r.type, hashes: r.hashes })),
    properties,
  };
}

/** The document's text; every bom-ref unique and set (writesDirectly). */
function writeCycloneDxJson(inv: Inventory, meta: DocumentMeta, version: DirectVersion, serialNumber: string): string {
  const refs = new Set<string>([inv.root.ref]);
  for (const c of inv.components) refs.add(c.ref);
  // A few licence strings cover thousands of packages: work each out once.
  const licenses = onceEach(licenseJson);
  const components = sortEnglish(
    inv.components.map((c) => componentJson(c, "library", licenses)),
    (c) => c["bom-ref"] as string,
  );
  const dependencies: Json[] = [];
  for (const ref of refs) {
    const to = inv.dependencies.get(ref);
    const dependsOn =
      to === undefined
        ? []
        : sortEnglish(
            [...to.keys()].filter((d) => d !== ref && refs.has(d)),
            (d) => d,
          );
    dependencies.push({ ref, dependsOn: dependsOn.length > 0 ? dependsOn : undefined });
  }
  sortEnglish(dependencies, (d) => d.ref as string);
  const document = {
    $schema: SCHEMAS[version],
    bomFormat: "CycloneDX",
    specVersion: version,
    version: 1,
    serialNumber: /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(serialNumber)
      ? serialNumber
      : undefined,
    metadata: {
      timestamp: meta.timestamp?.toISOString(),
      tools: {
        components: [
          { type: "application", name: meta.tool.name, version: meta.tool.version ? meta.tool.version : undefined },
        ],
      },
      component: componentJson(inv.root, "application", licenses),
    },
    components,
    dependencies,
  };
  return documentText(document);
}
