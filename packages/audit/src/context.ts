import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type CheckResult, escapeControlChars, git, type RampartConfig, redact, splitNul } from "@rampart/core";
import { type HooksConfig, hooksSettings } from "@rampart/hooks";
import { LOCKFILE_NAMES } from "@rampart/lockfile";
import type { WorkflowFile, WorkflowStats } from "@rampart/workflows";
import type { Evidence } from "./model.js";
import type { OnlineFacts } from "./online/facts.js";

/** Files bigger than this are not read for evidence (a policy or workflow is never this big). */
const MAX_READ = 2 * 1024 * 1024;

/** Paths that hold other projects' files or test data, not this project's own. */
const VENDORED = /(^|\/)(?:node_modules|fixtures|__fixtures__|testdata|vendor)\//;

/** CI configuration files other than GitHub workflows, by exact path. */
const OTHER_CI = [
  ".gitlab-ci.yml",
  ".circleci/config.yml",
  "Jenkinsfile",
  "azure-pipelines.yml",
  ".buildkite/pipeline.yml",
  "bitbucket-pipelines.yml",
  ".travis.yml",
];

export interface AuditContextOptions {
  root: string;
  env?: NodeJS.ProcessEnv;
  /** The policy (.rampart/config.yaml) when the repository has one. */
  config: RampartConfig | null;
  /** Epoch ms (tests). */
  now?: number;
  online?: OnlineFacts;
  /** How many recent default-branch commits SRC-1 verifies (default 50). */
  recentCommits?: number;
}

/**
 * What every check reads: the repository's files (tracked and untracked-but-not-ignored, from git,
 * so an audit right after `rampart init` sees what it wrote), read once and never through a symlink.
 */
export class AuditContext {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv | undefined;
  readonly config: RampartConfig | null;
  readonly now: number;
  readonly online: OnlineFacts | undefined;
  readonly recentCommits: number;
  #files: string[] | undefined;
  #fileSet: Set<string> | undefined;
  readonly #texts = new Map<string, string | null>();
  #workflows: { files: WorkflowFile[]; errors: Evidence[] } | undefined;
  #workflowCheck: CheckResult<WorkflowStats> | undefined;
  #defaultBranch: string | undefined;

  constructor(options: AuditContextOptions) {
    this.root = options.root;
    this.env = options.env;
    this.config = options.config;
    this.now = options.now ?? Date.now();
    this.online = options.online;
    this.recentCommits = options.recentCommits ?? 50;
  }

  /** Loads the file list; call once before the checks run (they are synchronous readers). */
  async init(): Promise<void> {
    const out = await this.git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
    this.#files = [...new Set(splitNul(out))].sort();
    this.#fileSet = new Set(this.#files);
    const head = await this.git(["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"]).catch(() => "");
    this.#defaultBranch = head.trim() || "HEAD";
  }

  git(args: string[]): Promise<string> {
    return git(args, { cwd: this.root, ...(this.env ? { env: this.env } : {}) }).then((r) => r.stdout);
  }

