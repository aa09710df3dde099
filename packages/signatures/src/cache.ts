import { readCache as readGitCache, writeCache as writeGitCache } from "@rampart/core/fs";
import type { PolicyProblem } from "@rampart/core/ssh";
import type { CommitRecord } from "./record.js";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper, ~3 ms of CPU at every start.
const { statSync } = process.getBuiltinModule("node:fs");

/**
 * Verdicts by commit id (+ the policy digest when one policy judges everything, --policy-rev).
 * A commit id fixes its parents and so the policy that judges it; the clock is applied after
 * reading (finalize), so entries never go stale. Bump VERSION when a record's meaning changes;
 * the file also names the code that wrote it (codeId): another rampart judges everything again.
 */
const VERSION = 3;

/**
 * The file as written. A record is stored as its commit key, subject and committer time plus the
 * index of its "shape" (everything else: policy, signature check, ...), which a long history
 * shares between thousands of commits: the file is a fifth of one object per record, and a
 * cached run parses it in a fifth of the time.
 */
export interface CacheFile {
  version: number;
  /** The code that judged the records (codeId()). */
  code: string;
  shapes: Array<Omit<CommitRecord, "commit" | "subject" | "committerTime">>;
  /** key, subject, committerTime, shape index; four values per record, the oldest first. */
  entries: unknown[];
  /** Problems of the policies (by digest) that judged cached commits, so a cached run reports them too. */
  problems?: Record<string, PolicyProblem[]>;
  /** What the trust root needs from a policy, by `.rampart` tree id: no cat-file on a cached run. */
  policies?: Record<string, PolicySummary>;
  /** `git rev-list` output (the ids back to back) by the resolved revisions that listed it (see commit-list.ts). */
  lists?: Record<string, string>;
  /** The `.rampart` tree id (null: none) of a root tree id: a tree id fixes its subtrees. */
  roots?: Record<string, string | null>;
}

export interface PolicySummary {
  active: boolean;
  since?: string;
}

export interface Cache {
  entries: Entries;
  problems: Map<string, PolicyProblem[]>;
  policies: Map<string, PolicySummary>;
  lists: Map<string, string>;
  roots: Map<string, string | null>;
}

type Shape = CacheFile["shapes"][number];

/**
 * The cached records by key. Read from the file, a record is built when it is asked for (a
 * cached run asks for each once): the file's arrays are kept as they were parsed.
 */
export class Entries {
  readonly #flat: unknown[];
  readonly #shapes: Array<unknown | undefined>;
  /** key -> its position in #flat (a number), or the record set (or built) since. */
  readonly #byKey = new Map<string, number | CommitRecord>();

  constructor(flat: unknown[] = [], shapes: unknown[] = []) {
    this.#flat = flat;
    // A shape that is not a record's (damaged, foreign) leaves its entries misses.
    this.#shapes = shapes.map((shape) =>
      isObject(shape) && isObject((shape as Shape).sig) && Array.isArray((shape as Shape).mergetags)
        ? shape
        : undefined,
    );
    for (let i = 0; i + 3 < flat.length; i += 4) {
      const key = flat[i];
      if (typeof key === "string") this.#byKey.set(key, i);
    }
  }

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): CommitRecord | undefined {
    const at = this.#byKey.get(key);
    if (typeof at !== "number") return at;
    const record = this.#build(key, at);
    if (record === undefined)
      this.#byKey.delete(key); // a damaged entry is a miss
    else this.#byKey.set(key, record);
    return record;
  }

  set(key: string, record: CommitRecord): void {
    this.#byKey.delete(key); // the newest last
    this.#byKey.set(key, record);
  }

  delete(key: string): void {
    this.#byKey.delete(key);
  }

  keys(): IterableIterator<string> {
    return this.#byKey.keys();
  }

  #build(key: string, at: number): CommitRecord | undefined {
    const subject = this.#flat[at + 1];
    const committerTime = this.#flat[at + 2];
    const index = this.#flat[at + 3];
    const shape = typeof index === "number" ? this.#shapes[index] : undefined;
    if (shape === undefined || typeof subject !== "string" || typeof committerTime !== "number") return undefined;
    const cut = key.indexOf("@");
    const commit = cut < 0 ? key : key.slice(0, cut);
    return { ...(shape as Shape), commit, subject, committerTime };
  }
}

const isObject = (v: unknown): v is object => typeof v === "object" && v !== null && !Array.isArray(v);

/** In git's common dir, under rampart/ (core's caches' folder). */
const FILE = "signatures-cache.json";

