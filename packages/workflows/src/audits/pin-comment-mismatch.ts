import { type Audit, GITHUB } from "../audit.js";
import { lockKey, refsOf } from "../lock.js";
import { text } from "../nodes.js";
import { FULL_SHA } from "./unpinned-action.js";

/** The version a pin's trailing comment names: `# v4.2.2`, `# tag=v4`, `#v1`. */
const COMMENT_REF = /^\s*(?:tag=|ratchet:[^@\s]+@)?(v?\d[\w.+-]*|[\w.-]+)\s*$/;

export const audit: Audit = {
  id: "pin-comment-mismatch",
  summary: "a SHA pin whose version comment disagrees with .rampart/actions.lock.json",
  severity: "error",
  confidence: "high",
  framework: ["BLD-5", "SRC-4"],
  fix: "re-pin from the lock (`rampart workflows fix`) or correct the comment; a comment that lies hides a downgrade or a swapped commit",
  kinds: GITHUB,
  run(wf, report, ctx) {
    for (const job of wf.jobs)
      for (const step of job.steps) {
        const value = text(step.uses);
        const comment = step.uses?.comment;
        if (!value || comment === undefined || comment === null) continue;
        const [path, sha] = value.split("@");
        if (!path || !sha || !FULL_SHA.test(sha)) continue;
        const ref = COMMENT_REF.exec(comment)?.[1];
        if (!ref) continue;
        const repo = path.split("/").slice(0, 2).join("/");
        const locked = ctx.lock.actions[lockKey(repo, ref)];
        if (!locked || locked.sha === sha) continue;
        const actual = refsOf(ctx.lock, repo, sha);
        report({
          at: step.uses,
          message: `${repo} is pinned to ${sha.slice(0, 12)} but the comment says ${ref}, which the lock has at ${locked.sha.slice(0, 12)}${actual.length > 0 ? ` (the pin is ${actual.join(", ")})` : ""}`,
          job,
          step,
          key: `${repo}@${ref}`,
        });
      }
  },
};
