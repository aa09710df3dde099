import { isRampartError } from "@rampart/core/errors";
import { readFileSafe } from "@rampart/core/fs";
import type { WorkflowSource } from "./check.js";
import type { WorkflowFile } from "./model.js";
import { text } from "./nodes.js";
import { kindOf, parseWorkflow } from "./parse.js";

/** At most this many local actions are followed from one run (a bound for hostile input). */
const MAX_ACTIONS = 500;

/** Why a local action is not judged; `error`: it leaves the repository or goes through a symlink. */
export interface Refused {
  refused: string;
  error?: boolean;
}

/** What reading a local action's file gave: its text, nothing there, or why it is not read. */
export type LocalActionText = string | undefined | Refused;

/**
 * Reads a repository file at the revision being judged (working tree, index, commit). It must not
 * follow a symlink, on the way or as the file: return `{ refused }` (or undefined) for one.
 */
export type LocalActionReader = (file: string) => LocalActionText | Promise<LocalActionText>;

/** Each local action a run uses (`./dir`, normalised) -> the action file judged, or why none is. */
export type LocalActionRefs = ReadonlyMap<string, { file: string } | Refused>;

export interface LocalActions {
  /** The action files found, to judge with the workflows (kind github-action). */
  sources: WorkflowSource[];
  refs: LocalActionRefs;
}

/**
 * The local actions (`uses: ./tools/x`, `uses: ./.github/x`, `uses: ./`) that the GitHub workflows
 * and actions among `roots` use, followed through composite actions' own steps: GitHub runs the
 * `action.yml` (else `action.yaml`) at that path of the checkout, so it is code of this repository
 * that runs in CI and is judged with the workflow. Paths are relative to the repository root, as
 * GitHub resolves them. A path that leaves the repository (`..`, absolute) is refused and never
 * read; `read` refuses symlinks; each file is read once, so a cycle ends. A root that does not
 * parse is skipped here (checkWorkflows reports it).
 */
export async function followLocalActions(
  roots: ReadonlyArray<WorkflowSource | WorkflowFile>,
  read: LocalActionReader,
): Promise<LocalActions> {
  const refs = new Map<string, { file: string } | Refused>();
  const sources: WorkflowSource[] = [];
  const known = new Set(roots.map((r) => r.file));
  const queue: Array<WorkflowSource | WorkflowFile> = [...roots];
  while (queue.length > 0) {
    const next = queue.shift() as WorkflowSource | WorkflowFile;
    for (const uses of localUses(next)) {
      if (refs.has(uses)) continue;
      const dir = localActionDir(uses);
      if (typeof dir !== "string") {
        refs.set(uses, dir);
        continue;
      }
      if (sources.length >= MAX_ACTIONS) {
        refs.set(uses, { refused: `more than ${MAX_ACTIONS} local actions` });
        continue;
      }
      const found = await readAction(dir, read);
      refs.set(uses, "refused" in found ? found : { file: found.file });
      if ("refused" in found || known.has(found.file)) continue;
      known.add(found.file);
      const source: WorkflowSource = { file: found.file, text: found.text, kind: "github-action" };
      sources.push(source);
      queue.push(source);
    }
  }
  return { sources, refs };
}

/** The `uses:` values of a file's steps that name a local action (`./...`). */
function localUses(file: WorkflowSource | WorkflowFile): string[] {
  let wf: WorkflowFile;
  if ("jobs" in file) wf = file;
  else {
    const kind = file.kind ?? kindOf(file.file);
    if (kind === "gitlab") return [];
    try {
      wf = parseWorkflow(file.file, file.text, kind);
    } catch {
      return [];
    }
  }
  if (wf.kind === "gitlab") return [];
  const out: string[] = [];
  for (const job of wf.jobs)
    for (const step of job.steps) {
      const uses = text(step.uses)?.trim();
      if (uses !== undefined && isLocalUses(uses)) out.push(uses);
    }
  return out;
}

/** `./x`, `.` or `./`: a local action (GitHub's syntax: a path starting with `./`). */
export function isLocalUses(uses: string): boolean {
  return uses === "." || uses.startsWith("./");
}

/**
 * The repository-relative folder of a local `uses:` ("" for the root), or why it is refused: a
 * path that leaves the repository, or one with characters no checkout path has.
 */
export function localActionDir(uses: string): string | Refused {
  const parts = uses.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) return { refused: "the path leaves the repository (..)", error: true };
  if (/[\0\\]/.test(uses) || parts.some((p) => /^[a-z]:$/i.test(p)))
    return { refused: "the path is not a repository path", error: true };
  return parts.join("/");
}

async function readAction(dir: string, read: LocalActionReader): Promise<{ file: string; text: string } | Refused> {
  for (const name of ["action.yml", "action.yaml"]) {
    const file = dir === "" ? name : `${dir}/${name}`;
    const got = await read(file);
    if (got === undefined) continue;
    if (typeof got !== "string") return got;
    return { file, text: got };
  }
  return {
    refused: `no action.yml or action.yaml in ${dir === "" ? "the repository root" : dir} at the revision judged (an action another step checks out is not this repository's)`,
  };
}

/**
 * Reads local actions from the working tree at `root` through core's safe read: a symlink on the
 * way or as the file, or a path into .git, is refused (an error finding), never followed; a
 * folder or a file on the way where a folder should be is no action file.
 */
export function workingTreeReader(root: string): LocalActionReader {
  return (file) => {
    try {
      return readFileSafe(file, { root, name: file }) ?? undefined;
    } catch (error) {
      if (!isRampartError(error)) throw error;
      if (error.code === "FS_NOT_A_FILE" || error.code === "FS_NOT_A_DIRECTORY") return undefined;
      return { refused: `${file}: ${error.message}`, error: true };
    }
  };
}
