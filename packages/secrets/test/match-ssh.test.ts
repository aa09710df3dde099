import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { matchText } from "../src/match.js";
import { opensshPrivateKey } from "../src/validators.js";

// Real OpenSSH keys, made by ssh-keygen in a temp dir for this run.
const dir = mkdtempSync(path.join(tmpdir(), "rampart-secrets-ssh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let made = 0;
/** Writes a new key pair (never reusing a path: ssh-keygen would ask before overwriting). */
function sshKey(type: string, passphrase = "", bits?: string): string {
  made += 1;
  const file = path.join(dir, `key-${made}`);
  const args = ["-q", "-t", type, "-N", passphrase, "-C", "test@rampart", "-f", file];
  if (bits) args.push("-b", bits);
  execFileSync("ssh-keygen", args, { stdio: "ignore", timeout: 20_000 });
  return readFileSync(file, "utf8");
}

describe("OpenSSH private keys (ssh-keygen)", () => {
  const cases: Array<[string, string, string?]> = [
    ["ed25519", ""],
    ["ecdsa", ""],
    ["rsa", "", "2048"],
    ["ed25519", "correct horse"],
  ];

  it.each(cases)("finds a %s key (passphrase %j) whole and validates its container", (type, pass, bits) => {
    const key = sshKey(type, pass, bits);
    const text = `# deploy key\n${key}`;
    const found = matchText(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: "private-key-openssh", validated: true, confidence: "high", line: 2 });
    expect(found[0]?.secret).toBe(key.trim());
  });

  it("lowers confidence when the container is corrupt", () => {
    const key = sshKey("ed25519", "");
    const lines = key.trim().split("\n");
    lines[2] = (lines[2] ?? "").split("").reverse().join("");
    const broken = lines.join("\n");
    expect(opensshPrivateKey(broken)).toBe(false);
    const [m] = matchText(broken);
    expect(m).toMatchObject({ ruleId: "private-key-openssh", validated: false, confidence: "medium" });
  });

  it("does not report the public half", () => {
    sshKey("ed25519", "x");
    const pub = readFileSync(path.join(dir, `key-${made}.pub`), "utf8");
    expect(matchText(pub)).toEqual([]);
  });
});
