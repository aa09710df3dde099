import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { LockfilePolicy } from "@rampart/core/config";
import { RampartError } from "@rampart/core/errors";
import { readFileSafe } from "@rampart/core/fs";
import { addIgnorePaths, findCspellConfig } from "./cspell.js";
import { carriedHooks, detectProject, type ProjectInfo, toPosix } from "./detect.js";
import { addGitlabInclude } from "./gitlab.js";
import { findBlock, insertBlock } from "./hook-block.js";
import { CONFIG_PATH } from "./hooks-config.js";
import { MANIFEST_PATH, type Manifest, readManifest, serializeManifest, sha256 } from "./manifest.js";
import { mergePackageJson } from "./package-json.js";
import { mergePnpmWorkspace } from "./pnpm-workspace.js";
import { rampartDependency } from "./self-dependency.js";
import { currentSigner } from "./signers.js";
import { conditionHolds, loadProfile, type Profile, readTemplate, render } from "./templates.js";
import { projectFlags, templateValues } from "./values.js";

export interface InitOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The folder holding rampart's templates (shipped in the rampart package). */
  templatesDir: string;
  profile: Profile;
  force?: boolean;
  /** The rampart version to pin in devDependencies. */
  rampartVersion: string;
  /** Content of .rampart/secrets-baseline.json from a first scan (the CLI runs it); omitted: not written. */
  secretsBaseline?: string;
  /**
   * What the lockfiles hold at adoption (install scripts, git/tarball sources, registry hosts),
   * written into a new .rampart/config.yaml as the accepted state: only changes are errors.
   */
  lockfileAccepted?: {
    allowInstallScripts: string[];
    allowedSources: Record<string, string[]>;
    allowedHosts: string[];
    /**
     * Each other error at adoption, for its package as installed (lockfile's heldAtAdoption):
     * written as lockfile.heldAtAdoption, a warning for that package only, never a whole rule.
     */
    held?: LockfileHeldEntry[];
  };
}

/** One lockfile.heldAtAdoption entry (core's config type). */
export type LockfileHeldEntry = NonNullable<LockfilePolicy["heldAtAdoption"]>[number];

export type ChangeAction = "create" | "update" | "unchanged" | "skip";

export interface FileChange {
  /** Relative to the git root, forward slashes. */
  path: string;
  action: ChangeAction;
  before: string | null;
  after: string | null;
  /** Why a file is skipped (or what an update keeps). */
  reason?: string;
  framework: string[];
}

export interface InitPlan {
  project: ProjectInfo;
  profile: Profile;
  changes: FileChange[];
  /** Things the user should know or do next (one line each). */
  notes: string[];
  manifest: Manifest;
}

