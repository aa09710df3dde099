import { createRequire } from "node:module";

// ajv and yaml cost tens of milliseconds to load; most runs (`--version`, a hook with no policy
// file) never need them. Both ship CommonJS, so they can be required synchronously on first use
// and the APIs that use them stay synchronous.
const require = createRequire(import.meta.url);

export function loadYaml(): typeof import("yaml") {
  return require("yaml") as typeof import("yaml");
}

export function loadAjv2020(): typeof import("ajv/dist/2020.js").Ajv2020 {
  return (require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js")).Ajv2020;
}
