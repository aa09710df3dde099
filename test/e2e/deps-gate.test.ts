import { createHash } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/src/index.js";
import { offlineAdvisories } from "./ci-runner.js";
import { initRepo } from "./linked.js";

// Issue 17's "done when", end to end: real git, the husky hooks `rampart init` installs, the built
// CLI; the registry is a loopback server the test starts.
const DAY = 86_400_000;
const registryDocs: Record<string, unknown> = {
  "fresh-lib": {
    name: "fresh-lib",
    "dist-tags": { latest: "1.1.0" },
    time: {
      "1.0.0": new Date(Date.now() - 300 * DAY).toISOString(),
      "1.1.0": new Date(Date.now() - DAY).toISOString(),
    },
    versions: { "1.0.0": { name: "fresh-lib", version: "1.0.0" }, "1.1.0": { name: "fresh-lib", version: "1.1.0" } },
  },
};
let registry = "";
const server = createServer((req, res) => {
  const doc = registryDocs[decodeURIComponent((req.url ?? "/").slice(1))];
  res.writeHead(doc === undefined ? 404 : 200, { "content-type": "application/json" });
  res.end(JSON.stringify(doc ?? {}));
});
beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

type Pkg = { version: string; license?: string; dependencies?: Record<string, string> };

/** An npm v3 lockfile (with well-formed registry URLs and sha512 integrity) and its package.json. */
function project(direct: Record<string, string>, packages: Record<string, Pkg>) {
  const entries = Object.fromEntries(
    Object.entries(packages).map(([name, p]) => [
      `node_modules/${name}`,
      {
        ...p,
        resolved: `https://registry.npmjs.org/${name}/-/${name}-${p.version}.tgz`,
        integrity: `sha512-${createHash("sha512").update(`${name}@${p.version}`).digest("base64")}`,
      },
    ]),
  );
  const root = { name: "shop", version: "1.0.0", dependencies: direct };
  return {
    "package.json": `${JSON.stringify({ ...root, private: true }, null, 2)}\n`,
    "package-lock.json": `${JSON.stringify({ name: "shop", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": root, ...entries } }, null, 2)}\n`,
  };
}

async function adopted(depsPolicy: string) {
  const repo = await initRepo("recommended", project({}, {}));
  const osv = (await offlineAdvisories(join(repo.home, "osv"))).RAMPART_OSV_EXPORT as string;
  const config = readFileSync(repo.path(".rampart/config.yaml"), "utf8");
  const section = `deps:\n  database: ${osv}\n  maxAgeDays: 100000\n  online:\n    npm: ${registry}\n    sources: [npm]\n${depsPolicy}`;
  expect(config).toContain("deps:\n  vulnerabilities:\n    failOn: high\n");
  repo.write(".rampart/config.yaml", config.replace("deps:\n  vulnerabilities:\n    failOn: high\n", section));
  await repo.git(["add", "-A"]);
  const first = await repo.gitResult(["commit", "-m", "chore: adopt rampart"]);
  expect(first.exitCode, `${first.stdout}${first.stderr}`).toBe(0);
  return repo;
}

describe("issue 17 done-when: the hooks refuse a denied licence and a too-new version", () => {
  it("a commit adding a GPL-3.0-only dependency (through another) is refused with the dependency path", async () => {
    const repo = await adopted("  licenses:\n    deny: [GPL-3.0-only]\n");
    const files = project(
      { "app-lib": "^2.0.0" },
      {
        "app-lib": { version: "2.0.0", license: "MIT", dependencies: { "gpl-thing": "^1.0.0" } },
        "gpl-thing": { version: "1.4.0", license: "GPL-3.0-only" },
      },
    );
    for (const [f, text] of Object.entries(files)) repo.write(f, text);
    await repo.git(["add", "package.json", "package-lock.json"]);
    const head = await repo.git(["rev-parse", "HEAD"]);
    const refused = await repo.gitResult(["commit", "-m", "feat: add app-lib"]);
    const out = `${refused.stdout}${refused.stderr}`;
    expect(refused.exitCode, out).not.toBe(0);
    expect(out).toContain("deps/license-denied");
    expect(out).toContain(
      "gpl-thing@1.4.0 is licensed GPL-3.0-only: GPL-3.0-only is denied (path: app-lib > gpl-thing)",
    );
    expect(await repo.git(["rev-parse", "HEAD"])).toBe(head); // nothing committed

    // The same dependency under an MIT licence goes through.
    const mit = project(
      { "app-lib": "^2.0.0" },
      {
        "app-lib": { version: "2.0.0", license: "MIT", dependencies: { "gpl-thing": "^1.0.0" } },
        "gpl-thing": { version: "1.4.0", license: "MIT" },
      },
    );
    repo.write("package-lock.json", mit["package-lock.json"]);
    await repo.git(["add", "package-lock.json"]);
    const ok = await repo.gitResult(["commit", "-m", "feat: add app-lib"]);
    expect(ok.exitCode, `${ok.stdout}${ok.stderr}`).toBe(0);
  });

  it("a one-day-old version is held back by default with the rule named, from the registry data deps update --online cached", async () => {
    const repo = await adopted(""); // no quality section: the defaults
    const osv = (await offlineAdvisories(join(repo.home, "osv"))).RAMPART_OSV_EXPORT as string;
    const files = project({ "fresh-lib": "^1.0.0" }, { "fresh-lib": { version: "1.1.0", license: "MIT" } });
    for (const [f, text] of Object.entries(files)) repo.write(f, text);
    // The registry asked (deps.online.npm) is the project's npm mirror, as its .npmrc says: the
    // lockfile's public packages are asked of it (a name is sent only where it comes from).
    repo.write(".npmrc", `registry=${registry}/\n`);
    // Once, online: the registry documents of the lockfile's packages into the registry cache.
    const update = await runCli(["deps", "update", "--online", "--from", osv], { cwd: repo.dir, env: repo.env });
    expect(update.exitCode, update.stderr).toBe(0);
    expect(update.stderr).toContain("1 registry document(s) fetched");
    await repo.git(["add", "package.json", "package-lock.json"]);
    const held = await repo.gitResult(["commit", "-m", "feat: add fresh-lib"]);
    const out = `${held.stdout}${held.stderr}`;
    expect(held.exitCode, out).not.toBe(0);
    expect(out).toContain("deps/release-too-new");
    expect(out).toMatch(
      /fresh-lib@1\.1\.0 was published .* UTC, 1 day\(s\) ago: younger than deps\.quality\.minReleaseAgeDays \(2\)/,
    );

    // The previous version, published long ago, passes.
    const older = project({ "fresh-lib": "^1.0.0" }, { "fresh-lib": { version: "1.0.0", license: "MIT" } });
    repo.write("package-lock.json", older["package-lock.json"]);
    await repo.git(["add", "package-lock.json"]);
    const ok = await repo.gitResult(["commit", "-m", "feat: add fresh-lib"]);
    expect(ok.exitCode, `${ok.stdout}${ok.stderr}`).toBe(0);
  });
});
