import type { Lockfile } from "@rampart/lockfile";
import { renderCycloneDx } from "./cyclonedx.js";
import { buildInventory, type Inventory } from "./inventory.js";
import { checkSpecVersion, type Rendered, type RenderOptions, renderWith } from "./render-core.js";
import { renderSpdx } from "./spdx.js";

export {
  checkSpecVersion,
  type Rendered,
  type RenderOptions,
  SBOM_FORMATS,
  type SbomFormat,
} from "./render-core.js";

/** The pure part of `rampart sbom`: a parsed lockfile (plus manifests) in, document text out. */
export function renderSbom(lockfile: Lockfile, options: RenderOptions): Rendered {
  checkSpecVersion(options);
  return renderInventory(buildInventory(lockfile, options), options);
}

export function renderInventory(inventory: Inventory, options: RenderOptions): Rendered {
  return renderWith(inventory, options, { renderSpdx, renderCycloneDx });
}
