import type { AuditContext } from "../context.js";
import type { Evidence } from "../model.js";
import { plain, result, type ScorecardCheck } from "./model.js";
import { plainWorkflows, steps } from "./workflows.js";

type Kind =
  | "GitHub-owned GitHubAction"
  | "third-party GitHubAction"
  | "containerImage"
  | "npmCommand"
  | "pipCommand"
  | "downloadThenRun"
  | "goCommand";

interface Tally {
  pinned: number;
  total: number;
}

const SHA = /@[0-9a-f]{40}$/;
const DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Judges one shell command line; undefined when it installs nothing Scorecard looks at. */
export function judgeCommand(line: string): { kind: Kind; pinned: boolean } | undefined {
  if (/\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/.test(line))
    return { kind: "downloadThenRun", pinned: false };
  if (/\bnpm\s+ci\b/.test(line)) return { kind: "npmCommand", pinned: true };
  if (/\bnpm\s+(?:i|install)\b/.test(line))
    return { kind: "npmCommand", pinned: /\s-g\b|--global\b/.test(line) ? /@\d+\.\d+\.\d+/.test(line) : false };
  if (/\bpip3?\s+install\b/.test(line)) return { kind: "pipCommand", pinned: /--require-hashes\b/.test(line) };
  if (/\bgo\s+install\b/.test(line))
    return { kind: "goCommand", pinned: /@v\d+\.\d+\.\d+|@[0-9a-f]{40}/.test(line) && !/@latest\b/.test(line) };
  return undefined;
}

function add(tallies: Map<Kind, Tally>, kind: Kind, pinned: boolean): void {
  const t = tallies.get(kind) ?? { pinned: 0, total: 0 };
  t.total++;
  if (pinned) t.pinned++;
  tallies.set(kind, t);
}

/**
 * Pinned-Dependencies (Scorecard): per ecosystem the share pinned (actions by commit SHA, images by
 * digest, npm ci rather than npm install, pip --require-hashes, no curl | sh), weighted (GitHub-owned
 * actions 2, third-party actions 8 when both are present; every other ecosystem 10), scaled to 10 and
 * rounded down. Inconclusive when nothing is found.
 */
export const scorecardCheck: ScorecardCheck = {
  name: "Pinned-Dependencies",
  framework: "BLD-5",
  async run(ctx) {
    const tallies = new Map<Kind, Tally>();
    const details: Evidence[] = [];
    const note = (kind: Kind, pinned: boolean, file: string, text: string, line?: number) => {
      add(tallies, kind, pinned);
      if (!pinned && details.length < 10)
        details.push({ file, ...(line ? { line } : {}), text: `${kind} not pinned by hash: ${text}` });
    };
    for (const wf of await plainWorkflows(ctx)) {
      for (const job of wf.jobs) {
        const container = job.data.container;
        const image = typeof container === "string" ? container : plain(container).image;
        if (typeof image === "string") note("containerImage", DIGEST.test(image), wf.file, image, job.line);
        for (const s of Object.values(plain(job.data.services))) {
          const img = plain(s).image;
          if (typeof img === "string") note("containerImage", DIGEST.test(img), wf.file, img, job.line);
        }
        for (const step of steps(job.data)) {
          const uses = step.uses;
          if (uses && !uses.startsWith("./")) {
            if (uses.startsWith("docker://")) note("containerImage", DIGEST.test(uses), wf.file, uses, job.line);
            else
              note(
                /^(?:actions|github)\//i.test(uses) ? "GitHub-owned GitHubAction" : "third-party GitHubAction",
                SHA.test(uses),
                wf.file,
                uses,
                job.line,
              );
          }
          for (const line of (step.run ?? "").split("\n")) {
            const c = judgeCommand(line);
            if (c) note(c.kind, c.pinned, wf.file, line.trim(), job.line);
          }
        }
      }
    }
    shellAndDocker(ctx, note);
    const score = weightedScore(tallies);
    if (score === null) return result(this, null, "no dependencies found");
    return result(
      this,
      score,
      score === 10 ? "all dependencies are pinned" : "dependency not pinned by hash detected",
      details,
    );
  },
};

function shellAndDocker(
  ctx: AuditContext,
  note: (k: Kind, p: boolean, f: string, t: string, l?: number) => void,
): void {
  for (const file of ctx.files()) {
    const name = file.split("/").pop() ?? "";
    const docker = /^Dockerfile(?:\..+)?$|\.dockerfile$/i.test(name);
    if (!docker && !/\.(?:sh|bash)$/.test(name)) continue;
    if (/(^|\/)node_modules\//.test(file)) continue;
    (ctx.read(file) ?? "").split("\n").forEach((raw, i) => {
      const line = raw.trim();
      if (line.startsWith("#")) return;
      const from = docker ? /^FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(line) : null;
      if (from?.[1] && from[1] !== "scratch" && !/^\$/.test(from[1]))
        note("containerImage", DIGEST.test(from[1]), file, from[1], i + 1);
      const c = judgeCommand(line);
      if (c) note(c.kind, c.pinned, file, line, i + 1);
    });
  }
}

/** Scorecard's weighted proportional score over the ecosystems present; null when none is. */
export function weightedScore(tallies: ReadonlyMap<Kind, Tally>): number | null {
  const parts: Array<{ pinned: number; total: number; weight: number }> = [];
  const owned = tallies.get("GitHub-owned GitHubAction");
  const third = tallies.get("third-party GitHubAction");
  if (owned && third) parts.push({ ...owned, weight: 2 }, { ...third, weight: 8 });
  else if (owned ?? third) parts.push({ ...((owned ?? third) as Tally), weight: 10 });
  for (const [kind, t] of tallies) if (!kind.endsWith("GitHubAction")) parts.push({ ...t, weight: 10 });
  const used = parts.filter((p) => p.total > 0);
  if (used.length === 0) return null;
  const weights = used.reduce((n, p) => n + p.weight, 0);
  const sum = used.reduce((n, p) => n + (p.weight * p.pinned) / p.total, 0);
  return Math.floor((10 * sum) / weights);
}
