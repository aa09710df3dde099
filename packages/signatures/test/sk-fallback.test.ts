import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { parseAllowedSigners, wireString } from "@rampart/core";
import { expect, test } from "vitest";
import type { Policy } from "../src/policy.js";
import { signedData } from "../src/sshsig.js";
import { checkSshSignature } from "../src/verify-ssh.js";

const SK = "sk-ssh-ed25519@openssh.com";

/**
 * A FIDO (sk-ssh-ed25519) SSHSIG made in software, as a security key would (PROTOCOL.u2f): the
 * key signs SHA256(application) || flags || counter || SHA256(SSHSIG signed data). node:crypto
 * cannot check that shape, so rampart hands it to `ssh-keygen -Y verify`.
 */
function fidoSignature(message: Buffer, flags = 0x01 /* user present */) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const pk = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const blob = Buffer.concat([wireString(SK), wireString(pk), wireString("ssh:")]);
  const inner = { namespace: "git", reserved: Buffer.alloc(0), hashAlgorithm: "sha512" as const };
  const counter = Buffer.from([0, 0, 0, 7]);
  const u2f = Buffer.concat([
    createHash("sha256").update("ssh:").digest(),
    Buffer.from([flags]),
    counter,
    createHash("sha256").update(signedData(inner, message)).digest(),
  ]);
  const sig = Buffer.concat([wireString(SK), wireString(sign(null, u2f, privateKey)), Buffer.from([flags]), counter]);
  const body = Buffer.concat([
    Buffer.from("SSHSIG"),
    Buffer.from([0, 0, 0, 1]),
    wireString(blob),
    wireString("git"),
    wireString(""),
    wireString("sha512"),
    wireString(sig),
  ]);
  const armored = `-----BEGIN SSH SIGNATURE-----\n${body.toString("base64")}\n-----END SSH SIGNATURE-----\n`;
  return { armored, line: `fido@example.org ${SK} ${blob.toString("base64")}\n` };
}

function policyWith(line: string): Policy {
  const { entries } = parseAllowedSigners(line, ".rampart/allowed_signers");
  return {
    digest: "x",
    active: true,
    required: true,
    dco: false,
    policyAdmins: [],
    signers: entries,
    gpgKeys: [],
    keysDigest: "",
    problems: [],
  };
}

test("FIDO sk-ssh-ed25519 signatures are verified through ssh-keygen", async () => {
  const message = Buffer.from("tree 0\n\nfido\n");
  const { armored, line } = fidoSignature(message);
  const policy = policyWith(line);
  expect(policy.signers).toHaveLength(1);
  expect(await checkSshSignature(armored, message, policy)).toMatchObject({
    status: "good",
    principals: ["fido@example.org"],
  });
  expect((await checkSshSignature(armored, Buffer.from("tree 0\n\nfidO\n"), policy)).status).toBe("bad");
  // Another security key's good signature: the math passes in ssh-keygen, the policy does not know it.
  const other = fidoSignature(message);
  expect((await checkSshSignature(other.armored, message, policy)).status).toBe("unknown-key");
});
