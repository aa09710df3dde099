import { type RampartError, UsageError } from "@rampart/core/errors";
import { redact } from "@rampart/core/redact";
import type { renderCycloneDx } from "./cyclonedx.js";
import type { Inventory, InventoryOptions } from "./inventory.js";
import type { renderSpdx } from "./spdx.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper (its `promises`
// getter loads fs/promises), as core's modules do.
const { readFileSync } = process.getBuiltinModule("node:fs");

// Everything about rendering but the two writers, which are passed in: `rampart sbom` loads only
// the one its format needs (the CycloneDX library's models are most of an SPDX run's start-up).

export const SBOM_FORMATS = ["cyclonedx-json", "cyclonedx-xml", "spdx-json"] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

export const CYCLONEDX_VERSIONS = ["1.6", "1.5", "1.4"] as const;
export type CycloneDxVersion = (typeof CYCLONEDX_VERSIONS)[number];

export interface DocumentMeta {
  timestamp?: Date;
  tool: { name: string; version: string };
}

export interface RenderOptions extends InventoryOptions {
  format: SbomFormat;
  /** CycloneDX: 1.6 (default), 1.5, 1.4. SPDX: 2.3. */
  specVersion?: string;
  timestamp?: Date;
}

export interface Rendered {
  content: string;
  specVersion: string;
  inventory: Inventory;
  warnings: string[];
}

/** The writer for the format being rendered (the other may be absent). */
export interface Writers {
  renderSpdx?: typeof renderSpdx;
  renderCycloneDx?: typeof renderCycloneDx;
}

/**
 * The SPDX ids most packages declare, as their canonical spelling: for these the library's
 * fixupSpdxId gives the text back and isSupportedSpdxId accepts it, and spdx-expression-parse
 * reads each as that one licence (test/licenses.test.ts holds both libraries to that), so a licence
 * written exactly so needs neither library: loading the library's table of ~700 ids (a 63 KB JSON
 * file, frozen into a lookup object) cost more than most documents' licences.
 */
export const COMMON_SPDX_IDS: ReadonlySet<string> = new Set([
  "MIT",
  "ISC",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "0BSD",
  "CC0-1.0",
  "CC-BY-4.0",
  "Unlicense",
  "MPL-2.0",
  "BlueOak-1.0.0",
  "Python-2.0",
]);

/** rampart's own name and version, as the SBOM's tool. Read once: it is in every document. */
const TOOL = (() => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return { name: "rampart", version: pkg.version };
})();

/** Throws USAGE_INVALID for a spec version the format does not have, before any work is done. */
export function checkSpecVersion(options: Pick<RenderOptions, "format" | "specVersion">): void {
  if (options.specVersion === undefined) return;
  const ok =
    options.format === "spdx-json"
      ? options.specVersion === "2.3"
      : (CYCLONEDX_VERSIONS as readonly string[]).includes(options.specVersion);
  if (!ok) throw badVersion(options);
}

/**
 * The document, its URLs already stripped of credentials when the inventory was built, then
 * passed through core's `redact()`: the output boundary's net for anything else a lockfile or a
 * manifest put in (a description, an entry id). Warnings too: they quote lockfile entries.
 */
export function renderWith(inventory: Inventory, options: RenderOptions, writers: Writers): Rendered {
  const rendered = renderRaw(inventory, options, writers);
  return { ...rendered, content: redact(rendered.content), warnings: rendered.warnings.map(redact) };
}

function renderRaw(inventory: Inventory, options: RenderOptions, writers: Writers): Rendered {
  const meta: DocumentMeta = { tool: TOOL, ...(options.timestamp ? { timestamp: options.timestamp } : {}) };
  if (options.format === "spdx-json") {
    const { text, warnings } = required(writers.renderSpdx)(inventory, meta);
    return { content: text, specVersion: "2.3", inventory, warnings: [...inventory.warnings, ...warnings] };
  }
  const version = (options.specVersion ?? "1.6") as CycloneDxVersion;
  const write = required(writers.renderCycloneDx);
  const content = write(inventory, meta, options.format === "cyclonedx-xml" ? "xml" : "json", version);
  return { content, specVersion: version, inventory, warnings: inventory.warnings };
}

function required<T>(writer: T | undefined): T {
  if (writer === undefined) throw new Error("rampart sbom: the writer for this format was not loaded");
  return writer;
}

function badVersion(options: Pick<RenderOptions, "format" | "specVersion">): RampartError {
  const known = options.format === "spdx-json" ? "2.3" : CYCLONEDX_VERSIONS.join(", ");
  return new UsageError(`--spec-version ${options.specVersion} is not one rampart writes for ${options.format}`, {
    hint: `use one of: ${known}`,
  });
}
