import type { AuditContext } from "./context.js";

/** A GitHub Actions job as the BLD checks need it. */
export interface JobInfo {
  file: string;
  id: string;
  line: number;
  runsOn: string[];
  selfHosted: boolean;
  /** `container:` image, when the job runs in one. */
  container: string | undefined;
  /** step-security/harden-runner's egress-policy, when the job uses it. */
  egress: "block" | "audit" | undefined;
  /** A reusable-workflow call (no runner of its own). */
  call: boolean;
}

export async function githubJobs(ctx: AuditContext): Promise<JobInfo[]> {
  const { files } = await ctx.workflows();
  const out: JobInfo[] = [];
  for (const wf of files) {
    if (wf.kind !== "github-workflow") continue;
    for (const job of wf.jobs) {
      const data = (job.node.toJSON() ?? {}) as Record<string, unknown>;
      const runsOn = labels(data["runs-on"]);
      const container = data.container;
      const image = typeof container === "string" ? container : (container as { image?: unknown } | undefined)?.image;
      let egress: JobInfo["egress"];
      for (const step of (Array.isArray(data.steps) ? data.steps : []) as Array<Record<string, unknown>>) {
        if (typeof step.uses !== "string" || !/^step-security\/harden-runner@/i.test(step.uses)) continue;
        const policy = (step.with as Record<string, unknown> | undefined)?.["egress-policy"];
        egress = policy === "block" ? "block" : "audit";
      }
      out.push({
        file: wf.file,
        id: job.id,
        line: wf.lines.linePos(job.key.range?.[0] ?? 0).line,
        runsOn,
        selfHosted: runsOn.some((l) => /^self-hosted$/i.test(l)) || (runsOn.length > 0 && !runsOn.some(isHostedLabel)),
        container: typeof image === "string" ? image : undefined,
        egress,
        call: job.uses !== undefined,
      });
    }
  }
  return out;
}

/** GitHub-hosted runner labels (ubuntu-*, windows-*, macos-*), expressions taken as hosted (matrix). */
function isHostedLabel(label: string): boolean {
  return /^(?:ubuntu|windows|macos)-/i.test(label) || label.includes("${{");
}

function labels(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (value && typeof value === "object") return labels((value as { labels?: unknown }).labels);
  return [];
}

export function pinnedImage(image: string): boolean {
  return /@sha256:[0-9a-f]{64}$/.test(image);
}

/**
 * Whether a check of this name can come from a GitHub Actions job here: a job reports its check
 * run under its `name:` (its id without one); a matrix job as `name (values...)`; a job whose name
 * holds an expression under whatever it evaluates to; a reusable-workflow call as `name / <the
 * called job's name>`. Undefined when the repository has no GitHub workflow to ask.
 */
export async function checkReporter(ctx: AuditContext): Promise<((check: string) => boolean) | undefined> {
  const { files } = await ctx.workflows();
  const workflows = files.filter((wf) => wf.kind === "github-workflow");
  if (workflows.length === 0) return undefined;
  const tests: Array<(check: string) => boolean> = [];
  for (const wf of workflows) {
    for (const job of wf.jobs) {
      const data = (job.node.toJSON() ?? {}) as Record<string, unknown>;
      const name = typeof data.name === "string" ? data.name : job.id;
      const matrix = (data.strategy as { matrix?: unknown } | undefined)?.matrix !== undefined;
      if (name.includes("${{")) {
        const pattern = name
          .split(/\$\{\{[^}]*\}\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*");
        const re = new RegExp(`^${pattern}${matrix ? "(?: \\(.*\\))?" : ""}$`, "s");
        tests.push((check) => re.test(check));
        continue;
      }
      tests.push((check) => check === name || (matrix && check.startsWith(`${name} (`)));
      if (job.uses !== undefined) tests.push((check) => check.startsWith(`${name} / `));
    }
  }
  return (check) => tests.some((t) => t(check));
}
