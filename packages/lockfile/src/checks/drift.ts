import type { ImporterDependency, Lockfile, LockPackage } from "../model.js";
import { packageLine } from "../parse/context.js";
import { isRecord, parseError } from "../parse/errors.js";
import { parseJsonObject } from "../parse/json.js";
import { manifestDependencies } from "../parse/npm-v1.js";
import type { FindingSink } from "./rules.js";
import { satisfiesSimple } from "./semver-lite.js";

export interface DriftContext {
  /** Reads a file relative to the lockfile's directory. */
  read(relative: string): Promise<string | undefined>;
  /** Catalogs the repo declares (pnpm-workspace.yaml / .yarnrc.yml): catalog -> name -> range. */
  catalogs: Map<string, Map<string, string>>;
}

/**
 * Every dependency each importer's package.json declares is in the lockfile, with the same
 * specifier where the lockfile records one, resolving to a version that satisfies it. Only what
 * can be checked is: git, file:, link:, URLs and tags are compared as text, not as versions. (MAT-1)
 */
export async function checkDrift(lockfile: Lockfile, ctx: DriftContext, sink: FindingSink): Promise<void> {
  const byId = new Map(lockfile.packages.map((p) => [p.id, p]));
  const recordsSpecs =
    lockfile.format !== "yarn-classic" && !(lockfile.format === "npm" && lockfile.formatVersion === "1");
  const overridden = new Set(Object.keys(lockfile.overrides ?? {}).map(selectorName));
  // pnpm records an overridden dependency with the override's specifier instead of package.json's.
  const overrideSpecs = new Map<string, Set<string>>();
  for (const [selector, spec] of Object.entries(lockfile.overrides ?? {})) {
    const name = selectorName(selector);
    overrideSpecs.set(name, (overrideSpecs.get(name) ?? new Set()).add(spec));
  }
  // Read every manifest at once: hundreds of workspaces are common and reads are independent.
  const files = lockfile.importers.map((i) => (i.path === "." ? "package.json" : `${i.path}/package.json`));
  const texts = await Promise.all(files.map((f) => ctx.read(f)));
  for (const [index, importer] of lockfile.importers.entries()) {
    const file = files[index] as string;
    const text = texts[index];
    if (text === undefined) {
      const why =
        importer.path === "."
          ? "it is needed to compare what the project declares"
          : `the lockfile lists ${importer.path} as a workspace`;
      throw parseError(lockfile.path, `${file} is missing beside the lockfile; ${why}`);
    }
    const manifest = parseJsonObject(file, text);
    for (const name of manifestOverrides(manifest)) overridden.add(name);
    const line = packageLine(lockfile, importer.id);
    const recorded = new Map<string, ImporterDependency>();
    for (const d of importer.dependencies) if (d.kind !== "peer") recorded.set(d.name, d);
    for (const dep of manifestDependencies(manifest)) {
      if (dep.kind === "peer") continue;
      const where = file;
      const rec = recorded.get(dep.name);
      if (rec === undefined || (!recordsSpecs && rec.resolvesTo === undefined)) {
        sink.add(
          "lockfile/drift",
          undefined,
          `${dep.name}@${dep.spec} is declared in ${where} but is not in the lockfile`,
          {
            hint: "the lockfile is stale: run your package manager's install and commit the lockfile",
            ...(line === undefined ? {} : { line }),
            properties: { package: dep.name, importer: importer.path, declared: dep.spec },
          },
        );
        continue;
      }
      if (recordsSpecs && !sameSpec(dep.spec, rec.spec) && overrideSpecs.get(dep.name)?.has(rec.spec) !== true) {
        sink.add(
          "lockfile/drift",
          undefined,
          `${dep.name} is ${dep.spec} in ${where} but ${rec.spec} in the lockfile`,
          {
            hint: "the lockfile is stale: run your package manager's install and commit the lockfile",
            ...(line === undefined ? {} : { line }),
            properties: { package: dep.name, importer: importer.path, declared: dep.spec, locked: rec.spec },
          },
        );
        continue;
      }
      const pkg = rec.resolvesTo === undefined ? undefined : byId.get(rec.resolvesTo);
      if (pkg === undefined) continue;
      // An overridden package may resolve outside the declared range; its catalog is still checked.
      const rangeCheck = !overridden.has(dep.name);
      await checkVersion(dep.name, dep.spec, pkg, where, importer.path, lockfile, ctx, sink, rangeCheck);
    }
  }
}