/** Works out every file init would write, without writing anything (the base of --dry-run). */
export async function planInit(options: InitOptions): Promise<InitPlan> {
  const project = await detectProject(options);
  // Once init took over (its manifest is there), a re-run needs no --force again.
  refuseOtherManagers(project, options.force === true || readManifest(project.gitRoot) !== undefined);
  // husky writes its `_` folder itself when init activates the hooks: a symlinked `.husky/_` (or
  // `.husky`) would take those writes out of the repository, so it is refused now, before any write.
  readFileSafe(`${project.pkgRel === "." ? "" : `${project.pkgRel}/`}.husky/_/h`, { root: project.gitRoot });
  const spec = loadProfile(options.templatesDir, options.profile);
  const old = readManifest(project.gitRoot);
  const manifest: Manifest = old
    ? structuredClone(old)
    : { version: 1, profile: options.profile, hooks: {}, files: {}, hooksPathBefore: project.hooksPath ?? null };
  manifest.profile = options.profile;
  const signers = await currentSigner(options);
  const values = templateValues(project, spec, options, signers);
  const flags = projectFlags(project, options.profile);
  const changes: FileChange[] = [];
  const notes: string[] = [];
  // Safe reads: a symlink on the way to a file init would write is refused here, before any write.
  const read = (rel: string) => readFileSafe(rel, { root: project.gitRoot });
  const { examined, passing } = project.conventional;
  const share = examined === 0 ? 1 : passing / examined;
  if (flags.has("nonConventional"))
    notes.push(
      `Conventional Commits not enforced: ${passing} of the last ${examined} commit messages follow them (${Math.round(share * 100)}%), so init wrote no commitlint config and set hooks.commitMsg.commitlint: false. To enforce them, add a commitlint config (e.g. commitlint.config.mjs extending @commitlint/config-conventional) and set it to true`,
    );
  else if (options.profile === "strict" && examined >= 10 && share < 0.8)
    notes.push(
      `the strict profile enforces Conventional Commits (with DCO sign-off), though only ${passing} of the last ${examined} commit messages follow them; choose --profile recommended to leave the message format free`,
    );

  const carried = carriedHooks(project, options.force === true);
  const hookNames = spec.files.filter((f) => f.kind === "hook").map((f) => f.to.split("/").pop() ?? "");
  const carriedNames = Object.keys(carried).filter((h) => hookNames.includes(h));
  const notCarried = Object.keys(carried).filter((h) => !hookNames.includes(h));
  if (options.force === true && project.otherManagers.includes("simple-git-hooks") && Object.keys(carried).length === 0)
    notes.push(
      "simple-git-hooks runs nothing now (husky owns core.hooksPath) and its config is code rampart does not run (.simple-git-hooks.cjs/.js): add its commands to the .husky/ hooks below rampart's block",
    );
  if (carriedNames.length > 0)
    notes.push(
      `simple-git-hooks' ${carriedNames.join(", ")} command(s) now run from .husky/ below rampart's block (husky owns core.hooksPath, so simple-git-hooks runs nothing): remove its config and its postinstall when you are ready${notCarried.length > 0 ? `; not carried over: ${notCarried.join(", ")} (add .husky/<hook> files for them)` : ""}`,
    );
  for (const file of spec.files) {
    if (!conditionHolds(file.when, flags) || (file.unless !== undefined && flags.has(file.unless))) continue;
    const path = normalize(render(file.to, values, flags));
    let content = render(readTemplate(options.templatesDir, file.template), values, flags);
    if (path === CONFIG_PATH && options.lockfileAccepted) content += lockfileSection(options.lockfileAccepted);
    const before = read(path);
    if (file.kind === "hook") {
      // Taking over from simple-git-hooks (--force): its command for this hook carries over,
      // below rampart's block, so nothing it ran is dropped.
      const carry = before === null ? carried[path.split("/").pop() ?? ""] : undefined;
      const after = insertBlock(carry === undefined ? before : `${carry}\n`, content);
      const block = findBlock(after)?.block ?? content;
      const prior = manifest.hooks[path];
      manifest.hooks[path] = {
        sha256: sha256(block),
        created: prior?.created ?? before === null,
        ...(carry !== undefined
          ? { carried: `${carry}\n` }
          : prior?.carried !== undefined
            ? { carried: prior.carried }
            : {}),
      };
      changes.push(change(path, before, after, file.framework));
      continue;
    }
    changes.push(wholeFile(path, before, content, file.framework, options.force === true, manifest));
  }
  if (spec.secretsBaseline && options.secretsBaseline !== undefined) {
    const path = ".rampart/secrets-baseline.json";
    changes.push(wholeFile(path, read(path), options.secretsBaseline, ["SRC-2"], false, manifest, true));
  }
  const cspell = cspellChange(project, changes, manifest, notes);
  changes.push(packageJsonChange(project, spec.devDependencies, options, manifest, notes));
  if (cspell) changes.push(cspell);
  if (project.packageManager === "pnpm" && Object.keys(spec.pnpm).length > 0) {
    changes.push(pnpmChange(project, spec.pnpm, manifest, notes));
  }
  if (project.ci.gitlab) {
    const gitlab = gitlabChange(project, manifest, notes);
    if (gitlab) changes.push(gitlab);
  }
  if (project.renovate && flags.has("github"))
    notes.push(
      "Renovate is set up: check that it pins and bumps GitHub Actions by digest (dependabot.yml not written)",
    );
  const before = read(MANIFEST_PATH);
  const anyChange = changes.some((c) => c.action === "create" || c.action === "update");
  const after = anyChange ? serializeManifest(manifest) : (before ?? serializeManifest(manifest));
  changes.push(change(MANIFEST_PATH, before, after, ["SRC-2"]));
  return { project, profile: options.profile, changes, notes, manifest };
}