export function emptyCache(): Cache {
  return { entries: new Entries(), problems: new Map(), policies: new Map(), lists: new Map(), roots: new Map() };
}

let code: string | undefined;

/**
 * The judging code's digest, written in here by the CLI's bundle and hook snapshot
 * (packages/cli/scripts/bundle.mjs: sha256 of @rampart/signatures' and @rampart/core's compiled
 * files): every rebuild that changes a verifier changes it, and verify, `signatures pre-push` and
 * the pre-push hook, built together, name the same code. Unbundled, it stays as written here.
 */
const BAKED: string = "rampart-code-id:unbaked";

/**
 * What names the code that judges, kept in the cache (another one is a miss): the bundle's baked
 * digest; unbundled, this module's file (name, size, time) and the time of the last `tsc -b` of
 * this package and of core (their tsconfig.tsbuildinfo, which it rewrites whenever it emits: a
 * checkout's rebuild of a verifier is a miss without --no-cache).
 */
export function codeId(): string {
  if (code !== undefined) return code;
  if (BAKED.startsWith("sha256:")) {
    code = BAKED;
    return code;
  }
  const url = new URL(import.meta.url);
  const stat = (file: URL): string => {
    try {
      const s = statSync(file);
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return ""; // not a file (a test runner's virtual module, an installed package): left out
    }
  };
  const builds = [new URL("../tsconfig.tsbuildinfo", url), new URL("../../core/tsconfig.tsbuildinfo", url)];
  code = [`${url.pathname.split("/").pop() ?? ""}:${stat(url)}`, ...builds.map(stat)].join(" ");
  return code;
}

/**
 * The cache of this repository (empty when there is none, or it is not to be believed: core's
 * readCache refuses a link, a FIFO, a file another user owns or everyone may write).
 */
export function readCache(commonDir: string, code: string = codeId()): Cache {
  try {
    const text = readGitCache(commonDir, FILE);
    if (text === undefined) return emptyCache();
    const data = JSON.parse(text) as CacheFile;
    if (data.version !== VERSION || data.code !== code) return emptyCache();
    if (!Array.isArray(data.entries) || !Array.isArray(data.shapes)) return emptyCache();
    return {
      entries: new Entries(data.entries, data.shapes),
      problems: new Map(Object.entries(data.problems ?? {})),
      policies: new Map(Object.entries(data.policies ?? {})),
      lists: new Map(Object.entries(data.lists ?? {}).filter(([, v]) => typeof v === "string")),
      roots: new Map(
        Object.entries(data.roots ?? {}).filter(([, v]) => v === null || (typeof v === "string" && OID.test(v))),
      ),
    };
  } catch {
    return emptyCache(); // unreadable or not JSON: a cache miss, never an error
  }
}

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Enough for a long history; past it the oldest entries go (a miss only costs a re-check). */
const MAX_ENTRIES = 100_000;
/** Root trees remembered (one per tip a run was asked about, the trusted ones too). */
const MAX_ROOTS = 64;

export function writeCache(commonDir: string, cache: Cache, code: string = codeId()): void {
  for (const k of cache.entries.keys()) {
    if (cache.entries.size <= MAX_ENTRIES) break;
    cache.entries.delete(k); // insertion order: the first keys are the oldest
  }
  for (const k of cache.roots.keys()) {
    if (cache.roots.size <= MAX_ROOTS) break;
    cache.roots.delete(k);
  }
  const shapes: Shape[] = [];
  const shapeIndex = new Map<string, number>();
  const entries: unknown[] = [];
  for (const key of [...cache.entries.keys()]) {
    const record = cache.entries.get(key);
    if (record === undefined) continue;
    const { commit: _commit, subject, committerTime, ...shape } = record;
    const id = JSON.stringify(shape);
    let index = shapeIndex.get(id);
    if (index === undefined) {
      index = shapes.length;
      shapes.push(shape);
      shapeIndex.set(id, index);
    }
    entries.push(key, subject, committerTime, index);
  }
  const data: CacheFile = {
    version: VERSION,
    code,
    shapes,
    entries,
    problems: Object.fromEntries(cache.problems),
    policies: Object.fromEntries(cache.policies),
    lists: Object.fromEntries(cache.lists),
    roots: Object.fromEntries(cache.roots),
  };
  // atomic (core's safe write): two concurrent hooks never leave half a file; never through a
  // link; private to the user. A read-only git dir only costs the next run its speed.
  writeGitCache(commonDir, FILE, JSON.stringify(data));
}
