import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseLockfile } from "@rampart/lockfile";
import { afterAll, describe, expect, it } from "vitest";
import { checkLicenses, judge, type LicensePolicy, licenseInventory, parseLicense } from "../src/licenses.js";
import { writeNpmProject } from "./lockfiles.js";

const verdict = (expression: string, policy: LicensePolicy) => {
  const p = parseLicense(expression);
  if (!p.ok) return `unparsable: ${p.reason}`;
  return judge(p.node, policy).verdict;
};

describe("parseLicense: SPDX expressions (spdx-expression-parse), normalised", () => {
  it.each([
    ["MIT", "MIT"],
    ["mit", "MIT"],
    ["(MIT OR Apache-2.0)", "MIT OR Apache-2.0"],
    ["GPL-2.0", "GPL-2.0-only"],
    ["GPL-2.0+", "GPL-2.0-or-later"],
    ["LGPL-2.1+ AND MIT", "LGPL-2.1-or-later AND MIT"],
    ["gpl-3.0-only with classpath-exception-2.0", "GPL-3.0-only with classpath-exception-2.0"],
    ["GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"],
    ["LicenseRef-Acme-1", "LicenseRef-Acme-1"],
    ["MIT AND (BSD-3-Clause OR GPL-3.0-only)", "MIT AND (BSD-3-Clause OR GPL-3.0-only)"],
  ])("%s -> %s", (raw, expression) => {
    const p = parseLicense(raw);
    if (raw.includes(" with ")) {
      // Operators are case-sensitive in SPDX: a lower-case "with" is not an expression.
      expect(p.ok).toBe(false);
      return;
    }
    expect(p.ok && p.expression).toBe(expression);
  });

  it.each([undefined, "", "UNLICENSED", "SEE LICENSE IN LICENSE.md", "Apache 2", "MIT OR", "Public Domain"])(
    "%s is not a licence the policy can judge",
    (raw) => {
      expect(parseLicense(raw).ok).toBe(false);
    },
  );
});

describe("judge: OR needs one acceptable branch, AND needs all", () => {
  const allowList: LicensePolicy = { allow: ["MIT", "Apache-2.0", "BSD-3-Clause", "ISC"] };
  const denyList: LicensePolicy = { deny: ["GPL-3.0", "AGPL-3.0-only"], review: ["LGPL-2.1-or-later", "MPL-2.0"] };
  it.each([
    ["MIT", allowList, "allowed"],
    ["GPL-3.0-only", allowList, "denied"],
    ["MIT OR GPL-3.0-only", allowList, "allowed"],
    ["GPL-3.0-only OR MIT", allowList, "allowed"],
    ["MIT AND GPL-3.0-only", allowList, "denied"],
    ["MIT AND (Apache-2.0 OR GPL-3.0-only)", allowList, "allowed"],
    ["(MIT OR GPL-3.0-only) AND (ISC OR AGPL-3.0-only)", allowList, "allowed"],
    ["(MIT AND GPL-3.0-only) OR ISC", allowList, "allowed"],
    ["(MIT AND GPL-3.0-only) OR AGPL-3.0-only", allowList, "denied"],
    ["LicenseRef-Acme", allowList, "denied"],
    ["LicenseRef-Acme", { allow: ["LicenseRef-Acme"] }, "allowed"],
    ["GPL-3.0-only", denyList, "denied"],
    ["GPL-3.0-or-later", denyList, "denied"],
    ["GPL-3.0+", denyList, "denied"],
    ["GPL-3.0-only+", denyList, "denied"], // the SPDX parser's plus on a suffixed id: still the family
    ["GPL-3.0-or-later+", denyList, "denied"],
    ["AGPL-3.0-only+ OR MIT", { ...denyList, allow: ["AGPL-3.0-only"] }, "denied"],
    ["GPL-3.0", denyList, "denied"],
    ["GPL-2.0-only", denyList, "allowed"],
    ["AGPL-3.0-or-later", denyList, "denied"], // the family of a denied id
    ["LGPL-2.1+", denyList, "review"],
    ["MPL-2.0 OR GPL-3.0-only", denyList, "review"],
    ["MPL-2.0 OR MIT", denyList, "allowed"],
    ["MPL-2.0 AND MIT", denyList, "review"],
    ["MPL-2.0 AND GPL-3.0-only", denyList, "denied"],
    ["GPL-2.0-only WITH Classpath-exception-2.0", { allow: ["GPL-2.0-only WITH Classpath-exception-2.0"] }, "allowed"],
    ["GPL-2.0-only", { allow: ["GPL-2.0-only WITH Classpath-exception-2.0"] }, "denied"],
    ["GPL-2.0-only WITH Classpath-exception-2.0", { allow: ["GPL-2.0-only"] }, "allowed"],
    ["GPL-2.0-only WITH Classpath-exception-2.0", { deny: ["GPL-2.0-only"] }, "denied"],
    ["mit", { allow: ["MIT"] }, "allowed"],
    ["MIT", { allow: ["mit"] }, "allowed"],
    ["GPL-2.0", { allow: ["GPL-2.0-only"] }, "allowed"],
  ] as Array<[string, LicensePolicy, string]>)("%s under %j is %s", (expression, policy, expected) => {
    expect(verdict(expression, policy)).toBe(expected);
  });
});