function refuseOtherManagers(project: ProjectInfo, force: boolean): void {
  const redirected = project.hooksPath !== undefined && !/(^|\/)\.husky(\/_)?\/?$/.test(project.hooksPath);
  if (force || (project.otherManagers.length === 0 && !redirected)) return;
  const what = [...project.otherManagers, ...(redirected ? [`core.hooksPath=${project.hooksPath}`] : [])].join(", ");
  throw new RampartError(
    "HOOKS_OTHER_MANAGER",
    `this repository's git hooks are run by ${what}; rampart's husky hooks would silently replace them`,
    {
      hint: "move those hooks' commands into .husky/ by hand, or run `rampart init --force` to let husky take over (`rampart hooks uninstall` restores core.hooksPath)",
    },
  );
}

/**
 * What `rampart hooks install` writes from `plan` (init's plan, made with force so every block is
 * current): the hook files and the manifest with only their entries brought up to date. The rest
 * of the plan is init's (whole files, package.json, pnpm-workspace.yaml): recording it would make
 * the manifest claim files rampart never wrote (a user's CODEOWNERS as `replaced`, a template
 * digest for their config.yaml), and a later `hooks uninstall --force` would remove or "restore"
 * them.
 */
export function hookInstallChanges(plan: InitPlan, old: Manifest): FileChange[] {
  const hooks = plan.changes.filter((c) => Object.hasOwn(plan.manifest.hooks, c.path));
  const manifest = structuredClone(old);
  for (const c of hooks)
    manifest.hooks[c.path] = structuredClone(plan.manifest.hooks[c.path] as Manifest["hooks"][string]);
  const before = plan.changes.find((c) => c.path === MANIFEST_PATH)?.before ?? null;
  const after = serializeManifest(manifest);
  // Entries already current leave the manifest file's bytes alone.
  return serializeManifest(old) === after ? hooks : [...hooks, change(MANIFEST_PATH, before, after, ["SRC-2"])];
}

function change(path: string, before: string | null, after: string, framework: string[]): FileChange {
  const action: ChangeAction = before === null ? "create" : before === after ? "unchanged" : "update";
  return { path, action, before, after, framework };
}

function wholeFile(
  path: string,
  before: string | null,
  content: string,
  framework: string[],
  force: boolean,
  manifest: Manifest,
  keepExisting = false,
): FileChange {
  const ours = manifest.files[path];
  if (before === null || before === content) {
    if (before === null || ours !== undefined) manifest.files[path] = { ...ours, sha256: sha256(content) };
    return change(path, before, content, framework);
  }
  // The file exists with other content: rampart's own earlier version may be upgraded, a user's is kept.
  const unchangedSinceInit = ours !== undefined && ours.sha256 === sha256(before);
  if (!keepExisting && (force || unchangedSinceInit)) {
    manifest.files[path] = { sha256: sha256(content), ...(ours ? { replaced: ours.replaced } : { replaced: before }) };
    if (manifest.files[path]?.replaced === undefined) delete manifest.files[path]?.replaced;
    return change(path, before, content, framework);
  }
  return {
    path,
    action: "skip",
    before,
    after: before,
    reason: "exists with other content; kept yours (--force replaces it)",
    framework,
  };
}

/** husky's documented companion for yarn 2+ libraries (postinstall off while packing). */
const PINST_VERSION = "3.0.0";

