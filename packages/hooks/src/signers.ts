import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { git } from "@rampart/core/git";

/**
 * The allowed_signers line for the current user, when git is set up to sign with SSH
 * (gpg.format=ssh and user.signingkey a public key, a key file or `key::...`). GPG keys cannot be
 * listed in an allowed-signers file, so they yield a comment saying so.
 */
export async function currentSigner(options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  const get = async (key: string) => {
    const r = await git(["config", "--get", key], { ...options, okExitCodes: [1] });
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
  };
  const [format, key, email] = [await get("gpg.format"), await get("user.signingkey"), await get("user.email")];
  if (key === undefined) {
    return "# No signing key is set up in git yet: `npx --no-install rampart signatures setup --generate`, then\n# `npx --no-install rampart signatures add <your email> <key.pub>` adds your line here.";
  }
  if (format !== "ssh")
    return `# git signs with GPG here (key ${key}); list SSH keys in this file, GPG keys live in your keyring.`;
  const publicKey = readPublicKey(key, options.env?.HOME ?? homedir(), options.cwd);
  if (publicKey === undefined)
    return `# Could not read the public half of user.signingkey (${key}); add your line by hand.`;
  return `${email ?? "you@example.com"} namespaces="git" ${publicKey}`;
}

function readPublicKey(key: string, home: string, cwd: string): string | undefined {
  if (key.startsWith("key::")) return key.slice(5).trim();
  if (/^(ssh-|ecdsa-|sk-)/.test(key)) return key.trim();
  const path = resolve(cwd, key.replace(/^~(?=\/)/, home));
  for (const candidate of [path.endsWith(".pub") ? path : `${path}.pub`, path]) {
    if (!existsSync(candidate)) continue;
    const text = readFileSync(candidate, "utf8").trim();
    const [type, body] = text.split(/\s+/);
    if (type !== undefined && body !== undefined && !text.includes("PRIVATE KEY")) return `${type} ${body}`;
  }
  return undefined;
}
