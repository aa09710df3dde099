import type { Importer, Integrity, Lockfile, LockPackage } from "@rampart/lockfile";
import { isFirstPartySource, purlFor, tarballHashes, urlFragmentHash } from "./identity.js";
import type { Group, InventoryComponent, InventoryOptions, Manifest } from "./inventory.js";
import { showText, unwritableChar } from "./text.js";

/** A workspace (lockfile importer) as a first-party component; the root becomes the metadata component. */
export function importerComponent(
  importer: Importer,
  options: InventoryOptions,
  warnings: string[],
): InventoryComponent {
  const manifest = options.importerManifests?.get(importer.id) ?? {};
  let name = manifest.name ?? importer.name;
  if (name === undefined || name === "") {
    name = `unnamed:${importer.path === "." ? options.projectName : importer.path}`;
    warnings.push(
      `${importer.path === "." ? "the root package.json" : `${importer.path}/package.json`} has no name: the SBOM calls it "${name}"`,
    );
  }
  const version = manifest.version ?? importer.version;
  const properties: Array<[string, string]> = [["rampart:package:source", "workspace"]];
  if (importer.path !== ".") properties.push(["rampart:workspace:path", importer.path]);
  return {
    ref: `workspace:${importer.path}`,
    name,
    ...(version ? { version } : {}),
    firstParty: true,
    source: "workspace",
    scope: "required",
    hashes: [],
    ...describe(manifest),
    properties,
  };
}

/** One component for all the lockfile entries of one name@version. */
export function packageComponent(
  key: string,
  group: Group,
  format: Lockfile["format"],
  options: InventoryOptions,
  warnings: string[],
): InventoryComponent {
  // A registry member, when there is one, speaks for the group (it carries the purl and the hashes).
  const rep = group.members.find((p) => p.source === "registry") ?? (group.members[0] as LockPackage);
  const firstParty = isFirstPartySource(rep);
  let name = rep.name;
  if (name === "") {
    name = `unnamed:${rep.id}`;
    warnings.push(`lockfile entry ${rep.id} has no package name: the SBOM calls it "${name}"`);
  }
  // Properties in name order (the CycloneDX serializer sorts them again; SPDX does not use them).
  const properties: Array<[string, string]> = [];
  if (group.members.some((p) => p.bundled)) properties.push(["cdx:npm:package:bundled", "true"]);
  if (group.scope === "excluded") properties.push(["cdx:npm:package:development", "true"]);
  if (format === "npm")
    for (const id of group.members.map((p) => p.id).sort()) properties.push(["cdx:npm:package:path", id]);
  const patched = group.members.find((p) => p.patch !== undefined);
  if (patched?.patch) properties.push(["rampart:package:patch", patched.patch.path]);
  if (firstParty) properties.push(["rampart:package:source", rep.source]);
  const cache = rep.integrity.find((i) => i.subject === "yarn-cache");
  if (cache) properties.push(["rampart:yarn:cache-checksum", cache.raw]);
  const integrity: Integrity[] = [];
  for (const p of group.members) {
    const fragment = urlFragmentHash(p.resolved);
    if (fragment) integrity.push(fragment);
    integrity.push(...p.integrity);
  }
  const c: InventoryComponent = {
    ref: "",
    name,
    firstParty,
    source: rep.source,
    scope: group.scope,
    hashes: tarballHashes(integrity),
    properties,
  };
  if (rep.version) c.version = rep.version;
  if (firstParty) c.ref = `${rep.source}:${(rep.resolved ?? rep.id).replace(/^(file|link):/, "")}`;
  else {
    const ids = purlFor(rep);
    c.ref = ids.purl;
    c.purl = ids.purl;
    if (ids.downloadUrl) c.downloadUrl = ids.downloadUrl;
    if (ids.vcsUrl) c.vcsUrl = ids.vcsUrl;
  }
  const manifest = options.packageManifests?.get(key);
  const license = rep.license ?? installed(manifest, "license", key, warnings);
  if (license) c.license = license;
  const description = installed(manifest, "description", key, warnings);
  if (description) c.description = description;
  const author = installed(manifest, "author", key, warnings);
  if (author) c.author = author;
  return c;
}

/**
 * A field of the installed package.json, left out (said) when it has text no SBOM can carry: what
 * node_modules adds is optional (an SBOM without it is the lockfile's alone), and one installed
 * package's description must not stop the whole document.
 */
function installed(
  manifest: Manifest | undefined,
  field: "license" | "description" | "author",
  key: string,
  warnings: string[],
): string | undefined {
  const value = manifest?.[field];
  if (!value) return undefined;
  const bad = unwritableChar(value);
  if (bad === undefined) return value;
  warnings.push(
    `the installed package.json of ${showText(key)}: its ${field === "license" ? "licence" : field} has ${bad}, a character no SBOM can carry: left out`,
  );
  return undefined;
}

function describe(m: Manifest): Pick<InventoryComponent, "license" | "description" | "author"> {
  return {
    ...(m.license ? { license: m.license } : {}),
    ...(m.description ? { description: m.description } : {}),
    ...(m.author ? { author: m.author } : {}),
  };
}
