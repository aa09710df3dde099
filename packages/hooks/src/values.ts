import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMITLINT_CONFIG_FILES } from "./commitlint-files.js";
import { carriedHooks, type ProjectInfo, readJson } from "./detect.js";
import { commitlintConfig, LINT_STAGED_CONFIG_FILES, packageKey } from "./hook/tools.js";
import { removeBlock } from "./hook-block.js";
import type { Profile, ProfileSpec } from "./templates.js";

// CI installs the change's dependencies from the change's files, so no code of the change may run:
// no lifecycle scripts, and for pnpm no .pnpmfile.cjs (pnpm loads it despite --ignore-scripts,
// even when --frozen-lockfile then refuses the lockfile), nor its plugin config dependencies.
const INSTALL: Record<ProjectInfo["packageManager"], { local: string; ci: string }> = {
  npm: { local: "npm install", ci: "npm ci --ignore-scripts --no-audit --no-fund" },
  // The folders pnpm writes the install to are the project's own: pnpm-workspace.yaml (the change's,
  // its packages and catalogs must match the lockfile) could name any path on the runner.
  pnpm: {
    local: "pnpm install",
    ci: "pnpm install --frozen-lockfile --ignore-scripts --ignore-pnpmfile --config.modules-dir=node_modules --config.virtual-store-dir=node_modules/.pnpm",
  },
  // YARN_IGNORE_PATH: never run the yarn binary a change's .yarnrc(.yml) points at (yarn-path, yarnPath).
  "yarn-classic": { local: "yarn install", ci: "YARN_IGNORE_PATH=1 yarn install --frozen-lockfile --ignore-scripts" },
  "yarn-berry": {
    local: "yarn install",
    // --check-cache: archives a change commits to .yarn/cache (zero-installs) are fetched again and
    // compared with the lockfile's checksums, never installed as committed.
    ci: "corepack enable && YARN_IGNORE_PATH=1 yarn install --immutable --check-cache --mode=skip-build",
  },
};

/**
 * The package-manager config an install reads from the checkout that is code or decides where
 * credentials go: npm's git= and registries (.npmrc; yarn 1 reads it too), yarn 1's .yarnrc (CLI
 * flags, yarn-path), yarn berry's .yarnrc.yml (plugins:, yarnPath, npmRegistryServer and tokens),
 * its plugin files, .env.yarn (yarn berry's injected environment), pnpm's .pnpmfile.cjs/.mjs and
 * Corepack's .corepack.env (registry, custom URLs). Git pathspecs from the repository root, any depth.
 * CI takes each one the change touched from the base commit before it installs anything.
 */
export const PM_CONFIG_PATHS = [
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
  ".yarn/plugins/**",
  ".env.yarn",
  ".pnpmfile.cjs",
  ".pnpmfile.mjs",
  ".corepack.env",
].map((p) => `:(glob)**/${p}`);

/**
 * `sh -c` body (inside single quotes; $1 the base commit, then the files): each file as the base
 * has it, or removed where the base has none; a failure stops the step (xargs exits non-zero).
 */
/**
 * The GitHub workflow's one step (first in each job that judges a change) that decides BASE, the
 * trusted side whose policy, baseline and config judge the change, and writes it to $GITHUB_ENV
 * for the job's later steps: a pull request's base; a push's previous tip; a tag: the default
 * branch (its merge base with the tag, or its tip for a history of its own), never the tag's
 * previous target. Never the pushed commit itself (the default branch's first push, where the
 * merge base is the tip) and never nothing: then a commit of the empty tree, made in the clone,
 * so the defaults judge the whole history (the change's own policy only where stricter) and every
 * commit is in BASE..HEAD. Indented for a job's steps list; {{defaultBranch}} filled in after.
 */
