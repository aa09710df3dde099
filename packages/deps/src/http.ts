import { RampartError } from "@rampart/core";

export interface FetchLimits {
  /** A 404 is "not there" (undefined) instead of an error. */
  notFoundIsEmpty?: boolean;
  /** Milliseconds for the whole exchange (default 60 s). */
  timeoutMs?: number;
  /** Largest body accepted (default 1 GiB). */
  maxBytes?: number;
  /** Aborts the exchange too (a run's overall deadline, a failure elsewhere). */
  signal?: AbortSignal;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * A URL the gate may read advisory data from: https, or plain http to this machine only (a
 * local mirror or a test server); anything else would let the network rewrite the data.
 */
export function checkedUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RampartError("DEPS_URL_INVALID", `${what}: ${raw} is not a URL`, { hint: "give an https:// URL" });
  }
  const loopback = LOOPBACK.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return url;
  throw new RampartError("DEPS_URL_INVALID", `${what}: ${url.protocol}//${url.host} is not https`, {
    hint: "advisory data is read over https only (plain http only from this machine)",
  });
}

/** One bounded request: a timeout over the whole exchange, a body size cap, a non-2xx status is an error. */
export async function fetchBounded(
  url: URL,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  limits: FetchLimits = {},
): Promise<Buffer> {
  return (await fetchMaybe(url, init, limits)) ?? Buffer.alloc(0);
}

/** As fetchBounded; undefined for a 404 when `limits.notFoundIsEmpty`. */
export async function fetchMaybe(
  url: URL,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  limits: FetchLimits = {},
): Promise<Buffer | undefined> {
  const maxBytes = limits.maxBytes ?? 1024 * 1024 * 1024;
  const where = `${url.origin}${url.pathname}`;
  let response: Response;
  const timeout = AbortSignal.timeout(limits.timeoutMs ?? 60_000);
  const signal = limits.signal === undefined ? timeout : AbortSignal.any([timeout, limits.signal]);
  try {
    response = await fetch(url, { ...init, signal, redirect: "follow" });
  } catch (error) {
    throw new RampartError("DEPS_FETCH_FAILED", `${where}: ${describe(error)}`, {
      hint: "check the network or the URL; offline, use the stored snapshot (without --online)",
    });
  }
  if (response.url !== "" && response.url !== url.href) checkedUrl(response.url, "redirect");
  if (response.status === 404 && limits.notFoundIsEmpty === true) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new RampartError("DEPS_FETCH_FAILED", `${where}: HTTP ${response.status}`, {
      hint: "the server refused the request; check the URL (or the service's status)",
    });
  }
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new RampartError("DEPS_FETCH_FAILED", `${where}: ${declared} bytes, more than ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? []) {
      total += chunk.length;
      if (total > maxBytes) throw new Error(`more than ${maxBytes} bytes`);
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    await response.body?.cancel().catch(() => {});
    throw new RampartError("DEPS_FETCH_FAILED", `${where}: ${describe(error)}`);
  }
  return Buffer.concat(chunks, total);
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "timed out";
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}
