import type { Lockfile } from "../model.js";

/** Records the names a package is installed under when an edge uses another one (npm: aliases). */
export function recordAliases(lockfile: Lockfile): void {
  const byId = new Map(lockfile.packages.map((p) => [p.id, p]));
  for (const edge of lockfile.edges) {
    const pkg = byId.get(edge.to);
    if (pkg === undefined || pkg.name === edge.name || pkg.source === "link") continue;
    if (pkg.aliases === undefined) pkg.aliases = [edge.name];
    else if (!pkg.aliases.includes(edge.name)) pkg.aliases.push(edge.name);
  }
}
