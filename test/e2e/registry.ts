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
 */
export interface LocalRegistry {
  url: string;
  /** The uploaded tarballs, byte for byte, by `<name>/-/<file>`. */
  tarballs: Map<string, Buffer>;
  published: string[];
  close(): Promise<void>;
}

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
  let url = "";
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
      const forwarded = await fetch(`${upstream.replace(/\/$/, "")}${req.url ?? "/"}`, {
        headers: { accept: req.headers.accept ?? "application/json" },
      });
      res.writeHead(forwarded.status, { "content-type": forwarded.headers.get("content-type") ?? "application/json" });
      res.end(Buffer.from(await forwarded.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tarballs,
    published,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
