// @rampart/core/manifest: what rampart reads from a package.json the same way everywhere. A lean entry: it loads only this module.
export { manifestLicense } from "../manifest.js";
