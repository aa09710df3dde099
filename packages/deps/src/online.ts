import { RampartError } from "@rampart/core";
import semver from "semver";
import { type AdvisoryDatabase, indexRecords } from "./database.js";
import { checkedUrl, type FetchLimits, fetchBounded } from "./http.js";
import type { OsvRecord } from "./osv.js";
import type { DepsPolicy } from "./policy.js";

export const OSV_API = "https://api.osv.dev";
export const NPM_REGISTRY = "https://registry.npmjs.org";

export type OnlineSource = "osv" | "npm";

export interface OnlineOptions {
  /** Base URL of the OSV API. */
  osv: string;
  /** Registry serving /-/npm/v1/security/advisories/bulk. */
  npm: string;
  sources: OnlineSource[];
  limits?: FetchLimits;
  /** Most advisory details fetched from OSV in one run (default 10,000). */
  maxVulns?: number;
  /** Parallel requests for OSV details (default 8). */
  concurrency?: number;
  /**
   * The packages whose names may be sent to `npm` (those that come from that registry: deps'
   * registryRoute); default every package.
   */
  npmPackages?: Array<{ name: string; version: string }>;
}

/** Where to ask: RAMPART_OSV_API / RAMPART_NPM_REGISTRY, else deps.online, else the public services. */
export function onlineOptions(env: NodeJS.ProcessEnv, policy: DepsPolicy = {}): OnlineOptions {
  const sources = (policy.online?.sources ?? ["osv", "npm"]) as OnlineSource[];
  if (sources.length === 0)
    throw new RampartError("DEPS_ONLINE_INVALID", "deps.online.sources is empty: --online would check nothing", {
      hint: "list osv, npm or both, or run without --online",
    });
  return {
    osv: env.RAMPART_OSV_API || policy.online?.osv || OSV_API,
    npm: registryUrl(env, policy),
    sources,
  };
}

/**
 * The npm registry whose documents feed the quality rules (and the bulk advisory endpoint):
 * RAMPART_NPM_REGISTRY, else deps.online.npm of the policy given (with --policy-rev, the trusted
 * revision's), else registry.npmjs.org. Never a project's .npmrc: that is the change's to edit.
 */
export function registryUrl(env: NodeJS.ProcessEnv, policy: DepsPolicy = {}): string {
  return env.RAMPART_NPM_REGISTRY || policy.online?.npm || NPM_REGISTRY;
}

/**
 * How long a run may spend fetching registry documents: RAMPART_REGISTRY_DEADLINE (seconds), else
 * refreshRegistryCache's default (5 minutes). Anything but a positive number is exit 2.
 */
export function registryDeadlineMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.RAMPART_REGISTRY_DEADLINE;
  if (raw === undefined || raw === "") return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new RampartError(
      "DEPS_ONLINE_INVALID",
      `RAMPART_REGISTRY_DEADLINE=${raw.slice(0, 40)} is not a number of seconds`,
      {
        hint: "give the seconds a run may spend on registry documents (default 300), or unset it",
      },
    );
  return seconds * 1000;
}

export interface OnlineResult {
  db: AdvisoryDatabase;
  /** Per source: what was asked and how many advisories came back. */
  stats: Array<{ source: OnlineSource; url: string; queried: number; advisories: number }>;
}

const BATCH = 1000; // OSV's documented maximum queries per /v1/querybatch request

function endpoint(base: string, path: string, what: string): URL {
  return checkedUrl(`${base.replace(/\/+$/, "")}${path}`, what);
}

function json(buf: Buffer, where: string): unknown {
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch {
    throw new RampartError("DEPS_FETCH_FAILED", `${where}: the response is not JSON`, {
      hint: "check the URL: it must be the service's base URL",
    });
  }
}

function shape(where: string, what: string): never {
  throw new RampartError("DEPS_FETCH_FAILED", `${where}: unexpected response (${what})`, {
    hint: "check the URL: it must be the service's base URL",
  });
}

/** OSV: /v1/querybatch for every name@version (pages followed), then /v1/vulns/{id} for each id. */
async function fromOsv(
  packages: Array<{ name: string; version: string }>,
  options: OnlineOptions,
): Promise<{ records: OsvRecord[]; queried: number }> {
  const batchUrl = endpoint(options.osv, "/v1/querybatch", "deps.online.osv");
  const ids = new Set<string>();
  type Query = { package: { name: string; ecosystem: "npm" }; version: string; page_token?: string };
  let pending: Query[] = packages.map((p) => ({ package: { name: p.name, ecosystem: "npm" }, version: p.version }));
  for (let round = 0; pending.length > 0; round++) {
    if (round > 50) shape(batchUrl.href, "more than 50 rounds of pages");
    const next: Query[] = [];
    for (let at = 0; at < pending.length; at += BATCH) {
      const queries = pending.slice(at, at + BATCH);
      const body = json(
        await fetchBounded(
          batchUrl,
          { method: "POST", body: JSON.stringify({ queries }), headers: { "content-type": "application/json" } },
          { timeoutMs: 60_000, maxBytes: 64 * 1024 * 1024, ...options.limits },
        ),
        batchUrl.href,
      ) as { results?: unknown };
      if (!Array.isArray(body.results) || body.results.length !== queries.length)
        shape(batchUrl.href, "results do not match the queries");
      body.results.forEach((r: { vulns?: Array<{ id?: unknown }>; next_page_token?: unknown }, i) => {
        if (typeof r !== "object" || r === null) shape(batchUrl.href, "a result is not an object");
        for (const v of r.vulns ?? []) if (typeof v?.id === "string" && /^[\w.:-]{1,100}$/.test(v.id)) ids.add(v.id);
        if (typeof r.next_page_token === "string" && r.next_page_token !== "")
          next.push({ ...(queries[i] as Query), page_token: r.next_page_token });
      });
    }
    pending = next;
  }
  const max = options.maxVulns ?? 10_000;
  if (ids.size > max)
    throw new RampartError("DEPS_FETCH_FAILED", `${batchUrl.origin}: ${ids.size} advisories, more than ${max}`, {
      hint: "use a snapshot (rampart deps update) for a lockfile this exposed",
    });
  const records: OsvRecord[] = [];
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const url = endpoint(options.osv, `/v1/vulns/${encodeURIComponent(id)}`, "deps.online.osv");
      const record = json(
        await fetchBounded(url, {}, { timeoutMs: 30_000, maxBytes: 16 * 1024 * 1024, ...options.limits }),
        url.href,
      ) as OsvRecord;
      if (typeof record !== "object" || record === null || record.id !== id) shape(url.href, `not the record ${id}`);
      records.push(record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, queue.length) }, worker));
  return { records, queried: packages.length };
}