const GITHUB_BASE_STEP = `      - name: base (the trusted side)
        # What judges the change, written to $GITHUB_ENV as BASE for the job's later steps: a pull
        # request's base; a push's previous tip; a tag: the default branch (see on: push: tags). Never
        # the pushed commit itself (the default branch's first push), never nothing: then a commit of
        # the empty tree, so the defaults judge all of it and the change's own policy only where stricter.
        env:
          BEFORE: \${{ github.event.pull_request.base.sha || github.event.before }}
          HEAD: \${{ github.event.pull_request.head.sha || github.sha }}
          REF: \${{ github.ref }}
        run: |
          BASE=$BEFORE
          case "$REF" in refs/tags/*) BASE=$(git merge-base "origin/{{defaultBranch}}" "$HEAD") || BASE=$(git rev-parse --verify "origin/{{defaultBranch}}^{commit}") ;; esac
          if [ -z "$BASE" ] || [ "$BASE" = "0000000000000000000000000000000000000000" ]; then
            BASE=$(git merge-base "origin/{{defaultBranch}}" "$HEAD" 2>/dev/null) || BASE=
          fi
          if [ -z "$BASE" ] || [ "$(git rev-parse --verify -q "$BASE^{commit}")" = "$(git rev-parse --verify "$HEAD^{commit}")" ]; then
            EMPTY=$(git hash-object -w -t tree /dev/null)
            BASE=$(git -c user.name=rampart -c user.email=rampart@localhost commit-tree "$EMPTY" -m "rampart: no trusted base")
            echo "rampart: no trusted base for $HEAD: judged against an empty commit (the defaults; the change's own policy only where stricter)"
          fi
          echo "BASE=$BASE" >> "$GITHUB_ENV"`;

const PM_CONFIG_RESTORE =
  'b=$1; shift; for f; do if git cat-file -e "$b:$f" 2>/dev/null; then git checkout -q "$b" -- "$f" || exit 2; else rm -f -- "$f" || exit 2; fi; echo "rampart: $f: package-manager config from the base ($b), not from the change"; done';

/** The placeholder values every template may use. */
export function templateValues(
  project: ProjectInfo,
  spec: ProfileSpec,
  options: { rampartVersion: string },
  signers: string,
): Record<string, string> {
  const sub = project.pkgRel !== ".";
  const prefix = sub ? `${project.pkgRel}/` : "";
  // The user's own lines only: rampart's block mentions lint-staged and commitlint itself.
  const carried = carriedHooks(project, (options as { force?: boolean }).force === true);
  const hook = (name: string) =>
    removeBlock(readIfExists(join(project.pkgDir, ".husky", name)) ?? carried[name] ?? "") ?? "";
  const rampart = `rampart@${options.rampartVersion}`;
  const lint = nonConventional(project, spec.profile) ? [] : commitlintSpecs(project, spec);
  return {
    profile: spec.profile,
    pkgRel: project.pkgRel,
    pkgDir: project.pkgRel,
    pkgDirNoDot: sub ? project.pkgRel : "",
    pkgPrefix: prefix,
    hookDir: `${prefix}.husky`,
    // The hooks run rampart's bin with node directly: a package manager's .bin entry may be a shell
    // shim (pnpm's starts sh, sed, dirname and uname before Node), and it is one more exec either way.
    rampartBin: `${prefix}node_modules/rampart/bin/rampart.js`,
    // CI runs rampart (and commitlint) installed from the registry at the versions written here,
    // outside the checkout: the change under review could point node_modules/.bin anywhere.
    // Unquoted: a YAML plain scalar cannot start with a quote (runner paths have no spaces).
    rampartGithub: "$RUNNER_TEMP/rampart/node_modules/.bin/rampart",
    rampartGitlab: `${GITLAB_TOOLS}/node_modules/.bin/rampart`,
    toolsGithub: toolsInstall(`"$RUNNER_TEMP/rampart"`, [rampart]),
    toolsGithubLint: toolsInstall(`"$RUNNER_TEMP/rampart"`, [rampart, ...lint]),
    toolsGitlab: toolsInstall(GITLAB_TOOLS, [rampart, ...lint]),
    // rampart for `lockfile pin-config` before the project's install, in a folder of its own.
    toolsGithubPin: toolsInstall(`"$RUNNER_TEMP/rampart-pin"`, [rampart]),
    toolsGitlabPin: toolsInstall(GITLAB_PIN, [rampart]),
    rampartGithubPin: "$RUNNER_TEMP/rampart-pin/node_modules/.bin/rampart",
    rampartGitlabPin: `${GITLAB_PIN}/node_modules/.bin/rampart`,
    commitlintFiles: COMMITLINT_CONFIG_FILES.join(" "),
    installCmd: INSTALL[project.packageManager].local,
    inPkg: sub ? ` in ${project.pkgRel}` : "",
    ciInstall: INSTALL[project.packageManager].ci,
    pmConfigPaths: PM_CONFIG_PATHS.map((p) => `'${p}'`).join(" "),
    pmConfigRestore: PM_CONFIG_RESTORE,
    githubBaseStep: GITHUB_BASE_STEP,
    // Files under any node_modules, and a node_modules that is itself a tracked symlink.
    nodeModulesPaths: "':(glob)**/node_modules' ':(glob)**/node_modules/**'",
    packageManagerVersion: project.packageManagerVersion ?? "10",
    defaultBranch: project.defaultBranch,
    owner: "your-org/maintainers",
    rampartVersion: options.rampartVersion,
    signers,
    // An existing husky hook that already runs lint-staged or commitlint keeps doing so; rampart
    // does not run them a second time.
    sinceLine: sinceLine(project),
    lintStaged: String(!/lint-staged/.test(hook("pre-commit"))),
    lintStagedConfig: lintStagedConfigName(project.pkgDir),
    commitlint: String(!/commitlint/.test(hook("commit-msg")) && !nonConventional(project, spec.profile)),
    ...spec.values,
  };
}

