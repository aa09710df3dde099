import { CatFileBatch, type GitObject, parseTree } from "./cat-file.js";
import { CONFIG_FILE, MISPLACED_POLICY_NAMES, misplacedPolicy, parseConfig } from "./config.js";
import type { RampartConfig } from "./config-types.js";
import { RampartError, UsageError } from "./errors.js";
import type { GitOptions } from "./git.js";

/**
 * The policy as a trusted revision holds it: git objects, never the working tree or the index
 * the change under review wrote. This is where what a change may switch off (ignore lists,
 * baselines, rule switches, hook toggles, accepted lockfile state) is read from in CI
 * (`--policy-rev`), in pre-push (the remote side) and in pre-commit (HEAD).
 */
export interface PolicyAtRevision {
  /** The revision as given. */
  rev: string;
  /** How errors name it: `REV:.rampart/config.yaml`. */
  file: string;
  text: string;
  config: RampartConfig;
  /** The files asked for with `also`, as the revision holds them (undefined: not there). */
  also: ReadonlyMap<string, string | undefined>;
}

/** Refuses a revision that would be read as something else (an option, a second request line). */
function assertRev(rev: string): void {
  if (rev === "" || rev.startsWith("-") || /[\n\r\0]/.test(rev)) {
    throw new UsageError(`"${rev}" is not a revision`, {
      hint: "pass e.g. origin/main or a commit id",
    });
  }
}

/**
 * Git options for reading at a revision; `batch`: a `git cat-file --batch` the caller keeps open
 * (and closes) for other reads too, so this read starts no git process of its own.
 */
export type RevisionReadOptions = GitOptions & { batch?: ObjectReader | undefined };

/** What reads objects by name for readFilesAt: a CatFileBatch, or a caller's reader in front of one. */
export interface ObjectReader {
  read(name: string): Promise<GitObject | null>;
}

/**
 * Reads repository-relative files as `rev` holds them, in one `git cat-file --batch` (the
 * caller's when given): undefined for a path the revision does not have (or that is not a file
 * there).
 */
export async function readFilesAt(
  rev: string,
  paths: readonly string[],
  options: RevisionReadOptions,
): Promise<Array<string | undefined>> {
  assertRev(rev);
  const own = options.batch === undefined ? new CatFileBatch(options) : undefined;
  const batch: ObjectReader = options.batch ?? (own as CatFileBatch);
  try {
    return await Promise.all(
      paths.map(async (path) => {
        const o = await batch.read(`${rev}:${path.replace(/^\.\//, "")}`);
        return o?.type === "blob" ? o.content.toString("utf8") : undefined;
      }),
    );
  } finally {
    own?.close();
  }
}

/** True when `rev` names a commit this repository has. */
export async function hasCommit(rev: string, options: GitOptions): Promise<boolean> {
  assertRev(rev);
  const batch = new CatFileBatch(options);
  try {
    return (await batch.read(`${rev}^{commit}`))?.type === "commit";
  } finally {
    batch.close();
  }
}

/**
 * `.rampart/config.yaml` at `rev`, parsed and validated by the one policy reader (parseConfig, or
 * a caller's wrapper around it that skips revalidating text it validated before);
 * null when the revision has no policy. A policy the revision holds under another name
 * (config.yml...) or that does not parse is CONFIG_INVALID naming `REV:file`: it never means
 * "no policy". Files named in `also` (a baseline, a lock) are read by the same git process.
 */
export async function loadConfigAt(
  rev: string,
  options: RevisionReadOptions,
  parse: (text: string, file: string) => RampartConfig = parseConfig,
  also: readonly string[] = [],
): Promise<PolicyAtRevision | null> {
  const names = MISPLACED_POLICY_NAMES.length;
  assertRev(rev);
  const own = options.batch === undefined ? new CatFileBatch(options) : undefined;
  const batch: ObjectReader = options.batch ?? (own as CatFileBatch);
  let text: string | undefined;
  let rest: Array<string | undefined>;
  try {
    // The policy folder itself in the same round trip: what kind of entry it is, and its config.yaml.
    [[text, ...rest]] = await Promise.all([
      readFilesAt(rev, [CONFIG_FILE, ...MISPLACED_POLICY_NAMES, ...also], { ...options, batch }),
      assertPolicyEntries(rev, batch),
    ]);
  } finally {
    own?.close();
  }
  const misplaced = rest.slice(0, names);
  const file = `${rev}:${CONFIG_FILE}`;
  if (text === undefined) {
    const i = misplaced.findIndex((t) => t !== undefined);
    if (i >= 0) throw misplacedPolicy(MISPLACED_POLICY_NAMES[i]!, `${rev}:`);
    return null;
  }
  const extra = new Map(also.map((path, i) => [path, rest[names + i]] as const));
  return { rev, file, text, config: parse(text, file), also: extra };
}

/** What git's tree modes name, for messages. */
function entryKind(mode: string): string {
  if (mode === "120000") return "a symlink";
  if (mode === "160000") return "a submodule";
  if (mode === "40000") return "a folder";
  return "a file";
}

/**
 * Git stores a symlink as a blob holding its target and a submodule as a commit this repository
 * does not have: read at a revision, a `.rampart` (or `.rampart/config.yaml`) of either kind would
 * be no policy at all, and the change under review would be judged by its own (the checkout
 * follows the link). A `.rampart` that is not a folder, or a config.yaml that is not a regular
 * file, is CONFIG_INVALID naming it instead.
 */
async function assertPolicyEntries(rev: string, batch: ObjectReader): Promise<void> {
  const dir = CONFIG_FILE.slice(0, CONFIG_FILE.indexOf("/"));
  const name = CONFIG_FILE.slice(dir.length + 1);
  const refuse = (path: string, kind: string) =>
    new RampartError("CONFIG_INVALID", `${path} is ${kind}, not ${path.endsWith(name) ? "a file" : "a folder"}`, {
      file: `${rev}:${path}`,
      hint: `rampart reads its policy from git objects, where a link is not followed: commit ${CONFIG_FILE} as a real file in a real ${dir}/ folder`,
    });
  const folder = await batch.read(`${rev}:${dir}`);
  if (folder === null) {
    // Absent, or a submodule (a commit this repository does not have): the root tree says which.
    const root = await batch.read(`${rev}^{tree}`);
    const entry = root === null ? undefined : parseTree(root.content, root.oid.length / 2).find((e) => e.name === dir);
    if (entry !== undefined && entry.mode !== "40000") throw refuse(dir, entryKind(entry.mode));
    return;
  }
  if (folder.type !== "tree") throw refuse(dir, folder.type === "blob" ? "a symlink or a file" : `a ${folder.type}`);
  const entry = parseTree(folder.content, folder.oid.length / 2).find((e) => e.name === name);
  if (entry !== undefined && entry.mode !== "100644" && entry.mode !== "100755")
    throw refuse(CONFIG_FILE, entryKind(entry.mode));
}
