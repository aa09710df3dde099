import { readFileSync } from "node:fs";
import { RampartError } from "@rampart/core";
import type { Lockfile } from "@rampart/lockfile";
import { CYCLONEDX_VERSIONS, type CycloneDxVersion, type DocumentMeta, renderCycloneDx } from "./cyclonedx.js";
import { buildInventory, type Inventory, type InventoryOptions } from "./inventory.js";
import { renderSpdx } from "./spdx.js";

export const SBOM_FORMATS = ["cyclonedx-json", "cyclonedx-xml", "spdx-json"] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

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

/** rampart's own name and version, as the SBOM's tool. Read once: it is in every document. */
const TOOL = (() => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return { name: "rampart", version: pkg.version };
})();

/** The pure part of `rampart sbom`: a parsed lockfile (plus manifests) in, document text out. */
export function renderSbom(lockfile: Lockfile, options: RenderOptions): Rendered {
  checkSpecVersion(options);
  return renderInventory(buildInventory(lockfile, options), options);
}

/** Throws USAGE_INVALID for a spec version the format does not have, before any work is done. */
export function checkSpecVersion(options: Pick<RenderOptions, "format" | "specVersion">): void {
  if (options.specVersion === undefined) return;
  const ok =
    options.format === "spdx-json"
      ? options.specVersion === "2.3"
      : (CYCLONEDX_VERSIONS as readonly string[]).includes(options.specVersion);
  if (!ok) throw badVersion(options);
}

export function renderInventory(inventory: Inventory, options: RenderOptions): Rendered {
  const meta: DocumentMeta = { tool: TOOL, ...(options.timestamp ? { timestamp: options.timestamp } : {}) };
  if (options.format === "spdx-json") {
    const { text, warnings } = renderSpdx(inventory, meta);
    return { content: text, specVersion: "2.3", inventory, warnings: [...inventory.warnings, ...warnings] };
  }
  const version = (options.specVersion ?? "1.6") as CycloneDxVersion;
  const content = renderCycloneDx(inventory, meta, options.format === "cyclonedx-xml" ? "xml" : "json", version);
  return { content, specVersion: version, inventory, warnings: inventory.warnings };
}

function badVersion(options: Pick<RenderOptions, "format" | "specVersion">): RampartError {
  const known = options.format === "spdx-json" ? "2.3" : CYCLONEDX_VERSIONS.join(", ");
  return new RampartError(
    "USAGE_INVALID",
    `--spec-version ${options.specVersion} is not one rampart writes for ${options.format}`,
    {
      hint: `use one of: ${known}`,
    },
  );
}
