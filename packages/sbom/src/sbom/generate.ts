import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { RampartError } from "@rampart/core/errors";
import type { Lockfile } from "@rampart/lockfile";
// The parse entry point alone: the package root also loads the checks, which an SBOM never runs.
import { LOCKFILE_NAMES, parseLockfile } from "@rampart/lockfile/parse";
import { resolveTimestamp } from "./deterministic.js";
import { readImporterManifests, readPackageManifests } from "./enrich.js";
import { buildInventory, type Inventory } from "./inventory.js";
import {
  checkSpecVersion,
  type Rendered,
  type RenderOptions,
  renderWith,
  type SbomFormat,
  type Writers,
} from "./render-core.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper (its `promises`
// getter loads fs/promises), as core's modules do.
const { existsSync } = process.getBuiltinModule("node:fs");

export interface SbomOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  format?: SbomFormat;
  specVersion?: string;
  /** Lockfile path (relative to cwd); default: the one lockfile in cwd. */
  lockfile?: string;
  /** Name or path of one workspace: emit its SBOM and transitive closure. */
  workspace?: string;
  /** Keep dev-only packages (with scope "excluded"); default false. */
  includeDev?: boolean;
  /** "now", "none" or an ISO date; default SOURCE_DATE_EPOCH, else HEAD's commit time. */
  timestamp?: string;
  /** Read workspace manifests and node_modules for licences and descriptions (default true). */
  enrich?: boolean;
}

export interface SbomResult extends Rendered {
  format: SbomFormat;
  lockfile: string;
  timestampSource: string;
}

/** `rampart sbom`: finds and parses the lockfile, reads what node_modules adds, renders the document. */
export async function generateSbom(options: SbomOptions): Promise<SbomResult> {
  const lockfilePath = options.lockfile ?? findLockfile(options.cwd);
  const absolute = isAbsolute(lockfilePath) ? lockfilePath : resolve(options.cwd, lockfilePath);
  const lockDir = dirname(absolute);
  const format = options.format ?? "cyclonedx-json";
  checkSpecVersion({ format, ...(options.specVersion ? { specVersion: options.specVersion } : {}) });
  // HEAD's time needs a git process: start it before the parse, so that git runs beside it and the
  // fork happens while the heap is still small. Awaited after the parse, so a bad lockfile is still
  // the error reported first.
  const timing = settled(
    resolveTimestamp({
      cwd: lockDir,
      ...(options.env ? { env: options.env } : {}),
      ...(options.timestamp ? { timestamp: options.timestamp } : {}),
    }),
  );
  let lockfile: Lockfile | undefined = await parseLockfile({ path: lockfilePath, cwd: options.cwd });
  const enrich = options.enrich !== false;
  const [importerManifests, packageManifests, time] = await Promise.all([
    enrich ? readImporterManifests(lockDir, lockfile) : undefined,
    enrich ? readPackageManifests(lockDir, lockfile) : undefined,
    timing.then(unwrap),
  ]);
  const renderOptions: RenderOptions = {
    format,
    includeDev: options.includeDev === true,
    projectName: basename(lockDir),
    ...(options.specVersion ? { specVersion: options.specVersion } : {}),
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(importerManifests ? { importerManifests } : {}),
    ...(packageManifests ? { packageManifests } : {}),
    ...(time.date ? { timestamp: time.date } : {}),
  };
  const inventory = buildInventory(lockfile, renderOptions);
  // Rendering allocates the most; the model (and the lockfile text its line index holds) can go first.
  lockfile = undefined;
  const rendered = renderWith(inventory, renderOptions, await loadWriter(format, inventory, options.specVersion));
  return { ...rendered, format, lockfile: lockfilePath, timestampSource: time.source };
}

/**
 * Starts loading the writer for `format` (the module system keeps it for generateSbom): lets a
 * caller load it while it waits on something else, such as the policy's git call.
 */
export function preloadWriter(format: SbomFormat): void {
  loadWriter(format).catch(() => undefined); // a failure surfaces again, with its error, in generateSbom
}

/**
 * Only the writer the document needs: an SPDX run never loads the CycloneDX library's models, nor
 * does CycloneDX JSON 1.5/1.6 (written directly) unless its refs need the library's renaming.
 */
async function loadWriter(format: SbomFormat, inventory?: Inventory, specVersion?: string): Promise<Writers> {
  if (format === "spdx-json") return { renderSpdx: (await import("./spdx.js")).renderSpdx };
  const xml = format === "cyclonedx-xml";
  const direct = xml ? undefined : await import("./cyclonedx-json.js");
  if (
    direct !== undefined &&
    (inventory === undefined || direct.writesDirectly(inventory, "json", specVersion ?? "1.6"))
  )
    return { renderCycloneDx: direct.renderCycloneDxDirect };
  return { renderCycloneDx: (await import("./cyclonedx.js")).renderCycloneDx };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects (so no unhandled rejection while the parse runs); unwrap rethrows. */
function settled<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function unwrap<T>(s: Settled<T>): T {
  if (s.ok) return s.value;
  throw s.error;
}

function findLockfile(cwd: string): string {
  const found = LOCKFILE_NAMES.filter((n) => existsSync(join(cwd, n)));
  if (found.length === 1) return found[0] as string;
  if (found.length === 0) {
    throw new RampartError("SBOM_NO_LOCKFILE", `no lockfile in ${cwd}`, {
      hint: `run your package manager's install to write one (${LOCKFILE_NAMES.join(", ")}), or pass --lockfile PATH`,
    });
  }
  throw new RampartError("SBOM_LOCKFILE_AMBIGUOUS", `${cwd} has ${found.length} lockfiles (${found.join(", ")})`, {
    hint: "pass --lockfile PATH to choose the one your project installs from",
  });
}