interface NpmAdvisory {
  id?: unknown;
  url?: unknown;
  title?: unknown;
  severity?: unknown;
  vulnerable_versions?: unknown;
  cvss?: { vectorString?: unknown } | null;
}

/**
 * npm's bulk advisory endpoint: POST {name: [versions]} -> {name: [advisory]}. Each advisory is
 * turned into an OSV record listing which of the asked versions its `vulnerable_versions` covers
 * (npm gives no fixed version), under its GHSA id where its URL names one.
 */
async function fromNpm(
  packages: Array<{ name: string; version: string }>,
  options: OnlineOptions,
): Promise<{ records: OsvRecord[]; queried: number }> {
  const url = endpoint(options.npm, "/-/npm/v1/security/advisories/bulk", "deps.online.npm");
  const asked = new Map<string, Set<string>>();
  for (const p of packages) {
    const set = asked.get(p.name) ?? new Set<string>();
    set.add(p.version);
    asked.set(p.name, set);
  }
  const payload = Object.fromEntries([...asked].map(([name, versions]) => [name, [...versions]]));
  const body = json(
    await fetchBounded(
      url,
      { method: "POST", body: JSON.stringify(payload), headers: { "content-type": "application/json" } },
      { timeoutMs: 60_000, maxBytes: 64 * 1024 * 1024, ...options.limits },
    ),
    url.href,
  );
  if (typeof body !== "object" || body === null || Array.isArray(body)) shape(url.href, "not an object");
  const records: OsvRecord[] = [];
  for (const [name, list] of Object.entries(body as Record<string, unknown>)) {
    const versions = asked.get(name);
    if (versions === undefined || !Array.isArray(list)) continue; // only what was asked counts
    for (const a of list as NpmAdvisory[]) {
      const range = typeof a?.vulnerable_versions === "string" ? a.vulnerable_versions : undefined;
      if (range === undefined || semver.validRange(range) === null) continue;
      const hit = [...versions].filter((v) => semver.satisfies(v, range, { includePrerelease: true }));
      if (hit.length === 0) continue;
      const ghsa = typeof a.url === "string" ? /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/.exec(a.url)?.[0] : undefined;
      const id = ghsa ?? `NPM-${String(a.id)}`;
      const vector = typeof a.cvss?.vectorString === "string" ? a.cvss.vectorString : undefined;
      records.push({
        id,
        aliases: ghsa !== undefined && a.id !== undefined ? [`NPM-${String(a.id)}`] : [],
        summary: typeof a.title === "string" ? a.title : "",
        ...(vector === undefined ? {} : { severity: [{ type: "CVSS_V3", score: vector }] }),
        affected: [{ package: { ecosystem: "npm", name }, versions: hit }],
        database_specific: { severity: typeof a.severity === "string" ? a.severity : undefined, source: url.origin },
      });
    }
  }
  return { records, queried: asked.size };
}

/**
 * `deps check --online`: the advisories the online sources know for these packages, as a
 * database the check merges with the stored one. Every request is bounded; any failure is an
 * error (exit 2): an online check that silently asked nothing would pass as if it had.
 */
export async function fetchOnline(
  packages: Array<{ name: string; version: string }>,
  options: OnlineOptions,
): Promise<OnlineResult> {
  const stats: OnlineResult["stats"] = [];
  const records: Array<[string, unknown]> = [];
  for (const source of options.sources) {
    const got =
      source === "osv" ? await fromOsv(packages, options) : await fromNpm(options.npmPackages ?? packages, options);
    stats.push({
      source,
      url: source === "osv" ? options.osv : options.npm,
      queried: got.queried,
      advisories: got.records.length,
    });
    for (const r of got.records) records.push([`${source}:${r.id}`, r]);
  }
  const db = indexRecords(records, options.sources.map((s) => (s === "osv" ? options.osv : options.npm)).join(", "));
  return { db, stats };
}

/** Both databases as one: a package's advisories from each (the check reports an id once). */
export function mergeDatabases(a: AdvisoryDatabase, b: AdvisoryDatabase): AdvisoryDatabase {
  return {
    ...a,
    lookup(name) {
      const x = a.lookup(name);
      const y = b.lookup(name);
      return x === undefined ? y : y === undefined ? x : [...x, ...y];
    },
    names: () => [...new Set([...a.names(), ...b.names()])],
    records: a.records + b.records,
    problems: [...a.problems, ...b.problems],
  };
}
