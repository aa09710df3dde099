import { describe, expect, it } from "vitest";
import { judge } from "../support/judge.js";
import { HARDENED_CI, LOOSE_CI, PACKAGE_JSON } from "../support/layouts.js";

const MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n";

describe("ART-1 every artefact signed", () => {
  it("passes when CI attests what it uploads", async () => {
    expect((await judge("ART-1", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("pass");
  });

  it("fails for an unsigned upload or a publish script", async () => {
    expect((await judge("ART-1", { ".github/workflows/ci.yml": LOOSE_CI })).status).toBe("fail");
    const pkg = JSON.stringify({ name: "app", scripts: { release: "npm publish" } });
    expect((await judge("ART-1", { "package.json": pkg })).status).toBe("fail");
  });

  it("is unknown when nothing is produced", async () => {
    const r = await judge("ART-1", { "package.json": PACKAGE_JSON });
    expect(r.status).toBe("unknown");
    expect(r.because).toMatch(/no artefact/);
  });
});

describe("ART-2 metadata distributed", () => {
  it("passes with an attestation and a licence file", async () => {
    expect((await judge("ART-2", { ".github/workflows/ci.yml": HARDENED_CI, LICENSE: MIT })).status).toBe("pass");
  });

  it("partial when the SBOM is only a CI artefact, or the licence is missing", async () => {
    const upload = LOOSE_CI.replace("npm test", "npx @cyclonedx/cyclonedx-npm --output-file sbom.json").replace(
      "path: dist",
      "path: sbom.json",
    );
    const r = await judge("ART-2", { ".github/workflows/ci.yml": upload, LICENSE: MIT });
    expect(r.status).toBe("partial");
    expect(r.evidence[0]?.text).toMatch(/CI artefact only/);
    expect((await judge("ART-2", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("partial");
  });

  it("fails (never unknown) with neither", async () => {
    expect((await judge("ART-2", { "package.json": PACKAGE_JSON })).status).toBe("fail");
  });
});

describe("ART-3 downstream verification", () => {
  const verify = "# Security\n\nVerify a release with `gh attestation verify app.tgz --repo acme/app`.\n";

  it("passes with provenance and a documented verify command", async () => {
    const r = await judge("ART-3", { ".github/workflows/ci.yml": HARDENED_CI, "SECURITY.md": verify });
    expect(r.status).toBe("pass");
    expect(r.evidence.some((e) => e.file === "SECURITY.md" && e.line === 3)).toBe(true);
  });

  it("partial with one of the two; fails (never unknown) with neither", async () => {
    expect((await judge("ART-3", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("partial");
    expect((await judge("ART-3", { "README.md": "# app\n" })).status).toBe("fail");
  });
});
