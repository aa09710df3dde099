// `@rampart/sbom/sbom`: what `rampart sbom` needs, without the attestation modules the package root
// also loads (the CLI imports this entry point on every `rampart sbom` run).
export { loadSbomConfig, type SbomConfig } from "./config.js";
export { generateSbom, preloadWriter, type SbomOptions, type SbomResult } from "./generate.js";
export { assertMayWrite } from "./output.js";
