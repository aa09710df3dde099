import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type CheckResult, type Finding, fingerprint, makeResult, sortFindings } from "@rampart/core";
import { manifestLicense } from "@rampart/core/manifest";
import { type Lockfile, type LockPackage, packageLine } from "@rampart/lockfile";
import semver from "semver";
import parseSpdx from "spdx-expression-parse";
import { reachability } from "./graph.js";
import { LICENSE_CACHE_FILE, type LicenseCache } from "./license-cache.js";
import { licenseFromFiles } from "./license-text.js";
import { type DepsPolicy, isExpired } from "./policy.js";
import { RULES, type RuleId } from "./rules.js";

export type LicensePolicy = NonNullable<DepsPolicy["licenses"]>;
export type LicenseException = NonNullable<LicensePolicy["exceptions"]>[number];

type Node =
  | { license: string; plus?: true; exception?: string }
  | { conjunction: "and" | "or"; left: Node; right: Node };

const require = createRequire(import.meta.url);
let ids: { canonical: Map<string, string>; current: Set<string> } | undefined;

/** SPDX ids by lower case (ids are case-insensitive), and the current (not deprecated) ones. */
function spdxIds() {
  if (ids === undefined) {
    const current = require("spdx-license-ids") as string[];
    const deprecated = require("spdx-license-ids/deprecated.json") as string[];
    const canonical = new Map<string, string>();
    for (const id of [...current, ...deprecated]) canonical.set(id.toLowerCase(), id);
    ids = { canonical, current: new Set(current) };
  }
  return ids;
}

/**
 * A deprecated id in its current form: GPL-2.0 -> GPL-2.0-only, GPL-2.0+ -> GPL-2.0-or-later (the
 * GNU family, where SPDX 3.0 split the ids); others as written.
 */
function currentId(id: string, plus: boolean): string {
  const { current } = spdxIds();
  if (plus && current.has(`${id}-or-later`)) return `${id}-or-later`;
  if (!current.has(id) && current.has(`${id}-only`)) return `${id}-only`;
  return plus ? `${id}+` : id;
}

export type Parsed = { ok: true; expression: string; node: Node } | { ok: false; reason: string };

/**
 * Parses a package's licence: an SPDX expression (ids matched case-insensitively, deprecated ids
 * normalised) by spdx-expression-parse; `UNLICENSED`, `SEE LICENSE IN ...`, a missing licence or
 * anything unparsable is not a licence the policy can judge.
 */
export function parseLicense(raw: string | undefined): Parsed {
  const key = raw ?? "";
  const hit = parsedCache.get(key);
  if (hit !== undefined) return hit;
  const parsed = parseUncached(raw);
  if (parsedCache.size > 10_000) parsedCache.clear();
  parsedCache.set(key, parsed);
  return parsed;
}

/** A lockfile repeats a few dozen licence strings thousands of times: each is parsed once. */
const parsedCache = new Map<string, Parsed>();

function parseUncached(raw: string | undefined): Parsed {
  const text = raw?.trim() ?? "";
  if (text === "") return { ok: false, reason: "no licence" };
  if (/^UNLICENSED$/i.test(text)) return { ok: false, reason: "UNLICENSED (not licensed for use by others)" };
  if (/^SEE LICEN[CS]E IN /i.test(text)) return { ok: false, reason: `"${text}" (a licence file, not an SPDX id)` };
  const { canonical } = spdxIds();
  // Case-insensitive ids: each token that is not an operator or parenthesis, mapped to its SPDX spelling.
  const normalised = text.replace(/[A-Za-z0-9.+:-]+/g, (token) => {
    if (token === "AND" || token === "OR" || token === "WITH") return token;
    const plus = token.endsWith("+");
    const bare = plus ? token.slice(0, -1) : token;
    const id = canonical.get(bare.toLowerCase());
    return id === undefined ? token : `${id}${plus ? "+" : ""}`;
  });
  let node: Node;
  try {
    node = parseSpdx(normalised) as Node;
  } catch (error) {
    return { ok: false, reason: `"${text}" is not an SPDX expression (${(error as Error).message})` };
  }
  const fix = (n: Node): Node =>
    "conjunction" in n
      ? { conjunction: n.conjunction, left: fix(n.left), right: fix(n.right) }
      : {
          license:
            n.license.startsWith("LicenseRef-") || n.license.includes(":")
              ? n.license
              : currentId(n.license, n.plus === true),
          ...(n.exception === undefined ? {} : { exception: n.exception }),
        };
  const fixed = fix(node);
  return { ok: true, expression: render(fixed, false), node: fixed };
}

