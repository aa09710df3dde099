import type { AuditContext } from "../context.js";
import { result, type ScorecardCheck } from "./model.js";

const DIRS = ["", ".github/", "docs/"];
const NAMES = /^security\.(?:md|markdown|adoc|rst)$/i;
// Scorecard's own expressions (checks/evaluation/security_policy.go).
const URL = /(?:http|https):\/\/[a-zA-Z0-9./?=_%:-]*/g;
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const DISCLOSURE = /\b[0-9]{1,4}\b|Disclos|Vuln/gi;

export function securityPolicyFile(ctx: AuditContext): string | undefined {
  return ctx.files().find((f) => {
    const i = f.lastIndexOf("/");
    return DIRS.includes(f.slice(0, i + 1)) && NAMES.test(f.slice(i + 1));
  });
}

/** Scores a policy's text: links (6), free text beyond the links (3), two or more disclosure/vulnerability/time hits (1). */
export function scoreSecurityPolicy(text: string): { score: number; urls: number; emails: number; hits: number } {
  const urls = text.match(URL) ?? [];
  const emails = text.match(EMAIL) ?? [];
  const linked = [...urls, ...emails].reduce((n, s) => n + s.length, 0);
  const hits = (text.match(DISCLOSURE) ?? []).length;
  let score = 0;
  if (urls.length + emails.length > 0) score += 6;
  if (text.length - linked > 1) score += 3;
  if (hits > 1) score += 1;
  return { score, urls: urls.length, emails: emails.length, hits };
}

/** Security-Policy (Scorecard). */
export const scorecardCheck: ScorecardCheck = {
  name: "Security-Policy",
  framework: "SRC-5",
  run(ctx) {
    const file = securityPolicyFile(ctx);
    if (file === undefined) return result(this, 0, "security policy file not detected");
    const s = scoreSecurityPolicy(ctx.read(file) ?? "");
    return result(this, s.score, "security policy file detected", [
      {
        file,
        text: `${s.urls} URL(s), ${s.emails} email address(es), ${s.hits} disclosure/vulnerability/time mention(s)`,
      },
    ]);
  },
};
