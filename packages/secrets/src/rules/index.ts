import type { SecretRule } from "../rule.js";
import { builtin } from "./table.js";

export { type RuleSet, type RuleTable, readTable, ruleFilesHash, runtimeRules } from "./table.js";

/**
 * The built-in rules, every one parsed (rules/table.ts loads them; the engine reads them one at
 * a time from there and recognises this array as the same set). Order matters only for ties:
 * when two rules find the same span with the same confidence, the earlier one is reported, so
 * self-identifying formats come first.
 */
export const rules: SecretRule[] = builtin.all();