/** Where the GitLab job installs its tools (each job runs in a fresh container). */
const GITLAB_TOOLS = "/tmp/rampart-tools";
/** Where the GitLab job installs rampart for `lockfile pin-config`, before the project's install. */
const GITLAB_PIN = "/tmp/rampart-pin";

/** A registry package name (so the workflow's install line needs no quoting for it). */
const NPM_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;
/** An npm package spec the CI install may take from the user's package.json: a registry range. */
const REGISTRY_RANGE = /^[\w.^~<>=|* -]+$/;

/**
 * The command CI installs its tools with: a folder made afresh (whatever an earlier step wrote
 * there, a project install pointed at it included, is removed first), the given packages, no
 * scripts, nothing saved.
 */
function toolsInstall(prefix: string, specs: string[]): string {
  const quoted = specs.map((s) => (/^[\w@/.-]+$/.test(s) ? s : `'${s}'`));
  return `rm -rf ${prefix} && mkdir ${prefix} && npm install --prefix ${prefix} --no-save --no-package-lock --ignore-scripts --no-audit --no-fund ${quoted.join(" ")}`;
}

/**
 * What CI lints commit messages with: commitlint and the shareable configs the project depends on
 * (any package whose name has "commitlint", at the project's range when it is a registry range),
 * @commitlint/cli and config-conventional at the profile's version where the project has none.
 */
function commitlintSpecs(project: ProjectInfo, spec: ProfileSpec): string[] {
  const own = new Map<string, string>();
  const pkg = readJson(join(project.pkgDir, "package.json"));
  for (const key of ["dependencies", "devDependencies"]) {
    const deps = pkg[key];
    if (deps === null || typeof deps !== "object") continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
      if (name.includes("commitlint") && NPM_NAME.test(name) && typeof range === "string" && REGISTRY_RANGE.test(range))
        own.set(name, range);
    }
  }
  for (const name of ["@commitlint/cli", "@commitlint/config-conventional"]) {
    const version = spec.devDependencies[name];
    if (!own.has(name) && version !== undefined) own.set(name, version);
  }
  return [...own].sort(([a], [b]) => a.localeCompare(b)).map(([name, range]) => `${name}@${range}`);
}