function packageJsonChange(
  project: ProjectInfo,
  devDependencies: Record<string, string>,
  options: InitOptions,
  manifest: Manifest,
  notes: string[],
): FileChange {
  const abs = join(project.pkgDir, "package.json");
  const path = toPosix(relative(project.gitRoot, abs));
  const before = readFileSafe(abs, { root: project.gitRoot });
  if (before === null) throw new RampartError("HOOKS_NO_PACKAGE_JSON", "package.json is gone", { file: path });
  const toRoot = toPosix(relative(project.pkgDir, project.gitRoot));
  const prepare = project.pkgRel === "." ? "husky" : `cd ${toRoot} && husky ${project.pkgRel}/.husky`;
  // Yarn 2+ does not run a project's own `prepare`; husky's documented fix is `postinstall`. A
  // published package (not private) must not run it in its consumers' installs: husky's
  // documented pattern is pinst, which disables `postinstall` while the package is packed.
  // (npm, pnpm and yarn 1 run `prepare` only in the package's own checkout: safe for libraries.)
  const berry = project.packageManager === "yarn-berry";
  const library = berry && (JSON.parse(before) as { private?: unknown }).private !== true;
  const rampart = rampartDependency(project, options.rampartVersion);
  if (rampart.note !== undefined) notes.push(`${path}: ${rampart.note}`);
  const merged = mergePackageJson(before, {
    devDependencies: {
      ...devDependencies,
      ...(library ? { pinst: PINST_VERSION } : {}),
      ...(rampart.spec === undefined ? {} : { rampart: rampart.spec }),
    },
    scripts: berry
      ? { postinstall: prepare, ...(library ? { prepack: "pinst --disable", postpack: "pinst --enable" } : {}) }
      : { prepare },
  });
  if (library)
    notes.push(
      `${path} is a published package: its postinstall (husky) is switched off while packing by pinst (prepack/postpack), so consumers' installs never run it`,
    );
  const prior = manifest.packageJson?.edits;
  manifest.packageJson = {
    path,
    edits: {
      addedDevDependencies: { ...prior?.addedDevDependencies, ...merged.edits.addedDevDependencies },
      scripts: { ...merged.edits.scripts, ...prior?.scripts },
      keptDevDependencies: { ...merged.edits.keptDevDependencies },
    },
  };
  if (project.packageManager === "yarn-berry" && !yarnUsesNodeModules(project)) {
    notes.push(
      "yarn Plug'n'Play has no node_modules/.bin, which git hooks need: set `nodeLinker: node-modules` in .yarnrc.yml",
    );
  }
  for (const [name, version] of Object.entries(merged.edits.keptDevDependencies)) {
    // rampart as the user installed it (a range, a registry alias, a tarball) is how they want it.
    if (name === "rampart") continue;
    notes.push(
      `${path}: kept your ${name}@${version} (rampart pins ${devDependencies[name] ?? options.rampartVersion})`,
    );
  }
  return change(path, before, merged.text, ["MAT-1", "SRC-2"]);
}

function pnpmChange(
  project: ProjectInfo,
  wanted: Record<string, unknown>,
  manifest: Manifest,
  notes: string[],
): FileChange {
  const root = findUp(project.pkgDir, project.gitRoot, "pnpm-workspace.yaml") ?? project.pkgDir;
  const path = toPosix(relative(project.gitRoot, join(root, "pnpm-workspace.yaml")));
  const before = readFileSafe(join(root, "pnpm-workspace.yaml"), { root: project.gitRoot });
  const merged = mergePnpmWorkspace(before, wanted, project.packageManagerVersion);
  const prior = manifest.pnpmWorkspace;
  manifest.pnpmWorkspace = {
    path,
    added: { ...prior?.added, ...merged.added },
    created: prior?.created ?? before === null,
  };
  if (merged.kept.length > 0) notes.push(`${path}: kept your own ${merged.kept.join(", ")}`);
  if (merged.unsupported.length > 0) {
    notes.push(
      `${path}: pnpm ${project.packageManagerVersion} is too old for ${merged.unsupported.join(", ")}; upgrade pnpm and run init again`,
    );
  }
  return change(path, before, merged.text, ["MAT-1", "MAT-3", "BLD-5"]);
}

function findUp(from: string, stop: string, name: string): string | undefined {
  for (let dir = from; ; dir = join(dir, "..")) {
    if (existsSync(join(dir, name))) return dir;
    if (dir === stop || relative(stop, dir).startsWith("..")) return undefined;
  }
}

export function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