function render(n: Node, nested: boolean): string {
  if (!("conjunction" in n)) return n.exception === undefined ? n.license : `${n.license} WITH ${n.exception}`;
  const s = `${render(n.left, true)} ${n.conjunction.toUpperCase()} ${render(n.right, true)}`;
  return nested ? `(${s})` : s;
}

const SOURCE_NAMES: Record<LicenseInfo["from"], string> = {
  lockfile: "the lockfile",
  node_modules: "node_modules",
  "license-file": "the package's licence file",
  cache: LICENSE_CACHE_FILE,
  none: "nowhere",
};

export type Verdict = "allowed" | "review" | "denied";
const RANK: Record<Verdict, number> = { denied: 0, review: 1, allowed: 2 };

/**
 * The base id of a GNU-family id (GPL-3.0-only, GPL-3.0-or-later, GPL-3.0+ -> GPL-3.0), a `+`
 * after a suffixed id included (the SPDX parser takes GPL-3.0-only+: GPL-3.0 or any later one).
 */
function family(id: string): string {
  return id.replace(/(?:-only|-or-later)?\+?$/, "");
}

/**
 * Judges an expression against allow / deny / review: a leaf is denied when its id (or its
 * family: GPL-3.0 covers -only and -or-later) is denied, or when an allow list exists and names
 * neither it nor `id WITH exception`; OR takes its best branch, AND its worst.
 */
export function judge(node: Node, policy: LicensePolicy): { verdict: Verdict; because: string } {
  const norm = (list: string[] | undefined) => {
    const out = new Set<string>();
    for (const x of list ?? []) {
      const p = parseLicense(x);
      out.add(p.ok ? p.expression : x);
    }
    return out;
  };
  const allow = policy.allow === undefined ? undefined : norm(policy.allow);
  const deny = norm(policy.deny);
  const review = norm(policy.review);
  const denyFamilies = new Set([...deny].map((d) => family(d.split(" WITH ")[0] as string)));
  const leaf = (n: { license: string; exception?: string }): { verdict: Verdict; because: string } => {
    const full = n.exception === undefined ? n.license : `${n.license} WITH ${n.exception}`;
    const inList = (set: Set<string>) => set.has(full) || set.has(n.license) || set.has(family(n.license));
    // A denied id denies its whole family: GPL-3.0-only in deny also refuses GPL-3.0-or-later and GPL-3.0+.
    if (deny.has(full) || denyFamilies.has(family(n.license)))
      return { verdict: "denied", because: `${full} is denied` };
    if (allow !== undefined && !allow.has(full) && !allow.has(n.license))
      return { verdict: "denied", because: `${full} is not in deps.licenses.allow` };
    if (inList(review)) return { verdict: "review", because: `${full} needs review` };
    return { verdict: "allowed", because: `${full} is allowed` };
  };
  const walk = (n: Node): { verdict: Verdict; because: string } => {
    if (!("conjunction" in n)) return leaf(n);
    const a = walk(n.left);
    const b = walk(n.right);
    if (n.conjunction === "or") return RANK[a.verdict] >= RANK[b.verdict] ? a : b;
    return RANK[a.verdict] <= RANK[b.verdict] ? a : b;
  };
  return walk(node);
}

