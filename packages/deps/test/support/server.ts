import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type GitRepo, gitRepo } from "@rampart/test-helpers";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/**
 * The deps tests' one loopback server (127.0.0.1, a free port) and their one repository
 * clean-up: each suite gives its handler; requests are recorded in `seen` (cleared before each
 * test), the server is closed after the file.
 */
export interface Request {
  method: string;
  url: string;
  /** The body parsed as JSON, when it is JSON. */
  body: unknown;
}

export interface Loopback {
  /** http://127.0.0.1:PORT (set once the file's beforeAll ran). */
  readonly url: string;
  readonly seen: Request[];
}

export type Handler = (req: Request, res: ServerResponse) => void | Promise<void>;

async function readBody(req: IncomingMessage): Promise<string> {
  let data = "";
  for await (const chunk of req) data += chunk;
  return data;
}

export function useLoopbackServer(handler: Handler): Loopback {
  let server: Server;
  const state = { url: "", seen: [] as Request[] };
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const r = { method: req.method ?? "", url: req.url ?? "", body };
      state.seen.push(r);
      await handler(r, res);
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    state.seen.length = 0;
  });
  return state;
}

export interface VersionSpec {
  /** How long ago it was published, in ms (default 400 days). */
  ageMs?: number;
  deprecated?: string;
  license?: unknown;
  publisher?: string;
  maintainers?: string[];
  provenance?: boolean;
  repository?: unknown;
}

const DAY = 86_400_000;

/** A full registry document (packument) in the registry's shape, for the versions given. */
export function packument(name: string, versions: Record<string, VersionSpec>, extra: Record<string, unknown> = {}) {
  const time: Record<string, string> = { created: new Date(Date.now() - 900 * DAY).toISOString() };
  const docs: Record<string, unknown> = {};
  for (const [v, spec] of Object.entries(versions)) {
    time[v] = new Date(Date.now() - (spec.ageMs ?? 400 * DAY)).toISOString();
    docs[v] = {
      name,
      version: v,
      ...(spec.license === undefined ? {} : { license: spec.license }),
      ...(spec.deprecated === undefined ? {} : { deprecated: spec.deprecated }),
      ...(spec.publisher === undefined
        ? {}
        : { _npmUser: { name: spec.publisher, email: `${spec.publisher}@example.org` } }),
      ...(spec.maintainers === undefined
        ? {}
        : { maintainers: spec.maintainers.map((m) => ({ name: m, email: `${m}@example.org` })) }),
      ...(spec.repository === undefined ? {} : { repository: spec.repository }),
      dist: {
        tarball: `https://registry.example/${name}/-/${name.split("/").pop()}-${v}.tgz`,
        ...(spec.provenance === true
          ? {
              attestations: {
                url: `https://registry.example/-/npm/v1/attestations/${name}@${v}`,
                provenance: { predicateType: "https://slsa.dev/provenance/v1" },
              },
            }
          : {}),
      },
    };
  }
  const latest = Object.keys(versions).at(-1);
  return { name, "dist-tags": latest === undefined ? {} : { latest }, time, versions: docs, ...extra };
}

/** A registry handler: GET /<name> answers its packument, 404 otherwise; POSTs (advisories) answer {}. */
export function registryHandler(packuments: Record<string, unknown>): Handler {
  return (req, res) => {
    res.setHeader("content-type", "application/json");
    const name = decodeURIComponent(req.url.slice(1));
    if (req.method === "POST") res.end("{}");
    else if (packuments[name] !== undefined) res.end(JSON.stringify(packuments[name]));
    else {
      res.statusCode = 404;
      res.end("{}");
    }
  };
}

/** Repositories a test file makes, removed after each test: `const repos = useRepos()`, `repos.make(files)`. */
export function useRepos() {
  const list: GitRepo[] = [];
  afterEach(() => {
    for (const r of list.splice(0)) r.cleanup();
  });
  return {
    list,
    track(r: GitRepo): GitRepo {
      list.push(r);
      return r;
    },
    async make(files: Record<string, string>, options?: Parameters<typeof gitRepo>[1]): Promise<GitRepo> {
      const r = await gitRepo(files, options);
      list.push(r);
      return r;
    },
  };
}
