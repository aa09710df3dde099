// Types of generated-docs.mjs, for the tests that import it (test/scripts/*.test.ts).
export declare const GENERATOR: string;
export declare function markers(name: string, generator?: string): { start: string; end: string };
export declare function splice(text: string, name: string, body: string, generator?: string): string | undefined;
export declare function cell(text: unknown): string;
export declare function table(head: readonly string[], rows: readonly (readonly unknown[])[]): string;
export declare function renderErrorCodes(
  codes: Readonly<Record<string, { meaning: string; hint: string }>>,
  options: { exitFor: (code: string) => number; core?: boolean },
): string;
export declare const ERROR_CODE_PACKAGES: readonly string[];
export declare const RULE_PACKAGES: readonly string[];
export declare function renderRules(registry: unknown): string;
