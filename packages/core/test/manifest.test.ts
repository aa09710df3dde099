import { describe, expect, it } from "vitest";
import { manifestLicense } from "../src/manifest.js";

describe("manifestLicense (the SBOM's and the deps gate's one package.json licence reader)", () => {
  it("reads license as a string or the legacy {type} object, trimmed", () => {
    expect(manifestLicense({ license: "MIT" })).toBe("MIT");
    expect(manifestLicense({ license: " (MIT OR Apache-2.0) " })).toBe("(MIT OR Apache-2.0)");
    expect(manifestLicense({ license: { type: "ISC", url: "https://example.org" } })).toBe("ISC");
  });

  it("falls back to the legacy licenses list (strings or {type}), joined with OR", () => {
    expect(manifestLicense({ licenses: [{ type: "MIT" }] })).toBe("MIT");
    expect(manifestLicense({ licenses: [{ type: "MIT" }, "Apache-2.0"] })).toBe("(MIT OR Apache-2.0)");
    expect(manifestLicense({ license: "  ", licenses: [{ type: "BSD-3-Clause" }] })).toBe("BSD-3-Clause");
    expect(manifestLicense({ license: { type: "" }, licenses: ["0BSD"] })).toBe("0BSD");
  });

  it("is undefined when nothing usable is there", () => {
    for (const m of [
      {},
      { license: "" },
      { license: 42 },
      { license: null },
      { licenses: [] },
      { licenses: [{}, null, ""] },
    ])
      expect(manifestLicense(m as Record<string, unknown>)).toBeUndefined();
  });
});
