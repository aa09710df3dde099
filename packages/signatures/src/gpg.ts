import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { limiter } from "./limit.js";
import { type PgpPublicKey, parsePublicKeys, parseSignature } from "./openpgp.js";
import type { GpgKeyFile } from "./policy.js";
import type { SigCheck } from "./sig-check.js";

interface Run {
  code: number | null;
  stdout: string;
  missing: boolean;
}

function runGpg(home: string, args: string[], input?: Buffer | string, baseEnv?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...(baseEnv ?? process.env), GNUPGHOME: home, LC_ALL: "C" };
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

const UNUSABLE = new Set(["r", "e", "i", "d"]);

interface ListedKey {
  primary: string;
  /** gpg's validity letter: r revoked, e expired, i invalid, d disabled; anything else is usable. */
  validity: string;
  canSign: boolean;
  expires?: number;
}

/**
 * A throwaway keyring built from one policy's `.rampart/keys/`; trust comes from the policy, not
 * gpg's web of trust. gpg imports the keys once and says which (sub)keys are valid for signing;
 * signatures by usable RSA/Ed25519 keys are then checked in-process (openpgp.ts), the rest by gpg.
 */
export class GpgKeyring {
  readonly #principals = new Map<string, string>();
  readonly #listed = new Map<string, ListedKey>();
  readonly #material = new Map<string, PgpPublicKey>();
  readonly #byKeyId = new Map<string, string>();
  readonly #run = limiter(3);
  #seq = 0;
  /** How many signatures went to a gpg process (the rest were checked in-process). */
  gpgVerifications = 0;

  private constructor(
    readonly home: string,
    readonly inProcess: boolean,
    readonly env: NodeJS.ProcessEnv | undefined,
  ) {}

  static async create(
    keys: readonly GpgKeyFile[],
    options: { inProcess?: boolean; env?: NodeJS.ProcessEnv } = {},
  ): Promise<GpgKeyring> {
    const ring = new GpgKeyring(
      await mkdtemp(join(tmpdir(), "rampart-gnupg-")),
      options.inProcess !== false,
      options.env,
    );
    for (const key of keys) {
      const shown = await runGpg(
        ring.home,
        ["--with-colons", "--import-options", "show-only", "--import"],
        key.armored,
        ring.env,
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
      await runGpg(ring.home, ["--import"], key.armored, ring.env);
      for (const pk of parsePublicKeys(key.armored)) ring.#material.set(pk.fingerprint, pk);
    }
    ring.#readListing(
      (await runGpg(ring.home, ["--with-colons", "--fixed-list-mode", "--list-keys"], undefined, ring.env)).stdout,
    );
    return ring;
  }

  #readListing(listing: string): void {
    let current: Omit<ListedKey, "primary"> | undefined;
    let primary = "";
    let isPrimary = false;
    for (const line of listing.split("\n")) {
      const f = line.split(":");
      if (f[0] === "pub" || f[0] === "sub") {
        const expires = Number(f[6] || 0);
        current = {
          validity: f[1] ?? "",
          canSign: (f[11] ?? "").includes("s"),
          ...(expires > 0 ? { expires: expires * 1000 } : {}),
        };
        isPrimary = f[0] === "pub";
      } else if (f[0] === "fpr" && f[9] && current) {
        if (isPrimary) primary = f[9];
        this.#listed.set(f[9], { ...current, primary });
        this.#byKeyId.set(f[9].slice(-16), f[9]);
        current = undefined;
      }
    }
  }

  /** Verifies one detached signature over `payload` (gpg, bounded concurrency). */
  async verify(signature: string, payload: Buffer): Promise<SigCheck> {
    const fast = this.inProcess ? await this.#verifyInProcess(signature, payload) : undefined;
    if (fast) return fast;
    this.gpgVerifications++;
    return this.#run(async () => {
      const sigFile = join(this.home, `sig-${this.#seq++}.asc`);
      await writeFile(sigFile, signature);
      const r = await runGpg(
        this.home,
        ["--trust-model", "always", "--status-fd", "1", "--verify", sigFile, "-"],
        payload,
        this.env,
      );
      await rm(sigFile, { force: true });
      return this.#interpret(r.stdout);
    });
  }

  /** undefined: not for the fast path (unusual packet, key gpg has doubts about): ask gpg. */
  async #verifyInProcess(signature: string, payload: Buffer): Promise<SigCheck | undefined> {
    const sig = parseSignature(signature);
    if (sig === undefined) return undefined;
    const fpr = sig.issuerFingerprint ?? (sig.issuer ? this.#byKeyId.get(sig.issuer) : undefined);
    if (fpr === undefined) {
      return sig.issuer
        ? { status: "unknown-key", fingerprint: sig.issuer, detail: "no key in .rampart/keys/ made this signature" }
        : undefined;
    }
    const listed = this.#listed.get(fpr);
    if (listed === undefined)
      return { status: "unknown-key", fingerprint: fpr, detail: "no key in .rampart/keys/ made this signature" };
    const pk = this.#material.get(fpr);
    if (!pk || !listed.canSign || UNUSABLE.has(listed.validity) || sig.created < pk.created) return undefined;
    if (!(await sig.verify(payload, pk)))
      return { status: "bad", detail: "the OpenPGP signature does not match the content" };
    const principal = this.#principals.get(listed.primary) ?? this.#principals.get(fpr);
    if (principal === undefined) return undefined;
    const expiry = Math.min(this.#listed.get(listed.primary)?.expires ?? Infinity, listed.expires ?? Infinity);
    return {
      status: "good",
      fingerprint: listed.primary,
      principals: [principal],
      windows: Number.isFinite(expiry) ? [[null, expiry]] : [],
    };
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
    const expiry = Math.min(
      this.#listed.get(primary)?.expires ?? Infinity,
      this.#listed.get(signingKey)?.expires ?? Infinity,
    );
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