/** Flags for `when` and `{{#if}}`: the profile, package manager, CI and layout. */
export function projectFlags(project: ProjectInfo, profile: Profile): Set<string> {
  const flags = new Set<string>([profile, project.packageManager]);
  if (project.packageManager.startsWith("yarn")) flags.add("yarn");
  if (project.packageManager === "pnpm" && project.packageManagerVersion === undefined) flags.add("pnpmUnpinned");
  // Package managers whose install reads settings or plugins from files the change keeps
  // (pnpm-workspace.yaml, yarn berry's plugin paths): CI pins them with `lockfile pin-config`.
  if (project.packageManager === "pnpm" || project.packageManager === "yarn-berry") flags.add("pinConfig");
  if (project.ci.gitlab) flags.add("gitlab");
  if (project.ci.github || !project.ci.gitlab) flags.add("github");
  if (project.pkgRel !== ".") flags.add("subdir");
  if (project.renovate) flags.add("renovate");
  // The repository's own files win: a CODEOWNERS where GitHub also looks (root, docs/; one in
  // .github/ is kept by the usual "exists: kept yours"), dependabot.yaml, or Renovate.
  if (["CODEOWNERS", "docs/CODEOWNERS"].some((f) => existsSync(join(project.gitRoot, f)))) flags.add("codeowners");
  if (project.renovate || existsSync(join(project.gitRoot, ".github", "dependabot.yaml"))) flags.add("dependencyBot");
  if (lintStagedConfigured(project.pkgDir)) flags.add("lintStagedConfigured");
  if (commitlintConfigured(project.pkgDir)) flags.add("commitlintConfigured");
  if (nonConventional(project, profile)) flags.add("nonConventional");
  // CI runs what the commit-msg hook runs: commitlint, unless init leaves the message format free.
  else flags.add("commitlintCi");
  return flags;
}

/**
 * Conventional Commits are not imposed on a history that does not follow them: with at least 10
 * recent messages of which fewer than 80% would pass config-conventional, and no commitlint
 * config of the project's own, init enforces no message format (init says so). The strict profile
 * enforces them anyway (its DCO check is part of the commitlint config) and says that too.
 */
export function nonConventional(project: ProjectInfo, profile: Profile): boolean {
  const { examined, passing } = project.conventional;
  return profile !== "strict" && examined >= 10 && passing / examined < 0.8 && !commitlintConfigured(project.pkgDir);
}

/**
 * The user's own lint-staged config file (any name lint-staged reads, "package.json" for its key),
 * or undefined. rampart's own file name (lint-staged.config.mjs) is left out on purpose: when one
 * exists, init compares it with its template and keeps a user's version.
 */
export function ownLintStagedConfig(pkgDir: string): string | undefined {
  const name = LINT_STAGED_CONFIG_FILES.find((n) => n !== "lint-staged.config.mjs" && existsSync(join(pkgDir, n)));
  return name ?? packageKey(pkgDir, "lint-staged");
}

function lintStagedConfigured(pkgDir: string): boolean {
  return ownLintStagedConfig(pkgDir) !== undefined;
}

/** How comments name the lint-staged config: the user's file, their package.json key, or rampart's file. */
function lintStagedConfigName(pkgDir: string): string {
  const own = ownLintStagedConfig(pkgDir);
  if (own === "package.json") return 'the "lint-staged" key of package.json';
  return own ?? "lint-staged.config.mjs";
}

function commitlintConfigured(pkgDir: string): boolean {
  return commitlintConfig(pkgDir) !== undefined;
}

function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

/**
 * The signature policy's trust root: the commit rampart was adopted at, so that history written
 * before it needs no signatures. A re-run keeps the value the first run wrote.
 */
function sinceLine(project: ProjectInfo): string {
  const existing = readIfExists(join(project.gitRoot, ".rampart", "config.yaml"));
  const kept = existing === null ? undefined : /^\s+since:\s*"?([0-9a-f]{40,64})"?/m.exec(existing)?.[1];
  const since = kept ?? project.head;
  if (since === null) return "  # since: no trust root: the repository had no commits, so every commit must be signed";
  return `  since: "${since}" # the trust root: HEAD when rampart was adopted; it and its history are exempt`;
}
