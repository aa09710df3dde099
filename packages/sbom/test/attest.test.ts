import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "@rampart/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attest } from "../src/attest/attest.js";
import { IN_TOTO_PAYLOAD_TYPE, pae, signEnvelope } from "../src/attest/dsse.js";
import { parseSigningKey } from "../src/attest/keys.js";
import { DEFAULT_PREDICATE_TYPE } from "../src/attest/statement.js";
import { verifyAttestation } from "../src/attest/verify.js";
import { opensslVerifies, pemKey, sshKey, type TestKey } from "./keys.js";

let dir: string;
let cleanup: () => void;
const keys: Array<{ key: TestKey; hash: string | null }> = [];

beforeAll(() => {
  ({ dir, cleanup } = tempDir("rampart-attest-"));
  keys.push(
    { key: sshKey(dir, "ed25519", ["-t", "ed25519"]), hash: null },
    { key: sshKey(dir, "ecdsa256", ["-t", "ecdsa", "-b", "256"]), hash: "sha256" },
    { key: sshKey(dir, "ecdsa384", ["-t", "ecdsa", "-b", "384"]), hash: "sha384" },
    { key: sshKey(dir, "rsa", ["-t", "rsa", "-b", "2048"]), hash: "sha256" },
    { key: pemKey(dir, "pem-ed25519", "openssl-ed25519"), hash: null },
    { key: pemKey(dir, "pem-p256", "openssl-p256"), hash: "sha256" },
    { key: pemKey(dir, "pem-rsa", "node-rsa"), hash: "sha256" },
  );
  writeFileSync(join(dir, "app.tgz"), "artefact bytes\n");
  writeFileSync(join(dir, "sbom.json"), JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1 }));
});
afterAll(() => cleanup());

function allowedSigners(...lines: string[]): string {
  const file = join(dir, "allowed_signers");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

describe("PAE", () => {
  it("matches the DSSE spec's test vector", () => {
    expect(pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString()).toBe(
      "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
    );
  });
});

describe.each(["ed25519", "ecdsa256", "ecdsa384", "rsa", "pem-ed25519", "pem-p256", "pem-rsa"])("a %s key", (label) => {
  const get = () => keys.find((k) => k.key.label === label)!;

  it("signs a statement openssl verifies, with ssh-keygen's fingerprint as keyid", async () => {
    const { key, hash } = get();
    const r = await attest({ cwd: dir, files: ["app.tgz"], key: key.private, predicate: "sbom.json" });
    expect(r.keyid).toBe(key.fingerprint);
    expect(r.envelope.payloadType).toBe("application/vnd.in-toto+json");
    const body = Buffer.from(r.envelope.payload, "base64");
    const statement = JSON.parse(body.toString());
    expect(statement._type).toBe("https://in-toto.io/Statement/v1");
    const sha256 = createHash("sha256").update("artefact bytes\n").digest("hex");
    expect(statement.subject).toEqual([{ name: "app.tgz", digest: { sha256 } }]);
    expect(statement.predicateType).toBe("https://cyclonedx.org/bom");
    const sig = Buffer.from(r.envelope.signatures[0]!.sig, "base64");
    expect(opensslVerifies(dir, key, pae(r.envelope.payloadType, body), sig, hash)).toBe(true);
    expect(
      opensslVerifies(dir, key, pae(r.envelope.payloadType, Buffer.concat([body, Buffer.from(" ")])), sig, hash),
    ).toBe(false);
  });

  it("round-trips through verify with allowed_signers and with --key", async () => {
    const { key } = get();
    const r = await attest({ cwd: dir, files: ["app.tgz"], key: key.private });
    writeFileSync(join(dir, "app.intoto.jsonl"), r.line);
    const signers = allowedSigners(`release@example.com ${key.sshPublic}`);
    const viaList = await verifyAttestation({
      cwd: dir,
      file: "app.tgz",
      attestation: "app.intoto.jsonl",
      allowedSigners: signers,
    });
    expect(viaList.findings).toEqual([]);
    expect(viaList.ok).toBe(true);
    expect(viaList.stats.envelopes[0]?.signers).toEqual([{ principal: "release@example.com", keyid: key.fingerprint }]);
    expect(viaList.stats.envelopes[0]?.predicateType).toBe(DEFAULT_PREDICATE_TYPE);
    const viaKey = await verifyAttestation({
      cwd: dir,
      file: "app.tgz",
      attestation: "app.intoto.jsonl",
      key: key.public,
    });
    expect(viaKey.ok).toBe(true);
  });
});

describe("verify fails", () => {
  async function signed(label = "ed25519"): Promise<TestKey> {
    const key = keys.find((k) => k.key.label === label)!.key;
    writeFileSync(join(dir, "app.tgz"), "artefact bytes\n");
    const r = await attest({ cwd: dir, files: ["app.tgz", "sbom.json"], key: key.private, predicate: "sbom.json" });
    writeFileSync(join(dir, "app.intoto.jsonl"), r.line);
    allowedSigners(`release@example.com ${key.sshPublic}`);
    return key;
  }
  const check = () =>
    verifyAttestation({
      cwd: dir,
      file: "app.tgz",
      attestation: "app.intoto.jsonl",
      allowedSigners: join(dir, "allowed_signers"),
    });

  it("on a tampered artefact", async () => {
    await signed();
    expect((await check()).ok).toBe(true);
    writeFileSync(join(dir, "app.tgz"), "artefact bytes, changed\n");
    const r = await check();
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.ruleId)).toEqual(["attestation/subject-mismatch"]);
  });

  it("on a tampered predicate (payload edited, signature kept)", async () => {
    await signed("ecdsa256");
    const env = JSON.parse(readFileSync(join(dir, "app.intoto.jsonl"), "utf8"));
    const statement = JSON.parse(Buffer.from(env.payload, "base64").toString());
    statement.predicate.components = [{ type: "library", name: "innocent", version: "1.0.0" }];
    env.payload = Buffer.from(JSON.stringify(statement)).toString("base64");
    writeFileSync(join(dir, "app.intoto.jsonl"), `${JSON.stringify(env)}\n`);
    const r = await check();
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.ruleId)).toEqual(["attestation/bad-signature"]);
  });

  it("on a signer that is not in allowed_signers", async () => {
    await signed("ed25519");
    allowedSigners(`someone@example.com ${keys.find((k) => k.key.label === "ecdsa384")!.key.sshPublic}`);
    const r = await check();
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.ruleId)).toEqual(["attestation/unknown-signer"]);
  });

  it("on a key allowed only for other namespaces, and passes once in-toto is allowed", async () => {
    const key = await signed("ecdsa384");
    allowedSigners(`dev@example.com namespaces="git" ${key.sshPublic}`);
    await expect(check()).rejects.toMatchObject({ code: "SBOM_NO_TRUSTED_KEYS" });
    allowedSigners(`"dev@example.com,ci@example.com" namespaces="git,in-toto" ${key.sshPublic}`);
    const r = await check();
    expect(r.ok).toBe(true);
    expect(r.stats.envelopes[0]?.signers[0]?.principal).toBe("dev@example.com,ci@example.com");
  });

  it("on an expired key (valid-before in the past)", async () => {
    const key = await signed("ed25519");
    allowedSigners(`# old key`, `old@example.com valid-before="20200101Z" ${key.sshPublic}`);
    await expect(check()).rejects.toMatchObject({ code: "SBOM_NO_TRUSTED_KEYS" });
  });
});

