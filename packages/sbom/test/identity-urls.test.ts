import { readFileSync } from "node:fs";
import { stripUrlCredentials, stripUrlCredentialsUngated } from "@rampart/core/redact";
import { parseLockfile } from "@rampart/lockfile/parse";
import { describeWithShared, sharedPath } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

// stripUrlCredentials skips its passes for plain registry tarball URLs (the SBOM's npm URLs): it must
// give exactly what stripUrlCredentialsUngated gives, for every URL. (Here, not in core: the URLs of
// the shared lockfiles are read with the lockfile parser.)

/** A seeded generator (xorshift32): the same URLs on every run. */
function generator(seed: number) {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
  return <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
}

// Pieces a name, version or suffix is made of: plain characters, credential words, the starts of
// tokens that name themselves, and every character a redaction rule reads.
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const PIECES = [
  "a",
  "z",
  "0",
  "9",
  ".",
  "-",
  "--",
  "_",
  "@",
  "/",
  "//",
  "%40",
  "%3D",
  "%3a",
  "%2F",
  "=",
  ":",
  "?",
  "&",
  "#",
  " ",
  "\t",
  "<",
  ">",
  "'",
  '"',
  "`",
  "A",
  "Z",
  "token",
  "tokens",
  "auth",
  "authtoken",
  "_authToken",
  "authorization",
  "key",
  "keys",
  "apikey",
  "pass",
  "password",
  "pwd",
  "secret",
  "cred",
  "credentials",
  "bearer",
  "mysql",
  "-p",
  "fury.io",
  "glpat-",
  "xoxb-",
  "xoxp-",
  "ghp_",
  "gho_",
  "github_pat_",
  "npm_",
  "sk_live_",
  "rk_test_",
  "AKIA",
  "ASIA",
  "AIza",
  "eyJ",
  "PRIVATE KEY",
  "-----BEGIN",
];
const HOSTS = [
  "registry.npmjs.org",
  "registry.yarnpkg.com",
  "registry.npmjs.com",
  "registry.npmjs.org:443",
  "npm.fury.io",
  "npm.pkg.github.com",
  "user:pass@registry.npmjs.org",
  `ghp_${ALNUM}@registry.npmjs.org`,
  "registry.npmjs.org.evil.example",
];

describe("stripUrlCredentials' shortcut for plain registry tarball URLs", () => {
  it("is stripUrlCredentialsUngated on generated registry URLs (plain, with credential words, token starts, every special character)", () => {
    const pick = generator(0x5eed18);
    const run = (n: number) => Array.from({ length: n }, () => pick([...ALNUM])).join("");
    const segment = () => {
      let s = "";
      const parts = 1 + Math.floor(pick([0, 1, 2, 3, 4]));
      for (let i = 0; i < parts; i++) s += pick([run(1 + Math.floor(pick([0, 3, 8]))), pick(PIECES), run(24)]);
      return s;
    };
    let fast = 0;
    let changed = 0;
    for (let i = 0; i < 20_000; i++) {
      // Mostly plain (the shortcut's case), a piece in one place otherwise.
      const plain = i % 3 === 0;
      const name = plain ? run(6) : segment();
      const scope = pick([undefined, undefined, plain ? run(5) : segment()]);
      const version = plain ? `${run(1)}.${run(2)}.${run(1)}` : segment();
      const host = plain ? pick(HOSTS.slice(0, 3)) : pick(HOSTS);
      const suffix = plain ? "" : pick(["", "", "?token=abc", "?a=1&access_token=xyz", "#frag", "%3Fx", ":443"]);
      const url = `https://${host}/${scope === undefined ? "" : `@${scope}/`}${name}/-/${name}-${version}.tgz${suffix}`;
      const want = stripUrlCredentialsUngated(url);
      expect(stripUrlCredentials(url), url).toBe(want);
      if (want !== url) changed++;
      if (/^https:\/\/registry\.[^/]*\/[a-z0-9.@/-]*\.tgz$/.test(url) && !/glpat-|xox/.test(url)) fast++;
    }
    // The shortcut was taken often, and redaction changed many of the others.
    expect(fast).toBeGreaterThan(5_000);
    expect(changed).toBeGreaterThan(1_000);
  });

  it("takes the long way for tokens that can be spelt in a plain path", () => {
    const glpat = `https://registry.npmjs.org/glpat-${"a1".repeat(12)}/-/x-1.0.0.tgz`;
    const slack = `https://registry.npmjs.org/@s/xoxb-${"0a".repeat(8)}/-/x-1.0.0.tgz`;
    for (const url of [glpat, slack]) {
      expect(stripUrlCredentials(url)).not.toBe(url);
      expect(stripUrlCredentials(url)).toBe(stripUrlCredentialsUngated(url));
    }
  });
});

interface Fixture {
  dir: string;
  lockfile: string;
}
const LOCKFILES = "fixtures/lockfiles";

describeWithShared(LOCKFILES, "stripUrlCredentials' shortcut on every real-world lockfile URL", () => {
  const index = JSON.parse(readFileSync(sharedPath(LOCKFILES, "index.json"), "utf8")) as Fixture[];
  it.each(index.map((fx) => [fx.dir, fx] as const))("%s: stripUrlCredentialsUngated's", async (_dir, fx) => {
    const lockfile = await parseLockfile({ path: fx.lockfile, cwd: sharedPath(LOCKFILES, fx.dir) });
    for (const pkg of lockfile.packages)
      if (pkg.resolved !== undefined)
        expect(stripUrlCredentials(pkg.resolved)).toBe(stripUrlCredentialsUngated(pkg.resolved));
  });
});