function normalize(path: string): string {
  return path.replace(/^\.\//, "").replace(/\/\.\//g, "/");
}

function yarnUsesNodeModules(project: ProjectInfo): boolean {
  const rc =
    readIfExists(join(project.pkgDir, ".yarnrc.yml")) ?? readIfExists(join(project.gitRoot, ".yarnrc.yml")) ?? "";
  return /^nodeLinker:\s*["']?node-modules/m.test(rc);
}

/**
 * A repository that checks spelling keeps rampart's files out of the checked set: their paths
 * go into its CSpell config's ignorePaths (JSON or YAML; recorded for uninstall). A config rampart
 * cannot edit safely (code, JSON with comments, package.json's key) gets a note with the paths.
 */
function cspellChange(
  project: ProjectInfo,
  changes: readonly FileChange[],
  manifest: Manifest,
  notes: string[],
): FileChange | undefined {
  const config = findCspellConfig(project.gitRoot, project.pkgDir);
  if (config === undefined) return undefined;
  const owned = changes.filter((c) => c.action !== "skip" && !c.path.startsWith(".rampart/")).map((c) => c.path);
  const paths = [".rampart/**", ...owned];
  const before = readFileSafe(config.path, { root: project.gitRoot });
  if (before === null) return undefined;
  const merged = config.format === "code" ? undefined : addIgnorePaths(before, config, paths);
  if (merged === undefined) {
    notes.push(
      `${config.path} (spell checking): add rampart's files to ${config.key} so their words are not flagged: ${paths.join(", ")}`,
    );
    return undefined;
  }
  const prior = manifest.cspell?.path === config.path ? manifest.cspell : undefined;
  if (merged.added.length > 0 || prior !== undefined)
    manifest.cspell = {
      path: config.path,
      key: config.key,
      added: [...new Set([...(prior?.added ?? []), ...merged.added])],
      createdKey:
        prior?.createdKey ?? !new RegExp(`(^|\\n)\\s*"?${config.key.replace(".", "\\.")}"?\\s*:`).test(before),
    };
  return change(config.path, before, merged.text, ["SRC-2"]);
}

/** Includes rampart's GitLab job from the project's .gitlab-ci.yml (comments kept). */
function gitlabChange(project: ProjectInfo, manifest: Manifest, notes: string[]): FileChange | undefined {
  const before = readFileSafe(".gitlab-ci.yml", { root: project.gitRoot });
  if (before === null) return undefined;
  const merged = addGitlabInclude(before);
  if (merged.note) notes.push(merged.note);
  if (merged.text !== undefined) manifest.gitlabInclude = true;
  return change(".gitlab-ci.yml", before, merged.text ?? before, ["BLD-2"]);
}

/** The `lockfile:` section that accepts what the lockfiles held at adoption ("" when nothing). */
export function lockfileSection(state: NonNullable<InitOptions["lockfileAccepted"]>): string {
  const q = (s: string) => JSON.stringify(s);
  const lines: string[] = [];
  if (state.allowInstallScripts.length > 0)
    lines.push(`  allowInstallScripts: [${state.allowInstallScripts.map(q).join(", ")}]`);
  const sources = Object.entries(state.allowedSources);
  if (sources.length > 0) {
    lines.push("  allowedSources:");
    for (const [name, urls] of sources) lines.push(`    ${q(name)}: [${urls.map(q).join(", ")}]`);
  }
  if (state.allowedHosts.length > 0) lines.push(`  allowedHosts: [${state.allowedHosts.map(q).join(", ")}]`);
  if ((state.held ?? []).length > 0) {
    lines.push(
      "  # Errors the lockfiles held as adopted: each a warning for that package only, while it stays",
      "  # as it is (version, source, integrity); the same rule on any other package, or on this one",
      "  # changed, is an error. Fix them, then delete the entry.",
      "  heldAtAdoption:",
      ...(state.held ?? []).map((e) => {
        const fields = Object.entries(e)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}: ${q(String(v))}`);
        return `    - { ${fields.join(", ")} }`;
      }),
    );
  }
  if (lines.length === 0) return "";
  return [
    "",
    "lockfile:",
    "  # What the lockfiles held when rampart was adopted (rampart init), accepted as it was: a new",
    "  # install script, source or host is an error. Review these, and remove what you do not want.",
    ...lines,
    "",
  ].join("\n");
}
