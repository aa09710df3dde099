// Types of config-schema.mjs, for test/scripts/config-schema.test.ts.
export declare const SCHEMA_FILE: string;
export declare const TYPES_FILE: string;
export declare const README_FILE: string;
export declare const GENERATOR: string;
export declare const COMMAND: string;
export declare function renderTypes(schema: unknown): string;
export declare function renderReference(schema: unknown): string;
