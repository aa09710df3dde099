import { resolve } from "node:path";
import { RampartError } from "@rampart/core/errors";
import { type CheckResult, type Finding, fingerprint, makeResult } from "@rampart/core/findings";
import { parseAllowedSigners, signerAllows } from "./allowed-signers.js";
import { readText } from "./attest.js";
import { type Envelope, IN_TOTO_PAYLOAD_TYPE, pae, parseEnvelope } from "./dsse.js";
import { type PublicKey, verifyBytes } from "./keys.js";
import { parsePublicKey } from "./public-key.js";
import { parseStatement, type Statement, sha256File } from "./statement.js";

export interface VerifyOptions {
  cwd: string;
  /** The artefact to check. */
  file: string;
  /** The .intoto.jsonl file (one DSSE envelope per line). */
  attestation: string;
  /** A public key to trust instead of the allowed signers file. */
  key?: string;
  /** Default: .rampart/allowed_signers below cwd. */
  allowedSigners?: string;
  /** Time the allowed_signers validity windows are checked at (default: now). */
  now?: Date;
}

export interface VerifiedEnvelope {
  line: number;
  /** Who signed it (allowed_signers principals, or the --key's comment), with the key's fingerprint. */
  signers: Array<{ principal: string; keyid: string }>;
  predicateType?: string;
  subjects: Statement["subject"];
}

// A type alias, not an interface, so it fits CheckResult's Record<string, unknown> reporters.
export type VerifyStats = {
  file: string;
  sha256: string;
  /** The subject name that matched the file's digest, when one did. */
  subject?: string;
  envelopes: VerifiedEnvelope[];
};

interface TrustedKey {
  principal: string;
  key: PublicKey;
}

export const DEFAULT_ALLOWED_SIGNERS = ".rampart/allowed_signers";

/**
 * Checks every envelope's signature against the trusted keys, then that a validly signed statement
 * names the file's sha256 among its subjects. Any failure is a finding (exit 1); only unreadable
 * input throws.
 */
export async function verifyAttestation(options: VerifyOptions): Promise<CheckResult<VerifyStats>> {
  const trusted = await loadTrustedKeys(options);
  const sha256 = await sha256File(resolve(options.cwd, options.file), options.file);
  const text = await readText(resolve(options.cwd, options.attestation), options.attestation);
  const findings: Finding[] = [];
  const envelopes: VerifiedEnvelope[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    const envelope = parseEnvelope(raw, options.attestation, i + 1);
    const checked = checkEnvelope(envelope, trusted, options.attestation, i + 1);
    if ("finding" in checked) findings.push(checked.finding);
    else envelopes.push(checked.verified);
  });
  if (envelopes.length === 0 && findings.length === 0) {
    throw new RampartError("SBOM_ATTESTATION_INVALID", "the attestation file holds no envelopes", {
      file: options.attestation,
      hint: "write one with `rampart attest <FILE> --key <private key> --output <FILE>.intoto.jsonl`",
    });
  }
  const match = envelopes.flatMap((e) => e.subjects).find((s) => s.digest.sha256?.toLowerCase() === sha256);
  if (!match && envelopes.length > 0) {
    const named = envelopes.flatMap((e) => e.subjects).map((s) => `${s.name} (sha256:${short(s.digest.sha256)})`);
    findings.push(
      finding(
        "attestation/subject-mismatch",
        `${options.file} (sha256:${short(sha256)}) is not a subject of the signed statement`,
        options.attestation,
        undefined,
        `the attestation covers ${named.join(", ") || "no subjects"}: the file was changed or is not the one that was signed`,
      ),
    );
  }
  return makeResult(findings, { file: options.file, sha256, ...(match ? { subject: match.name } : {}), envelopes });
}

function checkEnvelope(
  envelope: Envelope,
  trusted: TrustedKey[],
  file: string,
  line: number,
): { verified: VerifiedEnvelope } | { finding: Finding } {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      finding: finding(
        "attestation/payload-type",
        `payloadType is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}`,
        file,
        line,
      ),
    };
  }
  const body = Buffer.from(envelope.payload, "base64");
  const message = pae(envelope.payloadType, body);
  const signers: VerifiedEnvelope["signers"] = [];
  for (const sig of envelope.signatures) {
    const bytes = Buffer.from(sig.sig, "base64");
    // keyid is an unauthenticated hint: try the matching keys first, then every other trusted key.
    const ordered = [...trusted].sort((a, b) => Number(b.key.keyid === sig.keyid) - Number(a.key.keyid === sig.keyid));
    const ok = ordered.find((t) => verifyBytes(t.key.key, message, bytes));
    if (ok) signers.push({ principal: ok.principal, keyid: ok.key.keyid });
  }
  if (signers.length === 0) {
    const keyids = envelope.signatures.map((s) => s.keyid || "(no keyid)").join(", ");
    const known = envelope.signatures.some((s) => trusted.some((t) => t.key.keyid === s.keyid));
    return {
      finding: known
        ? finding(
            "attestation/bad-signature",
            `the signature by ${keyids} does not verify: the statement or the signature was changed after signing`,
            file,
            line,
          )
        : finding(
            "attestation/unknown-signer",
            `signed by ${keyids}, which is not a trusted key`,
            file,
            line,
            'add the signer\'s public key to .rampart/allowed_signers (with namespaces="in-toto"), or pass --key',
          ),
    };
  }
  const statement = parseStatement(body, `${file}:${line}`);
  return { verified: { line, signers, predicateType: statement.predicateType, subjects: statement.subject } };
}

async function loadTrustedKeys(options: VerifyOptions): Promise<TrustedKey[]> {
  if (options.key !== undefined) {
    const key = parsePublicKey(await readText(resolve(options.cwd, options.key), options.key), options.key);
    return [{ principal: key.comment ?? options.key, key }];
  }
  const path = options.allowedSigners ?? DEFAULT_ALLOWED_SIGNERS;
  let text: string;
  try {
    text = await readText(resolve(options.cwd, path), path);
  } catch (error) {
    throw new RampartError("SBOM_NO_TRUSTED_KEYS", "no trusted keys: cannot read the allowed signers file", {
      file: path,
      cause: error,
      hint: "list the signers' public keys in .rampart/allowed_signers (OpenSSH allowed_signers format), or pass --key <public key>",
    });
  }
  const when = options.now ?? new Date();
  const usable = parseAllowedSigners(text, path).filter((s) => signerAllows(s, when));
  if (usable.length === 0) {
    throw new RampartError(
      "SBOM_NO_TRUSTED_KEYS",
      "the allowed signers file lists no key allowed to sign attestations",
      {
        file: path,
        hint: 'add a line `<principal> namespaces="in-toto" <key type> <base64 key>` (lines restricted to other namespaces, CA keys and expired keys do not count)',
      },
    );
  }
  return usable.map((s) => ({ principal: s.principals.join(","), key: s.key }));
}

function finding(ruleId: string, message: string, file: string, line?: number, hint?: string): Finding {
  return {
    ruleId,
    severity: "error",
    message,
    file,
    ...(line === undefined ? {} : { line }),
    framework: ["ART-3"],
    fingerprint: fingerprint(ruleId, file, line, message),
    ...(hint ? { hint } : {}),
  };
}

function short(hex: string | undefined): string {
  return (hex ?? "").slice(0, 12);
}
