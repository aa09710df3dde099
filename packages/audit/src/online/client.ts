import { dirname } from "node:path";
import { RampartError, readFileSafe, redact, writeFileSafe } from "@rampart/core";

export interface Response {
  status: number;
  body: unknown;
  /** X-OAuth-Scopes of a classic token; undefined for fine-grained tokens and apps (no header). */
  scopes: string[] | undefined;
}

interface CacheEntry {
  etag: string;
  status: number;
  body: unknown;
}

export interface ClientOptions {
  token: string;
  /** e.g. https://api.github.com (GITHUB_API_URL). */
  apiUrl: string;
  /** JSON file for ETag revalidation across runs; never holds the token. */
  cacheFile?: string;
  /** The folder the cache file must stay in (default: its own folder): .git, never through a symlink. */
  cacheRoot?: string;
  /** The most requests a run may make (default 20). */
  maxCalls?: number;
}

/**
 * GET-only GitHub REST client: conditional requests against an ETag cache (a 304 costs no rate
 * limit), every call counted. The token goes in the Authorization header only; messages are redacted.
 */
export class GitHubClient {
  calls = 0;
  cached = 0;
  readonly #options: ClientOptions;
  readonly #memo = new Map<string, Promise<Response>>();
  #disk: Record<string, CacheEntry> | undefined;

  constructor(options: ClientOptions) {
    this.#options = options;
  }

  get(path: string): Promise<Response> {
    let pending = this.#memo.get(path);
    if (pending === undefined) {
      pending = this.#fetch(path);
      this.#memo.set(path, pending);
    }
    return pending;
  }

  async #fetch(path: string): Promise<Response> {
    if (this.calls >= (this.#options.maxCalls ?? 20))
      throw new RampartError("AUDIT_ONLINE_LIMIT", `--online: more than ${this.#options.maxCalls ?? 20} API calls`, {
        hint: "this is a bug in rampart audit: report it",
      });
    const url = `${this.#options.apiUrl.replace(/\/+$/, "")}${path}`;
    const cache = this.#readCache();
    const hit = cache[url];
    const headers: Record<string, string> = {
      Accept: "application/vnd.github+json",
      Authorization: `Bearer ${this.#options.token}`,
      "X-GitHub-Api-Version": "2022-11-28",
      "User-Agent": "rampart-audit",
    };
    if (hit) headers["If-None-Match"] = hit.etag;
    this.calls++;
    let res: globalThis.Response;
    try {
      res = await fetch(url, { headers, redirect: "error", signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      throw new RampartError(
        "AUDIT_ONLINE_UNREACHABLE",
        redact(`--online: cannot reach ${url}: ${(error as Error).message}`),
        {
          hint: "check the network, or GITHUB_API_URL for GitHub Enterprise Server; run without --online for the offline audit",
          cause: error,
        },
      );
    }
    const scopeHeader = res.headers.get("x-oauth-scopes");
    const scopes =
      scopeHeader === null
        ? undefined
        : scopeHeader
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean);
    if (res.status === 304 && hit) {
      this.cached++;
      return { status: hit.status, body: hit.body, scopes };
    }
    if (res.status === 401)
      throw new RampartError("AUDIT_ONLINE_UNAUTHORIZED", "--online: the token was refused (401 Bad credentials)", {
        hint: "set GITHUB_TOKEN or GH_TOKEN to a valid token (see rampart audit's README for the scopes)",
      });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      throw new RampartError(
        "AUDIT_ONLINE_BAD_RESPONSE",
        `--online: ${url} answered ${res.status} with something that is not JSON`,
        {
          hint: "check GITHUB_API_URL: it must be the REST API's base URL",
        },
      );
    }
    const etag = res.headers.get("etag");
    if (etag && res.status === 200) {
      cache[url] = { etag, status: res.status, body };
      this.#writeCache(cache);
    }
    return { status: res.status, body, scopes };
  }

  #readCache(): Record<string, CacheEntry> {
    if (this.#disk) return this.#disk;
    this.#disk = {};
    const file = this.#options.cacheFile;
    if (file) {
      try {
        const data = JSON.parse(
          readFileSafe(file, { root: this.#options.cacheRoot ?? dirname(file) }) ?? "{}",
        ) as unknown;
        if (data && typeof data === "object" && !Array.isArray(data)) this.#disk = data as Record<string, CacheEntry>;
      } catch {
        // no cache yet, or a broken one: start over
      }
    }
    return this.#disk;
  }

  #writeCache(cache: Record<string, CacheEntry>): void {
    const file = this.#options.cacheFile;
    if (!file) return;
    try {
      writeFileSafe(file, `${JSON.stringify(cache)}\n`, {
        root: this.#options.cacheRoot ?? dirname(file),
        mode: 0o600,
        createParents: true,
      });
    } catch {
      // a cache that cannot be written only costs the next run its 304s
    }
  }
}
