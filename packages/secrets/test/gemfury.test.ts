import { maskSecret, redact } from "@rampart/core/redact";
import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import { scanStaged } from "../src/staged.js";
import { ALNUM, Rand } from "./support/secrets.js";

/**
 * Gemfury takes its token as a registry URL's first path segment (documented for .npmrc:
 * `registry=https://npm.fury.io/TOKEN/ACCOUNT/`; npm-proxy., pypi., repo. too). core's redaction
 * masks such a segment unless it is shaped as an account name (a9ff51c); the scan reports the same
 * segments. Tokens are synthetic, built at run time in Gemfury's shapes (20 mixed-case letters and
 * digits; the dashed form its Heroku add-on shows), never printed whole.
 */

const rand = new Rand(4242);
const tokens = (): string[] => [
  rand.of(ALNUM, 20),
  rand.of(ALNUM, 24),
  `${rand.of(ALNUM, 6)}-${rand.of(ALNUM, 5)}-${rand.of(ALNUM, 8)}`,
  `${rand.of("abcdefghijklmnopqrstuvwxyz", 3)}${rand.of("0123456789", 2)}${rand.of(ALNUM, 15)}`,
];

/** Where a committed file carries a Gemfury registry URL. */
const FORMS: Record<string, (token: string) => string> = {
  ".npmrc": (t) => `registry=https://npm.fury.io/${t}/acme/\n`,
  ".npmrc, scoped, proxy": (t) => `@acme:registry=https://npm-proxy.fury.io/${t}/acme/\nalways-auth=true\n`,
  ".npmrc, auth key": (t) => `//npm-proxy.fury.io/${t}/acme/:always-auth=true\n`,
  ".yarnrc.yml": (t) => `npmScopes:\n  acme:\n    npmRegistryServer: "https://npm.fury.io/${t}/acme/"\n`,
  "pip.conf": (t) => `[global]\nindex-url = https://pypi.fury.io/${t}/acme/\n`,
  "requirements.txt": (t) => `--extra-index-url https://pypi.fury.io/${t}/acme/\nrequests==2.32.0\n`,
  Gemfile: (t) => `source "https://repo.fury.io/${t}/acme/" do\n  gem "private"\nend\n`,
  "package-lock.json": (t) =>
    `"node_modules/left-pad": {\n  "resolved": "https://npm.fury.io/${t}/acme/left-pad/-/left-pad-1.3.0.tgz"\n}\n`,
  shell: (t) => `export GEMFURY_URL=https://repo.fury.io/${t}/acme/\n`,
  // URL parsers take the host in any case, after userinfo, with a trailing dot or a port.
  "upper-case host": (t) => `registry=https://NPM.FURY.IO/${t}/acme/\n`,
  "host with a port": (t) => `registry=https://npm.fury.io:443/${t}/acme/\n`,
  "userinfo before the host": (t) => `registry=https://ci@npm.fury.io/${t}/acme/\n`,
  "host with a trailing dot": (t) => `index-url = https://pypi.fury.io./${t}/acme/\n`,
  // The slashes written otherwise: JSON-escaped (a JSON encoder's choice), doubled, percent-encoded.
  "JSON-escaped slashes": (t) =>
    `{"resolved":"https:\\/\\/npm.fury.io\\/${t}\\/acme\\/left-pad\\/-\\/left-pad-1.3.0.tgz"}\n`,
  "doubled slash": (t) => `registry=https://npm.fury.io//${t}/acme/\n`,
  "percent-encoded": (t) => `--index-url=https%3A%2F%2Fpypi.fury.io%2F${t}%2Facme%2F\n`,
  "percent-encoded, lower case": (t) => `url=https%3a%2f%2fnpm.fury.io%2f${t}%2facme%2f&x=1\n`,
  // The token alone, with no account after it.
  "token only": (t) => `registry=https://npm.fury.io/${t}/\n`,
  "token only, no trailing slash": (t) => `index-url = https://pypi.fury.io/${t}\n`,
};

const found = (text: string): string[] =>
  matchText(text)
    .filter((m) => m.ruleId === "gemfury-path-token")
    .map((m) => m.secret);

