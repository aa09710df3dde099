import { createHash } from "node:crypto";
import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RampartError, stripUrlCredentials } from "@rampart/core";
import { manifestLicense } from "@rampart/core/manifest";
import { writeCache } from "./database.js";
import { checkedUrl, type FetchLimits, fetchMaybe } from "./http.js";
import { userCacheDir } from "./location.js";

/**
 * Registry metadata for the quality rules, through one cache: per package, the publication time
 * and deprecation message of each version, and when that was fetched. The cache is under the
 * user's cache directory; it is read as untrusted input (a file that does not parse or has
 * another shape is no data, never an error or a pass).
 */
export interface RegistryInfo {
  name: string;
  /** When this was fetched from the registry. */
  fetchedAt: string;
  /** version -> ISO publication time. */
  time: Record<string, string>;
  /** version -> deprecation message. */
  deprecated: Record<string, string>;
  /**
   * version -> what the quality and licence rules read from that version's manifest (absent in
   * caches written before these rules: no data for them, refetched by the next online run).
   */
  versions?: Record<string, VersionMeta>;
  /** The metadata says the package's repository is archived (npmjs.org carries no such flag). */
  archived?: boolean;
}

export interface VersionMeta {
  /** The manifest's licence (`license`, `{type}`, or a `licenses` list joined with OR). */
  license?: string;
  /** Who published it (`_npmUser.name`). */
  publisher?: string;
  /** The package's maintainers when it was published. */
  maintainers?: string[];
  /** It carries a registry provenance attestation (`dist.attestations.provenance`). */
  provenance: boolean;
}

export function registryCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userCacheDir(env, process.platform), "rampart", "registry");
}

function cacheFile(dir: string, name: string): string {
  // A digest, not the name: a scoped or odd name never becomes a path.
  return join(dir, `${createHash("sha256").update(name).digest("hex").slice(0, 32)}.json`);
}

const isRecordOfStrings = (x: unknown): x is Record<string, string> =>
  typeof x === "object" && x !== null && !Array.isArray(x) && Object.values(x).every((v) => typeof v === "string");

const isShortString = (x: unknown): x is string => typeof x === "string" && x.length <= 1000;

function isVersionsRecord(x: unknown): x is Record<string, VersionMeta> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return false;
  return Object.values(x).every((m: Partial<VersionMeta>) => {
    if (typeof m !== "object" || m === null || typeof m.provenance !== "boolean") return false;
    if (m.license !== undefined && !isShortString(m.license)) return false;
    if (m.publisher !== undefined && !isShortString(m.publisher)) return false;
    return m.maintainers === undefined || (Array.isArray(m.maintainers) && m.maintainers.every(isShortString));
  });
}

/** The cached metadata of a package, or undefined (none, or a file that does not check out). */
export function readRegistryCache(dir: string, name: string): RegistryInfo | undefined {
  return readRegistryCacheChecked(dir, name).info;
}

/**
 * The cached metadata of a package, or why there is none: absent (no `problem`), or a file that
 * does not check out (`problem` says how; it is then no data, and the next online run rewrites it).
 */
export function readRegistryCacheChecked(dir: string, name: string): { info?: RegistryInfo; problem?: string } {
  const file = cacheFile(dir, name);
  let text: string;
  try {
    if (!lstatSync(file).isFile()) return { problem: "not a regular file" };
    text = readFileSync(file, "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? {} : { problem: "unreadable" };
  }
  let x: Partial<RegistryInfo>;
  try {
    x = JSON.parse(text);
  } catch {
    return { problem: "not JSON" };
  }
  if (typeof x !== "object" || x === null) return { problem: "not an object" };
  if (x.name !== name) return { problem: "written for another package" };
  if (typeof x.fetchedAt !== "string" || Number.isNaN(Date.parse(x.fetchedAt))) return { problem: "no fetch date" };
  if (!isRecordOfStrings(x.time) || !isRecordOfStrings(x.deprecated))
    return { problem: "malformed time or deprecation data" };
  if (x.archived !== undefined && typeof x.archived !== "boolean") return { problem: "malformed archived flag" };
  if (x.versions !== undefined && !isVersionsRecord(x.versions)) return { problem: "malformed version data" };
  return { info: x as RegistryInfo };
}

function writeRegistryCache(dir: string, info: RegistryInfo): void {
  // No fsync: one per document blocked the event loop (and so every other request) for most of a
  // cold run's wall time; a file a crash leaves torn or empty reads as no data, said, and refetched.
  writeCache(cacheFile(dir, info.name), `${JSON.stringify(info)}\n`, { durable: false });
}

/** `GET {registry}/{name}` (the full packument: `time` and each version's `deprecated`). */
async function fetchPackument(registry: string, name: string, limits: FetchLimits): Promise<RegistryInfo | undefined> {
  const path = name.startsWith("@") ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
  const url = checkedUrl(`${registry.replace(/\/+$/, "")}/${path}`, "deps.online.npm");
  const raw = await fetchMaybe(url, { headers: { accept: "application/json" } }, { ...limits, notFoundIsEmpty: true });
  if (raw === undefined) return undefined; // not on this registry (a private package): no data
  let body: { name?: unknown; time?: unknown; versions?: unknown; archived?: unknown; "dist-tags"?: unknown };
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new RampartError("DEPS_FETCH_FAILED", `${url.href}: the response is not JSON`, {
      hint: "check deps.online.npm: it must be an npm registry's base URL",
    });
  }
  if (body.name !== name || typeof body.time !== "object" || body.time === null)
    throw new RampartError("DEPS_FETCH_FAILED", `${url.href}: not the registry document of ${name}`, {
      hint: "check deps.online.npm: it must be an npm registry's base URL",
    });
  const time: Record<string, string> = {};
  for (const [v, t] of Object.entries(body.time as Record<string, unknown>))
    if (typeof t === "string" && v !== "created" && v !== "modified") time[v] = t;
  const deprecated: Record<string, string> = {};
  const versions: Record<string, VersionMeta> = {};
  if (typeof body.versions === "object" && body.versions !== null)
    for (const [v, m] of Object.entries(body.versions as Record<string, Record<string, unknown>>)) {
      if (typeof m !== "object" || m === null) continue;
      if (typeof m.deprecated === "string" && m.deprecated !== "") deprecated[v] = m.deprecated;
      versions[v] = versionMeta(m);
    }
  // npmjs.org has no such flag; a registry or mirror that adds one (top level, or the latest
  // version's repository object) is read.
  const latest = (body as { "dist-tags"?: { latest?: unknown } })["dist-tags"]?.latest;
  const repo =
    typeof latest === "string"
      ? (body.versions as Record<string, { repository?: unknown }>)?.[latest]?.repository
      : undefined;
  const flag = (body as { archived?: unknown }).archived ?? (repo as { archived?: unknown } | undefined)?.archived;
  const archived = typeof flag === "boolean" ? flag : undefined;
  return {
    name,
    fetchedAt: new Date().toISOString(),
    time,
    deprecated,
    versions,
    ...(archived === undefined ? {} : { archived }),
  };
}

