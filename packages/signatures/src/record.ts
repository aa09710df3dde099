import { type Finding, type FrameworkId, fingerprint, type RuleRegistry } from "@rampart/core/findings";
import { RULES } from "./rules.js";
import { type SigCheck, windowAt } from "./sig-check.js";

const REGISTRY: RuleRegistry = RULES;

/**
 * Everything rampart learned about one commit that does not depend on the clock: what the cache
 * stores. `finalize` applies the clock and turns it into findings.
 */
export interface CommitRecord {
  commit: string;
  /**
   * Not judged: at or before the trust root; no signature policy to judge it by; or a policy that
   * lists no signer yet (no key can meet it: reported once as signatures/no-signers).
   */
  exempt?: "trust-root" | "no-policy" | "no-signers";
  /** The `.rampart` tree id of the policy that judged it. */
  policy?: string;
  required: boolean;
  sig: SigCheck;
  mergetags: Array<SigCheck & { tag: string }>;
  /** Its parent has no policy and it is not history before a trust root: judged by the trusted tip's policy. */
  orphan?: boolean;
  /** Set when the commit changes `.rampart/` relative to its first parent. */
  policyChange?: { admins: string[] };
  /** The key is unknown to the parent's policy but this commit's own policy lists it. */
  keyAddedHere?: boolean;
  /** Result of the DCO check, when the policy requires DCO. */
  dco?: boolean;
  /** Committer date, epoch seconds: the signer's claim, used only for already published commits. */
  committerTime: number;
  subject: string;
}

export type Verdict =
  | "good"
  | "exempt"
  | "unsigned"
  | "bad-signature"
  | "unknown-key"
  | "key-not-allowed"
  | "key-expired"
  | "key-not-yet-valid"
  | "unsupported"
  | "policy-change-unauthorized"
  | "dco-missing";

export interface CommitVerdict {
  commit: string;
  verdict: Verdict;
  principal?: string;
  fingerprint?: string;
  subject: string;
}

const FRAMEWORK: FrameworkId[] = ["SRC-1", "SRC-8"];
const DAY = 86_400_000;

const STATUS_VERDICT: Record<Exclude<SigCheck["status"], "good">, Verdict> = {
  unsigned: "unsigned",
  bad: "bad-signature",
  "unknown-key": "unknown-key",
  "key-not-allowed": "key-not-allowed",
  unsupported: "unsupported",
  error: "bad-signature",
};

const MESSAGES: Record<Exclude<Verdict, "good" | "exempt">, string> = {
  unsigned: "is not signed",
  "bad-signature": "has a bad signature",
  "unknown-key": "is signed by a key the parent commit's policy does not know",
  "key-not-allowed": "is signed by a key the parent commit's policy does not allow",
  "key-expired": "is signed by a key whose valid-before has passed",
  "key-not-yet-valid": "is signed by a key before its valid-after",
  unsupported: "carries a signature rampart cannot verify",
  "policy-change-unauthorized": "changes .rampart/ without the signature of a policy admin",
  "dco-missing": "has no Signed-off-by trailer matching its author",
};

/** Applies the clock (`at` for validity windows) to a record: its verdict and findings. */
export function finalize(record: CommitRecord, at: number): { verdict: CommitVerdict; findings: Finding[] } {
  // A cached run finalizes every commit of the range, mostly uncompiled: the common cases make
  // nothing but what they return (no closure, no intermediate object).
  if (record.exempt) return { verdict: verdictOf(record, "exempt"), findings: [] };
  const sigVerdict = sigOutcome(record.sig, at, record.keyAddedHere);
  if (
    sigVerdict === "good" &&
    record.mergetags.length === 0 &&
    record.policyChange === undefined &&
    record.dco !== false
  ) {
    return { verdict: verdictOf(record, "good"), findings: [] };
  }
  const principal = record.sig.principals?.[0];
  const base = { fingerprint: record.sig.fingerprint };
  const short = record.commit.slice(0, 12);
  const problems: Array<{ verdict: Verdict; detail?: string; tag?: string }> = [];
  if (sigVerdict !== "good" && (record.required || sigVerdict !== "unsigned")) {
    problems.push({ verdict: sigVerdict, detail: record.sig.detail });
  }
  for (const tag of record.mergetags) {
    const v = sigOutcome(tag, at, false);
    if (v !== "good") problems.push({ verdict: v, detail: tag.detail, tag: tag.tag });
  }
  if (record.policyChange) {
    const admins = record.policyChange.admins;
    const isAdmin = admins.length === 0 || (record.sig.principals ?? []).some((p) => admins.includes(p));
    if (sigVerdict !== "good" || !isAdmin) problems.push({ verdict: "policy-change-unauthorized" });
  }
  if (record.dco === false) problems.push({ verdict: "dco-missing" });
  const findings = problems.map((p) => {
    const what = p.tag === undefined ? `commit ${short}` : `merged tag ${p.tag} in commit ${short}`;
    const severity = record.required || p.verdict === "policy-change-unauthorized" ? "error" : "warning";
    const finding: Finding = {
      ruleId: `signatures/${p.verdict}`,
      severity,
      message: `${what} ${MESSAGES[p.verdict as keyof typeof MESSAGES]}${p.detail ? ` (${p.detail})` : ""}`,
      commit: record.commit,
      framework: FRAMEWORK,
      fingerprint: fingerprint("signatures", p.verdict, record.commit, p.tag),
      properties: {
        subject: record.subject,
        ...(principal ? { principal } : {}),
        ...(base.fingerprint ? { key: base.fingerprint } : {}),
      },
    };
    const hint =
      p.verdict === "unknown-key" ? unknownKeyHint(base.fingerprint) : REGISTRY[`signatures/${p.verdict}`]?.help;
    if (hint) finding.hint = hint;
    if (p.verdict === "unknown-key") finding.message += `: ${keyLabel(base.fingerprint)}`;
    return finding;
  });
  return { verdict: verdictOf(record, problems[0]?.verdict ?? "good"), findings };
}