describe("checkLicenses on a lockfile", () => {
  const dir = writeNpmProject();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const now = new Date("2026-01-15T12:00:00Z");

  it("licences from the lockfile, then node_modules; denied and unknown fail with the dependency path", async () => {
    const lock = JSON.parse((await import("node:fs")).readFileSync(join(dir, "package-lock.json"), "utf8"));
    lock.packages["node_modules/lodash"].license = "MIT";
    lock.packages["node_modules/a"].license = "(MIT OR GPL-3.0-only)";
    lock.packages["node_modules/minimist"].license = "GPL-3.0-only";
    writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock));
    // flatmap-stream's licence only in node_modules
    mkdirSync(join(dir, "node_modules/flatmap-stream"), { recursive: true });
    writeFileSync(
      join(dir, "node_modules/flatmap-stream/package.json"),
      JSON.stringify({ name: "flatmap-stream", version: "0.1.1", license: "ISC" }),
    );
    const lockfile = await parseLockfile({ path: "package-lock.json", cwd: dir });
    const r = checkLicenses(lockfile, { allow: ["MIT", "ISC"] }, { root: dir, now, production: true });
    const by = Object.fromEntries(r.findings.map((f) => [`${f.properties?.package}@${f.properties?.version}`, f]));
    expect(by["minimist@1.2.5"]).toMatchObject({
      ruleId: "deps/license-denied",
      severity: "error",
      properties: { path: ["a", "minimist"], licenseSource: "lockfile" },
    });
    expect(by["minimist@1.2.5"]?.message).toContain("(path: a > minimist)");
    expect(by["a@1.0.0"]).toBeUndefined(); // MIT OR GPL-3.0-only: one allowed branch
    expect(by["lodash@4.17.20"]).toBeUndefined();
    expect(by["flatmap-stream@0.1.1"]).toBeUndefined(); // ISC from node_modules
    expect(by["old-thing@1.2.0"]).toMatchObject({ ruleId: "deps/license-unknown", severity: "error" });
    expect(by["semver@7.5.1"]).toBeUndefined(); // dev, --production

    const warnUnknown = checkLicenses(lockfile, { allow: ["MIT", "ISC"], unknown: "warn" }, { root: dir, now });
    expect(warnUnknown.findings.find((f) => f.properties?.package === "old-thing")?.severity).toBe("warning");

    const excepted = checkLicenses(
      lockfile,
      {
        allow: ["MIT", "ISC"],
        unknown: "warn",
        exceptions: [{ package: "minimist@^1.2.0", reason: "build tool only", owner: "me", expires: "2026-01-31" }],
      },
      { root: dir, now },
    );
    expect(
      excepted.findings.some((f) => f.properties?.package === "minimist" && f.properties?.version === "1.2.5"),
    ).toBe(false);
    const later = checkLicenses(
      lockfile,
      {
        allow: ["MIT", "ISC"],
        unknown: "warn",
        exceptions: [{ package: "minimist", reason: "build tool only", owner: "me", expires: "2026-01-31" }],
      },
      { root: dir, now: new Date("2026-02-02T00:00:00Z") },
    );
    expect(later.findings.map((f) => f.ruleId)).toContain("deps/exception-expired");
    expect(later.findings.some((f) => f.ruleId === "deps/license-denied")).toBe(true);

    const inventory = licenseInventory(lockfile, { root: dir });
    expect(inventory.find((g) => g.license === "GPL-3.0-only")?.packages.map((p) => p.name)).toEqual(["minimist"]);
    expect(inventory.find((g) => g.license === "ISC")?.packages[0]).toMatchObject({ source: "node_modules" });
    expect(inventory.some((g) => g.packages.some((p) => p.name === "semver"))).toBe(false);
    expect(
      licenseInventory(lockfile, { root: dir, includeDev: true }).some((g) =>
        g.packages.some((p) => p.name === "semver"),
      ),
    ).toBe(true);
  });
});
