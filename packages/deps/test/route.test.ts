import { describe, expect, it } from "vitest";
import { registryRoute } from "../src/route.js";

const npmjs = "https://registry.npmjs.org";
const pkg = (name: string, resolved?: string, source = "registry") =>
  ({ name, source, ...(resolved === undefined ? {} : { resolved }) }) as Parameters<
    ReturnType<typeof registryRoute>
  >[0];

describe("registryRoute: a name is sent only to the registry its package comes from", () => {
  it("by the resolved URL's host (the public registry's hosts are one registry; a port is part of a host)", () => {
    const route = registryRoute(npmjs);
    expect(route(pkg("a", "https://registry.npmjs.org/a/-/a-1.0.0.tgz"))).toBeUndefined();
    expect(route(pkg("a", "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz"))).toBeUndefined();
    expect(route(pkg("@corp/a", "https://npm.corp.example/@corp/a/-/a-1.0.0.tgz"))).toBe(
      "resolved from npm.corp.example",
    );
    expect(route(pkg("a", "https://registry.npmjs.org.evil.example/a/-/a-1.0.0.tgz"))).toBe(
      "resolved from registry.npmjs.org.evil.example",
    );
    // WHATWG URL reads a backslash as a slash: the host is evil.example, as the package managers fetch it.
    expect(route(pkg("a", "https://evil.example\\@registry.npmjs.org/a/-/a-1.0.0.tgz"))).toBe(
      "resolved from evil.example",
    );
    const local = registryRoute("http://127.0.0.1:4873/npm/");
    expect(local(pkg("a", "http://127.0.0.1:4873/npm/a/-/a-1.0.0.tgz"))).toBeUndefined();
    expect(local(pkg("a", "http://127.0.0.1:4874/a/-/a-1.0.0.tgz"))).toBe("resolved from 127.0.0.1:4874");
  });

  it("without a URL (pnpm, yarn berry's npm:, npm's omit-lockfile-registry-resolved): the scope's registry, else the default", () => {
    const settings = { scopeHosts: new Map([["@corp", "npm.corp.example"]]) };
    expect(registryRoute(npmjs, settings)(pkg("a"))).toBeUndefined();
    expect(registryRoute(npmjs, settings)(pkg("a", "npm:1.0.0"))).toBeUndefined();
    expect(registryRoute(npmjs, settings)(pkg("@corp/a"))).toBe("its scope @corp maps to npm.corp.example");
    expect(registryRoute(npmjs, settings)(pkg("@other/a"))).toBeUndefined();
    const privateDefault = {
      scopeHosts: new Map([["@pub", "registry.npmjs.org"]]),
      defaultRegistryHost: "npm.corp.example",
    };
    expect(registryRoute(npmjs, privateDefault)(pkg("a"))).toBe("the configured registry is npm.corp.example");
    expect(registryRoute(npmjs, privateDefault)(pkg("@pub/a"))).toBeUndefined();
    expect(registryRoute("https://npm.corp.example/", privateDefault)(pkg("a"))).toBeUndefined();
    expect(registryRoute("https://npm.corp.example/", { scopeHosts: new Map() })(pkg("a"))).toBe(
      "from the public npm registry (no registry configured)",
    );
  });

  it("git, tarball, file, link and other sources come from no registry", () => {
    const route = registryRoute(npmjs);
    for (const source of ["git", "tarball", "file", "link", "workspace", "patch", "other"])
      expect(route(pkg("a", "https://registry.npmjs.org/a/-/a-1.0.0.tgz", source))).toBe(
        `a ${source} source, not a registry package`,
      );
  });
});
