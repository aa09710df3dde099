import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RampartError } from "@rampart/core";
import { limiter } from "./limit.js";
import type { GpgKeyFile } from "./policy.js";
import type { SigCheck } from "./sig-check.js";

interface Run {
  code: number | null;
  stdout: string;
  missing: boolean;
}

function runGpg(home: string, args: string[], input?: Buffer | string): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, GNUPGHOME: home, LC_ALL: "C" };
    const child = execFile(
      "gpg",
      ["--batch", "--no-tty", ...args],
      { env, timeout: 60_000, encoding: "utf8" },
      (error, stdout) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, missing: (error as { code?: unknown } | null)?.code === "ENOENT" });
      },
    );
    child.stdin?.on("error", () => {});
    child.stdin?.end(input ?? "");
  });
}

/** A throwaway keyring built from one policy's `.rampart/keys/`; trust comes from the policy, not gpg. */
export class GpgKeyring {
  readonly #principals = new Map<string, string>();
  readonly #expiry = new Map<string, number>();
  readonly #run = limiter(3);
  #seq = 0;

  private constructor(readonly home: string) {}

  static async create(keys: readonly GpgKeyFile[]): Promise<GpgKeyring> {
    const ring = new GpgKeyring(await mkdtemp(join(tmpdir(), "rampart-gnupg-")));
    for (const key of keys) {
      const shown = await runGpg(
        ring.home,
        ["--with-colons", "--import-options", "show-only", "--import"],
        key.armored,
      );
      if (shown.missing) {
        throw new RampartError(
          "SIGNATURES_GPG_NOT_FOUND",
          "gpg is needed to verify OpenPGP signatures but is not on PATH",
          {
            hint: "install GnuPG (gpg 2.2+), or sign with SSH keys (rampart signatures setup)",
          },
        );
      }
      for (const m of shown.stdout.matchAll(/^fpr:+([0-9A-F]{40,64}):/gm)) ring.#principals.set(m[1]!, key.principal);
      await runGpg(ring.home, ["--import"], key.armored);
    }
    const list = await runGpg(ring.home, ["--with-colons", "--fixed-list-mode", "--list-keys"]);
    let expires = 0;
    for (const line of list.stdout.split("\n")) {
      const f = line.split(":");
      if (f[0] === "pub" || f[0] === "sub") expires = Number(f[6] || 0);
      if (f[0] === "fpr" && f[9] && expires > 0) ring.#expiry.set(f[9], expires * 1000);
    }
    return ring;
  }

  /** Verifies one detached signature over `payload` (gpg, bounded concurrency). */
  verify(signature: string, payload: Buffer): Promise<SigCheck> {
    return this.#run(async () => {
      const sigFile = join(this.home, `sig-${this.#seq++}.asc`);
      await writeFile(sigFile, signature);
      const r = await runGpg(
        this.home,
        ["--trust-model", "always", "--status-fd", "1", "--verify", sigFile, "-"],
        payload,
      );
      await rm(sigFile, { force: true });
      return this.#interpret(r.stdout);
    });
  }

  #interpret(status: string): SigCheck {
    const lines = status.split("\n").filter((l) => l.startsWith("[GNUPG:] "));
    const find = (kw: string) => lines.find((l) => l.startsWith(`[GNUPG:] ${kw} `))?.split(" ");
    const valid = find("VALIDSIG");
    if (find("BADSIG")) return { status: "bad", detail: "the OpenPGP signature does not match the content" };
    const err = find("ERRSIG");
    if (err) {
      const noKey = err[7] === "9";
      return noKey
        ? { status: "unknown-key", fingerprint: err[2] ?? "", detail: "no key in .rampart/keys/ made this signature" }
        : { status: "bad", detail: `gpg could not check the signature (ERRSIG rc ${err[7] ?? "?"})` };
    }
    if (!valid) return { status: "bad", detail: "gpg reported no valid signature" };
    const primary = valid[11] ?? valid[2] ?? "";
    const signingKey = valid[2] ?? "";
    const fingerprint = primary;
    const principal = this.#principals.get(primary) ?? this.#principals.get(signingKey);
    if (principal === undefined) return { status: "unknown-key", fingerprint };
    if (find("REVKEYSIG"))
      return { status: "key-not-allowed", fingerprint, principals: [principal], detail: "the key is revoked" };
    if (find("EXPSIG")) return { status: "bad", fingerprint, detail: "the signature itself has expired" };
    // Expiry is applied with rampart's clock rule (finalize), not gpg's, so keep the window.
    const expiry = Math.min(this.#expiry.get(primary) ?? Infinity, this.#expiry.get(signingKey) ?? Infinity);
    return {
      status: "good",
      fingerprint,
      principals: [principal],
      windows: Number.isFinite(expiry) ? [[null, expiry]] : [],
    };
  }

  async close(): Promise<void> {
    await rm(this.home, { recursive: true, force: true });
  }
}
