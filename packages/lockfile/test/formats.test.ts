import { describe, expect, it } from "vitest";
import { packageLine, parseLockfile } from "../src/index.js";

// Small hand-written lockfiles for shapes the real fixtures do not all show.
const manifest = JSON.stringify({
  name: "demo",
  version: "1.0.0",
  dependencies: { loadable: "npm:@docusaurus/react-loadable@5.5.2", tool: "github:acme/tool#v1" },
  devDependencies: { outer: "^1.0.0" },
});
const readSibling = async (rel: string) => (rel === "package.json" ? manifest : undefined);
const SHA = "0123456789abcdef0123456789abcdef01234567";

describe("npm v1 shapes", () => {
  it('gives each entry of the nested tree its line: escaped keys, a `": {` inside a value, nested entries', async () => {
    const tree = {
      name: "demo",
      lockfileVersion: 1,
      dependencies: {
        ab: { version: "1.0.0", resolved: 'https://example.org/x": {', dependencies: { cd: { version: "2.0.0" } } },
        "e\\f": { version: "1.0.0" },
        gh: { version: "1.0.0", requires: { ab: "1.0.0" }, dependencies: { ij: { version: "3.0.0" } } },
      },
    };
    // As npm writes it (2 spaces), then the key "ab" spelt with an escape, as JSON allows.
    const content = JSON.stringify(tree, null, 2).replace('"ab": {', '"\\u0061b": {');
    const lines = content.split("\n");
    const lineOf = (entry: string) => lines.findIndex((l) => l.startsWith(entry)) + 1;
    const lf = await parseLockfile({ path: "package-lock.json", content, cwd: "/", readSibling });
    expect(
      [
        "node_modules/ab",
        "node_modules/ab/node_modules/cd",
        "node_modules/e\\f",
        "node_modules/gh",
        "node_modules/gh/node_modules/ij",
      ].map((id) => packageLine(lf, id)),
    ).toEqual([
      lineOf('    "\\u0061b": {'),
      lineOf('        "cd": {'),
      lineOf('    "e\\\\f": {'),
      lineOf('    "gh": {'),
      lineOf('        "ij": {'),
    ]);
    expect(lineOf('    "gh": {')).toBeGreaterThan(lineOf('        "cd": {'));
  });

  it("reads aliases, git versions, bundled entries and requires", async () => {
    const content = JSON.stringify({
      name: "demo",
      lockfileVersion: 1,
      requires: true,
      dependencies: {
        loadable: {
          version: "npm:@docusaurus/react-loadable@5.5.2",
          resolved: "https://registry.npmjs.org/@docusaurus/react-loadable/-/react-loadable-5.5.2.tgz",
          integrity: "sha512-AAAA",
        },
        tool: { version: `github:acme/tool#${SHA}`, from: "github:acme/tool#v1", requires: { inner: "^2.0.0" } },
        inner: {
          version: "2.1.0",
          resolved: "https://registry.npmjs.org/inner/-/inner-2.1.0.tgz",
          integrity: "sha1-AAAA",
        },
        outer: {
          version: "1.0.0",
          dev: true,
          resolved: "https://registry.npmjs.org/outer/-/outer-1.0.0.tgz",
          integrity: "sha512-BBBB",
          requires: { packed: "1.0.0" },
          dependencies: { packed: { version: "1.0.0", bundled: true, dev: true } },
        },
      },
    });
    const lf = await parseLockfile({ path: "package-lock.json", content, cwd: "/", readSibling });
    const byId = Object.fromEntries(lf.packages.map((p) => [p.id, p]));
    expect(byId["node_modules/loadable"]).toMatchObject({
      name: "@docusaurus/react-loadable",
      version: "5.5.2",
      aliases: ["loadable"],
      source: "registry",
    });
    expect(byId["node_modules/tool"]).toMatchObject({
      name: "tool",
      source: "git",
      commit: SHA,
      resolved: `github:acme/tool#${SHA}`,
    });
    expect(byId["node_modules/outer/node_modules/packed"]).toMatchObject({ bundled: true, dev: true });
    expect(lf.edges).toContainEqual({
      from: "node_modules/tool",
      to: "node_modules/inner",
      name: "inner",
      spec: "^2.0.0",
      kind: "prod",
    });
    expect(lf.edges).toContainEqual({
      from: "node_modules/outer",
      to: "node_modules/outer/node_modules/packed",
      name: "packed",
      spec: "1.0.0",
      kind: "prod",
    });
    expect(lf.importers[0]?.dependencies.map((d) => [d.name, d.kind, d.resolvesTo])).toEqual([
      ["loadable", "prod", "node_modules/loadable"],
      ["tool", "prod", "node_modules/tool"],
      ["outer", "dev", "node_modules/outer"],
    ]);
  });
});

