import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "../src/suggest.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["abc", "", 3],
    ["secret", "secrets", 1],
    ["sbmo", "sbom", 1],
    ["kitten", "sitting", 3],
  ])("%s -> %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("suggest", () => {
  const commands = ["init", "hooks", "hook", "secrets", "signatures", "lockfile", "sbom"];

  it("finds typos, transpositions and unique prefixes", () => {
    expect(suggest("secret", commands)).toBe("secrets");
    expect(suggest("sbmo", commands)).toBe("sbom");
    expect(suggest("lock", commands)).toBe("lockfile");
    expect(suggest("SIGNATURES", commands)).toBe("signatures");
  });

  it("suggests nothing for a word that is not close to any", () => {
    expect(suggest("deploy", commands)).toBeUndefined();
    expect(suggest("x", ["format", "cwd"])).toBeUndefined();
  });
});
