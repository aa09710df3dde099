import { createRequire } from "node:module";

// ajv and yaml cost tens of milliseconds to load; most runs (`--version`, a hook with no policy
// file) never need them. Both ship CommonJS, so they can be required synchronously on first use
// and the APIs that use them stay synchronous.
// The require function is made on first use: making it resolves this module's own location, which
// in the CLI bundle costs a package lookup at every start.
let required: NodeJS.Require | undefined;
function require(id: string): unknown {
  required ??= createRequire(import.meta.url);
  return required(id);
}

export function loadYaml(): typeof import("yaml") {
  return require("yaml") as typeof import("yaml");
}

export function loadAjv2020(): typeof import("ajv/dist/2020.js").Ajv2020 {
  return (require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js")).Ajv2020;
}
