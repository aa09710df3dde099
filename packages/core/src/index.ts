// Everything core offers, in one import. Commands that start often import the lean entries
// (@rampart/core/errors, /redact, /findings, /report, /git, /config, /fs, /ssh, /glob, /manifest, /policy-defaults): each loads only its modules.

export * from "./entries/config.js";
export * from "./entries/errors.js";
export * from "./entries/findings.js";
export * from "./entries/fs.js";
export * from "./entries/git.js";
export * from "./entries/glob.js";
export * from "./entries/manifest.js";
export * from "./entries/policy-defaults.js";
export * from "./entries/redact.js";
export * from "./entries/report.js";
export * from "./entries/ssh.js";
