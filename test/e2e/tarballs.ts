import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { type GitRepo, repoRoot, runCommand } from "../helpers/src/index.js";

/** The packages a user's install pulls in, by folder: every published (non-private) workspace package. */
const PACKAGES = readdirSync(join(repoRoot, "packages")).filter((dir) => {
  const manifest = join(repoRoot, "packages", dir, "package.json");
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { private?: boolean }).private !== true;
});

/** Kept between runs so that a second run installs from the cache, not the network. */
export const CACHE = join(tmpdir(), "rampart-e2e-cache");

export interface Tarballs {
  /** Package name -> absolute .tgz path. */
  byName: Record<string, string>;
  rampart: string;
}

/** `pnpm pack`s every workspace package once (workspace:/catalog: specs become real versions). */
export async function packAll(dest: string, options: { reuse?: boolean } = {}): Promise<Tarballs> {
  mkdirSync(dest, { recursive: true });
  const byName: Record<string, string> = {};
  for (const dir of options.reuse ? [] : PACKAGES) {
    const cwd = join(repoRoot, "packages", dir);
    const r = await runCommand("pnpm", ["pack", "--pack-destination", dest], {
      cwd,
      env: process.env,
      timeout: 120_000,
    });
    if (r.exitCode !== 0) throw new Error(`pnpm pack failed in packages/${dir}:\n${r.stdout}${r.stderr}`);
  }
  for (const file of readdirSync(dest).filter((f) => f.endsWith(".tgz"))) {
    const scoped = /^rampart-([a-z][a-z-]*)-\d/.exec(file);
    if (scoped) byName[`@rampart/${scoped[1]}`] = join(dest, file);
    else if (/^rampart-\d/.test(file)) byName.rampart = join(dest, file);
  }
  const rampart = byName.rampart;
  if (rampart === undefined) throw new Error(`no rampart tarball in ${dest}: ${Object.keys(byName).join(", ")}`);
  return { byName, rampart };
}

/** yarn's cache: the packed build's own once packOnce has run in this worker. */
let yarnCache = join(CACHE, "yarn");

/**
 * The packed set for this build, packed once and shared by every test file that installs rampart
 * (each vitest file runs in its own worker): kept in CACHE under a digest of what the packages
 * ship (package.json, bin, dist, templates), so a rebuild packs again and an unchanged build never.
 */
