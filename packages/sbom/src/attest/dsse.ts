import { RampartError } from "@rampart/core/errors";
import { type SigningKey, signBytes } from "./keys.js";

/** A DSSE envelope (https://github.com/secure-systems-lab/dsse, envelope.md). */
export interface Envelope {
  payloadType: string;
  /** Standard base64 of the serialized payload. */
  payload: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/**
 * Pre-Authentication Encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths as
 * ASCII decimal byte counts. Signing PAE rather than the payload binds the payload type too.
 */
export function pae(payloadType: string, body: Buffer): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body]);
}

export function signEnvelope(payloadType: string, body: Buffer, key: SigningKey): Envelope {
  const sig = signBytes(key, pae(payloadType, body));
  return {
    payloadType,
    payload: body.toString("base64"),
    signatures: [{ keyid: key.keyid, sig: sig.toString("base64") }],
  };
}

/** Parses one line of a .intoto.jsonl file into an envelope, or throws naming the file and line. */
export function parseEnvelope(line: string, file: string, lineNo: number): Envelope {
  const bad = (why: string) =>
    new RampartError("SBOM_ATTESTATION_INVALID", why, {
      file,
      line: lineNo,
      hint: "an attestation file holds one DSSE envelope (JSON) per line, as `rampart attest` writes it",
    });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw bad("not JSON");
  }
  const e = value as Partial<Envelope> | null;
  if (!e || typeof e !== "object" || typeof e.payloadType !== "string" || typeof e.payload !== "string") {
    throw bad("not a DSSE envelope (payloadType and payload missing)");
  }
  if (!Array.isArray(e.signatures) || e.signatures.length === 0) throw bad("the envelope has no signatures");
  for (const s of e.signatures) {
    if (!s || typeof s.sig !== "string") throw bad("a signature has no `sig`");
    if (s.keyid !== undefined && typeof s.keyid !== "string") throw bad("a signature's `keyid` is not a string");
  }
  return {
    payloadType: e.payloadType,
    payload: e.payload,
    signatures: e.signatures.map((s) => ({ keyid: String(s.keyid ?? ""), sig: s.sig })),
  };
}
