import type { Evidence } from "../model.js";
import { type AuditCheck, outcome } from "../model.js";

const PUBLIC_HOSTS = new Set(["registry.npmjs.org", "registry.yarnpkg.com", "registry.npmmirror.com"]);
const DEFAULT_REGISTRY = "https://registry.npmjs.org/";

/** MAT-5: dependencies built from source (or an internal registry that does) rather than public package managers. */
export const check: AuditCheck = {
  id: "MAT-5",
  title: "Dependencies are built from source rather than taken from public package managers",
  async run(ctx) {
    const lockfiles = ctx.lockfiles();
    if (lockfiles.length === 0)
      return outcome.unknown(
        "no lockfile: where dependencies come from cannot be read; answer: are they built from source or mirrored?",
      );
    const registryLine = ctx.grep(".npmrc", /^\s*registry\s*=/, { code: true, max: 1 })[0];
    const registry = registryLine?.text.replace(/^\s*registry\s*=\s*/, "").trim() || DEFAULT_REGISTRY;
    const evidence: Evidence[] = [];
    let downloaded = 0;
    let fromPublic = 0;
    for (const file of lockfiles) {
      let lock: Awaited<ReturnType<typeof ctx.parsedLockfile>>;
      try {
        lock = await ctx.parsedLockfile(file);
      } catch (error) {
        return outcome.unknown(
          `${file} cannot be parsed (${(error as Error).message}), so where its packages come from is not known`,
          [{ file, text: "cannot parse" }],
          "fix the lockfile: `rampart lockfile check` names the line",
        );
      }
      const fetched = lock.packages.filter((p) => p.source === "registry" || p.source === "tarball");
      const pub = fetched.filter((p) => PUBLIC_HOSTS.has(host(p.resolved ?? registry)));
      downloaded += fetched.length;
      fromPublic += pub.length;
      evidence.push({
        file,
        text: `${pub.length} of ${fetched.length} downloaded package(s) come from a public registry`,
      });
    }
    if (downloaded === 0)
      return outcome.pass([...evidence, { text: "no dependency is downloaded from a package registry" }]);
    if (fromPublic === 0)
      return outcome.unknown(
        "dependencies come from an internal registry: whether it builds them from source is set there; answer: does it?",
        registryLine ? [{ ...registryLine, text: `installs from ${registry}` }, ...evidence] : evidence,
      );
    return outcome.fail(
      evidence,
      "install through an internal registry that builds from source or vets each release (registry= in .npmrc), or accept the risk with an audit suppression and its reason",
    );
  },
};

function host(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}
