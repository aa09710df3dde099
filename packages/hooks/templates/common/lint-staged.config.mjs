// Written by `rampart init`. Framework: SRC-4 (your own checks on staged files).
// Your own tasks on staged files, e.g. { "*.{js,ts}": "biome check --write" }. rampart adds none:
// its secret guard and lockfile check run in `rampart hook pre-commit` itself. While this object is
// empty, the pre-commit hook does not start lint-staged at all (one Node start-up saved per commit).
export default {};
