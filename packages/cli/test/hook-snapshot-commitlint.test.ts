import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { repoRoot, tempDir } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";

// The startup snapshot's copy of @commitlint/lint (src/hook-snapshot-commitlint.ts, converted to
// CommonJS by scripts/bundle.mjs) must judge every message as the real package does: the same
// outcome (valid, errors, warnings, in order, with their messages) or the same error, over
// configs loaded by the real @commitlint/load (presets, a parser preset, a user plugin, function
// ignores, defaultIgnores off, a rule with no implementation) and messages of every kind.

const cliDir = join(repoRoot, "packages/cli");
const snapshotFile = join(cliDir, "dist/hook-snapshot.cjs");
const benchModules = join(repoRoot, "bench/node_modules");

type Lint = (message: string, rules: object, options: object) => Promise<unknown>;

const CONFIGS: Record<string, string> = {
  conventional: 'export default { extends: ["@commitlint/config-conventional"] };\n',
  "plugin, ignores and more rules": `export default {
  extends: ["@commitlint/config-conventional"],
  plugins: [{ rules: { "ticket-ref": (parsed) => [/\\bABC-\\d+\\b/.test(parsed.raw ?? ""), "must name a ticket ABC-n"] } }],
  ignores: [(message) => message.startsWith("WIP")],
  rules: {
    "ticket-ref": [2, "always"],
    "scope-enum": [2, "always", ["api", "ui"]],
    "subject-case": [2, "always", "lower-case"],
    "header-max-length": [1, "always", 40],
    "signed-off-by": [1, "always", "Signed-off-by:"],
    "trailer-exists": [1, "always", "Reviewed-by:"],
    "body-max-line-length": [2, "always", 20],
    "references-empty": [1, "never"],
  },
};
`,
  "own parser, no default ignores": `export default {
  defaultIgnores: false,
  parserPreset: { parserOpts: { headerPattern: /^(\\w+)\\/(.*)$/, headerCorrespondence: ["type", "subject"] } },
  rules: { "type-empty": [2, "never"], "subject-empty": [2, "never"], "header-case": [2, "always", "lower-case"] },
};
`,
  "a rule with no implementation":
    'export default { rules: { "no-such-rule": [2, "always"], "type-empty": [2, "never"] } };\n',
};

const MESSAGES = [
  "",
  "stuff",
  "feat: add the thing",
  "feat(api): add the thing ABC-12",
  "Feat: Add The Thing.",
  "fix(db)!: drop the table\n\nBREAKING CHANGE: the table is gone",
  "feat(ui): a header that is much longer than forty characters, certainly ABC-1",
  "fix: body without a blank line\nsecond line that is long enough to pass twenty characters",
  "chore: sign\n\nbody\n\nSigned-off-by: A <a@example.com>\nReviewed-by: B <b@example.com>",
  "Merge branch 'main' into topic",
  'Revert "feat: add the thing"\n\nThis reverts commit 0123456789abcdef.',
  "v1.2.3",
  "fixup! feat: add the thing",
  "WIP do not merge",
  "feat: closes #12\n\nRefs #34",
  "# a comment only\n",
  "feat: crlf line ends\r\n\r\nbody\r\n",
  "feat/slash subject",
  "  feat: leading spaces",
  "feat: émoji 🎉 and ünïcode",
];

async function realCommitlint() {
  const req = createRequire(realpathSync(join(benchModules, "@commitlint/cli/package.json")));
  const load = (await import(pathToFileURL(req.resolve("@commitlint/load")).href)) as {
    default: (seed: object, options: object) => Promise<Record<string, unknown>>;
  };
  const lint = (await import(pathToFileURL(req.resolve("@commitlint/lint")).href)) as { default: Lint };
  return { load: load.default, lint: lint.default };
}

