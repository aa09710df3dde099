import type { SecretsPolicy } from "@rampart/core";
import { DEFAULT_SECRETS_MAX_FILE_SIZE } from "@rampart/core/policy-defaults";
import type { SecretRule } from "./rule.js";

/** The `secrets` section of `.rampart/config.yaml`: core's type, generated from config.schema.json. */
export type { SecretsPolicy };

/** A file's content read from a trusted revision; `name` (e.g. `origin/main:.rampart/secrets-baseline.json`) names it in errors. */
export interface TrustedText {
  name: string;
  text: string;
}

export interface ScanOptions {
  /** Any directory inside the repository (or, for scanPaths, any directory). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The repository's top level when the caller knows it already (saves asking git). */
  root?: string;
  policy?: SecretsPolicy;
  /** Put the whole secret in findings (message and properties.secret). Default false: masked. */
  showSecrets?: boolean;
  /**
   * Baseline file to filter accepted findings with: a path (relative to the repo root), or false
   * for none. Default: the policy's, else `.rampart/secrets-baseline.json` when it exists.
   * `{ name, text }`: a baseline as a trusted revision holds it (pre-commit: HEAD's, pre-push:
   * the remote side's, CI: --policy-rev's), so a change cannot baseline its own secret.
   */
  baseline?: string | false | TrustedText;
  /**
   * The policy came from a trusted revision (--policy-rev): code the repository names (a
   * .secretlintrc's rule modules) is refused as in CI unless that policy opts in, and an inline
   * allow comment on a line the range adds clears nothing (the finding names it).
   */
  trustedPolicy?: boolean;
  /**
   * The other scanners' configs (core's SECRET_SCANNER_CONFIGS: `.gitleaks.toml`, `.secretlintrc*`)
   * as the trusted revision holds them, by file name (a name absent: the revision has none). When given, the
   * checkout's copies are never read: a change's `.gitleaks.toml` rule could replace a built-in
   * finding at its own lower confidence, and deleting either config would drop its rules.
   */
  scannerConfigs?: Readonly<Record<string, TrustedText>>;
  /** Replace the built-in rules (tests, or a caller with its own rule set). */
  rules?: readonly SecretRule[];
}

// A type alias, not an interface: core's CheckResult wants stats assignable to a record.
export type SecretsStats = {
  /** Files (or file versions, for history) whose content was scanned. */
  files: number;
  bytes: number;
  commits?: number;
  skippedBinary: number;
  /**
   * Names of the binary files (each once): read as raw bytes only, what they encode (compressed
   * streams, archive members) not decoded. `skippedBinary` counts them (the name is historical).
   */
  skippedBinaryFiles: string[];
  /** Files with lines over 2000 characters, judged as generated text (those lines only). */
  generatedFiles: string[];
  /** Commit messages scanned (ranges and history). */
  messages?: number;
  /** Repo-relative paths over maxFileSize: each is also a warning finding. */
  skippedTooLarge: string[];
  /** Files matched by secrets.ignorePaths. */
  ignored: number;
  /** Matches silenced by an inline allow comment. */
  allowed: number;
  /** Findings dropped because the baseline accepts them. */
  baselined: number;
  /** Config problems that did not stop the scan (a gitleaks rule that cannot convert...). */
  warnings: string[];
};

/** secrets.maxFileSize when the policy does not set it (core's, which judges an adopting change's policy against it). */
export const DEFAULT_MAX_FILE_SIZE = DEFAULT_SECRETS_MAX_FILE_SIZE;
export const DEFAULT_BASELINE = ".rampart/secrets-baseline.json";

export function emptyStats(): SecretsStats {
  return {
    files: 0,
    bytes: 0,
    skippedBinary: 0,
    skippedBinaryFiles: [],
    generatedFiles: [],
    skippedTooLarge: [],
    ignored: 0,
    allowed: 0,
    baselined: 0,
    warnings: [],
  };
}
