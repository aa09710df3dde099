import { compileIgnore, type Finding } from "@rampart/core";
import { hasAllowComment, isAllowedAt } from "./allow.js";
import { contextFor, isBinary, type ScanContext } from "./classify.js";
import type { DiffEntry } from "./diff.js";
import { DEFAULT_MAX_FILE_SIZE, emptyStats, type SecretsPolicy, type SecretsStats } from "./options.js";
import { blobId, type SecretHit, secretFinding, sensitiveFileFinding, tooLargeFinding, type Where } from "./report.js";
import type { SecretRule } from "./rule.js";
import { checkSensitiveFile, mayBeSensitive } from "./sensitive-files.js";

/** What a detector reports: the built-in engine's matches and secretlint's, in one shape. */
export interface TextMatch {
  ruleId: string;
  provider: string;
  secret: string;
  start: number;
  end: number;
  line: number;
  column: number;
  confidence: SecretHit["confidence"];
  validated?: boolean;
  description?: string;
}

export type Detector = (text: string, context: ScanContext, file: string) => TextMatch[] | Promise<TextMatch[]>;

/** Inclusive ranges of 1-based line numbers: the lines a change added. */
export type LineRanges = ReadonlyArray<readonly [number, number]>;

export interface ScannerConfig {
  policy: SecretsPolicy;
  showSecrets: boolean;
  rules: readonly SecretRule[];
  detectors: Detector[];
}

export interface ContentInput extends Where {
  file: string;
  content: Uint8Array;
  /** Keep only matches that touch these lines (of `content`); all when undefined. */
  added?: LineRanges;
  /** Line number of the content's first line in the file (hunks); default 1. */
  firstLine?: number;
  /** git's blob id of the content, when known (saves hashing it). */
  oid?: string;
}

/**
 * Judges contents one at a time and collects findings and stats. Everything that decides
 * *where* a secret is (staged blobs, commit hunks, files) lives in the callers; this decides
 * *whether* it is one: ignore globs, sensitive names, size, binary, context, allow comments.
 */
export class Scanner {
  readonly findings: Finding[] = [];
  readonly stats: SecretsStats = emptyStats();
  readonly #config: ScannerConfig;
  readonly #ignored: (file: string) => boolean;
  readonly #maxSize: number;
  readonly #descriptions = new Map<string, string>();
  readonly #disabled: Set<string>;

  constructor(config: ScannerConfig) {
    this.#config = config;
    this.#ignored = compileIgnore(config.policy.ignorePaths ?? []);
    this.#maxSize = config.policy.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.#disabled = new Set(config.policy.disableRules ?? []);
    for (const r of config.rules) this.#descriptions.set(r.id, r.description);
  }

  isIgnored(file: string): boolean {
    return this.#ignored(file);
  }

  get maxFileSize(): number {
    return this.#maxSize;
  }

  /** Records a file skipped for size without reading it. */
  tooLarge(size: number, where: Where & { file: string }): void {
    this.stats.skippedTooLarge.push(where.file);
    this.findings.push(tooLargeFinding(size, this.#maxSize, where));
  }

  async scan(input: ContentInput): Promise<void> {
    const { file, content } = input;
    if (this.#ignored(file)) {
      this.stats.ignored++;
      return;
    }
    const binary = isBinary(content);
    if (mayBeSensitive(file)) {
      const text = binary ? undefined : Buffer.from(content).toString("utf8");
      this.#checkName(file, text, input.oid ?? blobId(content), content.length, input);
    }
    if (content.length > this.#maxSize) return this.tooLarge(content.length, input);
    if (binary) {
      this.stats.skippedBinary++;
      return;
    }
    this.stats.files++;
    this.stats.bytes += content.length;
    const text = Buffer.from(content.buffer, content.byteOffset, content.length).toString("utf8");
    await this.scanText(text, input);
  }

  /** Scans decoded text (also used for commit messages, which are not files). */
  async scanText(text: string, input: Omit<ContentInput, "content">): Promise<void> {
    const context = contextFor(input.file, text);
    const offset = (input.firstLine ?? 1) - 1;
    // Looking for allow comments costs a pass over the text: only pay it once something matched.
    let allow: boolean | undefined;
    for (const detect of this.#config.detectors) {
      for (const m of await detect(text, context, input.file)) {
        if (this.#disabled.has(m.ruleId)) continue;
        if (input.added !== undefined && !touches(input.added, m.line, m.line + countLines(m.secret))) continue;
        allow ??= hasAllowComment(text);
        if (allow && isAllowedAt(text, m.start, m.end)) {
          this.stats.allowed++;
          continue;
        }
        const hit: SecretHit = {
          ruleId: m.ruleId,
          provider: m.provider,
          description: m.description ?? this.#descriptions.get(m.ruleId) ?? `${m.provider} secret`,
          secret: m.secret,
          line: m.line + offset,
          column: m.column,
          confidence: m.confidence,
        };
        if (m.validated !== undefined) hit.validated = m.validated;
        this.findings.push(secretFinding(hit, input, this.#config.showSecrets));
      }
    }
  }

  /**
   * Scans what one commit added to one file: its hunks' text, without reading the blob. Used for
   * ranges and history, where reading every version of every file whole would cost far more.
   */
  async scanAdded(entry: DiffEntry, commit: string): Promise<void> {
    const file = entry.path;
    if (this.#ignored(file)) {
      this.stats.ignored++;
      return;
    }
    const where = { file, commit };
    if (mayBeSensitive(file)) {
      const text = entry.binary ? undefined : entry.hunks.map((h) => h.text).join("\n");
      this.#checkName(file, text, entry.newOid, undefined, where);
    }
    if (entry.binary) {
      this.stats.skippedBinary++;
      return;
    }
    let size = 0;
    for (const h of entry.hunks) size += h.text.length;
    if (size > this.#maxSize) return this.tooLarge(size, where);
    this.stats.files++;
    this.stats.bytes += size;
    for (const h of entry.hunks) await this.scanText(h.text, { ...where, firstLine: h.firstLine });
  }

  #checkName(file: string, text: string | undefined, blob: string, size: number | undefined, where: Where): void {
    for (const hit of checkSensitiveFile(file, text)) {
      if (this.#disabled.has(hit.ruleId)) continue;
      this.findings.push(sensitiveFileFinding(hit, blob, size, where));
    }
  }
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

function touches(ranges: LineRanges, from: number, to: number): boolean {
  for (const [a, b] of ranges) if (a <= to && from <= b) return true;
  return false;
}
