import { parseSshPublicKeyLine } from "@rampart/core";
import { tempDir } from "@rampart/test-helpers";
import { expect, test } from "vitest";
import { parseSshSig, verifySshSigMath } from "../src/sshsig.js";
import { makeSshKey, sshSign } from "./keys.js";

const KEYS: Array<[string, number | undefined]> = [
  ["ed25519", undefined],
  ["ecdsa", 256],
  ["ecdsa", 384],
  ["ecdsa", 521],
  ["rsa", 2048],
];

test.each(KEYS)("ssh-keygen -Y sign output verifies in-process (%s %s)", async (type, bits) => {
  const { dir } = tempDir();
  const key = await makeSshKey(dir, "k", type, bits);
  const message = Buffer.from("tree 1234\nauthor a <a@b> 1 +0000\n\nhello\n");
  const sig = parseSshSig(await sshSign(key, message));
  expect(sig.namespace).toBe("git");
  expect(sig.publicKey.blob.equals(parseSshPublicKeyLine(key.publicLine).key.blob)).toBe(true);
  expect(await verifySshSigMath(sig, message)).toBe(true);
  expect(await verifySshSigMath(sig, Buffer.from("tree 1234\nauthor a <a@b> 1 +0000\n\nhellO\n"))).toBe(false);
  // The namespace is part of the signed data: a signature made for "file" is not a git signature.
  expect(await verifySshSigMath({ ...sig, namespace: "file" }, message)).toBe(false);
});

test("a signature whose blob was flipped fails, a garbled armor throws a parse error", async () => {
  const { dir } = tempDir();
  const key = await makeSshKey(dir, "k");
  const message = Buffer.from("payload\n");
  const sig = parseSshSig(await sshSign(key, message));
  const blob = Buffer.from(sig.sigBlob);
  blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 1;
  expect(await verifySshSigMath({ ...sig, sigBlob: blob }, message)).toBe(false);
  expect(() => parseSshSig("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----")).toThrow(
    /^truncated SSH data$/,
  );
});

/** The armored signature with its signature blob replaced (what a third party can do to a commit's gpgsig). */
function rearmor(armored: string, blob: (rest: Buffer) => Buffer): string {
  const body = Buffer.from(armored.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
  let at = 10; // "SSHSIG" and the version
  for (let i = 0; i < 4; i++) at += 4 + body.readUInt32BE(at); // public key, namespace, reserved, hash
  const sig = body.subarray(at + 4, at + 4 + body.readUInt32BE(at));
  const algorithm = sig.subarray(4, 4 + sig.readUInt32BE(0));
  const inner = blob(sig.subarray(4 + algorithm.length));
  const str = (b: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(b.length, 0);
    return Buffer.concat([length, b]);
  };
  const out = Buffer.concat([
    body.subarray(0, at),
    str(Buffer.concat([str(algorithm), inner])),
    body.subarray(at + 4 + sig.length),
  ]);
  const lines = out.toString("base64").match(/.{1,70}/g) ?? [];
  return ["-----BEGIN SSH SIGNATURE-----", ...lines, "-----END SSH SIGNATURE-----", ""].join("\n");
}

/** What `ssh-keygen -Y verify` (git verify-commit's verifier) says of an armored signature over `message`. */
async function sshKeygenAccepts(
  dir: string,
  key: { publicLine: string },
  armored: string,
  message: Buffer,
): Promise<boolean> {
  const { execFile } = await import("node:child_process");
  const { writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  writeFileSync(join(dir, "signers"), `a@example.org ${key.publicLine}\n`);
  writeFileSync(join(dir, "sig"), armored);
  const args = ["-Y", "verify", "-f", join(dir, "signers"), "-I", "a@example.org", "-n", "git", "-s", join(dir, "sig")];
  return new Promise((resolve) => {
    const child = execFile("ssh-keygen", args, (error) => resolve(error === null));
    child.stdin?.end(message);
  });
}

test.each(KEYS)(
  "bytes after the signature blob are refused, as ssh-keygen -Y verify refuses them (%s %s)",
  async (type, bits) => {
    const { dir } = tempDir();
    const key = await makeSshKey(dir, "k", type, bits);
    const message = Buffer.from("tree 1234\nauthor a <a@b> 1 +0000\n\nhello\n");
    const armored = await sshSign(key, message);
    // Control: the re-armoring itself changes nothing either verifier sees.
    const same = rearmor(armored, (rest) => rest);
    expect(await sshKeygenAccepts(dir, key, same, message)).toBe(true);
    expect(await verifySshSigMath(parseSshSig(same), message)).toBe(true);
    const padded = [rearmor(armored, (rest) => Buffer.concat([rest, Buffer.from([0, 0, 0, 1, 0x41])]))];
    if (type === "ecdsa") {
      // Inside the (r, s) string too.
      padded.push(
        rearmor(armored, (rest) => {
          const rs = Buffer.concat([rest.subarray(4), Buffer.from([0, 0, 0, 0])]);
          const len = Buffer.alloc(4);
          len.writeUInt32BE(rs.length, 0);
          return Buffer.concat([len, rs]);
        }),
      );
    }
    for (const text of padded) {
      expect(await sshKeygenAccepts(dir, key, text, message)).toBe(false);
      expect(await verifySshSigMath(parseSshSig(text), message)).toBe(false);
    }
  },
);
