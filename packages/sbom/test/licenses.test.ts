import * as SPDX from "@cyclonedx/cyclonedx-library/SPDX";
import spdxExpressionParse from "spdx-expression-parse";
import { describe, expect, it } from "vitest";
import { COMMON_SPDX_IDS } from "../src/sbom/render-core.js";
import { spdxLicense } from "../src/sbom/spdx.js";

// The writers answer these ids without loading either library: each must be what the libraries
// make of it (a library update that renames or drops one fails here, not in a document).
describe("the common SPDX ids the writers know without the libraries", () => {
  it("are ids the CycloneDX library keeps as written and supports", () => {
    expect(COMMON_SPDX_IDS.size).toBeGreaterThan(0);
    for (const id of COMMON_SPDX_IDS) {
      expect(SPDX.fixupSpdxId(id)).toBe(id);
      expect(SPDX.isSupportedSpdxId(id)).toBe(true);
    }
  });

  it("are each one licence to spdx-expression-parse, with nothing to extract", () => {
    for (const id of COMMON_SPDX_IDS) {
      expect(spdxExpressionParse(id)).toEqual({ license: id });
      const extracted = new Map();
      expect(spdxLicense(` ${id} `, extracted)).toBe(id);
      expect(extracted.size).toBe(0);
    }
  });

  it("leave other spellings to the libraries", () => {
    const extracted = new Map();
    expect(spdxLicense("mit", extracted)).toBe("MIT");
    expect(spdxLicense("(MIT OR Apache-2.0)", extracted)).toBe("(MIT OR Apache-2.0)");
    expect(spdxLicense("SEE LICENSE IN x", extracted)).toBe("LicenseRef-SEE-LICENSE-IN-x");
    expect([...extracted.keys()]).toEqual(["LicenseRef-SEE-LICENSE-IN-x"]);
  });
});
