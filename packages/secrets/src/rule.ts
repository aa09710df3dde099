import type { Confidence, FrameworkId } from "@rampart/core";

/**
 * A detection rule, as data. Built-in rules live in src/rules/ (one file per provider family);
 * rules from a repo's `.gitleaks.toml` are converted into the same shape.
 */
export interface SecretRule {
  /** kebab-case, stable: used in findings, baselines and allow lists ("github-pat"). */
  id: string;
  /** Who issues the credential ("GitHub", "AWS", "generic"). */
  provider: string;
  description: string;
  /**
   * Lower-case literals; text must contain at least one (case-insensitively) before the pattern
   * runs. This prefilter is what makes scanning fast: keep keywords specific.
   */
  keywords: string[];
  /**
   * Lower-case literals of which at least one must occur too (checked by the same prefilter):
   * for rules whose keywords are common words but whose pattern needs a rarer literal as well.
   */
  requires?: string[];
  /** JavaScript RegExp source. The secret is the named group `secret`, else group 1, else the match. */
  pattern: string;
  /** Extra RegExp flags besides the engine's own ("i" for case-insensitive keys). */
  flags?: string;
  /** Minimum Shannon entropy (bits per character) of the secret, for generic rules. */
  entropy?: number;
  /** Secrets matching any of these (RegExp sources) are placeholders, not findings. */
  allowlist?: string[];
  /** Name of an offline validator (see validators.ts) that raises confidence when it passes. */
  validator?: string;
  /**
   * When the validator fails: "lower" the confidence (default: the format could be mistyped or
   * copied with a slip, and a near-miss is still worth a look) or "drop" the finding (the check
   * proves the string was never issued: a checksum no person computes by hand).
   */
  onInvalid?: "lower" | "drop";
  /** Where the rule applies: "code" (default: ordinary files), "lockfile", "minified". */
  contexts?: Array<"code" | "lockfile" | "minified">;
  /**
   * A rule that knows no provider (`password = "…"`): its findings yield to a provider rule's
   * finding on the same text, and it is skipped in lockfiles and minified code.
   */
  generic?: boolean;
  /**
   * The keywords are prefixes the provider puts on every token ("ghp_"): a value that starts
   * with one but fails this rule's format is a malformed or example token.
   */
  selfIdentifying?: boolean;
  /**
   * Every match starts where one of the keywords occurs (in any case): the engine tries the
   * pattern only at those places instead of running it over the whole text.
   */
  anchored?: boolean;
  /**
   * Every match is one start tag: it starts at a `<`, holds no other `<` or `>`, and holds this
   * literal (case as written), e.g. "value" for `<add key="…" value="…"/>`. The engine tries the
   * pattern only at the last `<` before each place the literal occurs, when no `>` lies between
   * (match.ts runTag), instead of at every `<` of the text: the same matches, since no match
   * can start inside another.
   */
  tag?: string;
  /**
   * For a generic rule that knows a value only by the name it is assigned to: skip values that
   * start with a self-identifying rule's prefix (that rule judged them). Header rules keep them:
   * an Authorization header says the value is a credential, whatever its shape.
   */
  yieldsToPrefixes?: boolean;
  framework: FrameworkId[];
  /** Confidence when the pattern matches and no validator says more. */
  confidence: Confidence;
  /**
   * Texts this rule must find (`secret`) and texts no rule may flag (`clean`), as templates that
   * are filled at run time (see rules/examples.ts), so no literal token sits in the repository.
   * Every built-in rule has them and one test checks them all; the runtime table leaves them out.
   */
  examples?: RuleExamples;
}

export interface RuleExamples {
  secret: string[];
  clean: string[];
}
