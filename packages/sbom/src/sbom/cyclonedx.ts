// Subpath imports: the package root also loads its validators (ajv and ~100 modules) at start-up.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as Enums from "@cyclonedx/cyclonedx-library/Enums";
import * as Models from "@cyclonedx/cyclonedx-library/Models";
import type * as Serialize from "@cyclonedx/cyclonedx-library/Serialize";
import * as SPDX from "@cyclonedx/cyclonedx-library/SPDX";
import * as Spec from "@cyclonedx/cyclonedx-library/Spec";
import spdxExpressionParse from "spdx-expression-parse";
import { compareEnglish, cycloneDxSerial, onceEach, renderCycloneDxDirect, writesDirectly } from "./cyclonedx-json.js";
import type { Inventory, InventoryComponent } from "./inventory.js";

import type { CycloneDxVersion, DocumentMeta } from "./render-core.js";

export { CYCLONEDX_VERSIONS, type CycloneDxVersion, type DocumentMeta } from "./render-core.js";

const SPECS = { "1.6": Spec.Spec1dot6, "1.5": Spec.Spec1dot5, "1.4": Spec.Spec1dot4 } as const;
const SCOPES = {
  required: Enums.ComponentScope.Required,
  optional: Enums.ComponentScope.Optional,
  excluded: Enums.ComponentScope.Excluded,
};

/**
 * The CycloneDX document: JSON 1.5/1.6 from cyclonedx-json.ts, the rest built with the CycloneDX
 * library's models and written by its serializers (with sortLists, so the order of every list is
 * the library's canonical one). The serial number is a UUID of everything the document is made
 * from: same content, same serial.
 */
export function renderCycloneDx(
  inv: Inventory,
  meta: DocumentMeta,
  format: "json" | "xml",
  version: CycloneDxVersion,
): string {
  // JSON 1.5/1.6 (the default): written directly, the same bytes at a fraction of the cost.
  if (writesDirectly(inv, format, version)) return renderCycloneDxDirect(inv, meta, format, version);
  return renderWithLibrary(inv, meta, format, version);
}

/** The document as the CycloneDX library writes it (XML, 1.4, repeated refs; the tests' reference for JSON). */
export function renderWithLibrary(
  inv: Inventory,
  meta: DocumentMeta,
  format: "json" | "xml",
  version: CycloneDxVersion,
): string {
  const serialNumber = cycloneDxSerial(inv, meta, format, version);
  const spec = SPECS[version];
  let built: { bom: Models.Bom; uniqueRefs: boolean } | undefined = buildBom(inv, meta);
  built.bom.serialNumber = serialNumber;
  const bom = built.bom;
  if (format === "xml")
    return inEnglishOrder(() => `${xmlSerializer(spec).serialize(bom, { sortLists: true, space: 2 }).trimEnd()}\n`);
  const serializer = jsonSerializer(spec);
  if (!built.uniqueRefs) return inEnglishOrder(() => `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`);
  // What JsonSerializer.serialize does (normalize with the library's normalizers, then
  // JSON.stringify), in two steps so the models can be collected before the text is built. Its
  // bom-ref discriminator only renames empty or duplicate refs, and every ref here is unique.
  const normalized = inEnglishOrder(() =>
    serializer.normalizerFactory.makeForBom().normalize(bom, { sortLists: true }),
  );
  built = undefined;
  return `${JSON.stringify(normalized, null, 2)}\n`;
}

/**
 * Runs the library's serializer with `String#localeCompare` (what its `sortLists` sorts every list
 * with, the default locale's order) comparing in English's (ICU root) order, as the direct JSON
 * writer does: the same document whatever LANG/LC_ALL say (Lithuanian sorts "yargs" before
 * "js-tokens", Danish "aa" after "z"). Calls that name a locale or options keep the built-in.
 * Serializing is synchronous, so no other code runs while the comparison is replaced; it is put
 * back before returning, on errors too.
 */
export function inEnglishOrder<T>(serialize: () => T): T {
  const proto = String.prototype;
  const builtIn = proto.localeCompare;
  proto.localeCompare = function localeCompare(this: string, that: string, locales?: unknown, options?: unknown) {
    return locales === undefined && options === undefined
      ? compareEnglish(String(this), String(that))
      : builtIn.call(this, that, locales as Intl.LocalesArgument, options as Intl.CollatorOptions);
  };
  try {
    return serialize();
  } finally {
    proto.localeCompare = builtIn;
  }
}

