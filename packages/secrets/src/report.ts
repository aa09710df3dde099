import { createHash } from "node:crypto";
import { type Confidence, type Finding, fingerprint } from "@rampart/core/findings";
import { maskSecret } from "@rampart/core/redact";
import type { SensitiveFileHit } from "./sensitive-files.js";

export const HINT =
  "rotate the key, then remove it from history; if it is a false positive, `rampart secrets baseline` or an inline `rampart:allow`";

/** A secret found in text, before it becomes a Finding. Offsets and positions are in that text. */
export interface SecretHit {
  ruleId: string;
  provider: string;
  description: string;
  secret: string;
  line: number;
  column: number;
  confidence: Confidence;
  validated?: boolean;
  /** Why the confidence is one step below the rule's: the file is a test, fixture or example. */
  lowered?: "test-path";
}

export interface Where {
  file?: string;
  commit?: string;
}

/**
 * Identity of a secret: rule + secret, hashed (unsalted SHA-256). What a baseline matches on (a
 * version 2 baseline stores only a salted scrypt of it), so an accepted secret stays accepted
 * wherever it moves. Never output: a weak password could be brute-forced back from it offline.
 * A finding carries it in memory only (`secretIdentity`); its `fingerprint` says where it is.
 */
export function secretFingerprint(ruleId: string, secret: string): string {
  return fingerprint("rampart-secrets", ruleId, secret);
}

// Each secret finding's identity, beside the finding and never in it: reporters, caches and
// JSON.stringify see only the finding's own fields. Threads hand theirs back beside their
// findings (WorkerReply.identities). A finding without one is never accepted by a baseline.
const identities = new WeakMap<Finding, string>();

/** The finding's secret identity (`secretFingerprint`), if it is a secret or sensitive-file finding. */
export function secretIdentity(finding: Finding): string | undefined {
  return identities.get(finding);
}

export function setSecretIdentity(finding: Finding, identity: string): void {
  identities.set(finding, identity);
}

/**
 * A secret finding's output fingerprint: where it is, never what it is. Rule, file, commit and
 * its rank among that rule's findings in that file (and commit) by position: stable across runs,
 * and across lines moved, added or removed around it (gitleaks' commit:file:rule:line is not),
 * different for two secrets of one rule in one file and for one secret in two files; no value of
 * it can be computed from the secret. Assigned to the findings of a whole scan at once
 * (`locateSecretFindings`); a finding made alone gets its line and column as its rank.
 */
function locationFingerprint(ruleId: string, where: Where, rank: string): string {
  return fingerprint("rampart-secrets/location", ruleId, where.file, where.commit, rank);
}

