import { createHash, type Hash } from "node:crypto";
import type { Finding } from "@rampart/core/findings";
import { compileIgnore } from "@rampart/core/glob";
import { hasAllowComment, isAllowedAt } from "./allow.js";
import { type BinaryView, binaryView, longLinesOfBytes, ViewScratch } from "./binary-view.js";
import { addedHunks, type FileChange } from "./changes.js";
import { contextFor, isTestPath, LONG_LINE, type ScanContext } from "./classify.js";
import { decodeText, detectEncoding, wideBytes } from "./decode.js";
import { DEFAULT_MAX_FILE_SIZE, emptyStats, type SecretsPolicy, type SecretsStats } from "./options.js";
import {
  blobId,
  type SecretHit,
  secretFinding,
  secretIdentity,
  sensitiveFileFinding,
  tooLargeFinding,
  type Where,
} from "./report.js";
import type { SecretRule } from "./rule.js";
import type { RuleSet } from "./rules/table.js";
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
  /** A validator only a real credential passes (checksum, key that parses) passed. */
  proven?: boolean;
  description?: string;
}

/**
 * `bytes`: the bytes the text was decoded from as UTF-8, when the scanner has them (see
 * match.ts MatchOptions.bytes: the keyword pass may read them instead of the text).
 * `generated`: in a "code" text, the ascending [start, end) spans of its lines over LONG_LINE
 * characters, judged as generated text (match.ts MatchOptions.generated).
 */
export type Detector = (
  text: string,
  context: ScanContext,
  file: string,
  bytes?: Uint8Array,
  generated?: ReadonlyArray<readonly [number, number]>,
) => TextMatch[] | Promise<TextMatch[]>;

/** Inclusive ranges of 1-based line numbers: the lines a change added. */
export type LineRanges = ReadonlyArray<readonly [number, number]>;

export interface ScannerConfig {
  policy: SecretsPolicy;
  showSecrets: boolean;
  /** The rules the detectors run (for their descriptions; read only when there is a finding). */
  rules: readonly SecretRule[] | RuleSet;
  detectors: Detector[];
  /**
   * Inline allow comments (`rampart:allow`...) on the lines a range adds are the change's own word:
   * with a trusted policy (CI's --policy-rev, which scans only what the range adds) they suppress
   * nothing, and the finding says so. Elsewhere (a working tree, the hooks) they apply. Default true.
   */
  inlineAllow?: boolean;
  /**
   * The shortest text (in characters) any detector can report, asked for once binary content is
   * read: the strings of binary content shorter than that are not read (binary-view.ts). Default 1
   * (every string): a detector whose patterns are not known (secretlint's rules) can match one.
   */
  shortestMatch?: () => number;
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
  /** The content decoded already (decodeText), when the caller has it. */
  text?: string;
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
  #descriptions: Map<string, string> | undefined;
  readonly #disabled: Set<string>;
  readonly #binaryNames = new Set<string>();
  readonly #generated = new Set<string>();
  #shortest: number | undefined;
  /** Scratch space for binary content's views, and a window buffer, reused from file to file. */
  readonly #scratch = new ViewScratch();
  #window: Buffer | undefined;

  constructor(config: ScannerConfig) {
    this.#config = config;
    this.#ignored = compileIgnore(config.policy.ignorePaths ?? []);
    this.#maxSize = config.policy.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.#disabled = new Set(config.policy.disableRules ?? []);
  }

