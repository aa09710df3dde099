import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A minimal npm registry on 127.0.0.1, for the release test: what `pnpm publish` and an install
 * need, nothing more. PUT /<name> (a publish: packument plus base64 tarball attachments),
 * GET /<name> (the packument, tarball URLs pointing here), GET /<name>/-/<file>.tgz (the bytes).
 * Names it holds nothing for are forwarded to `upstream` (the caller's registry), so an install
 * of rampart still gets its third-party dependencies. Chosen over Verdaccio, which would add a
 * few hundred transitive packages to the repository's dev dependencies for these three endpoints.
 *
 * A forward that fails (the upstream unreachable, a timeout, an upstream 5xx) fails fast and says
 * why: the answer is 424 with the upstream error in its body (npm retries 5xx and 429 for
 * minutes, never a 4xx, and prints the body), later forwards answer the same at once, and
 * `upstreamErrors` lists them for the test's failure message.
 */
export interface LocalRegistry {
  url: string;
  /** The uploaded tarballs, byte for byte, by `<name>/-/<file>`. */
  tarballs: Map<string, Buffer>;
  published: string[];
  /** Forwards to the upstream registry that failed, each "GET URL: what happened". */
  upstreamErrors: string[];
  close(): Promise<void>;
}

/** Bounds one forwarded request: a stalled upstream fails in seconds, not npm's minutes of retries. */
const UPSTREAM_TIMEOUT_MS = 30_000;

interface Packument {
  name: string;
  versions: Record<string, { dist: { tarball: string } & Record<string, unknown> } & Record<string, unknown>>;
  "dist-tags": Record<string, string>;
  _attachments?: Record<string, { data: string }>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRegistry(upstream: string, token: string): Promise<LocalRegistry> {
  const packuments = new Map<string, Packument>();
  const tarballs = new Map<string, Buffer>();
  const published: string[] = [];
  const upstreamErrors: string[] = [];
  let url = "";
  /** A 424 naming the upstream error: npm does not retry a 4xx and shows the body. */
  const failUpstream = (res: import("node:http").ServerResponse, error: string) => {
    res.writeHead(424, { "content-type": "application/json" }).end(JSON.stringify({ error }));
  };
  const server: Server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/");
      const tarball = /^\/(.+)\/-\/([^/]+\.tgz)$/.exec(path);
      if (req.method === "PUT") {
        if (req.headers.authorization !== `Bearer ${token}`) {
          res.writeHead(401, { "content-type": "application/json" }).end('{"error":"unauthorized"}');
          return;
        }
        const doc = JSON.parse((await body(req)).toString("utf8")) as Packument;
        const known = packuments.get(doc.name) ?? { name: doc.name, versions: {}, "dist-tags": {} };
        for (const [file, attachment] of Object.entries(doc._attachments ?? {}))
          tarballs.set(`${doc.name}/-/${file}`, Buffer.from(attachment.data, "base64"));
        for (const [version, manifest] of Object.entries(doc.versions)) {
          const file = manifest.dist.tarball.split("/").pop() as string;
          known.versions[version] = {
            ...manifest,
            dist: { ...manifest.dist, tarball: `${url}/${doc.name}/-/${file}` },
          };
          published.push(`${doc.name}@${version}`);
        }
        Object.assign(known["dist-tags"], doc["dist-tags"]);
        packuments.set(doc.name, known);
        res.writeHead(201, { "content-type": "application/json" }).end('{"ok":true}');
        return;
      }
      if (tarball !== null && tarballs.has(`${tarball[1]}/-/${tarball[2]}`)) {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(tarballs.get(`${tarball[1]}/-/${tarball[2]}`));
        return;
      }
      const name = path.slice(1);
      const ours = packuments.get(name);
      if (ours !== undefined) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(ours));
        return;
      }
      // Not ours: the caller's registry answers (tarball URLs in its packuments point there).
      // Once the upstream has failed, later forwards fail at once with that error.
      if (upstreamErrors.length > 0) {
        failUpstream(res, `upstream registry failed earlier: ${upstreamErrors[0]}`);
        return;
      }
      const target = `${upstream.replace(/\/$/, "")}${req.url ?? "/"}`;
      let forwarded: Response;
      try {
        forwarded = await fetch(target, {
          headers: { accept: req.headers.accept ?? "application/json" },
          signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? (error as Error).message;
        upstreamErrors.push(`GET ${target}: ${why}`);
        failUpstream(res, `upstream registry ${target}: ${why}`);
        return;
      }
      if (forwarded.status >= 500 || forwarded.status === 429) {
        upstreamErrors.push(`GET ${target}: HTTP ${forwarded.status}`);
        failUpstream(res, `upstream registry ${target}: HTTP ${forwarded.status}`);
        return;
      }
      res.writeHead(forwarded.status, { "content-type": forwarded.headers.get("content-type") ?? "application/json" });
      res.end(Buffer.from(await forwarded.arrayBuffer()));
    } catch (error) {
      // Our own failure (a bad publish body): 400, not 500, so npm does not retry it for minutes.
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tarballs,
    published,
    upstreamErrors,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
