import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestSshKey {
  /** Private key path (no passphrase). */
  path: string;
  /** "ssh-ed25519 AAAA... comment" */
  publicLine: string;
}

/** A fresh SSH key made by ssh-keygen in `dir`. */
export async function makeSshKey(dir: string, name: string, type = "ed25519", bits?: number): Promise<TestSshKey> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const args = ["-q", "-t", type, "-N", "", "-C", name, "-f", path];
  if (bits !== undefined) args.push("-b", String(bits));
  await run("ssh-keygen", args);
  return { path, publicLine: readFileSync(`${path}.pub`, "utf8").trim() };
}

/** `ssh-keygen -Y sign -n <namespace>` over `message`; returns the armored signature. */
export async function sshSign(key: TestSshKey, message: Buffer | string, namespace = "git"): Promise<string> {
  const file = `${key.path}.msg-${Math.random().toString(36).slice(2)}`;
  writeFileSync(file, message);
  await run("ssh-keygen", ["-q", "-Y", "sign", "-n", namespace, "-f", key.path, file]);
  return readFileSync(`${file}.sig`, "utf8");
}

export interface TestGpgKey {
  home: string;
  fingerprint: string;
  email: string;
  /** The armored public key. */
  armored: string;
}

/** A fresh OpenPGP ed25519 signing key in its own GNUPGHOME under `dir`. */
export async function makeGpgKey(dir: string, email: string, expire = "never", algo = "ed25519"): Promise<TestGpgKey> {
  const home = join(dir, `gnupg-${email.replace(/[^a-z0-9]/gi, "_")}`);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const env = { ...process.env, GNUPGHOME: home };
  await run("gpg", ["--batch", "--passphrase", "", "--quick-gen-key", `Test <${email}>`, algo, "sign", expire], {
    env,
  });
  const list = await run("gpg", ["--batch", "--with-colons", "--list-keys", email], { env });
  const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(list.stdout)?.[1] ?? "";
  const exp = await run("gpg", ["--batch", "--armor", "--export", email], { env });
  return { home, fingerprint: fpr, email, armored: exp.stdout };
}

/** Stops the gpg-agent a signing GNUPGHOME started (a process the test started). */
export async function stopGpgAgent(home: string): Promise<void> {
  await run("gpgconf", ["--kill", "gpg-agent"], { env: { ...process.env, GNUPGHOME: home } }).catch(() => undefined);
}
