import { describe, expect, it } from "vitest";
import { compileGlobs, compileIgnore, isGlob, matchesGlob } from "../src/glob.js";
import { isWorkflowPath } from "../src/workflow-paths.js";

describe("matchesGlob", () => {
  it.each([
    ["a/b/c.txt", "**/*.txt", true],
    ["c.txt", "**/*.txt", true],
    ["a/b.txt", "*.txt", false],
    ["a/x.js", "a/?.js", true],
    ["a/xy.js", "a/?.js", false],
    ["a/b/c", "a/**", true],
    ["release/1.2", "release/*", true],
    ["release/1.2/hotfix", "release/*", false],
    ["docs/b.md", "docs/{a,b}.md", true],
    ["docs/c.md", "docs/{a,b}.md", false],
    ["a/b", "a/[bc]", true],
    ["a/b", "a/[!b]", false],
    ["a.b", "a*b", true],
    ["axb", "a.b", false],
    ["mainline", "main", false],
  ] as const)("%s against %s is %s", (path, pattern, want) => {
    expect(matchesGlob(path, pattern)).toBe(want);
  });

  it("matches dotfiles and dot folders with * and **", () => {
    expect(matchesGlob(".env", "*")).toBe(true);
    expect(matchesGlob("a/.git/x", "**/x")).toBe(true);
    expect(matchesGlob("fixtures/.secrets/key.pem", "fixtures/**")).toBe(true);
  });

  it("treats extglobs and a leading ! literally", () => {
    expect(matchesGlob("a/b", "a/+(b|c)")).toBe(false);
    expect(matchesGlob("a/+(b|c)", "a/+(b|c)")).toBe(true);
    expect(matchesGlob("main", "!main")).toBe(false);
    expect(matchesGlob("dev", "!main")).toBe(false);
  });

  it("knows a literal from a glob", () => {
    expect(isGlob("packages")).toBe(false);
    expect(isGlob("packages/*")).toBe(true);
    expect(isGlob("a?")).toBe(true);
    expect(isGlob("{a,b}")).toBe(true);
  });
});

describe("compileGlobs (include lists)", () => {
  it("takes a later !pattern back out and a later pattern in again", () => {
    const protectedBranch = compileGlobs(["release/*", "!release/old", "main"]);
    expect(["main", "release/1", "release/old", "dev"].map(protectedBranch)).toEqual([true, true, false, false]);
    const back = compileGlobs(["release/*", "!release/*", "release/2"]);
    expect(["release/1", "release/2"].map(back)).toEqual([false, true]);
  });

  it("starts from everything when the list starts with a negation, so it errs towards more", () => {
    const match = compileGlobs(["!wip/*"]);
    expect(["main", "feature/x", "wip/y"].map(match)).toEqual([true, true, false]);
  });

  it("matches nothing when empty", () => {
    expect(compileGlobs([])("main")).toBe(false);
  });
});

describe("compileIgnore (.gitignore-style)", () => {
  const ignored = compileIgnore(["test/fixtures/**", "*.snap", "docs/{a,b}.md", "vendor", "build/", "/top.txt"]);

  it("matches a slash-less pattern at any depth and anchors one with a slash", () => {
    expect(ignored("src/__snapshots__/a.test.ts.snap")).toBe(true);
    expect(ignored("test/fixtures/x/y.json")).toBe(true);
    expect(ignored("test/fixtures/.env")).toBe(true);
    expect(ignored("docs/b.md")).toBe(true);
    expect(ignored("docs/c.md")).toBe(false);
    expect(ignored("pkg/docs/b.md")).toBe(false);
    expect(ignored("src/test/fixtures.ts")).toBe(false);
    expect(ignored("top.txt")).toBe(true);
    expect(ignored("a/top.txt")).toBe(false);
  });

  it("covers everything under a matched folder; a trailing slash matches folders only", () => {
    expect(ignored("vendor")).toBe(true);
    expect(ignored("a/vendor/lib/x.js")).toBe(true);
    expect(ignored("vendored/x.js")).toBe(false);
    expect(ignored("a/build/out.js")).toBe(true);
    expect(ignored("build")).toBe(false);
  });

  it("anchors ./ like /", () => {
    const ig = compileIgnore(["./secrets.txt"]);
    expect([ig("secrets.txt"), ig("a/secrets.txt")]).toEqual([true, false]);
  });

  it("lets a later !pattern take a file back, the last match winning", () => {
    const ig = compileIgnore(["fixtures/**", "!fixtures/real/**", "fixtures/real/ok.txt"]);
    expect(ig("fixtures/a.txt")).toBe(true);
    expect(ig("fixtures/real/key.pem")).toBe(false);
    expect(ig("fixtures/real/ok.txt")).toBe(true);
  });

  it("ignores nothing for an empty list or a negation alone", () => {
    expect(compileIgnore([])("a")).toBe(false);
    expect(compileIgnore(["!a"])("a")).toBe(false);
    expect(compileIgnore(["", "!"])("a")).toBe(false);
  });
});

describe("isWorkflowPath", () => {
  it.each([
    [".github/workflows/ci.yml", true],
    [".github/workflows/release.yaml", true],
    [".github/workflows/sub/ci.yml", false],
    [".github/workflows/readme.md", false],
    [".github/actions/setup/action.yml", true],
    [".github/actions/a/b/action.yaml", true],
    [".github/actions/setup/other.yml", false],
    [".gitlab-ci.yml", true],
    ["services/api/.gitlab-ci.yml", true],
    [".gitlab/ci/build.gitlab-ci.yml", true],
    [".gitlab/ci/build.yml", false],
    ["ci.yml", false],
  ] as const)("%s is %s", (path, want) => {
    expect(isWorkflowPath(path)).toBe(want);
  });
});
