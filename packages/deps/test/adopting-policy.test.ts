import { describe, expect, it } from "vitest";
import { adoptingPolicy } from "../src/policy.js";

describe("adoptingPolicy: an adopting change's deps policy only tightens the defaults", () => {
  it("keeps what is stricter, drops what loosens, and names it", () => {
    const { policy, dropped } = adoptingPolicy({
      maxAgeDays: 3,
      quality: {
        minReleaseAgeDays: 5,
        deprecated: "off",
        typosquat: "fail",
        provenance: "warn",
        maintainerChange: "warn",
        typosquatAllow: ["lodahs"],
      },
      vulnerabilities: { failOn: "medium", ignoreDev: false, exceptions: [] },
      licenses: { deny: ["GPL-3.0-only"] },
      online: { sources: ["osv"] },
    });
    expect(policy).toEqual({
      maxAgeDays: 3,
      quality: { minReleaseAgeDays: 5, typosquat: "fail", provenance: "warn", maintainerChange: "warn" },
      vulnerabilities: { failOn: "medium" },
      licenses: { deny: ["GPL-3.0-only"] },
    });
    expect(dropped).toEqual(["quality.deprecated: off", "quality.typosquatAllow", "online"]);
  });

  it("an empty policy is the defaults, nothing dropped", () => {
    expect(adoptingPolicy({})).toEqual({ policy: { vulnerabilities: { failOn: "high" } }, dropped: [] });
  });
});
