import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CheckResult,
  escapeControlChars,
  git,
  isWorkflowPath,
  type RampartConfig,
  redact,
  splitNul,
} from "@rampart/core";
import { type HooksConfig, hooksSettings } from "@rampart/hooks";
import { LOCKFILE_NAMES } from "@rampart/lockfile";
import type { WorkflowFile, WorkflowStats } from "@rampart/workflows";
import type { Evidence } from "./model.js";
import type { OnlineFacts } from "./online/facts.js";

/** Files bigger than this are not read for evidence (a policy or workflow is never this big). */
const MAX_READ = 2 * 1024 * 1024;

/** Paths that hold other projects' files or test data, not this project's own. */
const VENDORED = /(^|\/)(?:node_modules|fixtures|__fixtures__|testdata|vendor)\//;

/** A repository script a CI line runs: through an interpreter, or as ./path. Group 1 is the path. */
const SCRIPT_RUN =
  /(?:\b(?:node|zx|bash|sh|python3?|tsx|deno\s+run)\s+(?:--?[\w-]+(?:=\S+)?\s+)*|(?:^|[\s;&|(])(?=\.\/))((?:\.\/)?[\w.-]+(?:\/[\w.-]+)*\.(?:[cm]?js|[cm]?ts|sh|bash|py))\b/;

/** GitLab CI files that start a pipeline or are judged as one (core's workflow paths): where includes are followed from. */
const GITLAB_ROOT = /(?:^|\/)\.gitlab-ci\.yml$|^\.gitlab\/.*\.gitlab-ci\.ya?ml$/;

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
  /**
   * --policy-rev: the trusted revision, and its copies of the policy files (null: REV has none),
   * which `read()` returns instead of the working tree's.
   */
  trusted?: { rev: string; files: ReadonlyMap<string, string | null> };
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
  /** The revision the policy was read at (--policy-rev), undefined for the working tree's. */
  readonly policyRev: string | undefined;
  #files: string[] | undefined;
  #fileSet: Set<string> | undefined;
  readonly #texts = new Map<string, string | null>();
  #workflows: Promise<{ files: WorkflowFile[]; errors: Evidence[] }> | undefined;
  #workflowCheck: Promise<CheckResult<WorkflowStats>> | undefined;
  #defaultBranch: string | undefined;
  #scriptRuns: Array<{ script: string; at: Evidence }> | undefined;
  #ciFiles: string[] | undefined;
  /** Files the GitLab CI files include locally (followed), found by init(). */
  #gitlabIncluded: string[] = [];
  /** The GitLab CI files a pipeline runs: the root .gitlab-ci.yml and what it includes, followed. */
  #gitlabRun: string[] = [];
  /** Local actions (`uses: ./path`) the GitHub workflows use, followed; found by workflows(). */
  #localActions: import("@rampart/workflows").LocalActions | undefined;
  /** Line spans (1-based, inclusive) of CI jobs and steps that can stop nothing, by file. */
  #inert = new Map<string, Array<[number, number]>>();
  readonly #lockfiles = new Map<string, Promise<import("@rampart/lockfile").Lockfile>>();

  constructor(options: AuditContextOptions) {
    this.root = options.root;
    this.env = options.env;
    this.config = options.config;
    this.now = options.now ?? Date.now();
    this.online = options.online;
    this.recentCommits = options.recentCommits ?? 50;
    this.policyRev = options.trusted?.rev;
    for (const [file, text] of options.trusted?.files ?? []) this.#texts.set(file, text);
  }

  /** Loads the file list; call once before the checks run (they are synchronous readers). */
  async init(): Promise<void> {
    const out = await this.git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
    this.#files = [...new Set(splitNul(out))].sort();
    this.#fileSet = new Set(this.#files);
    const head = await this.git(["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"]).catch(() => "");
    this.#defaultBranch = head.trim() || "HEAD";
    this.#gitlabIncluded = await this.#findGitlabIncludes();
    this.#gitlabRun = await this.#findGitlabRun();
    // The local actions GitHub workflows use are CI files too (ciFiles, read synchronously by the
    // checks): found with the workflows' parse, which the checks share anyway.
    if (this.files().some((f) => isWorkflowPath(f) && !GITLAB_ROOT.test(f))) await this.workflows();
    // Jobs and steps that never run or whose failure is ignored are no evidence of a gate.
    if (this.files().some((f) => isWorkflowPath(f))) this.#inert = inertLines((await this.workflows()).files);
  }

  /**
   * What the GitLab CI files include locally (`include: local: ci/build.yml`, wildcards), followed
   * through the included files' own includes (@rampart/workflows' gitlabLocalIncludes, loaded only
   * when the repository has a GitLab CI file): their jobs run in the pipeline, so their lines are
   * CI evidence (ciGrep) and their jobs are audited (workflows()).
   */
  async #findGitlabIncludes(): Promise<string[]> {
    const roots = this.files().filter((f) => isWorkflowPath(f) && GITLAB_ROOT.test(f));
    if (roots.length === 0) return [];
    const { gitlabLocalIncludes } = await import("@rampart/workflows");
    const texts = roots.flatMap((file) => {
      const text = this.read(file);
      return text === null ? [] : [{ file, text }];
    });
    return gitlabLocalIncludes(texts, { files: () => this.files(), read: (f) => this.read(f) ?? undefined });
  }

  /**
   * What GitLab runs: the repository's root .gitlab-ci.yml (GitLab's default CI file) and the
   * files it includes locally, followed. A .gitlab/*.yml or a nested .gitlab-ci.yml nothing
   * includes runs in no pipeline: judged by the workflow audit, but no evidence of CI.
   */
  async #findGitlabRun(): Promise<string[]> {
    const text = this.has(".gitlab-ci.yml") ? this.read(".gitlab-ci.yml") : null;
    if (text === null) return [];
    const { gitlabLocalIncludes } = await import("@rampart/workflows");
    const included = gitlabLocalIncludes([{ file: ".gitlab-ci.yml", text }], {
      files: () => this.files(),
      read: (f) => this.read(f) ?? undefined,
    });
    return [".gitlab-ci.yml", ...included];
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

  /**
   * Each line of `path` that matches, as evidence. With `code` set, comments are no evidence:
   * full-line ones are skipped, and a line is matched (and shown) without its trailing comment
   * (`# ...` or `// ...` after a space: YAML, shell and JavaScript comments), so `run: npm test #
   * rampart secrets scan` is not a secret scan in CI. A '#' inside quotes is cut too: the line
   * then counts for less, never for more.
   */
  grep(path: string, re: RegExp, options: { code?: boolean; max?: number } = {}): Evidence[] {
    const text = this.read(path);
    if (text === null) return [];
    const out: Evidence[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length && out.length < (options.max ?? 5); i++) {
      let line = lines[i] ?? "";
      if (options.code) {
        if (/^\s*(#|\/\/|<!--)/.test(line)) continue;
        line = withoutTrailingComment(line);
        // A command whose failure is swallowed (`|| true`), or a line of a job or step that never
        // runs or may fail (`if: false`, continue-on-error, GitLab's allow_failure), stops nothing.
        if (SWALLOWED.test(line) || this.#inert.get(path)?.some(([a, b]) => i + 1 >= a && i + 1 <= b)) continue;
      }
      if (re.test(line)) out.push({ text: clip(line.trim()), file: path, line: i + 1 });
    }
    return out;
  }

  /** GitHub workflow files (.github/workflows/*.y*ml). */
  githubWorkflowFiles(): string[] {
    return this.matching(/^\.github\/workflows\/[^/]+\.ya?ml$/);
  }

  /**
   * Every CI configuration file that runs: GitHub workflows and the local actions they use, the
   * GitLab files a pipeline runs (the root .gitlab-ci.yml and its local includes, followed: a
   * .gitlab/*.yml nothing includes is no evidence of CI, whatever it says), other CIs.
   */
  ciFiles(): string[] {
    this.#ciFiles ??= [
      ...new Set([
        ...this.files().filter((f) => isWorkflowPath(f) && !GITLAB_ROOT.test(f)),
        ...this.#gitlabRun,
        ...(this.#localActions?.sources.map((a) => a.file) ?? []),
        ...OTHER_CI.filter((f) => this.has(f)),
      ]),
    ];
    return this.#ciFiles;
  }

  /**
   * Lines of CI configuration that match, comments left out; then (unless `follow` is false) lines
   * of the repository scripts CI runs (one level: `node scripts/x.mjs`, `bash ci/build.sh`, `./x.sh`),
   * each citing the CI line that runs it. Scripts are read, never run.
   */
  ciGrep(re: RegExp, max = 5, follow = true): Evidence[] {
    const out: Evidence[] = [];
    for (const file of this.ciFiles()) {
      if (out.length >= max) break;
      out.push(...this.grep(file, re, { code: true, max: max - out.length }));
    }
    if (!follow) return out;
    for (const run of this.ciScriptRuns()) {
      if (out.length >= max) break;
      for (const e of this.grep(run.script, re, { code: true, max: max - out.length }))
        out.push({ ...e, text: `${e.text} (run by ${run.at.file}:${run.at.line})` });
    }
    return out;
  }

  /** The repository's own scripts CI runs, with the CI line that runs each (first mention). */
  ciScriptRuns(): Array<{ script: string; at: Evidence }> {
    this.#scriptRuns ??= this.#findScriptRuns();
    return this.#scriptRuns;
  }

  #findScriptRuns(): Array<{ script: string; at: Evidence }> {
    const out: Array<{ script: string; at: Evidence }> = [];
    for (const file of this.ciFiles()) {
      for (const at of this.grep(file, SCRIPT_RUN, { code: true, max: 20 })) {
        for (const m of at.text.matchAll(new RegExp(SCRIPT_RUN.source, "g"))) {
          const script = (m[1] ?? "").replace(/^\.\//, "");
          if (this.has(script) && !this.ciFiles().includes(script) && !out.some((r) => r.script === script))
            out.push({ script, at });
        }
      }
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

  /** A lockfile parsed by @rampart/lockfile, once per audit (rejects with its parse error). */
  parsedLockfile(file: string): Promise<import("@rampart/lockfile").Lockfile> {
    let pending = this.#lockfiles.get(file);
    if (pending === undefined) {
      pending = import("@rampart/lockfile").then(({ parseLockfile }) =>
        parseLockfile({ path: file, content: this.read(file) ?? "", cwd: this.root }),
      );
      pending.catch(() => {}); // each caller sees the rejection; none is left unhandled
      this.#lockfiles.set(file, pending);
    }
    return pending;
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
  workflows(): Promise<{ files: WorkflowFile[]; errors: Evidence[] }> {
    // The promise is kept, so checks running side by side share one parse.
    this.#workflows ??= this.#parseWorkflows();
    return this.#workflows;
  }

  async #parseWorkflows(): Promise<{ files: WorkflowFile[]; errors: Evidence[] }> {
    const { parseWorkflow } = await import("@rampart/workflows");
    const files: WorkflowFile[] = [];
    const errors: Evidence[] = [];
    const sources: Array<{ file: string; text: string; kind?: "gitlab" }> = this.workflowSources();
    // What GitLab CI files include locally (/ci/*.yml, .gitlab/*.yml) runs in the pipeline too.
    for (const file of this.#gitlabIncluded)
      if (!sources.some((s) => s.file === file)) sources.push({ file, text: this.read(file) ?? "", kind: "gitlab" });
    for (const file of sources) {
      try {
        files.push(parseWorkflow(file.file, file.text, file.kind));
      } catch (error) {
        errors.push({ text: `cannot parse: ${(error as Error).message}`, file: file.file });
      }
    }
    // The local actions (`uses: ./tools/x`) they use, through composite actions: judged with them.
    const { followLocalActions, workingTreeReader } = await import("@rampart/workflows");
    this.#localActions = await followLocalActions(files, workingTreeReader(this.root));
    for (const action of this.#localActions.sources) {
      if (files.some((f) => f.file === action.file)) continue;
      try {
        files.push(parseWorkflow(action.file, action.text, "github-action"));
      } catch (error) {
        errors.push({ text: `cannot parse: ${(error as Error).message}`, file: action.file });
      }
    }
    return { files, errors };
  }

  /** `rampart workflows check` over the same files, with the repository's workflows policy. */
  workflowCheck(): Promise<CheckResult<WorkflowStats>> {
    this.#workflowCheck ??= this.#checkWorkflows();
    return this.#workflowCheck;
  }

  async #checkWorkflows(): Promise<CheckResult<WorkflowStats>> {
    const { checkWorkflows } = await import("@rampart/workflows");
    const policy = (this.config?.workflows ?? {}) as import("@rampart/workflows").WorkflowsPolicy;
    const { files } = await this.workflows(); // parsed once, for both; malformed files are in workflows().errors
    return checkWorkflows([], {
      policy,
      parsed: files,
      ...(this.#localActions === undefined ? {} : { localActions: this.#localActions.refs }),
    });
  }

  private workflowSources(): Array<{ file: string; text: string }> {
    // The files `rampart workflows check` judges (core's one list).
    return this.files()
      .filter((f) => isWorkflowPath(f))
      .flatMap((file) => {
        const text = this.read(file);
        return text === null ? [] : [{ file, text }];
      });
  }
}

/** `cmd || true`, `|| :`, `|| exit 0`, `|| echo ...`: the line's command can never fail. */
const SWALLOWED = /\|\|\s*(?:true\b|:(?=\s|;|$)|exit\s+0\b|echo\b)/;

/**
 * The lines of jobs and steps that can stop nothing: GitHub's `if: false` and
 * `continue-on-error: true` (as literals or `${{ }}` expressions), GitLab's `allow_failure: true`
 * and `when: never` / `when: manual` (a manual job runs only when someone starts it).
 */
function inertLines(files: readonly WorkflowFile[]): Map<string, Array<[number, number]>> {
  const out = new Map<string, Array<[number, number]>>();
  for (const wf of files) {
    const spans: Array<[number, number]> = [];
    const span = (node: { range?: [number, number, number] | null | undefined }) => {
      const r = node.range;
      if (r) spans.push([wf.lines.linePos(r[0]).line, wf.lines.linePos(Math.max(r[0], r[2] - 1)).line]);
    };
    for (const job of wf.jobs) {
      if (inert(job.node, wf.kind === "gitlab")) {
        span(job.node);
        continue;
      }
      for (const step of job.steps) if (inert(step.node, false)) span(step.node);
    }
    if (spans.length > 0) out.set(wf.file, spans);
  }
  return out;
}

function inert(node: import("yaml").YAMLMap, gitlab: boolean): boolean {
  const value = (key: string): unknown => {
    const v = node.get(key);
    return typeof v === "string"
      ? v
          .replace(/^\s*\$\{\{|\}\}\s*$/g, "")
          .trim()
          .toLowerCase()
      : v;
  };
  if (gitlab) {
    const when = value("when");
    return [true, "true"].includes(value("allow_failure") as string) || when === "never" || when === "manual";
  }
  return (
    [false, "false"].includes(value("if") as string) || [true, "true"].includes(value("continue-on-error") as string)
  );
}

/** A line of code without a trailing `# ...` or `// ...` comment (one that follows whitespace). */
export function withoutTrailingComment(line: string): string {
  const at = line.search(/\s(?:#|\/\/)/);
  return at < 0 ? line : line.slice(0, at);
}

/** One evidence line: credentials masked (core's redact), control characters escaped, at most `max` characters. */
export function clip(text: string, max = 120): string {
  const safe = escapeControlChars(redact(text));
  return safe.length > max ? `${safe.slice(0, max - 3)}...` : safe;
}
