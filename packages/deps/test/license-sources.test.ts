import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ExitCode } from "@rampart/core";
import { parseLockfile } from "@rampart/lockfile";
import { runCli } from "@rampart/test-helpers";
import { afterAll, describe, expect, it } from "vitest";
import { readLicenseCache } from "../src/license-cache.js";
import { identifyLicenseText } from "../src/license-text.js";
import { checkLicenses, licenseOf } from "../src/licenses.js";
import { directOf, npmLock, npmLockOf, npmManifest, writeNpmProject } from "./lockfiles.js";
import { packument, registryHandler, useLoopbackServer, useRepos } from "./support/server.js";

const MIT = `MIT License

Copyright (c) 2019 Somebody <a@b.c>

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.`;
const ISC = `ISC Licence

Copyright (c) Isaac Z. Schlueter and Contributors

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES`;
const ZERO_BSD = `Copyright (C) 2006 by Rob Landley

Permission to use, copy, modify, and/or distribute this software for any purpose with or without fee is hereby granted.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES`;
const BSD2 = `Copyright (c) 2014, the authors
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"`;
const BSD3 = BSD2.replace(
  "THIS SOFTWARE",
  `3. Neither the names of the copyright holders nor the names of project
   contributors may be used to endorse or promote products derived from this
   software without specific prior written permission.

THIS SOFTWARE`,
);
const GPL3 = `                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.

                            Preamble
  ...
  The GNU General Public License does not permit incorporating your program
into proprietary programs.  If your program is a subroutine library, you
may consider it more useful to permit linking proprietary applications with
the library.  If this is what you want to do, use the GNU Lesser General
Public License instead of this License.`;
const LGPL3 = `                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>

  This version of the GNU Lesser General Public License incorporates
the terms and conditions of version 3 of the GNU General Public
License, supplemented by the additional permissions listed below.`;
const APACHE = `
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION

   1. Definitions.`;
const APACHE_NOTICE = `Copyright 2024 the original author or authors.
Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.`;
const UNLICENSE = `This is free and unencumbered software released into the public domain.

Anyone is free to copy, modify, publish, use, compile, sell, or distribute this software`;

describe("identifyLicenseText: the licence of a LICENSE/LICENCE/COPYING text", () => {
  it.each([
    ["MIT", MIT, "MIT"],
    ["MIT, reflowed into one line under a markdown heading", `# License\n\n${MIT.replace(/\n/g, " ")}`, "MIT"],
    ["MIT, with CRLF line ends and 'licence'", MIT.replace(/\n/g, "\r\n"), "MIT"],
    ["ISC", ISC, "ISC"],
    ["0BSD (ISC's grant without its condition)", ZERO_BSD, "0BSD"],
    ["BSD-2-Clause", BSD2, "BSD-2-Clause"],
    ["BSD-3-Clause (a 'names of ... may be used to endorse' variant)", BSD3, "BSD-3-Clause"],
    ["GPL-3.0 (its text names the LGPL further down)", GPL3, "GPL-3.0-only"],
    ["LGPL-3.0 (its text names the GPL near the top)", LGPL3, "LGPL-3.0-only"],
    ["Apache-2.0, full text", APACHE, "Apache-2.0"],
    ["Apache-2.0, the standard notice", APACHE_NOTICE, "Apache-2.0"],
    ["the Unlicense", UNLICENSE, "Unlicense"],
  ])("%s", (_what, text, id) => {
    expect(identifyLicenseText(text)).toEqual({ id });
  });

  it.each([
    ["empty", "", "the file is empty"],
    ["proprietary", "Copyright (c) 2020 Acme Corp. All rights reserved. Do not distribute.", "text not recognised"],
    [
      "MIT's grant without its condition (a damaged MIT)",
      MIT.split("\n\nThe above")[0] as string,
      "text not recognised",
    ],
    ["MIT with an ISC text appended", `${MIT}\n\n---\n\n${ISC}`, "the text holds several licences (MIT, ISC)"],
  ])("%s: unknown", (_what, text, reason) => {
    expect(identifyLicenseText(text)).toEqual({ unknown: reason });
  });
});