describe("pnpm 5.4 and 6 shapes", () => {
  it("v5.4: /name/version_peer keys, aliases, links and tarball resolutions", async () => {
    const content = [
      "lockfileVersion: 5.4",
      "",
      "specifiers:",
      "  alias: npm:real@^1.0.0",
      "  local: link:../local",
      "  tar: https://example.com/tar-1.0.0.tgz",
      "  plug: ^2.0.0",
      "",
      "dependencies:",
      "  alias: /real/1.0.0",
      "  local: link:../local",
      "  tar: '@example.com/tar-1.0.0.tgz'",
      "  plug: 2.0.0_real@1.0.0",
      "",
      "packages:",
      "",
      "  /real/1.0.0:",
      "    resolution: {integrity: sha512-AAAA}",
      "    dev: false",
      "",
      "  /plug/2.0.0_real@1.0.0:",
      "    resolution: {integrity: sha512-BBBB}",
      "    peerDependencies:",
      "      real: ^1.0.0",
      "    dependencies:",
      "      real: 1.0.0",
      "    requiresBuild: true",
      "    dev: false",
      "",
      "  '@example.com/tar-1.0.0.tgz':",
      "    resolution: {tarball: https://example.com/tar-1.0.0.tgz}",
      "    name: tar",
      "    version: 1.0.0",
      "    dev: false",
      "",
    ].join("\n");
    const lf = await parseLockfile({ path: "pnpm-lock.yaml", content, cwd: "/" });
    const byId = Object.fromEntries(lf.packages.map((p) => [p.id, p]));
    expect(byId["/real/1.0.0"]).toMatchObject({ name: "real", version: "1.0.0", aliases: ["alias"] });
    expect(byId["/plug/2.0.0_real@1.0.0"]).toMatchObject({ name: "plug", version: "2.0.0", hasInstallScript: true });
    expect(byId["@example.com/tar-1.0.0.tgz"]).toMatchObject({
      name: "tar",
      version: "1.0.0",
      source: "tarball",
      resolved: "https://example.com/tar-1.0.0.tgz",
    });
    expect(byId["link:../local"]).toMatchObject({ source: "link", name: "local" });
    expect(lf.importers[0]?.dependencies.find((d) => d.name === "alias")).toMatchObject({
      spec: "npm:real@^1.0.0",
      resolvesTo: "/real/1.0.0",
    });
    expect(lf.edges).toContainEqual({
      from: "/plug/2.0.0_real@1.0.0",
      to: "/real/1.0.0",
      name: "real",
      spec: "1.0.0",
      kind: "prod",
    });
  });

  it("v6: /name@version(peer) keys and a git resolution", async () => {
    const content = [
      "lockfileVersion: '6.0'",
      "",
      "dependencies:",
      "  plug:",
      "    specifier: ^2.0.0",
      "    version: 2.0.0(real@1.0.0)",
      "  gitdep:",
      "    specifier: github:acme/gitdep",
      `    version: github.com/acme/gitdep/${SHA}`,
      "",
      "packages:",
      "",
      "  /real@1.0.0:",
      "    resolution: {integrity: sha512-AAAA}",
      "    dev: false",
      "",
      "  /plug@2.0.0(real@1.0.0):",
      "    resolution: {integrity: sha512-BBBB}",
      "    dependencies:",
      "      real: 1.0.0",
      "    dev: false",
      "",
      `  github.com/acme/gitdep/${SHA}:`,
      `    resolution: {commit: ${SHA}, repo: https://github.com/acme/gitdep.git, type: git}`,
      "    name: gitdep",
      "    version: 3.0.0",
      "    dev: false",
      "",
    ].join("\n");
    const lf = await parseLockfile({ path: "pnpm-lock.yaml", content, cwd: "/" });
    const byId = Object.fromEntries(lf.packages.map((p) => [p.id, p]));
    expect(byId["/plug@2.0.0(real@1.0.0)"]).toMatchObject({ name: "plug", version: "2.0.0" });
    expect(byId[`github.com/acme/gitdep/${SHA}`]).toMatchObject({
      name: "gitdep",
      version: "3.0.0",
      source: "git",
      commit: SHA,
    });
    expect(lf.importers[0]?.dependencies.map((d) => d.resolvesTo)).toEqual([
      "/plug@2.0.0(real@1.0.0)",
      `github.com/acme/gitdep/${SHA}`,
    ]);
  });
});
