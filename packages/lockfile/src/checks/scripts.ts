import type { LockPackage } from "../model.js";
import type { FindingSink, LockfilePolicy } from "./rules.js";
import type { RepoSettings } from "./settings.js";

/** Packages that run install scripts must be allowed by name, here or in pnpm's build settings. (MAT-3) */
export function checkInstallScripts(
  packages: LockPackage[],
  policy: LockfilePolicy,
  settings: RepoSettings,
  sink: FindingSink,
) {
  if (settings.scriptsDisabled) return; // ignore-scripts / enableScripts: false: nothing runs
  const allowed = new Set(policy.allowInstallScripts ?? []);
  for (const pkg of packages) {
    if (!pkg.hasInstallScript) continue;
    if (allowed.has(pkg.name) || settings.allowedBuilds.has(pkg.name) || settings.deniedBuilds.has(pkg.name)) continue;
    sink.add("lockfile/install-script", pkg, `${pkg.name}@${pkg.version} runs an install script on every install`, {
      hint: `review it, then allow it with lockfile.allowInstallScripts (or pnpm onlyBuiltDependencies/allowBuilds); or set ignore-scripts`,
    });
  }
}