describe.skipIf(!existsSync(snapshotFile) || !existsSync(join(benchModules, "@commitlint/cli")))(
  "the startup snapshot's @commitlint/lint (skipped: not built, or bench/ not installed)",
  () => {
    it("judges every message and config as the real @commitlint/lint does", async () => {
      const bundled = (createRequire(import.meta.url)(snapshotFile) as { commitlintLint: Lint }).commitlintLint;
      expect(typeof bundled).toBe("function");
      const real = await realCommitlint();
      expect(bundled).not.toBe(real.lint);
      let compared = 0;
      let refused = 0;
      for (const [name, text] of Object.entries(CONFIGS)) {
        const { dir } = tempDir("rampart-commitlint-");
        mkdirSync(join(dir, "node_modules/@commitlint"), { recursive: true });
        symlinkSync(
          join(benchModules, "@commitlint/config-conventional"),
          join(dir, "node_modules/@commitlint/config-conventional"),
        );
        writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
        writeFileSync(join(dir, "commitlint.config.mjs"), text);
        const config = await real.load({}, { cwd: dir });
        const parserOpts = (config.parserPreset as { parserOpts?: object } | undefined)?.parserOpts ?? {};
        // As the hook passes them (packages/hooks/src/hook/commitlint.ts).
        const options = {
          parserOpts: { commentChar: "#", ...parserOpts },
          plugins: config.plugins ?? {},
          ignores: config.ignores ?? [],
          defaultIgnores: config.defaultIgnores !== false,
        };
        for (const message of MESSAGES) {
          const outcome = async (lint: Lint) => {
            try {
              return { ok: await lint(message, config.rules as object, options) };
            } catch (error) {
              return { threw: String((error as Error).message) };
            }
          };
          const want = await outcome(real.lint);
          expect(await outcome(bundled), `${name}: ${JSON.stringify(message)}`).toEqual(want);
          compared++;
          if ("threw" in want || !(want.ok as { valid: boolean }).valid) refused++;
        }
      }
      // The set exercises both verdicts (and the error), not only passes.
      expect(compared).toBe(Object.keys(CONFIGS).length * MESSAGES.length);
      expect(refused).toBeGreaterThan(compared / 3);
      expect(refused).toBeLessThan(compared);
    });

    it("refuses a malformed rule config with the real one's words (node:util, imported as itself)", async () => {
      const bundled = (createRequire(import.meta.url)(snapshotFile) as { commitlintLint: Lint }).commitlintLint;
      const real = await realCommitlint();
      const threw = async (lint: Lint, rules: object) =>
        lint("feat: x", rules, {}).then(
          () => "passed",
          (error: Error) => error.message,
        );
      for (const rules of [
        { "header-max-length": "bad" },
        { "header-max-length": [3, "always", 10] },
        { "type-enum": [2, "sometimes", ["feat"]] },
      ]) {
        const want = await threw(real.lint, rules);
        expect(want).toMatch(/received/);
        expect(await threw(bundled, rules)).toBe(want);
      }
    });

    it("loads none of node:util's lazy exports (worker_threads, its diff and colours) into the blob", () => {
      // What the builder loads is what the blob holds: requiring the file runs the same modules.
      const loaded = execFileSync(
        process.execPath,
        ["-e", `require(${JSON.stringify(snapshotFile)}); console.log(JSON.stringify(process.moduleLoadList))`],
        { encoding: "utf8" },
      );
      const list = JSON.parse(loaded) as string[];
      expect(list).toContain("NativeModule util");
      for (const name of ["worker_threads", "internal/util/diff", "internal/util/colors"])
        expect(list, name).not.toContain(`NativeModule ${name}`);
    });

    it("is the @commitlint/lint that the profiles' @commitlint/cli installs today, listed with its graph", async () => {
      const packages = JSON.parse(
        /^var __rampartCommitlintPackages = (.*);$/m.exec(readFileSync(snapshotFile, "utf8"))?.[1] ?? "null",
      ) as Array<{ name: string; version: string; files: string[]; deps: Array<[string, number]> }>;
      expect(packages[0]?.name).toBe("@commitlint/lint");
      const cli = JSON.parse(readFileSync(join(benchModules, "@commitlint/cli/package.json"), "utf8"));
      const profile = JSON.parse(
        readFileSync(join(repoRoot, "packages/hooks/templates/recommended/profile.json"), "utf8"),
      );
      expect(cli.version).toBe(profile.devDependencies["@commitlint/cli"]);
      const installed = createRequire(realpathSync(join(benchModules, "@commitlint/cli/package.json")))(
        "@commitlint/lint/package.json",
      ).version;
      expect(packages[0]?.version).toBe(installed);
      // Every package it reaches is listed, each file of it with code in the bundle included.
      const names = packages.map((p) => p.name);
      for (const name of ["@commitlint/rules", "@commitlint/parse", "@commitlint/is-ignored", "semver", "es-toolkit"])
        expect(names).toContain(name);
      for (const p of packages) {
        expect(p.files).toContain("package.json");
        for (const [, at] of p.deps) expect(packages[at], p.name).toBeDefined();
      }
      // And the SBOM shipped beside it names each (by purl and version).
      const text = readFileSync(join(cliDir, "dist/hook-snapshot.cdx.json"), "utf8");
      expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull();
      const sbom = JSON.parse(text) as { components: Array<{ purl: string }> };
      const purls = sbom.components.map((c) => c.purl);
      for (const p of packages) expect(purls).toContain(`pkg:npm/${p.name.replace("@", "%40")}@${p.version}`);
      const licences = readFileSync(join(cliDir, "dist/hook-snapshot.licenses.txt"), "utf8");
      for (const p of packages) expect(licences).toContain(`${p.name}@${p.version} (`);
    });
  },
);
