import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../packages/core/src/exit-codes.js";
import { gitRepo, repoRoot, runCommand, tempDir } from "../helpers/src/index.js";
import { startRegistry } from "./registry.js";
import { installEnv } from "./tarballs.js";

// The release procedure end to end (scripts/release.mjs, what .github/workflows/release.yml
// runs on a tag): pack, SBOM, attest with a release key, verify, publish to a registry on
// loopback; then a user's fresh repository installs rampart from that registry, runs
// `npx rampart init`, downloads the tarball and verifies it against the attestation.
const TOKEN = "local-registry-test-token";

/** Every non-private workspace package: what a release must publish. */
const published = readdirSync(join(repoRoot, "packages"))
  .map((dir) => join(repoRoot, "packages", dir, "package.json"))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, "utf8")) as { name: string; private?: boolean })
  .filter((m) => !m.private)
  .map((m) => m.name);

describe("release: publish, install, init, verify", () => {
  it("publishes the attested bytes, which a fresh repository installs, inits and verifies", {
    timeout: 900_000,
  }, async () => {
    const work = tempDir("rampart-release-");
    const user = await gitRepo({
      "package.json": `${JSON.stringify({ name: "shop", version: "1.0.0", private: true }, null, 2)}\n`,
    });
    const env = installEnv(user);
    const registry = await startRegistry(env.npm_config_registry ?? "https://registry.npmjs.org/", TOKEN);
    try {
      const key = join(work.dir, "release_key");
      expect(
        (await runCommand("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "release", "-f", key])).exitCode,
      ).toBe(0);
      const pub = readFileSync(`${key}.pub`, "utf8").split(" ").slice(0, 2).join(" ");
      const allowed = join(work.dir, "allowed_signers");
      writeFileSync(allowed, `release@rampart.example namespaces="in-toto" ${pub}\n`);
      const npmrc = join(work.dir, "npmrc");
      writeFileSync(npmrc, `${registry.url.replace(/^http:/, "")}/:_authToken=${TOKEN}\n`);
      const out = join(work.dir, "out");
      const release = await runCommand(
        process.execPath,
        [
          "scripts/release.mjs",
          "--out",
          out,
          "--key",
          key,
          "--allowed-signers",
          allowed,
          "--registry",
          `${registry.url}/`,
        ],
        { cwd: repoRoot, env: { ...process.env, ...env, npm_config_userconfig: npmrc, HUSKY: "0" }, timeout: 600_000 },
      );
      expect(release.exitCode, `${registry.upstreamErrors.join("\n")}${release.stdout}${release.stderr}`).toBe(0);
      expect(registry.published.sort()).toEqual(published.map((n) => `${n}@0.1.0`).sort());
      // What the registry received is what was attested, byte for byte.
      const tgz = readdirSync(out).filter((f) => f.endsWith(".tgz"));
      expect(tgz).toHaveLength(published.length);
      expect(registry.tarballs.size).toBe(published.length);
      for (const [path, bytes] of registry.tarballs) {
        const packed = `${(path.split("/-/")[0] as string).replace(/^@/, "").replace("/", "-")}-0.1.0.tgz`;
        expect(bytes.equals(readFileSync(join(out, packed))), path).toBe(true);
      }

      const userEnv = { ...env, npm_config_registry: `${registry.url}/` };
      const install = await runCommand("npm", ["install", "--save-dev", "--ignore-scripts", "rampart@0.1.0"], {
        cwd: user.dir,
        env: userEnv,
        timeout: 400_000,
      });
      expect(install.exitCode, `${registry.upstreamErrors.join("\n")}${install.stdout}${install.stderr}`).toBe(0);
      const init = await runCommand("npx", ["--no-install", "rampart", "init", "--yes"], {
        cwd: user.dir,
        env: userEnv,
      });
      expect(init.exitCode, `${init.stdout}${init.stderr}`).toBe(0);
      expect(readFileSync(user.path(".rampart/config.yaml"), "utf8")).toContain("version: 1");

      // The user downloads the tarball and its attestation, and verifies with the project's signers.
      const downloaded = Buffer.from(await (await fetch(`${registry.url}/rampart/-/rampart-0.1.0.tgz`)).arrayBuffer());
      writeFileSync(user.path("rampart-0.1.0.tgz"), downloaded);
      const attestation = join(out, "rampart-0.1.0.tgz.intoto.jsonl");
      const verify = (file: string) =>
        runCommand(
          "npx",
          ["--no-install", "rampart", "verify", file, "--attestation", attestation, "--allowed-signers", allowed],
          {
            cwd: user.dir,
            env: userEnv,
          },
        );
      const ok = await verify("rampart-0.1.0.tgz");
      expect(ok.exitCode, `${ok.stdout}${ok.stderr}`).toBe(ExitCode.Clean);
      expect(ok.stdout).toContain('is "rampart-0.1.0.tgz" in a statement signed by release@rampart.example');
      const tampered = Buffer.from(downloaded);
      tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
      writeFileSync(user.path("tampered.tgz"), tampered);
      expect((await verify("tampered.tgz")).exitCode).toBe(ExitCode.Findings);
    } finally {
      await registry.close();
      user.cleanup();
      work.cleanup();
    }
  });
});