describe("licenseOf: lockfile, node_modules package.json, its licence text, .rampart/licenses.json", () => {
  const dir = writeNpmProject();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const install = (name: string, version: string, manifest: Record<string, unknown>, files: Record<string, string>) => {
    mkdirSync(join(dir, "node_modules", name), { recursive: true });
    writeFileSync(join(dir, "node_modules", name, "package.json"), JSON.stringify({ name, version, ...manifest }));
    for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, "node_modules", name, f), text);
  };

  it("reads the licence text when the field is missing or says SEE LICENSE IN; unknown names the sources tried", async () => {
    install("lodash", "4.17.20", {}, { "LICENSE.md": MIT });
    install("a", "1.0.0", { license: "SEE LICENSE IN COPYING" }, { COPYING: GPL3 });
    install("old-thing", "1.2.0", {}, { LICENCE: "All rights reserved." });
    install("beta-lib", "2.0.0-rc.1", {}, { "LICENSE-MIT": MIT, "LICENSE-APACHE": APACHE });
    // A symlinked licence file is not read.
    install("minimist", "1.2.5", {}, {});
    symlinkSync(join(dir, "node_modules/lodash/LICENSE.md"), join(dir, "node_modules/minimist/LICENSE"));
    const lockfile = await parseLockfile({ path: "package-lock.json", cwd: dir });
    const of = (name: string) => {
      const p = lockfile.packages.find((x) => x.name === name && !x.id.includes("my-"));
      if (p === undefined) throw new Error(name);
      return licenseOf(p, dir, { registry: "", updated: "", licenses: new Map([["flatmap-stream@0.1.1", "ISC"]]) });
    };
    expect(of("lodash")).toMatchObject({ raw: "MIT", from: "license-file" });
    expect(of("a")).toMatchObject({ raw: "GPL-3.0-only", from: "license-file" });
    expect(of("flatmap-stream")).toMatchObject({ raw: "ISC", from: "cache" });
    expect(of("old-thing").from).toBe("none");
    expect(of("old-thing").tried).toEqual([
      "lockfile: no licence field",
      "node_modules package.json: no licence field",
      "licence text: LICENCE: text not recognised",
      ".rampart/licenses.json: no entry",
    ]);
    expect(of("beta-lib")).toMatchObject({ from: "none" });
    expect(of("beta-lib").tried.join("; ")).toContain(
      "licence files disagree (LICENSE-APACHE: Apache-2.0, LICENSE-MIT: MIT)",
    );
    expect(of("minimist").tried).toContain("licence text: no LICENSE/LICENCE/COPYING file");

    const r = checkLicenses(lockfile, { allow: ["MIT", "ISC"] }, { root: dir });
    const unknown = r.findings.find((f) => f.properties?.package === "old-thing");
    expect(unknown?.message).toMatch(
      /^old-thing@1\.2\.0: no licence \(tried lockfile: no licence field; node_modules package\.json: no licence field; licence text: LICENCE: text not recognised; \.rampart\/licenses\.json: absent or unusable\)/,
    );
    expect(r.findings.find((f) => f.properties?.package === "a")).toMatchObject({
      ruleId: "deps/license-denied",
      properties: { licenseSource: "license-file" },
    });
  });
});

