import { readFilesAt } from "@rampart/core/config";
import { RampartError } from "@rampart/core/errors";
import { readFileSafe, removeSafe, writeFileSafe } from "@rampart/core/fs";
import { type GitOptions, git, splitNul } from "@rampart/core/git";
import { disputedScalars } from "./checks/yaml-scalars.js";
import { parseYamlTyped } from "./parse/yaml.js";

/**
 * The pnpm-workspace.yaml keys an install takes from the change: they define the workspace or are
 * recorded in the lockfile, which pnpm --frozen-lockfile compares them with (a base's copy would
 * refuse a change's legitimate new catalog entry or override). Every other key is a setting
 * (pnpm 10 takes any setting from this file, over .npmrc): storeDir, registry, ca, proxies,
 * pnpmfile, lockfileDir, gitBranchLockfile, verifyStoreIntegrity... which can make the install
 * run code, write outside the project or fetch packages from elsewhere: those come from the base.
 */
export const WORKSPACE_KEYS_FROM_CHANGE = [
  "packages",
  "catalog",
  "catalogs",
  "overrides",
  "packageExtensions",
  "patchedDependencies",
  "ignoredOptionalDependencies",
  "autoInstallPeers",
  "excludeLinksFromLockfile",
  "injectWorkspacePackages",
  "dedupePeerDependents",
  "peersSuffixMaxLength",
] as const;

export interface PinnedFile {
  file: string;
  /** What was done, for the log line. */
  note: string;
}

/**
 * The pnpm-workspace.yaml an install of the change reads: the base's settings, the change's
 * workspace keys (WORKSPACE_KEYS_FROM_CHANGE), written as JSON (which is YAML): no anchor, alias,
 * tag or merge key of the change survives. `differs` lists the change's settings that are not the
 * base's (changed, added or removed), for the log line.
 */
export async function pinnedWorkspaceYaml(
  file: string,
  baseText: string | undefined,
  changeText: string,
): Promise<{ text: string; differs: string[] }> {
  refuseDisputed(file, changeText);
  if (baseText !== undefined) refuseDisputed(`base:${file}`, baseText);
  const change = await parseYamlTyped(file, changeText);
  const base = baseText === undefined ? {} : await parseYamlTyped(`base:${file}`, baseText);
  refuseOutsidePackages(file, change.packages);
  const keep = new Set<string>(WORKSPACE_KEYS_FROM_CHANGE);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) if (!keep.has(key)) out[key] = value;
  for (const [key, value] of Object.entries(change)) if (keep.has(key)) out[key] = value;
  const differs = [...new Set([...Object.keys(base), ...Object.keys(change)])].filter(
    (key) => !keep.has(key) && JSON.stringify(change[key]) !== JSON.stringify(base[key]),
  );
  return {
    text: `# rampart (CI): settings from the base, workspace and lockfile keys from the change\n${JSON.stringify(out, null, 2)}\n`,
    differs,
  };
}

/**
 * The file is rewritten as JSON from rampart's reading (YAML 1.2's core schema), and pnpm then reads
 * the JSON: a plain scalar pnpm's own reader types otherwise (js-yaml: `0b11` and `1_000` are
 * numbers, `2001-12-14` a date; disputedScalars) would reach the install as another value than the
 * one the change wrote. Refused (exit 2) naming the line, never rewritten one way.
 */
function refuseDisputed(file: string, text: string): void {
  const [first] = disputedScalars(text);
  if (first === undefined) return;
  throw new RampartError(
    "LOCKFILE_PIN_REFUSED",
    `${file}:${first.line}: unquoted \`${first.text}\` is ${first.readAs} to pnpm's YAML reader and text to rampart's`,
    { hint: `quote it ('${first.text}') so that every reader takes the same text` },
  );
}

/**
 * pnpm takes a `packages:` entry outside the workspace (`../x`, an absolute path) as a project of
 * it and installs into that folder (its node_modules, linked from the change's lockfile): a
 * change could have CI's install write anywhere on the runner, another tool's node_modules
 * included. An entry that leaves the repository is refused (exit 2), never written.
 */
function refuseOutsidePackages(file: string, packages: unknown): void {
  if (!Array.isArray(packages)) return;
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
  for (const entry of packages) {
    if (typeof entry !== "string" || entry.startsWith("!")) continue; // a negation adds no project
    const path = entry;
    const leaves =
      /^(?:[/\\~]|[A-Za-z]:)/.test(path) ||
      normalise(`${dir}${path}`) === undefined ||
      (/[{}\\]/.test(path) && path.includes(".."));
    if (leaves)
      throw new RampartError(
        "LOCKFILE_PIN_REFUSED",
        `${file}: the packages entry ${JSON.stringify(entry)} leaves the repository`,
        {
          hint: "list only workspace projects inside the repository in pnpm-workspace.yaml's packages",
        },
      );
  }
}

/**
 * Plugin paths a .yarnrc.yml loads (`plugins: [path | {path, spec}]`), repository-relative to its
 * folder. Read as yarn reads the file (its syml parser: js-yaml's failsafe schema, every scalar
 * text): `- path: 1e3` is the file `1e3` to yarn, where YAML 1.2's core schema made the number 1000
 * of it, no path, and the change's copy of that file was left for the install to load.
 */
