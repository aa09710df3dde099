import { describe, expect, it } from "vitest";
import { judge } from "../support/judge.js";
import { HARDENED_CI, LOOSE_CI, PACKAGE_JSON, POLICY, packageLock, RAMPART_PRE_COMMIT } from "../support/layouts.js";

const PNPM_WORKSPACE = "packages:\n  - packages/*\nminimumReleaseAge: 1440\nstrictDepBuilds: true\n";

describe("MAT-1 dependency thresholds", () => {
  it("passes with a release-age gate and lockfile checks", async () => {
    const r = await judge("MAT-1", {
      "package.json": PACKAGE_JSON,
      "pnpm-workspace.yaml": PNPM_WORKSPACE,
      ".github/workflows/ci.yml": HARDENED_CI,
    });
    expect(r.status).toBe("pass");
    expect(r.evidence[0]).toMatchObject({ file: "pnpm-workspace.yaml", line: 3 });
  });

  it("partial with only the hook's lockfile check", async () => {
    const r = await judge("MAT-1", {
      "package.json": PACKAGE_JSON,
      ".rampart/config.yaml": POLICY,
      ".husky/pre-commit": RAMPART_PRE_COMMIT,
    });
    expect(r.status).toBe("partial");
    expect(r.fix).toMatch(/minimumReleaseAge/);
  });

  it("fails with neither, is unknown without any npm manifest", async () => {
    expect((await judge("MAT-1", { "package.json": PACKAGE_JSON })).status).toBe("fail");
    const r = await judge("MAT-1", { "go.mod": "module example.com/app\n" });
    expect(r.status).toBe("unknown");
    expect(r.because).toMatch(/npm/);
  });

  it("ignores lockfiles in test fixtures when deciding there is a project", async () => {
    expect((await judge("MAT-1", { "test/fixtures/package-lock.json": packageLock() })).status).toBe("unknown");
  });
});

describe("MAT-2 security and licence scanning", () => {
  it("passes with a vulnerability scan in CI and a licence check", async () => {
    expect(
      (await judge("MAT-2", { "package.json": PACKAGE_JSON, ".github/workflows/ci.yml": HARDENED_CI })).status,
    ).toBe("pass");
  });

  it("partial with a licence check in package scripts only", async () => {
    const pkg = JSON.stringify({ name: "app", scripts: { licences: "license-checker --production --onlyAllow MIT" } });
    const r = await judge("MAT-2", { "package.json": pkg });
    expect(r.status).toBe("partial");
    expect(r.evidence).toEqual([
      { text: "no vulnerability scan in CI or hooks" },
      expect.objectContaining({ file: "package.json", line: 1 }),
    ]);
  });

  it("fails with neither, unknown without manifests", async () => {
    expect((await judge("MAT-2", { "package.json": PACKAGE_JSON, ".github/workflows/ci.yml": LOOSE_CI })).status).toBe(
      "fail",
    );
    expect((await judge("MAT-2", { "Cargo.toml": "[package]\n" })).status).toBe("unknown");
  });
});

describe("MAT-3 composition analysis on install", () => {
  it("passes with a CI check and the pre-commit hook", async () => {
    const r = await judge("MAT-3", {
      "package.json": PACKAGE_JSON,
      ".rampart/config.yaml": POLICY,
      ".husky/pre-commit": RAMPART_PRE_COMMIT,
      ".github/workflows/ci.yml": HARDENED_CI,
    });
    expect(r.status).toBe("pass");
  });

  it("partial with CI only", async () => {
    expect(
      (await judge("MAT-3", { "package.json": PACKAGE_JSON, ".github/workflows/ci.yml": HARDENED_CI })).status,
    ).toBe("partial");
  });

  it("fails with neither, unknown without manifests", async () => {
    expect((await judge("MAT-3", { "package.json": PACKAGE_JSON })).status).toBe("fail");
    expect((await judge("MAT-3", { "README.md": "x\n" })).status).toBe("unknown");
  });
});