describe("bad input", () => {
  it("refuses an encrypted OpenSSH key with a hint", async () => {
    const file = join(dir, "enc");
    const { execFileSync } = await import("node:child_process");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "secret-pass", "-f", file]);
    await expect(attest({ cwd: dir, files: ["app.tgz"], key: file })).rejects.toMatchObject({
      code: "SBOM_KEY_ENCRYPTED",
      hint: expect.stringContaining("passphrase"),
    });
  });

  it("names the line of a malformed allowed_signers entry", async () => {
    const key = keys[0]!.key;
    const r = await attest({ cwd: dir, files: ["app.tgz"], key: key.private });
    writeFileSync(join(dir, "app.intoto.jsonl"), r.line);
    allowedSigners(`ok@example.com ${key.sshPublic}`, "broken@example.com ssh-ed25519");
    await expect(
      verifyAttestation({
        cwd: dir,
        file: "app.tgz",
        attestation: "app.intoto.jsonl",
        allowedSigners: join(dir, "allowed_signers"),
      }),
    ).rejects.toMatchObject({ code: "SBOM_ALLOWED_SIGNERS_INVALID", line: 2 });
  });

  it("names the line of an attestation that is not JSON", async () => {
    writeFileSync(join(dir, "bad.intoto.jsonl"), "{not json\n");
    await expect(
      verifyAttestation({ cwd: dir, file: "app.tgz", attestation: "bad.intoto.jsonl", key: keys[0]!.key.public }),
    ).rejects.toMatchObject({
      code: "SBOM_ATTESTATION_INVALID",
      line: 1,
    });
  });
  it("a validly signed statement whose subject is not a name with digests is bad input naming it, not a crash", async () => {
    const key = parseSigningKey(readFileSync(keys[0]!.key.private, "utf8"), "key");
    const subjects: unknown[] = [null, { name: "app.tgz" }, { name: "app.tgz", digest: { sha256: 5 } }, "app.tgz"];
    for (const subject of subjects) {
      const statement = { _type: "https://in-toto.io/Statement/v1", subject: [subject], predicateType: "x" };
      const envelope = signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)), key);
      writeFileSync(join(dir, "odd.intoto.jsonl"), `${JSON.stringify(envelope)}\n`);
      await expect(
        verifyAttestation({ cwd: dir, file: "app.tgz", attestation: "odd.intoto.jsonl", key: keys[0]!.key.public }),
      ).rejects.toMatchObject({ code: "SBOM_ATTESTATION_INVALID", message: expect.stringContaining("subject[0]") });
    }
  });
});

describe("subject names", () => {
  it("names a file below the working directory by its relative path, any other by its file name, never an absolute path", async () => {
    const key = keys[0]!.key.private;
    mkdirSync(join(dir, "out", "deep"), { recursive: true });
    writeFileSync(join(dir, "out", "deep", "pkg-1.0.0.tgz"), "a\n");
    writeFileSync(join(dir, "out", "sibling.tgz"), "b\n");
    const names = async (cwd: string, files: string[]) => {
      const r = await attest({ cwd, files, key });
      return (
        JSON.parse(Buffer.from(r.envelope.payload, "base64").toString()) as { subject: Array<{ name: string }> }
      ).subject.map((s) => s.name);
    };
    expect(await names(dir, ["out/deep/pkg-1.0.0.tgz"])).toEqual(["out/deep/pkg-1.0.0.tgz"]);
    const deep = join(dir, "out", "deep");
    expect(await names(deep, ["../sibling.tgz", join(dir, "app.tgz")])).toEqual(["app.tgz", "sibling.tgz"]);
    expect(await names(deep, [join(deep, "pkg-1.0.0.tgz")])).toEqual(["pkg-1.0.0.tgz"]);
  });
});
