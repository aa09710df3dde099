// pnpm hooks of this workspace. Only beforePacking: no install-time hook (nothing here changes
// what an install resolves or runs).
//
// Reproducible packages (BLD-9): `pnpm pack` rewrites `workspace:` and `catalog:` specs
// concurrently and writes them in the order they resolve, so two packs of the same commit could
// list @rampart/core and @rampart/lockfile in either order. Writing every dependency map in
// sorted order makes the packed package.json, and so the tarball, the same bytes every time.
// test/e2e/reproducible.test.ts packs the same commit in two clean clones and compares.
const FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "peerDependenciesMeta"];

function beforePacking(pkg) {
  for (const field of FIELDS) {
    const deps = pkg[field];
    if (deps === null || typeof deps !== "object") continue;
    pkg[field] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return pkg;
}

module.exports = { hooks: { beforePacking } };
