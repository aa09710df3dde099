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