/** The verdict as reported (its fields in this order in JSON). */
function verdictOf(record: CommitRecord, verdict: Verdict): CommitVerdict {
  return {
    commit: record.commit,
    subject: record.subject,
    principal: record.sig.principals?.[0],
    fingerprint: record.sig.fingerprint,
    verdict,
  };
}

/** GitHub's web-flow OpenPGP key (merges, squashes and web edits made on github.com), its key id suffix. */
const WEB_FLOW_KEY_IDS = ["B5690EEEBB952194", "4AEE18F83AFDEB23"];

/** "SSH key SHA256:..." / "OpenPGP key <id>" / "a key rampart could not identify". */
function keyLabel(fpr: string | undefined): string {
  if (fpr === undefined || fpr === "") return "a key whose fingerprint the signature does not name";
  if (fpr.startsWith("SHA256:")) return `SSH key ${fpr}`;
  const id = fpr.toUpperCase();
  const webFlow = WEB_FLOW_KEY_IDS.some((k) => id.endsWith(k));
  return `OpenPGP key ${id}${webFlow ? " (GitHub's web-flow key: it signs merges, squashes and edits made on github.com)" : ""}`;
}

/** The command that accepts the key, for its kind. */
function unknownKeyHint(fpr: string | undefined): string {
  if (fpr?.startsWith("SHA256:"))
    return "if you trust it: `rampart signatures add <principal> <key.pub>` (the signer's public key), in a commit signed by a policy admin";
  const id = (fpr ?? "").toUpperCase();
  if (WEB_FLOW_KEY_IDS.some((k) => id.endsWith(k)))
    return "to accept merges made on github.com: `curl -fsSL https://github.com/web-flow.gpg > .rampart/keys/github-web-flow.asc`, committed and signed by a policy admin";
  return `if you trust it: \`gpg --armor --export ${id || "<key id>"} > .rampart/keys/<name>.asc\`, committed and signed by a policy admin (x509/gitsign: verify in CI with gitsign)`;
}

function sigOutcome(check: SigCheck, at: number, keyAddedHere: boolean | undefined): Verdict {
  if (check.status === "unknown-key" && keyAddedHere) return "key-not-allowed";
  if (check.status !== "good") return STATUS_VERDICT[check.status];
  const w = windowAt(check, at);
  return w === "ok" ? "good" : w === "expired" ? "key-expired" : "key-not-yet-valid";
}

/** valid-before within 30 days of `now` for a key that signed good commits: one warning per key. */
export function expiringKeyWarning(
  check: { principal?: string; fingerprint?: string },
  before: number,
  now: number,
): Finding | undefined {
  if (before < now || before - now > 30 * DAY) return undefined;
  const days = Math.ceil((before - now) / DAY);
  return {
    ruleId: "signatures/key-expiring",
    severity: "warning",
    message: `the signing key of ${check.principal ?? "a signer"} (${check.fingerprint ?? "?"}) expires in ${days} day(s)`,
    file: ".rampart/allowed_signers",
    framework: FRAMEWORK,
    fingerprint: fingerprint("signatures", "key-expiring", check.fingerprint),
    hint: RULES["signatures/key-expiring"].help,
  };
}
