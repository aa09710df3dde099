import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { craftedKeyBlobs, tempDir } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { parseSshPublicKey, parseSshPublicKeyLine, sshFingerprint } from "../../src/ssh/key.js";
import { WireError } from "../../src/ssh/wire.js";

test.each(Object.entries(craftedKeyBlobs()))("a crafted key blob (%s) is a WireError, never a crash", (_, blob) => {
  expect(() => parseSshPublicKey(blob)).toThrow(WireError);
});

test.each([
  ["ed25519", undefined],
  ["ecdsa", 256],
  ["ecdsa", 521],
  ["rsa", 2048],
])("keys ssh-keygen makes (%s %s) parse, with ssh-keygen's fingerprint", (type, bits) => {
  const { dir } = tempDir();
  const path = join(dir, "k");
  execFileSync("ssh-keygen", [
    "-q",
    "-t",
    type,
    ...(bits ? ["-b", String(bits)] : []),
    "-N",
    "",
    "-C",
    "c",
    "-f",
    path,
  ]);
  const line = readFileSync(`${path}.pub`, "utf8");
  const { key, comment } = parseSshPublicKeyLine(line);
  const printed = execFileSync("ssh-keygen", ["-l", "-E", "sha256", "-f", `${path}.pub`], { encoding: "utf8" });
  expect(printed.split(" ")[1]).toBe(key.fingerprint);
  expect(sshFingerprint(key.blob)).toBe(key.fingerprint);
  expect(comment).toBe("c");
  expect(key.key).not.toBeUndefined();
});
