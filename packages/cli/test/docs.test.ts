import { readFileSync } from "node:fs";
import { repoRoot } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { GLOBAL_OPTIONS, optionTable } from "../src/args.js";
import { renderCommandHelp } from "../src/help.js";
import { renderMarkdownReference, spliceReference } from "../src/help-markdown.js";
import { builtinRegistry, loadAll } from "../src/registry.js";

const commands = await loadAll(builtinRegistry);
const reference = renderMarkdownReference(commands);

describe("the CLI reference in the READMEs", () => {
  it.each(["README.md", "packages/cli/README.md"])(
    "%s matches the option tables (regenerate: node scripts/gen-cli-docs.mjs)",
    (file) => {
      const text = readFileSync(`${repoRoot}/${file}`, "utf8");
      const expected = spliceReference(text, reference);
      expect(expected, `${file} lacks the cli-reference markers`).toBeDefined();
      expect(text).toBe(expected);
    },
  );

  it("documents every command, option and subcommand that --help shows", () => {
    for (const c of commands) {
      expect(reference).toContain(`### \`rampart ${c.name}\``);
      for (const o of [...c.options, ...(c.subcommands ?? []).flatMap((s) => s.options ?? [])]) {
        expect(reference).toContain(`--${o.name}`);
        expect(renderCommandHelp(c)).toContain(`--${o.name}`);
      }
    }
    for (const o of GLOBAL_OPTIONS) expect(reference).toContain(`--${o.name}`);
  });
});

describe("the option tables", () => {
  it("give each short flag one meaning per command and subcommand", () => {
    for (const c of commands) {
      for (const sub of [undefined, ...(c.subcommands ?? [])]) {
        const shorts = optionTable(c, sub).flatMap((o) => (o.short ? [o.short] : []));
        expect(shorts, `rampart ${c.name} ${sub?.name ?? ""}`).toEqual([...new Set(shorts)]);
      }
    }
  });

  it("name each command after its file", () => {
    expect(commands.map((c) => c.name)).toEqual([...builtinRegistry.names]);
  });
});