async function yarnPluginPaths(file: string, text: string): Promise<string[]> {
  const data = await parseYamlTyped(file, text, false, "failsafe");
  const plugins = Array.isArray(data.plugins) ? data.plugins : [];
  const out: string[] = [];
  for (const p of plugins) {
    const path =
      typeof p === "string" ? p : typeof p === "object" && p !== null ? (p as { path?: unknown }).path : undefined;
    if (typeof path === "string") out.push(path);
  }
  return out;
}

export interface PinInstallConfigOptions extends GitOptions {
  /** The repository root. */
  cwd: string;
  /** The trusted revision (CI: the base) whose settings the install reads. */
  rev: string;
}

/**
 * Before CI installs a change's dependencies (after the package-manager config files the change
 * touched were taken from the base): every tracked pnpm-workspace.yaml keeps only the change's
 * workspace and lockfile keys, its settings come from `rev` (pinnedWorkspaceYaml); each plugin
 * file a .yarnrc.yml (the base's, by then) loads from outside .yarn/plugins/ is taken from `rev`
 * (removed where `rev` has none), as .yarn/plugins/ already is. Written through core's safe
 * writes: a symlink is refused (exit 2), never followed. Returns what was changed.
 */
export async function pinInstallConfig(options: PinInstallConfigOptions): Promise<PinnedFile[]> {
  const gitOptions = { cwd: options.cwd, ...(options.env === undefined ? {} : { env: options.env }) };
  const listed = splitNul(
    (await git(["ls-files", "-z", "--", ":(glob)**/pnpm-workspace.yaml", ":(glob)**/.yarnrc.yml"], gitOptions)).stdout,
  );
  const done: PinnedFile[] = [];
  const workspaces = listed.filter((f) => f.endsWith("pnpm-workspace.yaml"));
  const yarnrcs = listed.filter((f) => f.endsWith(".yarnrc.yml"));
  const baseTexts = await readFilesAt(options.rev, [...workspaces, ...yarnrcs], gitOptions);
  for (const [i, file] of workspaces.entries()) {
    const text = readFileSafe(file, { root: options.cwd, name: file });
    if (text === null) continue;
    const pinned = await pinnedWorkspaceYaml(file, baseTexts[i], text);
    writeFileSafe(file, pinned.text, { root: options.cwd, name: file });
    if (pinned.differs.length > 0)
      done.push({ file, note: `settings from ${options.rev}: the change's ${pinned.differs.join(", ")} not used` });
  }
  // A pnpm-workspace.yaml of REV that the change deleted: its settings (init's minimumReleaseAge,
  // a registry, strictDepBuilds...) would be gone from the install, so REV's settings are written
  // back, with no workspace key (the change has none: pnpm 10 installs a settings-only file as one
  // project).
  const deleted = splitNul(
    (
      await git(
        [
          "diff",
          "-z",
          "--name-only",
          "--no-renames",
          "--diff-filter=D",
          options.rev,
          "--",
          ":(glob)**/pnpm-workspace.yaml",
        ],
        gitOptions,
      )
    ).stdout,
  ).filter((f) => !workspaces.includes(f));
  const deletedTexts = await readFilesAt(options.rev, deleted, gitOptions);
  for (const [i, file] of deleted.entries()) {
    const baseText = deletedTexts[i];
    if (baseText === undefined) continue;
    const pinned = await pinnedWorkspaceYaml(file, baseText, "");
    if (pinned.differs.length === 0) continue; // REV's holds workspace keys only: nothing to keep
    writeFileSafe(file, pinned.text, { root: options.cwd, name: file, createParents: true });
    done.push({
      file,
      note: `deleted by the change: the settings of ${options.rev}'s (${pinned.differs.join(", ")}) are used`,
    });
  }
  for (const [j, file] of yarnrcs.entries()) {
    const text = baseTexts[workspaces.length + j];
    if (text === undefined) continue; // the base has none: the change's was removed before this runs
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/") + 1) : "";
    for (const plugin of await yarnPluginPaths(`${options.rev}:${file}`, text)) {
      const path = normalise(`${dir}${plugin}`);
      if (path === undefined)
        throw new RampartError(
          "LOCKFILE_PIN_REFUSED",
          `${options.rev}:${file} loads a plugin outside the repository: ${plugin}`,
          {
            hint: "keep yarn plugins inside the repository (.yarn/plugins/)",
          },
        );
      if (path.startsWith(`${dir}.yarn/plugins/`)) continue; // taken from the base with the config files
      const changed = await git(["diff", "--quiet", "--no-renames", options.rev, "--", path], {
        ...gitOptions,
        okExitCodes: [1],
      });
      const untracked = (await git(["ls-files", "-z", "--others", "--", path], gitOptions)).stdout !== "";
      if (changed.exitCode === 0 && !untracked) continue;
      const [at] = await readFilesAt(options.rev, [path], gitOptions);
      if (at === undefined) removeSafe(path, { root: options.cwd, name: path });
      else writeFileSafe(path, at, { root: options.cwd, name: path });
      done.push({
        file: path,
        note: `yarn plugin from ${options.rev}${at === undefined ? " (none there: removed)" : ""}`,
      });
    }
  }
  return done;
}

/** A repository-relative path without `.` and `..` segments; undefined when it leaves the repository. */
function normalise(path: string): string | undefined {
  if (path.startsWith("/")) return undefined;
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}