async function checkVersion(
  name: string,
  spec: string,
  pkg: LockPackage,
  where: string,
  importer: string,
  lockfile: Lockfile,
  ctx: DriftContext,
  sink: FindingSink,
  rangeCheck: boolean,
) {
  let range = spec;
  let expectName = name;
  if (range.startsWith("npm:")) {
    const at = range.indexOf("@", 5);
    expectName = at < 0 ? range.slice(4) : range.slice(4, at);
    range = at < 0 ? "*" : range.slice(at + 1);
  }
  if (range.startsWith("catalog:")) {
    const catalog = range.slice("catalog:".length) || "default";
    const declared = ctx.catalogs.get(catalog)?.get(name);
    const locked = lockfile.catalogs?.[catalog]?.[name]?.specifier;
    if (declared !== undefined && locked !== undefined && declared !== locked) {
      sink.add(
        "lockfile/drift",
        pkg,
        `the ${catalog} catalog says ${name}@${declared} but the lockfile recorded ${locked}`,
        {
          hint: "the lockfile is stale: run your package manager's install and commit the lockfile",
          properties: { importer, declared, locked },
        },
      );
      return;
    }
    const resolved = declared ?? locked;
    if (resolved === undefined || !rangeCheck) return;
    range = resolved.startsWith("npm:") ? resolved.slice(4) : resolved;
  }
  if (pkg.source !== "registry" || !rangeCheck) return;
  let ok = satisfiesSimple(pkg.version, range);
  if (ok === undefined) {
    const semver = await loadSemver();
    if (semver.validRange(range, { loose: true }) === null) return; // a tag or a URL: nothing to compare
    ok = semver.satisfies(pkg.version, range, { loose: true, includePrerelease: true });
  }
  if (expectName !== pkg.name || !ok) {
    sink.add("lockfile/drift", pkg, `${where} wants ${name}@${spec} but the lockfile has ${pkg.name}@${pkg.version}`, {
      hint: "the lockfile is stale: run your package manager's install and commit the lockfile",
      properties: { importer, declared: spec },
    });
  }
}

/** yarn berry records `^1.0.0` as `npm:^1.0.0`; anything else must match exactly. */
function sameSpec(declared: string, locked: string): boolean {
  return declared === locked || locked === `npm:${declared}`;
}

// "a>b@1", "**/b" and "b@^1" all name "b": the package an override selector changes.
function selectorName(selector: string): string {
  const tail = (selector.split(">").pop() ?? selector).replace(/^(\*\*\/)+/, "");
  const at = tail.indexOf("@", 1);
  return at < 0 ? tail : tail.slice(0, at);
}

function manifestOverrides(manifest: Record<string, unknown>): string[] {
  const names: string[] = [];
  const collect = (value: unknown) => {
    if (!isRecord(value)) return;
    for (const [k, v] of Object.entries(value)) {
      names.push(selectorName(k));
      if (isRecord(v)) collect(v); // npm nests overrides by parent
    }
  };
  collect(manifest.overrides);
  collect(manifest.resolutions);
  if (isRecord(manifest.pnpm)) collect(manifest.pnpm.overrides);
  return names;
}

let semverModules:
  | Promise<{
      satisfies: typeof import("semver/functions/satisfies.js");
      validRange: typeof import("semver/ranges/valid.js");
    }>
  | undefined;

/** semver's range parser, loaded on first need only. */
function loadSemver() {
  semverModules ??= Promise.all([import("semver/functions/satisfies.js"), import("semver/ranges/valid.js")]).then(
    ([s, v]) => ({
      satisfies: s.default,
      validRange: v.default,
    }),
  );
  return semverModules;
}