export async function packOnce(): Promise<Tarballs> {
  const hash = createHash("sha256");
  const add = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path).sort()) add(join(path, entry));
    else hash.update(path).update(readFileSync(path));
  };
  for (const dir of PACKAGES)
    for (const part of ["package.json", "bin", "dist", "templates"]) add(join(repoRoot, "packages", dir, part));
  const digest = hash.digest("hex").slice(0, 16);
  const dest = join(CACHE, `pack-${digest}`);
  // yarn classic caches a file: tarball under its name and version alone ("Cache has '' and remote
  // has <sha1>" once another build's tarball of the same version is there): one cache per build.
  yarnCache = join(CACHE, `yarn-cache-${digest}`);
  const marker = join(dest, ".complete");
  if (!existsSync(marker)) {
    const scratch = `${dest}.tmp-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    await packAll(scratch);
    writeFileSync(join(scratch, ".complete"), "");
    try {
      renameSync(scratch, dest);
    } catch {
      rmSync(scratch, { recursive: true, force: true }); // another worker packed the same build first
    }
    // The cache is shared by every checkout on the machine (and their runs may overlap): only
    // packed sets nobody touched for a day go.
    const stale = Date.now() - 24 * 3600_000;
    for (const old of readdirSync(CACHE).filter(
      (f) => /^(?:pack|yarn-cache)-[0-9a-f]{16}$/.test(f) && join(CACHE, f) !== dest && join(CACHE, f) !== yarnCache,
    ))
      if (statSync(join(CACHE, old)).mtimeMs < stale) rmSync(join(CACHE, old), { recursive: true, force: true });
  }
  return packAll(dest, { reuse: true });
}

/** The @rampart/* tarballs as file: specs, for npm overrides, pnpm overrides and yarn resolutions. */
export function fileSpecs(t: Tarballs): Record<string, string> {
  return Object.fromEntries(Object.entries(t.byName).map(([name, path]) => [name, `file:${path}`]));
}

/** The environment installs run with: the sandbox's, plus shared caches and no telemetry. */
export function installEnv(repo: GitRepo): NodeJS.ProcessEnv {
  return {
    ...repo.env,
    ...networkEnv(),
    npm_config_cache: join(CACHE, "npm"),
    npm_config_store_dir: join(CACHE, "pnpm-store"),
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_prefer_offline: "true",
    YARN_CACHE_FOLDER: yarnCache,
    YARN_ENABLE_GLOBAL_CACHE: "false",
    YARN_ENABLE_TELEMETRY: "0",
    YARN_ENABLE_IMMUTABLE_INSTALLS: "0",
    CI: "",
  };
}

/** Runs a command in the repo and throws with its output when it fails. */
export async function must(repo: GitRepo, file: string, args: string[], cwd = repo.dir): Promise<string> {
  const r = await runCommand(file, args, { cwd, env: installEnv(repo), timeout: 240_000 });
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(" ")} failed (${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/** yarn berry from the npm registry (@yarnpkg/cli-dist), cached; undefined when it cannot be had. */
export async function yarnBerry(version: string): Promise<string | undefined> {
  return npmTool(`yarn-${version}`, `@yarnpkg/cli-dist@${version}`, ["@yarnpkg", "cli-dist", "bin", "yarn.js"]);
}

/** yarn classic from the npm registry (the `yarn` package), cached; undefined when it cannot be had. */
export async function yarnClassic(version: string): Promise<string | undefined> {
  return npmTool(`yarn-${version}`, `yarn@${version}`, ["yarn", "bin", "yarn.js"]);
}

/**
 * A tool from the npm registry, installed once into CACHE/<name>: into a scratch folder first and
 * moved into place whole, so test files running at the same time (vitest workers) never install
 * into one folder together or run a half-installed tool; the first to finish is the one kept.
 */
async function npmTool(name: string, spec: string, binPath: string[]): Promise<string | undefined> {
  const dir = join(CACHE, name);
  const bin = join(dir, "node_modules", ...binPath);
  if (existsSync(bin)) return bin;
  mkdirSync(CACHE, { recursive: true });
  const scratch = mkdtempSync(`${dir}.tmp-`);
  writeFileSync(join(scratch, "package.json"), "{}\n");
  const r = await runCommand("npm", ["install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", spec], {
    cwd: scratch,
    env: { ...process.env, ...networkEnv(), npm_config_cache: join(CACHE, "npm") },
    timeout: 120_000,
  });
  if (r.exitCode === 0 && existsSync(join(scratch, "node_modules", ...binPath))) {
    if (existsSync(dir) && !existsSync(bin)) rmSync(dir, { recursive: true, force: true }); // an older run's partial install
    try {
      renameSync(scratch, dir);
    } catch {
      // another worker installed it first
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  return existsSync(bin) ? bin : undefined;
}

/**
 * The sandbox drops the caller's environment and HOME (so their ~/.npmrc); a registry behind a
 * proxy or a private CA still needs these. The CA comes from, in order: NODE_EXTRA_CA_CERTS, the
 * caller's npm `cafile`, the system trust store; the registry from the caller's npm config.
 */
function networkEnv(): NodeJS.ProcessEnv {
  const keep = /^(NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY)$/;
  const out: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => keep.test(k)));
  const npmrc = callerNpmrc();
  const systemStore = "/etc/ssl/certs/ca-certificates.crt";
  const ca = out.NODE_EXTRA_CA_CERTS ?? npmrc.cafile ?? (existsSync(systemStore) ? systemStore : undefined);
  if (ca !== undefined) {
    out.NODE_EXTRA_CA_CERTS = ca;
    out.npm_config_cafile = ca;
    out.YARN_HTTPS_CA_FILE_PATH = ca;
  }
  if (npmrc.registry !== undefined) {
    out.npm_config_registry = npmrc.registry;
    out.YARN_NPM_REGISTRY_SERVER = npmrc.registry.replace(/\/$/, "");
  }
  out.npm_config_fetch_retries = "1";
  return out;
}

/** `cafile` and `registry` from the caller's own npm config (env first, then ~/.npmrc). */
function callerNpmrc(): { cafile?: string; registry?: string } {
  const found: { cafile?: string; registry?: string } = {};
  const file = process.env.npm_config_userconfig ?? join(homedir(), ".npmrc");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  for (const key of ["cafile", "registry"] as const) {
    const fromEnv = process.env[`npm_config_${key}`];
    const fromFile = new RegExp(`^\\s*${key}\\s*=\\s*(.+?)\\s*$`, "m").exec(text)?.[1];
    const value = fromEnv ?? fromFile;
    if (value) found[key] = value;
  }
  return found;
}