describe("MAT-4 update monitoring", () => {
  it("passes with Dependabot or Renovate", async () => {
    expect((await judge("MAT-4", { ".github/dependabot.yml": "version: 2\nupdates: []\n" })).status).toBe("pass");
    expect((await judge("MAT-4", { "renovate.json": '{"extends":["config:recommended"]}\n' })).status).toBe("pass");
  });

  it("fails (never unknown) without a tool", async () => {
    const r = await judge("MAT-4", { "package.json": PACKAGE_JSON });
    expect(r.status).toBe("fail");
    expect(r.fix).toMatch(/dependabot/);
  });
});

describe("MAT-5 built from source", () => {
  it("fails when the lockfile resolves from the public registry", async () => {
    const r = await judge("MAT-5", { "package.json": PACKAGE_JSON, "package-lock.json": packageLock() });
    expect(r.status).toBe("fail");
    expect(r.evidence[0]).toMatchObject({
      file: "package-lock.json",
      text: "1 of 1 downloaded package(s) come from a public registry",
    });
  });

  it("passes when nothing is downloaded", async () => {
    const empty = JSON.stringify({
      name: "app",
      lockfileVersion: 3,
      requires: true,
      packages: { "": { name: "app" } },
    });
    expect((await judge("MAT-5", { "package.json": PACKAGE_JSON, "package-lock.json": empty })).status).toBe("pass");
  });

  it("is unknown behind an internal registry, and without a lockfile", async () => {
    const internal = packageLock().replaceAll("https://registry.npmjs.org/", "https://npm.internal.example/");
    const r = await judge("MAT-5", {
      "package.json": PACKAGE_JSON,
      "package-lock.json": internal,
      ".npmrc": "registry=https://npm.internal.example/\n",
    });
    expect(r.status).toBe("unknown");
    expect(r.evidence[0]).toMatchObject({ file: ".npmrc", line: 1 });
    expect((await judge("MAT-5", { "package.json": PACKAGE_JSON })).status).toBe("unknown");
  });
});

describe("MAT-6 SBOM", () => {
  it("passes with an SBOM step in CI", async () => {
    expect((await judge("MAT-6", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("pass");
  });

  it("partial with a package script only", async () => {
    const pkg = JSON.stringify({ name: "app", scripts: { sbom: "cyclonedx-npm --output-file sbom.json" } }, null, 2);
    const r = await judge("MAT-6", { "package.json": pkg });
    expect(r.status).toBe("partial");
    expect(r.evidence[0]).toMatchObject({ file: "package.json", line: 4 });
  });

  it("fails (never unknown) with neither; a dependency named cyclonedx is not an SBOM step", async () => {
    const pkg = JSON.stringify({ name: "app", devDependencies: { "@cyclonedx/cyclonedx-npm": "1.0.0" } }, null, 2);
    expect((await judge("MAT-6", { "package.json": pkg })).status).toBe("fail");
  });
});

describe("MAT-2 with rampart's own gate", () => {
  it("passes with the pre-commit gate and a deps.licenses allow list; partial without the list", async () => {
    const policy =
      "version: 1\ndeps:\n  licenses:\n    allow: [MIT, Apache-2.0, ISC]\nhooks:\n  protectedBranches: [main]\n";
    const withList = await judge("MAT-2", {
      "package.json": PACKAGE_JSON,
      ".rampart/config.yaml": policy,
      ".husky/pre-commit": RAMPART_PRE_COMMIT,
    });
    expect(withList.status).toBe("pass");
    expect(withList.evidence.some((e) => e.file === ".rampart/config.yaml" && /deps\.licenses/.test(e.text))).toBe(
      true,
    );
    const without = await judge("MAT-2", {
      "package.json": PACKAGE_JSON,
      ".rampart/config.yaml": POLICY,
      ".husky/pre-commit": RAMPART_PRE_COMMIT,
    });
    expect(without.status).toBe("partial");
  });
});