function buildBom(inv: Inventory, meta: DocumentMeta): { bom: Models.Bom; uniqueRefs: boolean } {
  // A few licence strings cover thousands of packages: make each model once (they are only read).
  const licenses = onceEach(licenseModel);
  const byRef = new Map<string, Models.Component>();
  const root = toComponent(inv.root, Enums.ComponentType.Application, licenses);
  byRef.set(inv.root.ref, root);
  const bom = new Models.Bom();
  bom.metadata.component = root;
  if (meta.timestamp) bom.metadata.timestamp = meta.timestamp;
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, meta.tool.name, { version: meta.tool.version }),
  );
  for (const c of inv.components) {
    const component = toComponent(c, Enums.ComponentType.Library, licenses);
    byRef.set(c.ref, component);
    bom.components.add(component);
  }
  for (const [from, deps] of inv.dependencies) {
    const source = byRef.get(from);
    if (source === undefined) continue;
    for (const to of deps.keys()) {
      const target = byRef.get(to);
      if (target) source.dependencies.add(target.bomRef);
    }
  }
  return { bom, uniqueRefs: byRef.size === inv.components.length + 1 && !byRef.has("") };
}

function toComponent(
  c: InventoryComponent,
  type: Enums.ComponentType,
  licenses: (text: string) => Models.License,
): Models.Component {
  // CycloneDX's npm convention (as its own builders do it): the scope is the group.
  const slash = c.name.startsWith("@") ? c.name.indexOf("/") : -1;
  const component = new Models.Component(type, slash > 0 ? c.name.slice(slash + 1) : c.name, {
    bomRef: c.ref,
    ...(slash > 0 ? { group: c.name.slice(0, slash) } : {}),
    ...(c.version ? { version: c.version } : {}),
    ...(c.purl ? { purl: c.purl } : {}),
    ...(c.description ? { description: c.description } : {}),
    ...(c.author ? { author: c.author } : {}),
    // The metadata component has no scope: it is the thing described, not a dependency of it.
    ...(type === Enums.ComponentType.Library ? { scope: SCOPES[c.scope] } : {}),
  });
  const hashes = new Models.HashDictionary();
  for (const h of c.hashes) hashes.set(Enums.HashAlgorithm[h.algorithm], h.hex);
  for (const [k, v] of hashes) component.hashes.set(k, v);
  if (c.downloadUrl) {
    component.externalReferences.add(
      new Models.ExternalReference(c.downloadUrl, Enums.ExternalReferenceType.Distribution, { hashes }),
    );
  }
  if (c.vcsUrl)
    component.externalReferences.add(new Models.ExternalReference(c.vcsUrl, Enums.ExternalReferenceType.VCS));
  if (c.license) component.licenses.add(licenses(c.license));
  for (const [name, value] of c.properties) component.properties.add(new Models.Property(name, value));
  return component;
}

/**
 * The library's LicenseFactory.makeFromString rule (an SPDX id, else a valid SPDX expression, else a
 * named licence) with its models, without the Contrib/License entry point: that one also loads the
 * licence-file scanner, 10-15 ms of start-up that an SBOM from a lockfile never uses.
 */
function licenseModel(text: string): Models.License {
  const id = SPDX.fixupSpdxId(text);
  if (id !== undefined) return new Models.SpdxLicense(id);
  try {
    spdxExpressionParse(text);
    return new Models.LicenseExpression(text);
  } catch {
    return new Models.NamedLicense(text);
  }
}

const require = createRequire(import.meta.url);

/**
 * The library's JSON serializer without its `Serialize` entry point, which loads xmlbuilder2 (with
 * js-yaml and a DOM, ~160 modules) even for JSON output: a third of rampart sbom's start-up. The
 * files are the same ones the entry point loads (so the models' classes are shared); should the
 * pinned package's layout ever change, the public entry point is used instead.
 */
function jsonSerializer(spec: (typeof SPECS)[CycloneDxVersion]): Serialize.JsonSerializer {
  try {
    const dir = join(dirname(require.resolve("@cyclonedx/cyclonedx-library/package.json")), "dist.node/serialize");
    const { JsonSerializer } = require(join(dir, "jsonSerializer.js")) as Pick<typeof Serialize, "JsonSerializer">;
    const { Normalize } = require(join(dir, "json/index.js")) as typeof Serialize.JSON;
    return new JsonSerializer(new Normalize.Factory(spec));
  } catch {
    const S = require("@cyclonedx/cyclonedx-library/Serialize") as typeof Serialize;
    return new S.JsonSerializer(new S.JSON.Normalize.Factory(spec));
  }
}

function xmlSerializer(spec: (typeof SPECS)[CycloneDxVersion]): Serialize.XmlSerializer {
  const S = require("@cyclonedx/cyclonedx-library/Serialize") as typeof Serialize;
  return new S.XmlSerializer(new S.XML.Normalize.Factory(spec));
}
