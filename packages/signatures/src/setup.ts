import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { promisify } from "node:util";
import { RampartError, UsageError } from "@rampart/core/errors";
import { readFileSafe, writeFileSafe } from "@rampart/core/fs";
import { type GitOptions, getRepoRoot, git } from "@rampart/core/git";
import { parseAllowedSigners, parseSshPublicKeyLine, parseSshTime, WireError } from "@rampart/core/ssh";

const run = promisify(execFile);
export const SIGNERS_PATH = ".rampart/allowed_signers";
const GENERATED_KEY = "rampart_signing_ed25519";
const DEFAULT_KEYS = [GENERATED_KEY, "id_ed25519", "id_ecdsa", "id_ed25519_sk", "id_ecdsa_sk", "id_rsa"];

export interface SetupOptions extends GitOptions {
  /** Private or public key path; default: the first of ~/.ssh/id_{ed25519,ecdsa,...}. */
  key?: string;
  /** Make a new ed25519 key (~/.ssh/rampart_signing_ed25519) when there is none. */
  generate?: boolean;
}

export interface SetupResult {
  signingKey: string;
  principal: string;
  /** The line to add to .rampart/allowed_signers (or `rampart signatures add` it). */
  allowedSignersLine: string;
  generated: boolean;
  /** True when .rampart/allowed_signers in the working tree already lists this key. */
  listed: boolean;
  config: Array<[string, string]>;
}

/** Configures this repository's local git config to sign commits and tags with an SSH key. */
export async function setupSigning(options: SetupOptions): Promise<SetupResult> {
  const root = await getRepoRoot(options);
  const home = options.env?.HOME ?? homedir();
  let generated = false;
  let signingKey = options.key === undefined ? undefined : resolve(options.cwd, options.key);
  if (signingKey === undefined) {
    // Keep what this repository already signs with, so a second run changes nothing.
    const configured = (await git(["config", "user.signingkey"], { ...options, okExitCodes: [1] })).stdout.trim();
    if (configured !== "" && existsSync(configured.endsWith(".pub") ? configured : `${configured}.pub`))
      signingKey = configured;
  }
  if (signingKey === undefined)
    signingKey = DEFAULT_KEYS.map((k) => join(home, ".ssh", k)).find((p) => existsSync(`${p}.pub`));
  if (signingKey === undefined && options.generate) {
    signingKey = join(home, ".ssh", GENERATED_KEY);
    if (!existsSync(signingKey)) {
      await mkdir(join(home, ".ssh"), { recursive: true, mode: 0o700 });
      const email = (await git(["config", "user.email"], { ...options, okExitCodes: [1] })).stdout.trim();
      await run(
        "ssh-keygen",
        ["-q", "-t", "ed25519", "-N", "", "-C", email || "rampart signing key", "-f", signingKey],
        { env: options.env ?? process.env },
      );
      generated = true;
    }
  }
  if (signingKey === undefined) {
    throw new RampartError("SIGNATURES_NO_KEY", "no SSH key found in ~/.ssh to sign with", {
      hint: "pass --key ~/.ssh/<key> or --generate to make an ed25519 key",
    });
  }
  const pubPath = signingKey.endsWith(".pub") ? signingKey : `${signingKey}.pub`;
  const pub = await readPublicKey(pubPath);
  const principal = (await git(["config", "user.email"], { ...options, okExitCodes: [1] })).stdout.trim();
  if (principal === "") {
    throw new RampartError(
      "SIGNATURES_NO_EMAIL",
      "git user.email is not set; it is the principal your key is listed under",
      {
        hint: 'git config user.email "you@example.org"',
      },
    );
  }
  const config: Array<[string, string]> = [
    ["gpg.format", "ssh"],
    ["user.signingkey", signingKey],
    ["commit.gpgsign", "true"],
    ["tag.gpgsign", "true"],
    ["gpg.ssh.allowedSignersFile", SIGNERS_PATH],
  ];
  for (const [k, v] of config) await git(["config", "--local", k, v], options);
  const line = `${principal} ${pub.key.type} ${pub.key.blob.toString("base64")}`;
  const existing = await readFile(join(root, SIGNERS_PATH), "utf8").catch(() => "");
  const listed = parseAllowedSigners(existing, SIGNERS_PATH).entries.some((e) => e.key.blob.equals(pub.key.blob));
  return { signingKey, principal, allowedSignersLine: line, generated, listed, config };
}

async function readPublicKey(path: string) {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new RampartError("SIGNATURES_KEY_UNREADABLE", `cannot read the public key ${path}`, {
      hint: "pass the key's path (the .pub next to it must exist), e.g. --key ~/.ssh/id_ed25519",
      file: path,
    });
  }
  return parseKeyText(text, path);
}

function parseKeyText(text: string, file: string) {
  try {
    const parsed = parseSshPublicKeyLine(text.trim().split("\n")[0] ?? "");
    if (parsed.key.type.includes("-cert-v01@")) throw new WireError("certificates cannot be listed as signers");
    return parsed;
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    throw new RampartError("SIGNATURES_KEY_INVALID", `${file} is not an SSH public key: ${error.message}`, {
      hint: "use the one-line .pub file (ssh-ed25519 AAAA... comment)",
      file,
      line: 1,
    });
  }
}

export interface AddSignerOptions extends GitOptions {
  principal: string;
  /** A public key line ("ssh-ed25519 AAAA...") or the path of a .pub file. */
  key: string;
  validAfter?: string;
  validBefore?: string;
}

/** Appends a well-formed allowed_signers entry (after validating the principal, key and times). */
export async function addSigner(options: AddSignerOptions): Promise<{ line: string; added: boolean; file: string }> {
  const root = await getRepoRoot(options);
  if (!/^[^\s",#]+$/.test(options.principal)) {
    throw new UsageError(`"${options.principal}" is not a usable principal`, {
      hint: "use the signer's email address (no spaces, commas or quotes)",
    });
  }
  const looksLikeKey = /^(ssh-|ecdsa-sha2-|sk-)/.test(options.key.trim());
  const source = looksLikeKey ? "the key argument" : options.key;
  const text = looksLikeKey
    ? options.key
    : await readPublicKey(isAbsolute(options.key) ? options.key : resolve(options.cwd, options.key)).then(
        (k) => `${k.key.type} ${k.key.blob.toString("base64")}`,
      );
  const { key } = parseKeyText(text, source);
  const opts: string[] = [];
  for (const [name, value] of [
    ["valid-after", options.validAfter],
    ["valid-before", options.validBefore],
  ] as const) {
    if (value === undefined) continue;
    if (parseSshTime(value) === undefined) {
      throw new UsageError(`--${name} "${value}" is not a time`, {
        hint: "use YYYYMMDD or YYYYMMDDHHMM[SS], with Z for UTC",
      });
    }
    opts.push(`${name}="${value}"`);
  }
  const line = [
    options.principal,
    ...(opts.length ? [opts.join(",")] : []),
    key.type,
    key.blob.toString("base64"),
  ].join(" ");
  const file = join(root, SIGNERS_PATH);
  const existing = readFileSafe(SIGNERS_PATH, { root }) ?? "";
  const already = parseAllowedSigners(existing, SIGNERS_PATH).entries.some(
    (e) => e.key.blob.equals(key.blob) && e.principals.includes(options.principal),
  );
  if (already) return { line, added: false, file };
  const updated = `${existing}${existing !== "" && !existing.endsWith("\n") ? "\n" : ""}${line}\n`;
  writeFileSafe(SIGNERS_PATH, updated, { root, createParents: true });
  return { line, added: true, file };
}