describe("gemfury-path-token: a token as a Gemfury URL's first path segment", () => {
  for (const [form, write] of Object.entries(FORMS)) {
    it(`${form}: found, and masked by core's redaction`, () => {
      for (const token of tokens()) {
        const text = write(token);
        expect(found(text), `${form}: ${maskSecret(token)}`).toEqual([token]);
        expect(redact(text).includes(token), `${form}: redact left ${maskSecret(token)} whole`).toBe(false);
      }
    });
  }

  it.each([
    // An account name in the first segment (the public form, the auth key of .npmrc).
    "registry=https://npm.fury.io/acme/",
    `@acme:registry=https://npm-proxy.fury.io/acme/\n//npm-proxy.fury.io/acme/:_authToken=${"$"}{FURY_TOKEN}`,
    "pip install --index-url https://pypi.fury.io/acme-corp/ private-pkg",
    "https://npm.fury.io/acme/left-pad/-/left-pad-1.3.0.tgz",
    "https://manage.fury.io/manage/acme/tokens/api",
    // Placeholders and words where the token goes, in documentation.
    "registry=https://npm.fury.io/TOKEN/ACCOUNT/",
    "registry=https://npm-proxy.fury.io/YOUR_TOKEN/USERNAME/",
    `registry=https://npm.fury.io/${"$"}{GEMFURY_TOKEN}/acme/`,
    "registry=https://npm.fury.io/USERNAME/",
    "registry=https://npm.fury.io/MY_DEPLOY_TOKEN/",
    // An account alone, however written.
    "registry=https://npm.fury.io/acme",
    "https:\\/\\/npm.fury.io\\/acme\\/",
    "https%3A%2F%2Fnpm.fury.io%2Facme%2F",
  ])("no finding in %j", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("agrees with core's redaction: each finding is a segment redaction masks; an account-shaped one neither", () => {
    const segments = [...tokens(), ...tokens().map((t) => t.toUpperCase()), "acme", "acme-corp", "a1", "build_bot"];
    for (const segment of segments) {
      const text = `registry=https://npm.fury.io/${segment}/acme/\n`;
      const masked = !redact(text).includes(`/${segment}/`);
      if (found(text).length > 0) expect(masked, `scan reports ${maskSecret(segment)}, redaction keeps it`).toBe(true);
      if (!masked) expect(found(text), `redaction keeps ${segment}, scan reports it`).toEqual([]);
    }
    // Random tokens are both: masked and found.
    for (const token of tokens()) expect(found(`registry=https://npm.fury.io/${token}/acme/`)).toEqual([token]);
  });

  it("a token as a push URL's userinfo is found and masked, its slashes plain, JSON-escaped or percent-encoded", () => {
    for (const token of tokens().filter((t) => t.length >= 16)) {
      for (const text of [
        `url = "https://${token}@push.fury.io/acme/"`,
        `{"url":"https:\\/\\/${token}@push.fury.io\\/acme\\/"}`,
        `remote=https%3A%2F%2F${token}%40push.fury.io%2Facme%2F`,
      ]) {
        const pushed = matchText(text)
          .filter((m) => m.ruleId === "gemfury-push-url")
          .map((m) => m.secret);
        expect(pushed, `${maskSecret(token)} in ${text.slice(0, 12)}`).toEqual([token]);
        expect(redact(text).includes(token), `redact left ${maskSecret(token)} whole`).toBe(false);
      }
    }
  });

  it("a committed .npmrc and a lockfile with the URL: found at their lines, never printed whole", async () => {
    const [token] = tokens() as [string];
    const repo = await gitRepo({ "README.md": "r\n" });
    repo.write(".npmrc", `# Gemfury\nregistry=https://npm.fury.io/${token}/acme/\n`);
    repo.write(
      "package-lock.json",
      `{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/left-pad": {\n      "version": "1.3.0",\n      "resolved": "https://npm.fury.io/${token}/acme/left-pad/-/left-pad-1.3.0.tgz"\n    }\n  }\n}\n`,
    );
    await repo.git(["add", "-A"]);
    const result = await scanStaged({ cwd: repo.dir, baseline: false });
    const at = result.findings
      .filter((f) => f.ruleId === "gemfury-path-token")
      .map((f) => `${f.file}:${f.line}`)
      .sort();
    expect(at).toEqual([".npmrc:2", "package-lock.json:6"]);
    expect(JSON.stringify(result.findings).includes(token), "the token printed whole").toBe(false);
  });
});
