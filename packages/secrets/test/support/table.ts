import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PREPARED_VERSION, prepareRules } from "../../src/match.js";
import type { SecretRule } from "../../src/rule.js";
import { type RuleSet, readTable, ruleFilesHash, tableFiles } from "../../src/rules/table.js";

const src = join(import.meta.dirname, "../../src");

/**
 * The build's rule table made from these rules, in a temporary copy of the rule and engine
 * modules (what the table's hash covers), and that folder's URL. `remove()` deletes it.
 */
export function writeTable(rules: readonly SecretRule[]): { dir: string; url: URL; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), "rampart-table-"));
  const dir = join(root, "rules");
  cpSync(join(src, "rules"), dir, { recursive: true });
  for (const name of readdirSync(src).filter((n) => /^match(?:-anchors|-keywords)?\.ts$/.test(n))) {
    cpSync(join(src, name), join(root, name));
  }
  const url = pathToFileURL(`${dir}/`);
  const files = tableFiles(
    ruleFilesHash(url),
    rules,
    JSON.parse(JSON.stringify(prepareRules(rules))),
    PREPARED_VERSION,
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, url, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The rules as a hook loads them from the build's table: each parsed on first use, the preparation read. */
export function tableRuleSet(rules: readonly SecretRule[]): RuleSet {
  const { url, remove } = writeTable(rules);
  try {
    const set = readTable(url);
    if (set === undefined) throw new Error("the table just written was not read back");
    return set;
  } finally {
    remove();
  }
}