export interface LicenseInfo {
  /** The licence as found, or undefined. */
  raw?: string;
  /** Where it was found. */
  from: "lockfile" | "node_modules" | "license-file" | "cache" | "none";
  /** Each source asked, and what it said (for an unknown licence: which sources were tried). */
  tried: string[];
  /** A lockfile `license` the installed package.json contradicts (not used; a change can edit the lockfile). */
  lockfileSays?: string;
}

/**
 * A package's licence from the best source, in order: the installed package.json in node_modules
 * where its name and version match the lockfile's (npm's layout: the lockfile key is the install
 * path; pnpm's virtual store): the content of the tarball the lockfile's integrity pinned, which
 * a change cannot edit the way it edits the lockfile; when it names none (or says "SEE LICENSE
 * IN"), the package's LICENSE/LICENCE/COPYING text; then the lockfile's `license` (npm v2/v3),
 * for a package not installed or installed without one; then the committed
 * `.rampart/licenses.json`. A lockfile `license` that an installed package.json contradicts is
 * never used and is kept in `lockfileSays`. Reading never follows the package outside `root`.
 * `tried` says what each source said.
 */
export function licenseOf(p: LockPackage, root: string | undefined, cache?: LicenseCache): LicenseInfo {
  const locked = typeof p.license === "string" && p.license.trim() !== "" ? p.license : undefined;
  const tried = locked === undefined ? ["lockfile: no licence field"] : [];
  let seeFile: string | undefined;
  let fromText: LicenseInfo | undefined;
  const patched = patchEditsLicence(p, root);
  if (patched !== undefined) tried.push(`node_modules: ${patched}: not used`);
  if (root !== undefined && patched === undefined) {
    const candidates = [
      ...(p.id.startsWith("node_modules/") || p.id.includes("/node_modules/") ? [join(root, p.id)] : []),
      join(root, "node_modules", ".pnpm", `${p.name.replace("/", "+")}@${p.version}`, "node_modules", p.name),
      join(root, "node_modules", p.name),
    ];
    let installed = false;
    for (const dir of candidates) {
      let manifest: Record<string, unknown>;
      try {
        manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      } catch {
        continue;
      }
      if (typeof manifest !== "object" || manifest === null) continue;
      // The registry normalises versions ("v1.5.3" in a manifest is 1.5.3 in the lockfile).
      if (manifest.name !== p.name) continue;
      if (manifest.version !== p.version && semver.clean(String(manifest.version)) !== p.version) continue;
      installed = true;
      const field = manifestLicense(manifest);
      if (field !== undefined && !/^SEE LICEN[CS]E IN /i.test(field.trim())) {
        if (locked === undefined || locked.trim() === field.trim()) return { raw: field, from: "node_modules", tried };
        return {
          raw: field,
          from: "node_modules",
          tried: [`lockfile: ${JSON.stringify(locked)}, which the installed package.json contradicts`],
          lockfileSays: locked,
        };
      }
      tried.push(`node_modules package.json: ${field === undefined ? "no licence field" : `"${field}"`}`);
      seeFile = field;
      const text = licenseFromFiles(dir);
      if (text.id !== undefined)
        fromText = { raw: text.id, from: "license-file", tried: [...tried, `licence text: ${text.detail}`] };
      else tried.push(`licence text: ${text.detail}`);
      break;
    }
    if (!installed) tried.push("node_modules: not installed");
  }
  if (fromText !== undefined) return fromText;
  if (locked !== undefined) return { raw: locked, from: "lockfile", tried };
  if (cache !== undefined) {
    const key = `${p.name}@${p.version}`;
    const hit = cache.licenses.get(key);
    if (typeof hit === "string") return { raw: hit, from: "cache", tried };
    tried.push(`${LICENSE_CACHE_FILE}: ${hit === null ? "the registry names no licence" : "no entry"}`);
    const claimed = cache.unverified?.licenses.get(key);
    if (claimed !== undefined && cache.unverified !== undefined)
      tried.push(
        `the change's own ${LICENSE_CACHE_FILE} says ${JSON.stringify(claimed)}, which ${cache.unverified.rev}'s copy does not: not used`,
      );
  } else tried.push(`${LICENSE_CACHE_FILE}: absent or unusable`);
  return seeFile === undefined ? { from: "none", tried } : { raw: seeFile, from: "node_modules", tried };
}

