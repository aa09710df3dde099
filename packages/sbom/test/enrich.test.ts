import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@rampart/test-helpers";
import { expect, it } from "vitest";
import { generateSbom } from "../src/sbom/generate.js";

function write(dir: string, path: string, data: unknown) {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), typeof data === "string" ? data : JSON.stringify(data));
}

const pkg = (name: string, version: string) => ({
  version,
  resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
});

it("reads licences, descriptions and authors from node_modules, only from manifests of the same name@version", async () => {
  const { dir } = tempDir("rampart-enrich-");
  write(dir, "package.json", { name: "app", version: "1.0.0", license: "Apache-2.0", description: "the app" });
  write(dir, "package-lock.json", {
    name: "app",
    version: "1.0.0",
    lockfileVersion: 3,
    packages: {
      "": { name: "app", version: "1.0.0", dependencies: { a: "1", b: "1", c: "1" } },
      "node_modules/a": pkg("a", "1.0.0"),
      "node_modules/b": pkg("b", "1.0.0"),
      "node_modules/c": { ...pkg("c", "1.0.0"), license: "MIT" },
    },
  });
  write(dir, "node_modules/a/package.json", {
    name: "a",
    version: "1.0.0",
    license: "ISC",
    description: " A tool ",
    author: "Ada Lovelace <ada@example.com> (https://ada.example)",
  });
  // stale install: b@0.9.0 on disk, b@1.0.0 in the lockfile
  write(dir, "node_modules/b/package.json", {
    name: "b",
    version: "0.9.0",
    license: "GPL-3.0-only",
    description: "old",
  });
  write(dir, "node_modules/c/package.json", {
    name: "c",
    version: "1.0.0",
    licenses: [{ type: "BSD-2-Clause" }],
    author: { name: "Grace", email: "g@example.com" },
  });
  const doc = JSON.parse((await generateSbom({ cwd: dir, timestamp: "none" })).content);
  const by = (n: string) => doc.components.find((c: { name: string }) => c.name === n);
  expect(by("a")).toMatchObject({
    description: "A tool",
    author: "Ada Lovelace",
    licenses: [{ license: { id: "ISC" } }],
  });
  expect(by("b").description).toBeUndefined();
  expect(by("b").licenses).toBeUndefined();
  // the lockfile's own licence field wins over node_modules
  expect(by("c")).toMatchObject({ author: "Grace", licenses: [{ license: { id: "MIT" } }] });
  expect(doc.metadata.component).toMatchObject({
    name: "app",
    description: "the app",
    licenses: [{ license: { id: "Apache-2.0" } }],
  });
  expect(JSON.stringify(doc)).not.toContain("@example.com");
  const without = JSON.parse((await generateSbom({ cwd: dir, timestamp: "none", enrich: false })).content);
  expect(without.components.find((c: { name: string }) => c.name === "a").licenses).toBeUndefined();
});
