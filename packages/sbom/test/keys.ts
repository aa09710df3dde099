import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A real key pair made by ssh-keygen, openssl or node in `dir`. */
export interface TestKey {
  label: string;
  /** Private key file. */
  private: string;
  /** OpenSSH public key line (`type base64 comment`), as ssh-keygen writes .pub files. */
  sshPublic: string;
  /** Public key file (.pub for SSH keys, PEM SPKI otherwise). */
  public: string;
  /** `SHA256:...` as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

function run(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
}

function fingerprintOf(pubFile: string): string {
  return run("ssh-keygen", ["-l", "-E", "sha256", "-f", pubFile]).split(" ")[1] ?? "";
}

export function sshKey(dir: string, label: string, args: string[]): TestKey {
  const file = join(dir, label);
  run("ssh-keygen", ["-q", ...args, "-N", "", "-C", `${label}@test`, "-f", file]);
  return {
    label,
    private: file,
    public: `${file}.pub`,
    sshPublic: readFileSync(`${file}.pub`, "utf8").trim(),
    fingerprint: fingerprintOf(`${file}.pub`),
  };
}

/** A PEM key pair; its SSH form comes from `ssh-keygen -i -m PKCS8`, independent of rampart's code. */
export function pemKey(dir: string, label: string, make: "openssl-ed25519" | "openssl-p256" | "node-rsa"): TestKey {
  const priv = join(dir, `${label}.pem`);
  const pub = join(dir, `${label}.pub.pem`);
  if (make === "node-rsa") {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(priv, pair.privateKey.export({ type: "pkcs8", format: "pem" }));
  } else if (make === "openssl-ed25519") {
    run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", priv]);
  } else {
    run("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", priv]);
  }
  run("openssl", ["pkey", "-in", priv, "-pubout", "-out", pub]);
  const sshPublic = `${sshLineFromPem(readFileSync(pub, "utf8"), pub)} ${label}@test`;
  writeFileSync(join(dir, `${label}.ssh.pub`), `${sshPublic}\n`);
  return { label, private: priv, public: pub, sshPublic, fingerprint: fingerprintOf(join(dir, `${label}.ssh.pub`)) };
}

const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * ssh-keygen 9.2 cannot convert ed25519 PKCS8 keys, so the ed25519 SSH form is assembled here from
 * the DER bytes (the last 32 bytes of the SPKI); other types go through `ssh-keygen -i`.
 */
function sshLineFromPem(pem: string, file: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  if (der.subarray(0, 12).equals(ED25519_SPKI_PREFIX)) {
    const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    return `ssh-ed25519 ${Buffer.concat([str(Buffer.from("ssh-ed25519")), str(der.subarray(12))]).toString("base64")}`;
  }
  return run("ssh-keygen", ["-i", "-m", "PKCS8", "-f", file]).trim();
}

function pemFromSshLine(line: string, file: string): string {
  if (!line.startsWith("ssh-ed25519 ")) return run("ssh-keygen", ["-e", "-m", "PKCS8", "-f", file]);
  const blob = Buffer.from(line.split(" ")[1] ?? "", "base64");
  const der = Buffer.concat([ED25519_SPKI_PREFIX, blob.subarray(blob.length - 32)]);
  return `-----BEGIN PUBLIC KEY-----\n${der.toString("base64")}\n-----END PUBLIC KEY-----\n`;
}

/** Verifies `sig` over `data` with openssl alone, as an outside check of rampart's signatures. */
export function opensslVerifies(dir: string, key: TestKey, data: Buffer, sig: Buffer, hash: string | null): boolean {
  const pem = join(dir, `${key.label}.check.pem`);
  if (key.public.endsWith(".pem")) writeFileSync(pem, readFileSync(key.public));
  else writeFileSync(pem, pemFromSshLine(key.sshPublic, key.public));
  writeFileSync(join(dir, "data.bin"), data);
  writeFileSync(join(dir, "sig.bin"), sig);
  const args =
    hash === null
      ? [
          "pkeyutl",
          "-verify",
          "-pubin",
          "-inkey",
          pem,
          "-rawin",
          "-in",
          join(dir, "data.bin"),
          "-sigfile",
          join(dir, "sig.bin"),
        ]
      : ["dgst", `-${hash}`, "-verify", pem, "-signature", join(dir, "sig.bin"), join(dir, "data.bin")];
  try {
    run("openssl", args);
    return true;
  } catch {
    return false;
  }
}
