import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/src/index.js";

// Changesets versions every published package in lockstep (STYLE.md; secretlint ships every
// package at one version). These fail when a package drifts out of the group or out of step.
const read = (rel: string) => JSON.parse(readFileSync(`${repoRoot}/${rel}`, "utf8"));
const manifests = [
  ...readdirSync(`${repoRoot}/packages`).map((d) => `packages/${d}/package.json`),
  "test/helpers/package.json",
  "bench/package.json",
].map((rel) => ({ rel, ...(read(rel) as { name: string; version: string; private?: boolean }) }));
const published = manifests.filter((m) => m.private !== true);
const config = read(".changeset/config.json") as { fixed: string[][]; privatePackages: unknown; ignore: string[] };

/** Changesets' package globs (`@rampart/*`): `*` within one name segment. */
const matches = (glob: string, name: string) =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`).test(name);

describe("versioning (changesets, lockstep)", () => {
  it("every published package has the same version", () => {
    expect(published.length).toBeGreaterThanOrEqual(7);
    expect(new Set(published.map((m) => m.version))).toEqual(new Set([published[0]?.version]));
  });

  it("one fixed group holds every published package, and private ones are never versioned", () => {
    expect(config.fixed).toHaveLength(1);
    const group = config.fixed[0] ?? [];
    expect(published.filter((m) => !group.some((g) => matches(g, m.name))).map((m) => m.name)).toEqual([]);
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    expect(config.ignore).toEqual([]);
  });

  it("@changesets/cli is a root dev dependency pinned exactly", () => {
    const root = read("package.json") as { devDependencies: Record<string, string> };
    expect(root.devDependencies["@changesets/cli"]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
