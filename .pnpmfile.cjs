// pnpm hooks of this workspace. Only beforePacking: no install-time hook (nothing here changes
// what an install resolves or runs). scripts/check-pack.mjs checks what it produces.
//
// Reproducible packages (BLD-9): `pnpm pack` rewrites `workspace:` and `catalog:` specs
// concurrently and writes them in the order they resolve, so two packs of the same commit could
// list @rampart/core and @rampart/lockfile in either order. Writing every dependency map in
// sorted order makes the packed package.json, and so the tarball, the same bytes every time.
// test/e2e/reproducible.test.ts packs the same commit in two clean clones and compares.
const FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "peerDependenciesMeta"];

// A published manifest names no devDependencies: a consumer never installs them, and ours name
// private workspace packages (@rampart/test-helpers) that are on no registry.
function beforePacking(pkg) {
  delete pkg.devDependencies;
  for (const field of FIELDS) {
    const deps = pkg[field];
    if (deps === null || typeof deps !== "object") continue;
    pkg[field] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return pkg;
}

module.exports = { hooks: { beforePacking } };
