import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { matchPatternList, WireError } from "@rampart/core/ssh";
import type { Policy } from "./policy.js";
import type { SigCheck } from "./sig-check.js";
import { parseSshSig, type SshSig, verifySshSigMath } from "./sshsig.js";

/** Checks an SSHSIG over `payload` against the policy's allowed signers (time is applied later). */
export async function checkSshSignature(
  armored: string,
  payload: Buffer,
  policy: Policy,
  env?: NodeJS.ProcessEnv,
): Promise<SigCheck> {
  let sig: SshSig;
  try {
    sig = parseSshSig(armored);
  } catch (error) {
    if (error instanceof WireError) return { status: "bad", detail: `malformed SSH signature: ${error.message}` };
    throw error;
  }
  const fingerprint = sig.publicKey.fingerprint;
  if (sig.namespace !== "git")
    return { status: "bad", fingerprint, detail: `signature namespace is "${sig.namespace}", not "git"` };
  if (sig.publicKey.type.includes("-cert-v01@")) {
    return {
      status: "unsupported",
      fingerprint,
      detail: "SSH certificate signatures are not verified here; verify in CI",
    };
  }
  let math = await verifySshSigMath(sig, payload);
  if (math === "unsupported") math = await verifyWithSshKeygen(sig, payload, env);
  if (math === "unsupported") {
    return {
      status: "unsupported",
      fingerprint,
      detail: `${sig.publicKey.type} needs ssh-keygen, which is not on PATH`,
    };
  }
  if (!math) return { status: "bad", fingerprint, detail: "the signature does not match the content" };
  const entries = policy.signers.filter((e) => e.key.blob.equals(sig.publicKey.blob));
  if (entries.length === 0) return { status: "unknown-key", fingerprint };
  const usable = entries.filter(
    (e) => !e.certAuthority && (e.namespaces === undefined || matchPatternList("git", e.namespaces)),
  );
  if (usable.length === 0) {
    const ca = entries.some((e) => e.certAuthority);
    return {
      status: ca ? "unsupported" : "key-not-allowed",
      fingerprint,
      detail: ca
        ? "cert-authority entries are not supported by rampart"
        : 'the entry\'s namespaces= does not include "git"',
    };
  }
  return {
    status: "good",
    fingerprint,
    principals: [...new Set(usable.flatMap((e) => e.principals))],
    windows: usable.map((e) => [e.validAfter ?? null, e.validBefore ?? null]),
  };
}

/** FIDO (sk-) keys: node:crypto cannot rebuild their signed data, ssh-keygen can. */
async function verifyWithSshKeygen(
  sig: SshSig,
  payload: Buffer,
  env?: NodeJS.ProcessEnv,
): Promise<boolean | "unsupported"> {
  const dir = await mkdtemp(join(tmpdir(), "rampart-sshsig-"));
  try {
    await writeFile(join(dir, "signers"), `signer ${sig.publicKey.type} ${sig.publicKey.blob.toString("base64")}\n`);
    await writeFile(join(dir, "sig"), `${sig.armored}\n`);
    const args = ["-Y", "verify", "-f", join(dir, "signers"), "-I", "signer", "-n", "git", "-s", join(dir, "sig")];
    return await new Promise<boolean | "unsupported">((resolve) => {
      const child = execFile("ssh-keygen", args, { timeout: 30_000, env: env ?? process.env }, (error) =>
        resolve(error === null ? true : (error as { code?: unknown }).code === "ENOENT" ? "unsupported" : false),
      );
      child.stdin?.end(payload);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