/** Gives every secret finding of a scan its location fingerprint (rank by line, then column). */
export function locateSecretFindings(findings: readonly Finding[]): void {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!identities.has(f)) continue;
    const key = `${f.ruleId}\0${f.file ?? ""}\0${f.commit ?? ""}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [f]);
    else group.push(f);
  }
  for (const group of groups.values()) {
    // Stable sort: findings at one position keep the order the scan made them in.
    group.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    for (const [i, f] of group.entries()) f.fingerprint = locationFingerprint(f.ruleId, f, String(i + 1));
  }
}

const RANK: Record<Confidence, number> = { low: 1, medium: 2, high: 3 };

/**
 * A finding is an error (fails the scan) when its confidence reaches the policy's
 * `secrets.failOn` (default low: every finding); below it, a warning: shown, never blocking.
 */
export function secretSeverity(confidence: Confidence, failOn: Confidence = "low"): "error" | "warning" {
  return RANK[confidence] >= RANK[failOn] ? "error" : "warning";
}

export function secretFinding(hit: SecretHit, where: Where, showSecrets: boolean, failOn?: Confidence): Finding {
  const preview = maskSecret(hit.secret);
  const properties: Record<string, unknown> = {
    provider: hit.provider,
    secretPreview: preview,
    length: hit.secret.length,
  };
  if (hit.validated !== undefined) properties.validated = hit.validated;
  if (hit.lowered !== undefined) properties.lowered = hit.lowered;
  if (showSecrets) properties.secret = hit.secret;
  const finding: Finding = {
    ruleId: hit.ruleId,
    severity: secretSeverity(hit.confidence, failOn),
    message: showSecrets ? `${hit.description}: ${hit.secret}` : `${hit.description} (${preview})`,
    line: hit.line,
    column: hit.column,
    framework: ["SRC-2"],
    fingerprint: locationFingerprint(hit.ruleId, where, `${hit.line}:${hit.column}`),
    hint: HINT,
    confidence: hit.confidence,
    properties,
  };
  identities.set(finding, secretFingerprint(hit.ruleId, hit.secret));
  return place(finding, where);
}

/** git's blob id of a content: the same identity whether it is read from disk or from history. */
export function blobId(content: Uint8Array): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

/**
 * A file that must not be committed, whatever is in it. Identity: rule + blob id. High confidence
 * (an error whatever `secrets.failOn` says), except in a test, fixture or example path, where it
 * is medium like any other finding there, unless the file is a private key or a key store.
 */
export function sensitiveFileFinding(
  hit: SensitiveFileHit,
  blob: string,
  size: number | undefined,
  where: Where,
  inTests = false,
  failOn?: Confidence,
): Finding {
  const keyFile = /private-key|keystore/.test(hit.ruleId);
  const confidence: Confidence = inTests && !keyFile ? "medium" : "high";
  const finding: Finding = {
    ruleId: hit.ruleId,
    severity: secretSeverity(confidence, failOn),
    message: `${hit.description} should not be committed`,
    framework: ["SRC-2"],
    fingerprint: locationFingerprint(hit.ruleId, where, "file"),
    hint: "remove the file from the commit and add it to .gitignore; if it held live credentials, rotate them",
    confidence,
    properties: size === undefined ? { provider: "file" } : { provider: "file", length: size },
  };
  if (confidence !== "high" && finding.properties) finding.properties.lowered = "test-path";
  // The blob id is git's SHA-1 of the content: a .env of one short password is guessable from it.
  identities.set(finding, secretFingerprint(hit.ruleId, blob));
  return place(finding, where);
}

/** Skipped for size: a warning, so a huge file never hides a secret silently. */
export function tooLargeFinding(size: number, limit: number, where: Where): Finding {
  const finding: Finding = {
    ruleId: "file-too-large",
    severity: "warning",
    message: `not scanned: ${formatSize(size)} is over the ${formatSize(limit)} limit`,
    framework: ["SRC-2"],
    fingerprint: fingerprint("rampart-secrets", "file-too-large", where.file, where.commit),
    hint: "raise secrets.maxFileSize in .rampart/config.yaml, or list the file in secrets.ignorePaths",
    properties: { size, limit },
  };
  return place(finding, where);
}

/**
 * Files (or parts of files) the rules did not fully judge, one warning per kind for the whole
 * scan so the gap is visible without a line per image: binary content (read as raw bytes, what
 * it encodes not decoded), or lines over 2000 characters (judged as generated text: every rule, but a generic
 * assignment whose unquoted value reads as code is not one). Every name is in properties.files.
 */
export function notScannedFinding(kind: "binary" | "generated", files: readonly string[]): Finding {
  const ruleId = kind === "binary" ? "file-binary" : "file-generated-lines";
  const shown = files.slice(0, 3).join(", ") + (files.length > 3 ? ` and ${files.length - 3} more` : "");
  return {
    ruleId,
    severity: "warning",
    message:
      kind === "binary"
        ? `${files.length} binary file(s) scanned as raw bytes only (compressed or encoded content is not decoded): ${shown}`
        : `${files.length} file(s) with lines over 2000 characters, judged as generated text on those lines (a generic name = value whose unquoted value reads as code is not reported): ${shown}`,
    framework: ["SRC-2"],
    fingerprint: fingerprint("rampart-secrets", ruleId, ...files),
    hint:
      kind === "binary"
        ? "a key inside an archive, a compressed stream or UTF-16 strings of a binary is not seen: keep credentials out of binaries; --format json lists every file"
        : "every rule ran on those lines; only minified code's unquoted `token,end=i+1`-style bindings were set aside; --format json lists every file",
    properties: { count: files.length, files: [...files] },
  };
}

function place(finding: Finding, where: Where): Finding {
  if (where.file !== undefined) finding.file = where.file;
  if (where.commit !== undefined) finding.commit = where.commit;
  return finding;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