  #describe(ruleId: string): string | undefined {
    if (this.#descriptions === undefined) {
      const { rules } = this.#config;
      this.#descriptions = new Map(
        (Array.isArray(rules) ? rules : (rules as RuleSet).all()).map((r) => [r.id, r.description]),
      );
    }
    return this.#descriptions.get(ruleId);
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

  /**
   * Content over maxFileSize is read whole all the same, in windows of LARGE_WINDOW bytes that
   * overlap by LARGE_OVERLAP (`read(buffer, position)` fills the buffer from that byte of the
   * content; memory stays one window): a window's matches are kept when they start before the
   * next window does, so a key across a window's end is found once, in the window it starts in.
   * A window ends at a line feed where one is near, so line numbers run on. The first window says
   * how all of it is read: UTF-8 text, else binary (its strings, as #scanBinary). Every line is
   * judged (not only what a change added: such content is not compared line by line), and the
   * name checks run as for any file. `firstLine`: of a hunk.
   */
  async scanLarge(
    where: Where & { file: string; oid?: string },
    size: number,
    read: (buffer: Buffer, position: number) => number,
    firstLine = 1,
    window?: Buffer,
  ): Promise<void> {
    if (this.#ignored(where.file)) {
      this.stats.ignored++;
      return;
    }
    // The blob id names a sensitive file's finding only (#withNameCheck): hashed for those alone.
    const hash =
      where.oid === undefined && mayBeSensitive(where.file) ? createHash("sha1").update(`blob ${size}\0`) : undefined;
    await this.#withNameCheck(
      where.file,
      undefined,
      () => where.oid ?? (hash as Hash).digest("hex"),
      size,
      where,
      () => this.#readLarge(where, size, read, firstLine, hash, window),
    );
  }

  /** scanLarge's windows, without the ignore and name checks (its callers made them). */
  async #readLarge(
    where: Where & { file: string },
    size: number,
    read: (buffer: Buffer, position: number) => number,
    firstLine: number,
    hash?: Hash,
    given?: Buffer,
  ): Promise<void> {
    const want = Math.min(size, LARGE_WINDOW);
    // The caller's buffer (a tree scan's read buffer), when it is large enough.
    if (given !== undefined && given.length >= want)
      return this.#readWindows(where, size, read, firstLine, given.subarray(0, want), hash);
    // The window buffer of the last large file, unless a scan running at the same time has it.
    let window =
      this.#window !== undefined && this.#window.length >= Math.min(size, LARGE_WINDOW) ? this.#window : undefined;
    this.#window = undefined;
    window ??= Buffer.allocUnsafe(Math.min(size, LARGE_WINDOW));
    try {
      await this.#readWindows(where, size, read, firstLine, window, hash);
    } finally {
      // Another scan may have put its own back meanwhile: the larger one stays.
      const back = this.#window as Buffer | undefined;
      if (back === undefined || window.length > back.length) this.#window = window;
    }
  }

  async #readWindows(
    where: Where & { file: string },
    size: number,
    read: (buffer: Buffer, position: number) => number,
    firstLine: number,
    window: Buffer,
    hash: Hash | undefined,
  ): Promise<void> {
    const context = contextFor(where.file);
    const input = { file: where.file, ...(where.commit === undefined ? {} : { commit: where.commit }) };
    let utf8: boolean | undefined;
    this.stats.files++;
    this.stats.bytes += size;
    // A window's first line is counted only when one of its matches is reported (most large files
    // have none): the line feeds before it, from the content read again (`read`, into a buffer of
    // its own: the window holds the current window). Counting every window's line feeds as it was
    // read cost an indexOf per line feed (native executables hold one every few hundred bytes).
    let counted = 0; // the bytes before this are counted in `feeds`
    let feeds = 0;
    let again: Buffer | undefined;
    const lineAt = (at: number) => (): number => {
      while (counted < at) {
        again ??= Buffer.allocUnsafe(Math.min(LARGE_OVERLAP, at - counted));
        const got = read(again.subarray(0, Math.min(again.length, at - counted)), counted);
        if (got <= 0) break;
        feeds += countBytes(again, 0x0a, got);
        counted += got;
      }
      return firstLine + feeds;
    };
    for (let pos = 0; pos < size; ) {
      let n = 0;
      while (n < window.length && pos + n < size) {
        const got = read(window.subarray(n, Math.min(window.length, size - pos)), pos + n);
        if (got <= 0) break;
        n += got;
      }
      if (n === 0) break;
      const chunk = window.subarray(0, n);
      utf8 ??= detectEncoding(chunk) === "utf8";
      if (!utf8) this.#binary(where.file);
      const owned = pos + n >= size ? n : cut(chunk, n - LARGE_OVERLAP, utf8);
      hash?.update(chunk.subarray(0, owned));
      if (!utf8) {
        await this.#scanBytes(chunk, input, context, lineAt(pos), owned);
        pos += owned;
        continue;
      }
      const encoding = utf8 ? "utf8" : "latin1";
      // One string for the window (not its own part and the rest joined, which V8 copies again
      // when a pattern reads it). Its own part's length: the whole less the rest, decoded alone
      // (the same characters: the cut is never inside a UTF-8 character).
      const text = chunk.toString(encoding, 0, n);
      const mine = text.length - (owned === n ? 0 : utf8 ? chunk.toString(encoding, owned, n).length : n - owned);
      const long = longLines(text);
      // The keyword pass reads the window's bytes (match.ts scanOf: one per character, or valid UTF-8).
      await this.#scanPiece(text, input, context, lineAt(pos), chunk, long.length > 0 ? long : undefined, mine);
      pos += owned;
    }
  }

  async scan(input: ContentInput): Promise<void> {
    const { file, content } = input;
    if (input.text === undefined && content.length > this.#maxSize) {
      const where = { file, ...(input.commit === undefined ? {} : { commit: input.commit }) };
      return this.scanLarge({ ...where, oid: input.oid ?? blobId(content) }, content.length, copier(content));
    }
    if (this.#ignored(file)) {
      this.stats.ignored++;
      return;
    }
    const text = input.text ?? (content.length > this.#maxSize ? undefined : decodeText(content));
    const binary = text === undefined && content.length <= this.#maxSize;
    await this.#withNameCheck(
      file,
      text,
      () => input.oid ?? blobId(content),
      content.length,
      input,
      async () => {
        if (content.length > this.#maxSize) return this.tooLarge(content.length, input);
        if (binary || text === undefined) return this.#scanBinary(content, input);
        this.stats.files++;
        this.stats.bytes += content.length;
        // Text this decoded as UTF-8: the keyword pass may read the bytes (quicker, from BYTES_FROM).
        const utf8 =
          input.text === undefined &&
          content.length >= BYTES_FROM &&
          (text.length === content.length || detectEncoding(content) === "utf8");
        const from = this.findings.length;
        await this.scanText(text, input, utf8 ? content : undefined);
        const wide = wideBytes(content);
        if (wide !== undefined) await this.#scanWide(wide, input, from);
      },
    );
  }

  /**
   * Scans decoded text (also used for commit messages, which are not files). The file's name
   * gives the context (lockfile, generated, code); in code, a line over LONG_LINE characters is
   * judged as generated text, the rest of the text as code. The text is matched whole, so a name
   * on one line still binds the value on the next, whatever their lengths.
   */
  async scanText(text: string, input: Omit<ContentInput, "content">, bytes?: Uint8Array): Promise<void> {
    const context = contextFor(input.file);
    const long = context === "code" ? longLines(text) : [];
    if (long.length > 0 && input.file !== "" && !this.#generated.has(input.file)) {
      this.#generated.add(input.file);
      this.stats.generatedFiles.push(input.file);
    }
    await this.#scanPiece(text, input, context, input.firstLine ?? 1, bytes, long.length > 0 ? long : undefined);
  }

  /**
   * A text and how to judge it; only added lines (relative to the text) are kept. `firstLine`:
   * the text's first line in the file, or how to find it, asked only for a match reported.
   */
  async #scanPiece(
    text: string,
    input: Omit<ContentInput, "content">,
    context: ScanContext,
    firstLine: number | (() => number),
    bytes: Uint8Array | undefined,
    generated: ReadonlyArray<readonly [number, number]> | undefined,
    owned?: number,
    view?: BinaryView,
  ): Promise<void> {
    // Looking for allow comments costs a pass over the text: only pay it once something matched.
    let allow: boolean | undefined;
    // Whether the file is a test's, looked up once something matched (most files hold nothing).
    let inTests: boolean | undefined;
    for (const detect of this.#config.detectors) {
      for (const m of await detect(text, context, input.file, bytes, generated)) {
        if (this.#disabled.has(m.ruleId)) continue;
        // A binary's view: where the match starts in the bytes, and their line and column there.
        const at = view?.place(m.start);
        if (owned !== undefined && (at?.offset ?? m.start) >= owned) continue; // the next window's (scanLarge)
        const line = at?.line ?? m.line;
        if (input.added !== undefined && !touches(input.added, line, line + countLines(m.secret))) continue;
        allow ??= hasAllowComment(text);
        inTests ??= input.file !== "" && isTestPath(input.file);
        const allowedInline = allow && isAllowedAt(text, m.start, m.end);
        if (allowedInline && this.#config.inlineAllow !== false) {
          this.stats.allowed++;
          continue;
        }
        const hit: SecretHit = {
          ruleId: m.ruleId,
          provider: m.provider,
          description: m.description ?? this.#describe(m.ruleId) ?? `${m.provider} secret`,
          secret: m.secret,
          line: line + (typeof firstLine === "number" ? firstLine : firstLine()) - 1,
          column: at?.column ?? m.column,
          confidence: inTests ? lowerInTests(m) : m.confidence,
        };
        if (m.validated !== undefined) hit.validated = m.validated;
        if (hit.confidence !== m.confidence) hit.lowered = "test-path";
        const finding = secretFinding(
          hit,
          input.file === "" ? { commit: input.commit } : input,
          this.#config.showSecrets,
          this.#config.policy.failOn,
        );
        if (input.file === "") {
          finding.message += " in the commit message";
          finding.properties = { ...finding.properties, source: "commit-message" };
        }
        if (allowedInline) {
          finding.message += ", with an inline allow comment the change itself adds (not trusted here)";
          finding.hint =
            "an allow comment in the change under review cannot clear its own secret in CI: if it is a false positive, record it in the base branch's baseline (`rampart secrets baseline`, in a reviewed change) first";
          finding.properties = { ...finding.properties, inlineAllow: "untrusted" };
        }
        this.findings.push(finding);
      }
    }
  }

  /**
   * Scans what one commit added to one file: the text of its added lines, without scanning the
   * rest of the blob (ranges and history would otherwise judge every version of every file whole).
   */
  async scanChange(change: FileChange, commit: string): Promise<void> {
    const file = change.path;
    if (this.#ignored(file)) {
      this.stats.ignored++;
      return;
    }
    const where = { file, commit };
    const hunks = addedHunks(change);
    const text = change.binary ? undefined : hunks.map((h) => h.text).join("\n");
    await this.#withNameCheck(
      file,
      text,
      () => change.oid,
      change.size,
      where,
      async () => {
        if (change.tooLarge) return this.#tooLargeChange(change, where);
        if (change.binary) return this.#scanBinary(change.bytes, { ...where, oid: change.oid });
        const from = this.findings.length;
        if (hunks.length > 0) {
          let size = 0;
          for (const h of hunks) size += h.text.length;
          if (size > this.#maxSize) {
            for (const h of hunks) {
              const bytes = Buffer.from(h.text, "utf8");
              await this.#readLarge(where, bytes.length, copier(bytes), h.firstLine);
            }
            return;
          }
          this.stats.files++;
          this.stats.bytes += size;
          for (const h of hunks) await this.scanText(h.text, { ...where, firstLine: h.firstLine });
        }
        if (change.wide !== undefined)
          await this.#scanWide(change.wide.text, { ...where, added: change.wide.added }, from);
      },
    );
  }

  /**
   * Scans a staged file whole, keeping matches that touch its added lines (a key block is
   * reported whole when part of it is new). Files with nothing added get the name checks only.
   */
  async scanWhole(change: FileChange): Promise<void> {
    const file = change.path;
    if (this.#ignored(file)) {
      this.stats.ignored++;
      return;
    }
    const where = { file };
    await this.#withNameCheck(
      file,
      change.text,
      () => change.oid,
      change.size,
      where,
      async () => {
        if (change.tooLarge) return this.#tooLargeChange(change, where);
        if (change.binary) return this.#scanBinary(change.bytes, { ...where, oid: change.oid });
        const from = this.findings.length;
        if (change.text !== undefined && change.added.length > 0) {
          this.stats.files++;
          this.stats.bytes += change.size;
          await this.scanText(change.text, { file, added: change.added, oid: change.oid });
        }
        if (change.wide !== undefined)
          await this.#scanWide(change.wide.text, { file, added: change.wide.added, oid: change.oid }, from);
      },
    );
  }

  /** A blob over the read limit (changes.ts keeps its bytes): read whole, in windows. */
  async #tooLargeChange(change: FileChange, where: Where & { file: string }): Promise<void> {
    if (change.bytes === undefined) return this.tooLarge(change.size, where);
    return this.#readLarge(where, change.bytes.length, copier(change.bytes), 1);
  }

  /** A commit's message: findings name the commit (no file). */
  async scanCommitMessage(message: string, commit: string): Promise<void> {
    if (message === "") return;
    this.stats.messages = (this.stats.messages ?? 0) + 1;
    // git ends a message with a newline: not a line of its own.
    await this.scanText(message.endsWith("\n") ? message.slice(0, -1) : message, { file: "", commit });
  }

  /**
   * The header lines of a commit or tag object (armour.ts objectHeadersToScan), named by `where`:
   * line numbers are those of `git cat-file commit|tag`.
   */
  async scanObjectHeaders(text: string, where: { file: string; commit?: string }): Promise<void> {
    if (text.trim() === "") return;
    this.stats.bytes += text.length;
    await this.scanText(text, where);
  }

  /**
   * Binary content (a NUL byte in its first 8000 bytes, not UTF-16/32) is still read, whole, as
   * its strings (binary-view.ts): every run of text bytes that can hold a match, and every such
   * run written as UTF-16LE, so a key in a text file with one stray NUL, or in a binary's strings,
   * is found by every rule, as gitleaks and trufflehog find it. What lies between two runs becomes
   * one NUL: a rule's token never spans it, and nothing is joined that the file keeps apart. A
   * finding's line counts the file's newline bytes before it, its column the bytes from that
   * line's start. What the bytes encode (a compressed stream, an archive's members) is not
   * decoded: the file is still named in the `file-binary` warning. Over maxFileSize it is read in
   * windows (scanLarge), as a text file is (history reads blobs up to 64 MiB to compare text
   * files' lines).
   */
  async #scanBinary(
    content: Uint8Array | undefined,
    input: Omit<ContentInput, "content"> & { file: string },
  ): Promise<void> {
    if (content !== undefined && content.length > this.#maxSize)
      return this.#readLarge(input, content.length, copier(content), 1);
    this.#binary(input.file);
    if (content === undefined) return;
    this.stats.files++;
    this.stats.bytes += content.length;
    await this.#scanBytes(content, input, contextFor(input.file), 1);
  }

  /**
   * Binary content (or a window of it) through its view (binary-view.ts): its strings, in ASCII and
   * UTF-16LE, each where it is in the bytes. Its lines over LONG_LINE bytes are judged as generated
   * text, as when the bytes were read one to one. `owned`: of a window, in bytes.
   */
  async #scanBytes(
    bytes: Uint8Array,
    input: Omit<ContentInput, "content"> & { file: string },
    context: ScanContext,
    firstLine: number | (() => number),
    owned?: number,
  ): Promise<void> {
    this.#shortest ??= this.#config.shortestMatch?.() ?? 1;
    const view = binaryView(bytes, this.#shortest, this.#scratch);
    try {
      const long = longLinesOfBytes(bytes);
      const generated = long.length > 0 ? view.spans(long) : [];
      await this.#scanPiece(
        view.text,
        input,
        context,
        firstLine,
        view.bytes,
        generated.length > 0 ? generated : undefined,
        owned,
        view,
      );
    } finally {
      view.release();
    }
  }

  /**
   * A file decoded as UTF-16 or UTF-32 is read a second time as its bytes without NULs (decode.ts
   * wideBytes; `input.added`: that view's new lines): ASCII after a byte-order mark or a UTF-16
   * head decodes to other characters, and a reader of the bytes sees a key there. A secret the
   * decoded text gave already (its findings from `from` on) is not reported twice.
   */
  async #scanWide(text: string, input: Omit<ContentInput, "content"> & { file: string }, from: number): Promise<void> {
    if (input.added !== undefined && input.added.length === 0) return;
    const decoded = this.findings.length;
    const known = new Set<string>();
    for (const f of this.findings.slice(from)) {
      const id = secretIdentity(f);
      if (id !== undefined) known.add(id);
    }
    await this.scanText(text, input);
    const extra = this.findings.splice(decoded);
    for (const f of extra) {
      const id = secretIdentity(f);
      if (id === undefined || !known.has(id)) this.findings.push(f);
    }
  }

  #binary(file: string): void {
    this.stats.skippedBinary++;
    if (!this.#binaryNames.has(file)) {
      this.#binaryNames.add(file);
      this.stats.skippedBinaryFiles.push(file);
    }
  }

  /**
   * Runs `scan` (the content's rules), then the file-name checks. A key file whose key the
   * content rules reported is one finding, not two: the name's `sensitive-file-*-private-key`
   * is left out then (a key store, a `.env`, a key no rule parsed still report by name).
   */
  async #withNameCheck(
    file: string,
    text: string | undefined,
    blob: () => string,
    size: number | undefined,
    where: Where,
    scan: () => Promise<void> | void,
  ): Promise<void> {
    const before = this.findings.length;
    await scan();
    if (!mayBeSensitive(file)) return;
    let keyFound = false;
    for (let i = before; i < this.findings.length; i++)
      keyFound ||= this.findings[i]?.ruleId.startsWith("private-key") === true;
    this.#checkName(file, text, blob(), size, where, keyFound);
  }

  #checkName(
    file: string,
    text: string | undefined,
    blob: string,
    size: number | undefined,
    where: Where,
    keyFound: boolean,
  ): void {
    for (const hit of checkSensitiveFile(file, text)) {
      if (this.#disabled.has(hit.ruleId)) continue;
      if (keyFound && /^sensitive-file-(?:ssh-)?private-key$/.test(hit.ruleId)) continue;
      this.findings.push(sensitiveFileFinding(hit, blob, size, where, isTestPath(file), this.#config.policy.failOn));
    }
  }
}

/** scanLarge's `read` for content in memory. */
function copier(content: Uint8Array): (buffer: Buffer, position: number) => number {
  return (buffer, position) =>
    Buffer.from(content.buffer, content.byteOffset, content.length).copy(buffer, 0, position, position + buffer.length);
}

/** The window and overlap content over maxFileSize is read in (Scanner.scanLarge). */
export const LARGE_WINDOW = 4 * 1024 * 1024;
const LARGE_OVERLAP = 64 * 1024;

/**
 * Where a window's own part ends (scanLarge): after the last line feed before `at` within
 * LARGE_OVERLAP of it, else at `at`, moved back to the first byte of a UTF-8 character.
 */
function cut(chunk: Buffer, at: number, utf8: boolean): number {
  const nl = chunk.lastIndexOf(0x0a, at - 1);
  if (nl >= 0 && nl + 1 > at - LARGE_OVERLAP) return nl + 1;
  let end = at;
  if (utf8) while (end > 0 && ((chunk[end] as number) & 0xc0) === 0x80) end--;
  return end;
}

/** Below this, handing bytes to the WebAssembly keyword loop costs more than it saves. */
const BYTES_FROM = 512;

const LOWER: Record<SecretHit["confidence"], SecretHit["confidence"]> = { high: "medium", medium: "low", low: "low" };

/**
 * A match in a test, fixture or example path is one step less sure: tests are full of made-up
 * credentials. Private keys and tokens a checksum proves stay as they are: a parsing key or a
 * valid checksum is no dummy, wherever it sits.
 */
export function lowerInTests(m: Pick<TextMatch, "ruleId" | "confidence" | "proven">): SecretHit["confidence"] {
  if (m.proven === true || m.ruleId.startsWith("private-key")) return m.confidence;
  return LOWER[m.confidence];
}

/**
 * The [start, end) spans of the lines over LONG_LINE characters, in order, looking at about one
 * place per LONG_LINE characters: the last line feed within LONG_LINE of a line's start ends
 * every line before it short, and the search goes on after it. A stretch with no line feed that
 * long is a long line unless CRs, U+2028 or U+2029 cut it into short ones (the other line ends:
 * walked only there, as most text has no such stretch).
 */
export function longLines(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let from = 0; from + LONG_LINE < text.length; ) {
    const nl = text.lastIndexOf("\n", from + LONG_LINE);
    if (nl >= from) {
      from = nl + 1;
      continue;
    }
    let end = text.indexOf("\n", from);
    if (end < 0) end = text.length;
    // Searched in the line alone: a search of the text would run on to the next CR in the file.
    const line = text.slice(from, end);
    for (let a = 0; a <= line.length; ) {
      OTHER_LINE_END.lastIndex = a;
      const b = OTHER_LINE_END.exec(line)?.index ?? line.length;
      if (b - a > LONG_LINE) out.push([from + a, from + b]);
      a = b + 1;
    }
    from = end + 1;
  }
  return out;
}

/** Line ends besides the line feed: a file with CR-only line ends, or U+2028/U+2029, is many lines. */
const OTHER_LINE_END = /[\r\u2028\u2029]/g;

/** How many of `bytes[0, end)` are `byte`. */
function countBytes(bytes: Buffer, byte: number, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(byte); i >= 0 && i < end; i = bytes.indexOf(byte, i + 1)) n++;
  return n;
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
