import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { runCommand, tempDir } from "../helpers/src/index.js";
import { startRegistry } from "./registry.js";

/** A loopback port with nothing listening (bound, then closed). */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, "127.0.0.1", ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

describe("the release test's local registry", () => {
  it("fails fast when the upstream registry fails, naming the upstream error, instead of npm retrying 5xx for minutes", async () => {
    const upstream = `http://127.0.0.1:${await deadPort()}`;
    const registry = await startRegistry(upstream, "token");
    const home = tempDir("rampart-registry-");
    try {
      const r = await runCommand("npm", ["view", "left-pad", "version", "--registry", `${registry.url}/`], {
        cwd: home.dir,
        env: {
          ...process.env,
          npm_config_cache: home.dir,
          npm_config_userconfig: `${home.dir}/npmrc`,
          npm_config_update_notifier: "false",
        },
        timeout: 120_000,
      });
      expect(r.exitCode).not.toBe(0);
      expect(`${r.stdout}${r.stderr}`).toContain("424");
      expect(`${r.stdout}${r.stderr}`).toContain("ECONNREFUSED");
      expect(registry.upstreamErrors).toEqual([`GET ${upstream}/left-pad: ECONNREFUSED`]);
    } finally {
      await registry.close();
      home.cleanup();
    }
  });
});