/** What the rules read from one version's manifest in a packument. */
function versionMeta(m: Record<string, unknown>): VersionMeta {
  const license = manifestLicense(m);
  const user = m._npmUser as { name?: unknown } | undefined;
  const maintainers = Array.isArray(m.maintainers)
    ? m.maintainers.map((x: { name?: unknown }) => x?.name).filter(isShortString)
    : undefined;
  const dist = m.dist as { attestations?: { provenance?: unknown } } | undefined;
  return {
    ...(license === undefined || !isShortString(license) ? {} : { license }),
    ...(isShortString(user?.name) ? { publisher: user.name } : {}),
    ...(maintainers === undefined ? {} : { maintainers }),
    provenance: typeof dist?.attestations?.provenance === "object" && dist.attestations.provenance !== null,
  };
}

/** How long one run may spend fetching registry documents, all of them (default 5 minutes). */
export const REGISTRY_DEADLINE_MS = 300_000;
/** Registry documents fetched at once (npm's and pnpm's own network concurrency is 15-16). */
export const REGISTRY_CONCURRENCY = 16;

/**
 * Refreshes the cache for these package names from the registry (16 at a time, each bounded,
 * all of them within `deadlineMs`), and returns what it holds for them. Each document is cached as
 * it arrives, so a run cut short keeps what it fetched. Past the deadline, or at the first
 * failure, the requests still running are aborted and the run is an error naming the registry
 * and how far it got (exit 2), never a partial answer: a first push of a large lockfile asks for
 * thousands of documents, and a CI job's own timeout would end it with no word of why.
 */
export async function refreshRegistryCache(
  names: readonly string[],
  options: { registry: string; dir: string; limits?: FetchLimits; concurrency?: number; deadlineMs?: number },
): Promise<Map<string, RegistryInfo>> {
  const out = new Map<string, RegistryInfo>();
  const queue = [...new Set(names)];
  const total = queue.length;
  const deadlineMs = options.deadlineMs ?? REGISTRY_DEADLINE_MS;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), deadlineMs);
  let done = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined && !stop.signal.aborted; name = queue.shift()) {
      const info = await fetchPackument(options.registry, name, {
        timeoutMs: 30_000,
        maxBytes: 128 * 1024 * 1024,
        ...options.limits,
        signal: stop.signal,
      });
      done++;
      if (info === undefined) continue;
      writeRegistryCache(options.dir, info);
      out.set(name, info);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency ?? REGISTRY_CONCURRENCY, total) }, () =>
        worker().catch((error: unknown) => {
          // The first failure is the run's; the other workers stop (no request outlives the run),
          // and what their aborted requests throw is not news.
          if (!stop.signal.aborted) failure = { error };
          stop.abort();
        }),
      ),
    );
  } finally {
    clearTimeout(timer);
  }
  if (failure !== undefined) throw failure.error;
  if (done < total) {
    const url = checkedUrl(options.registry, "deps.online.npm");
    throw new RampartError(
      "DEPS_FETCH_FAILED",
      `${stripUrlCredentials(`${url.origin}${url.pathname}`)}: ${done} of ${total} registry documents answered in ${Math.round(deadlineMs / 1000)} s, the time a run may spend on them; the quality rules would judge the rest with no data`,
      {
        hint: "a push with no trusted base judges every package: a registry mirror near the runner (deps.online.npm) or RAMPART_REGISTRY_DEADLINE (seconds) for a longer run; documents fetched are cached for the next run",
      },
    );
  }
  return out;
}