  /** Repository-relative paths, forward slashes, sorted. */
  files(): readonly string[] {
    if (this.#files === undefined) throw new Error("AuditContext.init() was not awaited");
    return this.#files;
  }

  has(path: string): boolean {
    this.files();
    return this.#fileSet?.has(path) === true;
  }

  /** The first of the paths the repository has. */
  first(paths: readonly string[]): string | undefined {
    return paths.find((p) => this.has(p));
  }

  /** Files whose path matches. */
  matching(re: RegExp): string[] {
    return this.files().filter((f) => re.test(f));
  }

  /** The revision the default branch is judged at: origin's HEAD when known, else HEAD. */
  get defaultBranch(): string {
    return this.#defaultBranch ?? "HEAD";
  }

  /** A file's text, or null when absent, a symlink, not a regular file or too big. */
  read(path: string): string | null {
    const cached = this.#texts.get(path);
    if (cached !== undefined) return cached;
    let text: string | null = null;
    const abs = join(this.root, path);
    const stat = lstatSync(abs, { throwIfNoEntry: false });
    if (stat?.isFile() && stat.size <= MAX_READ) text = readFileSync(abs, "utf8");
    this.#texts.set(path, text);
    return text;
  }

  /** Each line of `path` that matches (full-line comments skipped when `code` is set), as evidence. */
  grep(path: string, re: RegExp, options: { code?: boolean; max?: number } = {}): Evidence[] {
    const text = this.read(path);
    if (text === null) return [];
    const out: Evidence[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length && out.length < (options.max ?? 5); i++) {
      const line = lines[i] ?? "";
      if (options.code && /^\s*(#|\/\/|<!--)/.test(line)) continue;
      if (re.test(line)) out.push({ text: clip(line.trim()), file: path, line: i + 1 });
    }
    return out;
  }

  /** GitHub workflow files (.github/workflows/*.y*ml). */
  githubWorkflowFiles(): string[] {
    return this.matching(/^\.github\/workflows\/[^/]+\.ya?ml$/);
  }

  /** Every CI configuration file: GitHub workflows, GitLab CI (and its includes under .gitlab/), others. */
  ciFiles(): string[] {
    return [
      ...this.githubWorkflowFiles(),
      ...this.matching(/^\.gitlab\/.+\.ya?ml$/),
      ...OTHER_CI.filter((f) => this.has(f)),
    ];
  }

  /** Lines of CI configuration that match, comments left out. */
  ciGrep(re: RegExp, max = 5): Evidence[] {
    const out: Evidence[] = [];
    for (const file of this.ciFiles()) {
      if (out.length >= max) break;
      out.push(...this.grep(file, re, { code: true, max: max - out.length }));
    }
    return out;
  }

  /** package.json files outside node_modules and test fixtures. */
  manifests(): string[] {
    return this.matching(/(^|\/)package\.json$/).filter((f) => !VENDORED.test(f));
  }

  /** Lockfiles that belong to a project: at the root or beside a package.json (test fixtures are not). */
  lockfiles(): string[] {
    const names = new Set<string>(LOCKFILE_NAMES);
    return this.files().filter((f) => {
      if (VENDORED.test(f) || !names.has(f.split("/").pop() ?? "")) return false;
      const dir = f.includes("/") ? f.slice(0, f.lastIndexOf("/") + 1) : "";
      return dir === "" || this.has(`${dir}package.json`);
    });
  }

  /** package.json `scripts` entries whose command matches, as evidence (file and line). */
  scriptsGrep(re: RegExp): Evidence[] {
    const out: Evidence[] = [];
    for (const file of this.manifests()) {
      const text = this.read(file);
      if (text === null || !text.includes('"scripts"')) continue;
      let scripts: Record<string, unknown>;
      try {
        scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {};
      } catch {
        continue;
      }
      const lines = text.split("\n");
      for (const [name, command] of Object.entries(scripts)) {
        if (typeof command !== "string" || !re.test(command)) continue;
        const index = lines.findIndex((l) => l.includes(JSON.stringify(name)) && l.includes(":"));
        out.push({ file, ...(index >= 0 ? { line: index + 1 } : {}), text: clip(`"${name}": ${command}`) });
      }
    }
    return out;
  }

  /** The hooks section with rampart's defaults filled in, when there is a policy. */
  hooks(): HooksConfig | undefined {
    if (this.config === null) return undefined;
    return hooksSettings(this.config.hooks);
  }

  /** Parsed GitHub workflows and GitLab CI; a malformed file is evidence, not a crash. */
  async workflows(): Promise<{ files: WorkflowFile[]; errors: Evidence[] }> {
    if (this.#workflows) return this.#workflows;
    const { parseWorkflow } = await import("@rampart/workflows");
    const files: WorkflowFile[] = [];
    const errors: Evidence[] = [];
    for (const file of this.workflowSources()) {
      try {
        files.push(parseWorkflow(file.file, file.text));
      } catch (error) {
        errors.push({ text: `cannot parse: ${(error as Error).message}`, file: file.file });
      }
    }
    this.#workflows = { files, errors };
    return this.#workflows;
  }

  /** `rampart workflows check` over the same files, with the repository's workflows policy. */
  async workflowCheck(): Promise<CheckResult<WorkflowStats>> {
    if (this.#workflowCheck) return this.#workflowCheck;
    const { checkWorkflows } = await import("@rampart/workflows");
    const policy = (this.config?.workflows ?? {}) as import("@rampart/workflows").WorkflowsPolicy;
    const { files } = await this.workflows(); // parsed once, for both; malformed files are in workflows().errors
    this.#workflowCheck = checkWorkflows([], { policy, parsed: files });
    return this.#workflowCheck;
  }

  private workflowSources(): Array<{ file: string; text: string }> {
    const paths = [...this.githubWorkflowFiles(), ...(this.has(".gitlab-ci.yml") ? [".gitlab-ci.yml"] : [])];
    return paths.flatMap((file) => {
      const text = this.read(file);
      return text === null ? [] : [{ file, text }];
    });
  }
}

/** One evidence line: credentials masked (core's redact), control characters escaped, at most `max` characters. */
export function clip(text: string, max = 120): string {
  const safe = escapeControlChars(redact(text));
  return safe.length > max ? `${safe.slice(0, max - 3)}...` : safe;
}
