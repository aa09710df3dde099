import { RampartError } from "@rampart/core";
import type { ActionsLock } from "./lock.js";
import { lockKey } from "./lock.js";

export interface ResolveOptions {
  /** API base URL (default https://api.github.com; GITHUB_API_URL in Actions and GHES). */
  apiUrl?: string;
  /** A token for the API's rate limit (never printed). Optional for public repositories. */
  token?: string;
  /** The most requests to send (default 50). Past it, the rest is reported unresolved. */
  maxCalls?: number;
  /** ISO date written to each new entry. */
  today?: string;
}

export interface ResolveReport {
  /** Requests sent. */
  calls: number;
  /** owner/repo@ref resolved and added to the lock. */
  resolved: string[];
  /** Already in the lock (the cache): no request. */
  cached: string[];
  /** Not resolved: budget spent, not found, or an API error (the reason, no token). */
  failed: Array<{ key: string; reason: string }>;
}

/**
 * Resolves `owner/repo@ref` to commit SHAs with GET /repos/{owner}/{repo}/commits/{ref} and
 * `Accept: application/vnd.github.sha` (the body is the 40-hex SHA), adding them to `lock` in
 * place. Refs already in the lock cost nothing; each distinct ref costs one call, up to maxCalls.
 */
export async function resolveOnline(
  refs: ReadonlyArray<{ repo: string; ref: string }>,
  lock: ActionsLock,
  options: ResolveOptions = {},
): Promise<ResolveReport> {
  const api = (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, "");
  const budget = options.maxCalls ?? 50;
  const report: ResolveReport = { calls: 0, resolved: [], cached: [], failed: [] };
  const seen = new Set<string>();
  for (const { repo, ref } of refs) {
    const key = lockKey(repo, ref);
    if (seen.has(key)) continue;
    seen.add(key);
    if (lock.actions[key]) {
      report.cached.push(key);
      continue;
    }
    if (report.calls >= budget) {
      report.failed.push({ key, reason: `call budget of ${budget} spent` });
      continue;
    }
    report.calls++;
    const [owner, name] = repo.split("/");
    const url = `${api}/repos/${encodeURIComponent(owner ?? "")}/${encodeURIComponent(name ?? "")}/commits/${encodeURIComponent(ref)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: "application/vnd.github.sha",
          "x-github-api-version": "2022-11-28",
          "user-agent": "rampart-workflows",
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        redirect: "error",
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new RampartError("WORKFLOWS_API_UNREACHABLE", `cannot reach ${api}: ${(error as Error).message}`, {
        hint: "check the network, or set GITHUB_API_URL; offline, add entries to .rampart/actions.lock.json by hand",
        cause: error,
      });
    }
    const body = (await response.text()).trim();
    if (response.ok && /^[0-9a-f]{40}$/.test(body)) {
      lock.actions[key] = { sha: body, ...(options.today ? { resolvedAt: options.today } : {}) };
      report.resolved.push(key);
    } else {
      report.failed.push({
        key,
        reason: response.ok ? "the API did not answer with a commit SHA" : `HTTP ${response.status}`,
      });
    }
  }
  return report;
}
