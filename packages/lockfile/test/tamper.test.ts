import { describeWithShared } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { checkLockfile, diffLockfiles, type LockfilePolicy, parseLockfile } from "../src/index.js";
import { fixturePath, LOCKFILES, readFixture } from "./fixtures.js";

/** Replaces exactly one occurrence, so a fixture change can never make a tamper test vacuous. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one ${JSON.stringify(from)}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

async function check(dir: string, file: string, content: string, policy: LockfilePolicy = {}) {
  const lockfile = await parseLockfile({ path: file, content, cwd: fixturePath(dir) });
  const result = await checkLockfile(lockfile, policy, { cwd: fixturePath(dir), skipDrift: true });
  return { lockfile, result, rules: (id: string) => result.findings.filter((f) => f.ruleId === id) };
}

async function diff(dir: string, file: string, before: string, after: string) {
  const a = await parseLockfile({ path: file, content: before, cwd: fixturePath(dir) });
  const b = await parseLockfile({ path: file, content: after, cwd: fixturePath(dir) });
  return diffLockfiles(a, b);
}

const SHA = "0123456789abcdef0123456789abcdef01234567";

describeWithShared(LOCKFILES, "npm v3 (nodejs.org), tampered", () => {
  const dir = "npm-v3-large-nodejs.org";
  const file = "package-lock.json";
  const original = readFixture(dir, file);
  const msUrl = '"resolved": "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz"';

  it("the untouched fixture has no source or integrity findings", async () => {
    const { result } = await check(dir, file, original);
    expect(result.findings.filter((f) => f.ruleId !== "lockfile/install-script")).toEqual([]);
  });

  it("catches a swapped host, at the entry's line", async () => {
    const { rules } = await check(
      dir,
      file,
      edit(original, msUrl, '"resolved": "https://npm.evil.example/ms/-/ms-2.1.2.tgz"'),
    );
    expect(rules("lockfile/disallowed-host")).toMatchObject([
      { line: 21161, properties: { package: "ms", host: "npm.evil.example" } },
    ]);
  });

  it("accepts that host once the policy allows it", async () => {
    const { rules } = await check(
      dir,
      file,
      edit(original, msUrl, '"resolved": "https://npm.evil.example/ms/-/ms-2.1.2.tgz"'),
      { allowedHosts: ["npm.evil.example"] },
    );
    expect(rules("lockfile/disallowed-host")).toEqual([]);
  });

  it("catches a name/URL mismatch and a version mismatch", async () => {
    const swapped = await check(
      dir,
      file,
      edit(original, msUrl, '"resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"'),
    );
    expect(swapped.rules("lockfile/name-mismatch")).toMatchObject([
      { line: 21161, properties: { package: "ms", urlName: "lodash" } },
    ]);
    const older = await check(
      dir,
      file,
      edit(original, msUrl, '"resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz"'),
    );
    expect(older.rules("lockfile/version-mismatch")).toMatchObject([
      { properties: { package: "ms", urlVersion: "2.0.0" } },
    ]);
  });

  it("reads a tarball path as npm fetches it (WHATWG URL): a byte that is no UTF-8, `..`, `%2e%2e` or a backslash hides no package", async () => {
    // The URL each fetches (new URL(...).pathname) is lodash's tarball; ms is what the entry claims.
    const paths = [
      "https://registry.npmjs.org/%FF/../lodash/-/lodash-4.17.21.tgz",
      "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz/%2e%2e/%2E%2e/%2e%2E/lodash/-/lodash-4.17.21.tgz",
      "https://registry.npmjs.org/ms/-/%FF/../../../lodash/-/lodash-4.17.21.tgz",
      "https://registry.npmjs.org\\lodash\\-\\lodash-4.17.21.tgz",
    ];
    for (const url of paths) {
      expect(new URL(url).pathname, url).toBe("/lodash/-/lodash-4.17.21.tgz");
      const { rules } = await check(dir, file, edit(original, msUrl, `"resolved": ${JSON.stringify(url)}`));
      expect(rules("lockfile/name-mismatch"), url).toMatchObject([
        { properties: { package: "ms", urlName: "lodash" } },
      ]);
    }
    // A name that is no UTF-8 is no package's: a mismatch, never a skipped check.
    const bad = await check(
      dir,
      file,
      edit(original, msUrl, '"resolved": "https://registry.npmjs.org/m%FFs/-/ms-2.1.2.tgz"'),
    );
    expect(bad.rules("lockfile/name-mismatch")).toMatchObject([{ properties: { package: "ms", urlName: "m%FFs" } }]);
  });

  it("catches a package swapped in under a trusted name with a consistent URL (a fake alias)", async () => {
    const swapped = edit(
      original,
      `"node_modules/ms": {\n      "version": "2.1.2",\n      ${msUrl}`,
      `"node_modules/ms": {\n      "name": "left-pad",\n      "version": "1.3.0",\n      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"`,
    );
    const { rules } = await check(dir, file, swapped);
    expect(rules("lockfile/name-mismatch")).toMatchObject([
      { line: 21161, properties: { package: "left-pad", declared: "ms" } },
    ]);
  });

  it("catches an added git dependency, plain http, and a deleted integrity", async () => {
    const git = await check(
      dir,
      file,
      edit(original, msUrl, `"resolved": "git+https://github.com/evil/ms.git#${SHA}"`),
    );
    expect(git.rules("lockfile/git-source")).toMatchObject([{ properties: { package: "ms" } }]);
    expect(git.lockfile.packages.find((p) => p.id === "node_modules/ms")?.commit).toBe(SHA);
    const http = await check(
      dir,
      file,
      edit(original, msUrl, '"resolved": "http://registry.npmjs.org/ms/-/ms-2.1.2.tgz"'),
    );
    expect(http.rules("lockfile/insecure-protocol")).toHaveLength(1);
    const noHash = await check(
      dir,
      file,
      edit(
        original,
        `${msUrl},\n      "integrity": "sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w=="`,
        msUrl,
      ),
    );
    expect(noHash.rules("lockfile/missing-integrity")).toMatchObject([{ line: 21161 }]);
  });

  it("an unknown protocol is an error, never a silent pass", async () => {
    const { rules } = await check(dir, file, edit(original, msUrl, '"resolved": "ftp://mirror.example/ms-2.1.2.tgz"'));
    expect(rules("lockfile/unknown-source")).toMatchObject([
      { line: 21161, severity: "error", properties: { protocol: "ftp" } },
    ]);
  });

  it("catches an added install script unless allowed by name", async () => {
    const tampered = edit(original, `${msUrl},`, `${msUrl},\n      "hasInstallScript": true,`);
    const { rules } = await check(dir, file, tampered);
    expect(rules("lockfile/install-script").map((f) => f.properties?.package)).toContain("ms");
    const allowed = await check(dir, file, tampered, { allowInstallScripts: ["ms"] });
    expect(allowed.rules("lockfile/install-script").map((f) => f.properties?.package)).not.toContain("ms");
  });

  it("diff flags a swapped integrity as tampering", async () => {
    const after = edit(
      original,
      "sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w==",
      "sha512-AAAAx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w==",
    );
    const result = await diff(dir, file, original, after);
    expect(result.findings.map((f) => [f.ruleId, f.properties?.package, f.line])).toEqual([
      ["lockfile/tampered", "ms", 21161],
    ]);
  });
});

describeWithShared(LOCKFILES, "pnpm v9 (vue core), tampered", () => {
  const dir = "pnpm-v9-vue-core";
  const file = "pnpm-lock.yaml";
  const original = readFixture(dir, file);
  const msEntry =
    "  ms@2.1.3:\n    resolution: {integrity: sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==}";
  const withTarball = (url: string) => msEntry.replace("==}", `==, tarball: '${url}'}`);

  it("the untouched fixture has no findings", async () => {
    expect((await check(dir, file, original)).result.findings).toEqual([]);
  });

  it("catches a swapped host and a name/URL mismatch in a tarball resolution", async () => {
    const host = await check(
      dir,
      file,
      edit(original, msEntry, withTarball("https://npm.evil.example/ms/-/ms-2.1.3.tgz")),
    );
    expect(host.rules("lockfile/disallowed-host")).toMatchObject([{ line: 2570, properties: { package: "ms" } }]);
    const name = await check(
      dir,
      file,
      edit(original, msEntry, withTarball("https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz")),
    );
    expect(name.rules("lockfile/name-mismatch")).toMatchObject([
      { line: 2570, properties: { package: "ms", urlName: "left-pad" } },
    ]);
  });

  it("catches an added git dependency and a deleted integrity", async () => {
    const git = await check(
      dir,
      file,
      edit(
        original,
        msEntry,
        `  ms@2.1.3:\n    resolution: {commit: ${SHA}, repo: https://github.com/evil/ms.git, type: git}`,
      ),
    );
    expect(git.rules("lockfile/git-source")).toMatchObject([{ properties: { package: "ms" } }]);
    const noHash = await check(dir, file, edit(original, msEntry, "  ms@2.1.3:\n    resolution: {}"));
    expect(noHash.rules("lockfile/missing-integrity")).toMatchObject([{ line: 2570 }]);
  });

  it("catches an install script flag (pnpm v9 itself no longer writes requiresBuild)", async () => {
    const { rules } = await check(dir, file, edit(original, msEntry, `${msEntry}\n    requiresBuild: true`));
    expect(rules("lockfile/install-script")).toMatchObject([{ properties: { package: "ms" } }]);
  });

  it("diff flags a swapped integrity as tampering", async () => {
    const after = edit(original, msEntry, msEntry.replace("sha512-6Flz", "sha512-AAAA"));
    const result = await diff(dir, file, original, after);
    expect(result.findings.map((f) => [f.ruleId, f.properties?.package])).toEqual([["lockfile/tampered", "ms"]]);
  });
});

describeWithShared(LOCKFILES, "yarn v1 (webpack), tampered", () => {
  const dir = "yarn-v1-webpack";
  const file = "yarn.lock";
  const original = readFixture(dir, file);
  const msUrl = 'resolved "https://registry.yarnpkg.com/ms/-/ms-2.0.0.tgz#5608aeadfc00be6c2901df5f9861788de0d597c8"';

  it("catches a swapped host, a name/URL mismatch and an added git dependency", async () => {
    const host = await check(
      dir,
      file,
      edit(original, msUrl, 'resolved "https://yarn.evil.example/ms/-/ms-2.0.0.tgz"'),
    );
    expect(host.rules("lockfile/disallowed-host")).toMatchObject([{ line: 7668, properties: { package: "ms" } }]);
    const name = await check(
      dir,
      file,
      edit(original, msUrl, 'resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz"'),
    );
    expect(name.rules("lockfile/name-mismatch")).toMatchObject([{ line: 7668 }]);
    const git = await check(dir, file, edit(original, msUrl, `resolved "git+https://github.com/evil/ms.git#${SHA}"`));
    expect(git.rules("lockfile/git-source")).toMatchObject([{ line: 7668, properties: { package: "ms" } }]);
  });

  it("reports the fixture's real codeload tarball, which has no integrity", async () => {
    const { rules } = await check(dir, file, original);
    expect(rules("lockfile/tarball-source")).toMatchObject([{ line: 9715, properties: { package: "tooling" } }]);
    expect(rules("lockfile/missing-integrity")).toMatchObject([{ line: 9715 }]);
  });

  it("diff flags a swapped integrity and a registry package moved to git", async () => {
    const swapped = edit(
      original,
      "sha512-Tpp60P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ4PCPnGMoFjC9ddhal5KVIYtAt97ix05A==",
      "sha512-AAAA0P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ4PCPnGMoFjC9ddhal5KVIYtAt97ix05A==",
    );
    expect((await diff(dir, file, original, swapped)).findings.map((f) => f.ruleId)).toEqual(["lockfile/tampered"]);
    const moved = edit(original, msUrl, `resolved "git+https://github.com/evil/ms.git#${SHA}"`);
    const rules = (await diff(dir, file, original, moved)).findings.map((f) => f.ruleId).sort();
    expect(rules).toEqual(["lockfile/source-changed", "lockfile/tampered"]);
  });
});

describeWithShared(LOCKFILES, "yarn berry v10 (babel), tampered", () => {
  const dir = "yarn-berry-v10-babel";
  const file = "yarn.lock";
  const original = readFixture(dir, file);
  const msResolution = '  resolution: "ms@npm:2.0.0"';

  it("the untouched fixture has only the platform-package checksum warnings", async () => {
    const { result } = await check(dir, file, original);
    expect(result.ok).toBe(true);
    expect(new Set(result.findings.map((f) => `${f.ruleId}:${f.severity}`))).toEqual(
      new Set(["lockfile/missing-integrity:warning"]),
    );
  });

  it("catches a swapped host, a name/URL mismatch and an added git dependency", async () => {
    const host = await check(
      dir,
      file,
      edit(original, msResolution, '  resolution: "ms@https://npm.evil.example/ms/-/ms-2.0.0.tgz"'),
    );
    expect(host.rules("lockfile/disallowed-host")).toMatchObject([{ line: 13568, properties: { package: "ms" } }]);
    const name = await check(
      dir,
      file,
      edit(original, msResolution, '  resolution: "ms@https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz"'),
    );
    expect(name.rules("lockfile/name-mismatch")).toMatchObject([{ line: 13568 }]);
    const git = await check(
      dir,
      file,
      edit(original, msResolution, `  resolution: "ms@https://github.com/evil/ms.git#commit=${SHA}"`),
    );
    expect(git.rules("lockfile/git-source")).toMatchObject([{ line: 13568, properties: { package: "ms" } }]);
    expect(git.lockfile.packages.find((p) => p.name === "ms" && p.source === "git")?.commit).toBe(SHA);
  });

  it("reports a yarn plugin's protocol (babel's condition:) as a warning", async () => {
    const v6 = "yarn-berry-v6-babel";
    const { rules } = await check(v6, file, readFixture(v6, file));
    const found = rules("lockfile/unknown-source");
    expect(found.length).toBe(15);
    expect(found.every((f) => f.severity === "warning" && f.properties?.protocol === "condition")).toBe(true);
  });

  it("catches an entry whose key asks for one package and resolves to another (no URL needed)", async () => {
    const { rules } = await check(dir, file, edit(original, '"ms@npm:2.0.0":\n', '"debug@npm:2.0.0":\n'));
    expect(rules("lockfile/name-mismatch")).toMatchObject([
      { line: 13568, properties: { package: "ms", declared: "debug" } },
    ]);
  });

  it("catches an exec: source (a script that produces the package)", async () => {
    const { rules } = await check(dir, file, edit(original, msResolution, '  resolution: "ms@exec:./build-ms.js"'));
    expect(rules("lockfile/exec-source")).toMatchObject([{ line: 13568 }]);
  });

  it("diff flags a swapped checksum as tampering", async () => {
    const after = edit(original, "checksum: 10/0e6a22b8b746d2e0", "checksum: 10/aaaa22b8b746d2e0");
    const result = await diff(dir, file, original, after);
    expect(result.findings.map((f) => [f.ruleId, f.properties?.package, f.line])).toEqual([
      ["lockfile/tampered", "ms", 13568],
    ]);
  });
});

describe("diff: a name@version the base held from git, now from the registry", () => {
  const lock = (entry: Record<string, unknown>) =>
    `${JSON.stringify({
      name: "app",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: { "": { name: "app", version: "1.0.0" }, "node_modules/acme-utils": { version: "1.4.0", ...entry } },
    })}\n`;
  const parse = (content: string) => parseLockfile({ path: "package-lock.json", content, cwd: import.meta.dirname });

  it("is changed content (judged like an added package), even with no integrity before and no URL after", async () => {
    const before = await parse(lock({ resolved: `git+ssh://git@github.com/acme/acme-utils.git#${SHA}` }));
    // npm's omit-lockfile-registry-resolved: a registry entry with its integrity and no URL.
    const after = await parse(lock({ integrity: `sha512-${Buffer.from("another").toString("base64")}` }));
    expect(after.packages.find((p) => p.name === "acme-utils")?.source).toBe("registry");
    expect(diffLockfiles(before, after).stats.changed).toEqual([{ name: "acme-utils", from: "1.4.0", to: "1.4.0" }]);
    // The same registry entry on both sides is no change.
    expect(diffLockfiles(after, after).stats.changed).toEqual([]);
  });
});