describe(".rampart/licenses.json: filled by deps update --online from the registry, read as untrusted input", () => {
  const DAY = 86_400_000;
  const registry = useLoopbackServer(
    registryHandler({
      "gpl-lib": packument("gpl-lib", { "1.0.0": { license: "GPL-3.0-only" } }),
      "mit-lib": packument("mit-lib", { "2.0.0": { license: { type: "MIT" } }, "2.1.0": { ageMs: DAY } }),
      "odd-lib": packument("odd-lib", { "1.0.0": {} }),
    }),
  );
  // Another registry (a company's private one): never asked by a run that asks the one above.
  const privateRegistry = useLoopbackServer(registryHandler({}));
  const repos = useRepos();
  const DB = resolve(import.meta.dirname, "fixtures/osv");
  const deps = { "gpl-lib": "1.0.0", "mit-lib": "2.0.0", "odd-lib": "1.0.0", "private-lib": "3.0.0" };
  const project = () =>
    repos.make(
      {
        "package.json": npmManifest(deps),
        "package-lock.json": npmLock(deps, registry.url),
        ".rampart/config.yaml": `version: 1\ndeps:\n  database: ${DB}\n  maxAgeDays: 100000\n  quality:\n    minReleaseAgeDays: 0\n  online:\n    npm: ${registry.url}\n  licenses:\n    allow: [MIT, ISC]\n    unknown: warn\n`,
      },
      { commit: true },
    );

  it("update --online says the registry, and records it in .rampart/licenses.json (a committed file), without a token its URL carries", async () => {
    const token = ["query", "token", String(process.pid)].join("-"); // assembled: no credential in the source
    const r = await repos.make(
      {
        "package.json": npmManifest(deps),
        "package-lock.json": npmLock(deps, registry.url),
        ".rampart/config.yaml": `version: 1\ndeps:\n  database: ${DB}\n  online:\n    npm: ${registry.url}/?token=${token}\n`,
      },
      { commit: true },
    );
    const up = await runCli(["deps", "update", "--online", "--from", DB, "--db", r.path("db")], {
      cwd: r.dir,
      env: r.env,
    });
    expect(up.exitCode, up.stderr).toBe(ExitCode.Clean);
    expect(up.stderr).toContain("registry document(s) fetched from http://127.0.0.1:");
    expect(up.stderr).toContain("not on http://127.0.0.1:");
    expect(up.stderr).not.toContain(token);
    const written = readFileSync(r.path(".rampart/licenses.json"), "utf8");
    expect(JSON.parse(written).registry).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(written).not.toContain(token);
  });

  it("update --online writes the licences the lockfile lacks; deps check reads them offline with their source", async () => {
    const r = await project();
    const up = await runCli(["deps", "update", "--online", "--from", DB, "--db", r.path("db")], {
      cwd: r.dir,
      env: r.env,
    });
    expect(up.exitCode, up.stderr).toBe(ExitCode.Clean);
    expect(up.stderr).toContain(".rampart/licenses.json: 3 licence(s) (1 with none named on the registry)");
    expect(up.stderr).toContain("not on");
    expect(up.stderr).toContain("private-lib@3.0.0");
    const doc = JSON.parse(readFileSync(r.path(".rampart/licenses.json"), "utf8"));
    expect(doc).toMatchObject({
      version: 1,
      registry: registry.url,
      licenses: { "gpl-lib@1.0.0": "GPL-3.0-only", "mit-lib@2.0.0": "MIT", "odd-lib@1.0.0": null },
    });
    expect(Object.keys(doc.licenses)).toEqual(["gpl-lib@1.0.0", "mit-lib@2.0.0", "odd-lib@1.0.0"]);

    registry.seen.length = 0;
    const check = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(registry.seen).toEqual([]); // offline
    expect(check.exitCode).toBe(ExitCode.Findings);
    const findings = JSON.parse(check.stdout).findings as Array<{
      ruleId: string;
      message: string;
      properties?: Record<string, unknown>;
    }>;
    expect(findings.find((f) => f.properties?.package === "gpl-lib")).toMatchObject({
      ruleId: "deps/license-denied",
      properties: { licenseSource: "cache", path: ["gpl-lib"] },
    });
    expect(findings.some((f) => f.properties?.package === "mit-lib")).toBe(false);
    expect(findings.find((f) => f.properties?.package === "odd-lib")?.message).toContain(
      ".rampart/licenses.json: the registry names no licence",
    );
    expect(findings.find((f) => f.properties?.package === "private-lib")?.message).toContain(
      ".rampart/licenses.json: no entry",
    );
  });

  // deps check's routing (route.ts), for update --online too: before, it asked deps.online.npm
  // about every registry package of the lockfiles, so a private package's name reached it.
  it("update --online asks the registry only about packages that come from it: another registry's URL or scope, or a host elsewhere, is never named to it", async () => {
    const integrity = (n: string) => `sha512-${Buffer.from(n).toString("base64")}`;
    const entries: Record<string, { version: string } & Record<string, unknown>> = {
      // From the registry asked: by its URL, and by the .npmrc's default registry (no URL).
      "gpl-lib": {
        version: "1.0.0",
        resolved: `${registry.url}/gpl-lib/-/gpl-lib-1.0.0.tgz`,
        integrity: integrity("g"),
      },
      "mit-lib": { version: "2.0.0", integrity: integrity("m") },
      // From elsewhere: the private registry's URL, a scope the .npmrc maps there, another host.
      "@corp/secret-lib": {
        version: "1.0.0",
        resolved: `${privateRegistry.url}/@corp/secret-lib/-/secret-lib-1.0.0.tgz`,
        integrity: integrity("s"),
      },
      "@corp/quiet-lib": { version: "2.0.0", integrity: integrity("q") },
      "hidden-lib": {
        version: "3.0.0",
        resolved: "https://npm.other.example/hidden-lib/-/hidden-lib-3.0.0.tgz",
        integrity: integrity("h"),
      },
      "git-lib": {
        version: "1.0.0",
        resolved: "git+ssh://git@git.corp.example/git-lib.git#0123456789abcdef0123456789abcdef01234567",
      },
      "file-lib": { version: "1.0.0", resolved: "file:../file-lib" },
    };
    const direct = directOf(entries);
    const lockText = npmLockOf(entries);
    const r = await repos.make(
      {
        "package.json": npmManifest(direct),
        "package-lock.json": lockText,
        ".npmrc": `registry=${registry.url}/\n@corp:registry=${privateRegistry.url}/\n`,
        ".rampart/config.yaml": `version: 1\ndeps:\n  database: ${DB}\n  online:\n    npm: ${registry.url}\n`,
      },
      { commit: true },
    );
    const up = await runCli(["deps", "update", "--online", "--from", DB, "--db", r.path("db")], {
      cwd: r.dir,
      env: r.env,
    });
    expect(up.exitCode, up.stderr).toBe(ExitCode.Clean);
    expect(registry.seen.map((s) => `${s.method} ${s.url}`).sort()).toEqual(["GET /gpl-lib", "GET /mit-lib"]);
    expect(privateRegistry.seen).toEqual([]);
    const host = new URL(privateRegistry.url).host;
    expect(up.stderr).toContain(
      `not asked: 3 package(s) that do not come from ${registry.url}, whose names are not sent there (@corp/quiet-lib@2.0.0: its scope @corp maps to ${host}; @corp/secret-lib@1.0.0: resolved from ${host}; hidden-lib@3.0.0: resolved from npm.other.example)`,
    );
    // Their licences are not read from the registry cache either (another registry's answer for the name).
    expect(Object.keys(JSON.parse(readFileSync(r.path(".rampart/licenses.json"), "utf8")).licenses)).toEqual([
      "gpl-lib@1.0.0",
      "mit-lib@2.0.0",
    ]);
  });

  it("update --online: a scope the USER's config maps elsewhere (~/.npmrc, npm_config_ env, pnpm's global rc, ~/.yarnrc.yml) is not asked; it cannot bring a name the repository routes elsewhere back", async () => {
    const integrity = (n: string) => `sha512-${Buffer.from(n).toString("base64")}`;
    // No tarball URLs (pnpm, npm's omit-lockfile-registry-resolved): the config decides where each comes from.
    const names = ["mit-lib", "@corp/quiet-lib", "@envs/a", "@pn/b", "@yb/c", "@mirror/d", "@open/e"];
    const entries = Object.fromEntries(names.map((n) => [n, { version: "2.0.0", integrity: integrity(n) }]));
    const direct = directOf(entries);
    const lockText = npmLockOf(entries);
    const r = await repos.make(
      {
        "package.json": npmManifest(direct),
        "package-lock.json": lockText,
        ".npmrc": `registry=${registry.url}/\n@mirror:registry=${privateRegistry.url}/\n`,
        ".rampart/config.yaml": `version: 1\ndeps:\n  database: ${DB}\n  online:\n    npm: ${registry.url}\n`,
      },
      { commit: true },
    );
    const host = new URL(privateRegistry.url).host;
    const token = ["npm", "Zq8RkT2vXw9LmN4pQs7YdF3hJc6Ub1AeGi5o"].join("_");
    // Where people keep the scope, with its token; the user's config mapping @mirror to the registry asked
    // does not bring back what the repository's config routes elsewhere.
    writeFileSync(
      join(r.home, ".npmrc"),
      `@corp:registry=${privateRegistry.url}/\n//${host}/:_authToken=${token}\n@open:registry=${registry.url}/\n@mirror:registry=${registry.url}/\n`,
    );
    mkdirSync(join(r.home, ".config", "pnpm"), { recursive: true });
    writeFileSync(join(r.home, ".config", "pnpm", "rc"), `@pn:registry=${privateRegistry.url}/\n`);
    writeFileSync(join(r.home, ".yarnrc.yml"), `npmScopes:\n  yb:\n    npmRegistryServer: "${privateRegistry.url}"\n`);
    const env = { ...r.env, "npm_config_@envs:registry": `${privateRegistry.url}/` };
    const up = await runCli(["deps", "update", "--online", "--from", DB, "--db", r.path("db")], { cwd: r.dir, env });
    expect(up.exitCode, up.stderr).toBe(ExitCode.Clean);
    expect(registry.seen.map((s) => `${s.method} ${s.url}`).sort()).toEqual(["GET /@open%2Fe", "GET /mit-lib"]);
    expect(privateRegistry.seen).toEqual([]);
    for (const [pkg, scope] of [
      ["@corp/quiet-lib", "@corp"],
      ["@envs/a", "@envs"],
      ["@pn/b", "@pn"],
      ["@yb/c", "@yb"],
    ])
      expect(up.stderr).toContain(`${pkg}@2.0.0: your user config maps its scope ${scope} to ${host}`);
    expect(up.stderr).toContain(`@mirror/d@2.0.0: its scope @mirror maps to ${host}`);
    expect(up.stderr).not.toContain(token);
    expect(up.stderr).not.toContain(token.slice(4, 12));
  });

  it.each([
    ["not JSON", "{ nope", /^\.rampart\/licenses\.json is not JSON \(.*\): not used$/],
    ["another format version", '{"version": 9, "licenses": {}}', /format version 9, not 1: not used/],
    ["an array", "[1, 2]", /not a licence cache \(not an object\)/],
  ])(
    "a cache that is %s: one warning line, the check goes on, update refuses to overwrite it without --force",
    async (_what, text, line) => {
      const r = await project();
      r.write(".rampart/licenses.json", text);
      const check = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
      expect(check.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
      const findings = JSON.parse(check.stdout).findings as Array<{ ruleId: string; message: string; file: string }>;
      const bad = findings.filter((f) => f.ruleId === "deps/license-cache-invalid");
      expect(bad).toHaveLength(1);
      expect(bad[0]?.message).toMatch(line);
      expect(findings.filter((f) => f.ruleId === "deps/license-unknown")).toHaveLength(4); // the others still judged
      const up = await runCli(["deps", "update", "--online", "--from", DB, "--db", r.path("db")], {
        cwd: r.dir,
        env: r.env,
      });
      expect(up.exitCode).toBe(ExitCode.Error);
      expect(up.stderr).toContain("--force");
      expect(readFileSync(r.path(".rampart/licenses.json"), "utf8")).toBe(text);
      const forced = await runCli(["deps", "update", "--online", "--force", "--from", DB, "--db", r.path("db")], {
        cwd: r.dir,
        env: r.env,
      });
      expect(forced.exitCode, forced.stderr).toBe(ExitCode.Clean);
      expect(readLicenseCache(r.dir).cache?.licenses.get("gpl-lib@1.0.0")).toBe("GPL-3.0-only");
    },
  );

  it("update --online: a lockfile that cannot be read is named (exit 2) after the others' licences were written", async () => {
    const r = await project();
    // Listed before the root lockfile: before, the first broken one ended the run, nothing written.
    r.write("a/package-lock.json", '{"lockfileVersion": 3, "packages": {\n');
    await r.commit("broken lockfile");
    const up = await runCli(["deps", "update", "--online", "--from", DB, "--db", r.path("db")], {
      cwd: r.dir,
      env: r.env,
    });
    expect(up.exitCode, up.stderr).toBe(ExitCode.Error);
    expect(up.stderr).toMatch(/^rampart: a\/package-lock\.json:\d+: /m);
    expect(up.stderr).not.toContain("no problems found");
    expect(readLicenseCache(r.dir).cache?.licenses.get("gpl-lib@1.0.0")).toBe("GPL-3.0-only");
  });

  it("malformed entries are skipped and counted; the good ones are used", async () => {
    const r = await project();
    r.write(
      ".rampart/licenses.json",
      JSON.stringify({
        version: 1,
        licenses: { "gpl-lib@1.0.0": "GPL-3.0-only", "mit-lib@2.0.0": 42, "no version": "MIT", "odd-lib@1.0.0": "" },
      }),
    );
    const read = readLicenseCache(r.dir);
    expect(read.problem).toBe(".rampart/licenses.json: 3 malformed entries skipped");
    expect([...(read.cache?.licenses ?? [])]).toEqual([["gpl-lib@1.0.0", "GPL-3.0-only"]]);
    const check = await runCli(["deps", "check"], { cwd: r.dir, env: r.env });
    expect(check.stdout + check.stderr).toContain("3 malformed entries skipped");
    expect(check.stdout + check.stderr).toContain("gpl-lib@1.0.0 is licensed GPL-3.0-only");
  });
});

// What a change may switch off is read from the trusted side: a licence cache entry the change
// adds would let it vouch for the licence of what it adds itself.
describe(".rampart/licenses.json in CI (--policy-rev) is the base's: what the change adds to it is not used", () => {
  const repos = useRepos();
  const DB = resolve(import.meta.dirname, "fixtures/osv");
  const policy = `version: 1\ndeps:\n  database: ${DB}\n  maxAgeDays: 100000\n  quality:\n    minReleaseAgeDays: 0\n  licenses:\n    allow: [MIT]\n`;
  const cache = (licenses: Record<string, string | null>) =>
    `${JSON.stringify({ version: 1, registry: "https://registry.npmjs.org/", updated: "2026-01-01", licenses }, null, 2)}\n`;

  it("an entry the change adds for the package it adds counts as unknown; the base's entries are used; said once", async () => {
    const r = await repos.make(
      {
        "package.json": npmManifest({ "mit-lib": "2.0.0" }),
        "package-lock.json": npmLock({ "mit-lib": "2.0.0" }),
        ".rampart/config.yaml": policy,
        ".rampart/licenses.json": cache({ "mit-lib@2.0.0": "MIT" }),
      },
      { commit: true },
    );
    const base = (await r.git(["rev-parse", "HEAD"])).trim();
    const deps = { "gpl-lib": "1.0.0", "mit-lib": "2.0.0", "other-lib": "1.0.0" };
    r.write("package.json", npmManifest(deps));
    r.write("package-lock.json", npmLock(deps));
    // The change vouches for its own new dependencies (a false MIT), and alters nothing else.
    r.write(
      ".rampart/licenses.json",
      cache({ "gpl-lib@1.0.0": "MIT", "mit-lib@2.0.0": "MIT", "other-lib@1.0.0": "MIT" }),
    );
    await r.git(["commit", "-qam", "feat: gpl-lib"]);

    const trusted = await runCli(["deps", "check", "--policy-rev", base, "--format", "json"], {
      cwd: r.dir,
      env: r.env,
    });
    expect(trusted.exitCode, trusted.stderr).toBe(ExitCode.Findings);
    const findings = JSON.parse(trusted.stdout).findings as Array<{ ruleId: string; message: string; file: string }>;
    const unknown = findings.filter((f) => f.ruleId === "deps/license-unknown");
    expect(unknown.map((f) => f.message.split(":")[0]).sort()).toEqual(["gpl-lib@1.0.0", "other-lib@1.0.0"]);
    expect(unknown[0]?.message).toContain(
      `the change's own .rampart/licenses.json says "MIT", which ${base}'s copy does not: not used`,
    );
    expect(findings.filter((f) => f.ruleId === "deps/license-cache-unverified").map((f) => f.message)).toEqual([
      `2 entries of .rampart/licenses.json that this change adds or alters are not used: licences are read from ${base}'s copy`,
    ]);
    expect(findings.some((f) => f.message.startsWith("mit-lib@"))).toBe(false); // the base's entry

    // Without --policy-rev (a developer's own check) the working tree's cache is read as before.
    const local = await runCli(["deps", "check", "--format", "json"], { cwd: r.dir, env: r.env });
    expect(local.exitCode, local.stderr).toBe(ExitCode.Clean);
  });

  it("the base's cache that does not check out is named REV:.rampart/licenses.json and not used", async () => {
    const r = await repos.make(
      {
        "package.json": npmManifest({ "mit-lib": "2.0.0" }),
        "package-lock.json": npmLock({ "mit-lib": "2.0.0" }),
        ".rampart/config.yaml": policy,
        ".rampart/licenses.json": "{ nope",
      },
      { commit: true },
    );
    const base = (await r.git(["rev-parse", "HEAD"])).trim();
    r.write(".rampart/licenses.json", cache({ "mit-lib@2.0.0": "MIT" })); // repaired by the change
    await r.git(["commit", "-qam", "chore: licence cache"]);
    const check = await runCli(["deps", "check", "--policy-rev", base, "--format", "json"], { cwd: r.dir, env: r.env });
    expect(check.exitCode).toBe(ExitCode.Findings);
    const findings = JSON.parse(check.stdout).findings as Array<{ ruleId: string; message: string }>;
    expect(findings.find((f) => f.ruleId === "deps/license-cache-invalid")?.message).toMatch(
      new RegExp(`^${base}:\\.rampart/licenses\\.json is not JSON`),
    );
    expect(findings.find((f) => f.ruleId === "deps/license-unknown")?.message).toContain("mit-lib@2.0.0");
  });
});

// A change writes its patches: a patch that edits a dependency's package.json could give it any
// licence, and the installed (patched) copy outranks every other source.
describe("licenseOf: a package the lockfile patches", () => {
  const repos = useRepos();
  const lock = (patches: Record<string, string>) =>
    [
      "lockfileVersion: '9.0'",
      "",
      "settings:",
      "  autoInstallPeers: true",
      "  excludeLinksFromLockfile: false",
      "",
      "patchedDependencies:",
      ...Object.entries(patches).flatMap(([name, path]) => [
        `  ${name}@1.0.0:`,
        "    hash: abc123",
        `    path: ${path}`,
      ]),
      "",
      "importers:",
      "",
      "  .:",
      "    dependencies:",
      ...Object.keys(patches).flatMap((name) => [
        `      ${name}:`,
        "        specifier: 1.0.0",
        "        version: 1.0.0(patch_hash=abc123)",
      ]),
      "",
      "packages:",
      "",
      ...Object.keys(patches).flatMap((name) => [
        `  ${name}@1.0.0:`,
        `    resolution: {integrity: sha512-${"A".repeat(86)}==}`,
        "",
      ]),
      "snapshots:",
      "",
      ...Object.keys(patches).flatMap((name) => [`  ${name}@1.0.0(patch_hash=abc123): {}`, ""]),
    ].join("\n");
  const diff = (file: string, from: string, to: string) =>
    `diff --git a/${file} b/${file}\n--- a/${file}\n+++ b/${file}\n@@ -1,1 +1,1 @@\n-${from}\n+${to}\n`;

  it("its installed package.json is not used when the patch edits it or a licence text; it is when the patch leaves them alone", async () => {
    const r = await repos.make({
      "pnpm-lock.yaml": lock({
        "gpl-lib": "patches/gpl-lib.patch",
        "ok-lib": "patches/ok-lib.patch",
        "gone-lib": "patches/missing.patch",
      }),
      "patches/gpl-lib.patch": diff("package.json", '  "license": "GPL-3.0-only",', '  "license": "MIT",'),
      "patches/ok-lib.patch": diff("index.js", "module.exports = 1;", "module.exports = 2;"),
      "node_modules/gpl-lib/package.json": '{ "name": "gpl-lib", "version": "1.0.0", "license": "MIT" }',
      "node_modules/ok-lib/package.json": '{ "name": "ok-lib", "version": "1.0.0", "license": "MIT" }',
      "node_modules/gone-lib/package.json": '{ "name": "gone-lib", "version": "1.0.0", "license": "MIT" }',
    });
    const lockfile = await parseLockfile({ path: "pnpm-lock.yaml", cwd: r.dir });
    const of = (name: string) => {
      const p = lockfile.packages.find((x) => x.name === name);
      if (p === undefined) throw new Error(name);
      return licenseOf(p, r.dir);
    };
    expect(of("gpl-lib")).toMatchObject({ from: "none" });
    expect(of("gpl-lib").tried).toContain(
      "node_modules: patched by patches/gpl-lib.patch, which edits its package.json or licence text: not used",
    );
    expect(of("gone-lib").tried).toContain(
      "node_modules: patched by patches/missing.patch, which could not be read: not used",
    );
    expect(of("ok-lib")).toMatchObject({ raw: "MIT", from: "node_modules" });
    const findings = checkLicenses(lockfile, { allow: ["MIT"] }, { root: r.dir }).findings;
    expect(
      findings
        .filter((f) => f.ruleId === "deps/license-unknown")
        .map((f) => f.properties?.package)
        .sort(),
    ).toEqual(["gone-lib", "gpl-lib"]);
  });
});