/**
 * Why the installed copy of a package the lockfile patches (pnpm's patchedDependencies, yarn's
 * patch: protocol) cannot say its licence: the patch edits its package.json or a licence text, or
 * cannot be read (then it might). Undefined when nothing is patched or the patch leaves them
 * alone (yarn's builtin patches included). A change writes its patches, so a patched licence is
 * the change's own word.
 */
function patchEditsLicence(p: LockPackage, root: string | undefined): string | undefined {
  if (p.patch === undefined) return undefined;
  const path = p.patch.path;
  if (/^(?:optional!)?builtin</.test(path)) return undefined;
  const rel = path.replace(/^~\//, "");
  if (root === undefined || rel.startsWith("/") || rel.split("/").includes("..")) return `patched by ${path}`;
  let text: string;
  try {
    text = readFileSync(join(root, rel), "utf8");
  } catch {
    return `patched by ${path}, which could not be read`;
  }
  const edits =
    /^(?:\+\+\+|---) (?:"?[ab]\/)?(?:[^\n]*\/)?(?:package\.json|licen[cs]e[^/\n]*|copying[^/\n]*)"?[ \t]*$/im;
  return edits.test(text) ? `patched by ${path}, which edits its package.json or licence text` : undefined;
}

/** Whether an exception covers this package: `name`, or `name@range` (npm semver). */
export function licenseExceptionMatches(ex: LicenseException, p: LockPackage): boolean {
  const at = ex.package.lastIndexOf("@");
  const name = at > 0 ? ex.package.slice(0, at) : ex.package;
  const range = at > 0 ? ex.package.slice(at + 1) : undefined;
  if (name !== p.name) return false;
  return range === undefined || semver.satisfies(p.version, range, { includePrerelease: true });
}

export interface CheckLicensesOptions {
  /** Where node_modules is (the lockfile's folder); licences missing from the lockfile are read there. */
  root?: string;
  /** The committed licence cache (`readLicenseCache`), the third source. */
  cache?: LicenseCache;
  now?: Date;
  production?: boolean;
  only?: ReadonlySet<string>;
}

/** deps.licenses over a lockfile's packages: denied, review, unknown, expired exceptions. (MAT-1, MAT-2) */
export function checkLicenses(
  lockfile: Lockfile,
  policy: LicensePolicy,
  options: CheckLicensesOptions = {},
): CheckResult<{ packages: number; unknown: number }> {
  const now = options.now ?? new Date();
  const findings: Finding[] = [];
  const stats = { packages: 0, unknown: 0 };
  let reach: ReturnType<typeof reachability> | undefined;
  const expiredReported = new Set<LicenseException>();
  for (const p of lockfile.packages) {
    if (p.source === "link" || p.source === "workspace") continue;
    if (options.production === true && p.dev) continue;
    if (options.only !== undefined && !options.only.has(`${p.name}@${p.version}`)) continue;
    stats.packages++;
    const info = licenseOf(p, options.root, options.cache);
    const parsed = parseLicense(info.raw);
    let ruleId: RuleId | undefined;
    let message = "";
    let level: "error" | "warning" = "error";
    if (!parsed.ok) {
      stats.unknown++;
      ruleId = "deps/license-unknown";
      message = `${p.name}@${p.version}: ${parsed.reason}${info.from === "none" ? ` (tried ${info.tried.join("; ")})` : ` (from ${SOURCE_NAMES[info.from]}${info.tried.length > 0 ? `; tried ${info.tried.join("; ")}` : ""})`}`;
      level = policy.unknown === "warn" ? "warning" : "error";
    } else {
      const j = judge(parsed.node, policy);
      if (j.verdict === "allowed") continue;
      ruleId = j.verdict === "denied" ? "deps/license-denied" : "deps/license-review";
      level = j.verdict === "denied" ? "error" : "warning";
      message = `${p.name}@${p.version} is licensed ${parsed.expression}: ${j.because}${info.lockfileSays === undefined ? "" : ` (from its installed package.json; the lockfile's license field says ${JSON.stringify(info.lockfileSays)})`}`;
    }
    const exceptions = (policy.exceptions ?? []).filter((ex) => licenseExceptionMatches(ex, p));
    for (const ex of exceptions.filter((e) => isExpired(e, now) && !expiredReported.has(e))) {
      expiredReported.add(ex);
      findings.push({
        ruleId: "deps/exception-expired",
        severity: "error",
        message: `the licence exception for ${ex.package} (owner ${ex.owner}) expired on ${ex.expires}`,
        file: lockfile.path,
        framework: [...RULES["deps/exception-expired"].framework],
        fingerprint: fingerprint("deps/exception-expired", "license", ex.package, ex.expires),
        hint: "replace the dependency, or renew the exception in deps.licenses.exceptions with a new expires date and reason",
        properties: { exception: ex.package, owner: ex.owner, reason: ex.reason, expires: ex.expires },
      });
    }
    if (exceptions.some((e) => !isExpired(e, now))) continue;
    reach ??= reachability(lockfile);
    const r = reach.get(p.id) ?? { chain: [p.name], direct: false };
    const line = packageLine(lockfile, p.id);
    findings.push({
      ruleId,
      severity: level,
      message: `${message} (path: ${r.chain.join(" > ")})`,
      file: lockfile.path,
      ...(line === undefined ? {} : { line }),
      framework: [...RULES[ruleId].framework],
      fingerprint: fingerprint(ruleId, lockfile.path, p.name, p.version),
      hint:
        ruleId === "deps/license-unknown"
          ? "find the package's licence; accept it with deps.licenses.exceptions (reason, owner, expires) or set deps.licenses.unknown: warn"
          : `replace ${r.chain[0] ?? p.name}, or accept it with deps.licenses.exceptions (package, reason, owner, expires)`,
      properties: {
        package: p.name,
        version: p.version,
        license: info.raw ?? null,
        licenseSource: info.from,
        ...(info.lockfileSays === undefined ? {} : { lockfileLicense: info.lockfileSays }),
        ...(info.from === "none" ? { tried: info.tried } : {}),
        dev: p.dev,
        direct: r.direct,
        path: r.chain,
      },
    });
  }
  return makeResult(sortFindings(findings), stats);
}

export interface InventoryEntry {
  license: string;
  packages: Array<{
    name: string;
    version: string;
    source: LicenseInfo["from"];
    dev: boolean;
    path: string[];
    /** For an unknown licence: the sources tried and what each said. */
    tried?: string[];
  }>;
}

/** `rampart deps licenses`: every package grouped by its (normalised) licence, with its path. */
export function licenseInventory(
  lockfile: Lockfile,
  options: { root?: string; includeDev?: boolean; cache?: LicenseCache } = {},
): InventoryEntry[] {
  const reach = reachability(lockfile);
  const groups = new Map<string, InventoryEntry["packages"]>();
  const seen = new Set<string>();
  for (const p of lockfile.packages) {
    if (p.source === "link" || p.source === "workspace") continue;
    if (options.includeDev !== true && p.dev) continue;
    const key = `${p.name}@${p.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const info = licenseOf(p, options.root, options.cache);
    const parsed = parseLicense(info.raw);
    const license = parsed.ok ? parsed.expression : info.raw === undefined ? "(unknown)" : `(unparsable) ${info.raw}`;
    const list = groups.get(license) ?? [];
    list.push({
      name: p.name,
      version: p.version,
      source: info.from,
      dev: p.dev,
      path: reach.get(p.id)?.chain ?? [p.name],
      ...(parsed.ok ? {} : { tried: info.tried }),
    });
    groups.set(license, list);
  }
  return [...groups]
    .map(([license, packages]) => ({
      license,
      packages: packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    }))
    .sort((a, b) => b.packages.length - a.packages.length || (a.license < b.license ? -1 : 1));
}
