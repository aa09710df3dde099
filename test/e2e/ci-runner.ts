import { once } from "node:events";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { repoRoot, runCommand, tempDir } from "../helpers/src/index.js";

/**
 * YAML's parse, from the yaml package core already depends on (the e2e project has no
 * dependencies of its own); callers cast what they read.
 */
export const parseYaml: (text: string) => unknown = (
  createRequire(join(repoRoot, "packages", "core", "package.json"))("yaml") as { parse: (text: string) => unknown }
).parse;

/** A loopback npm registry of the test process (see loopbackRegistry). */
export interface LoopbackRegistry {
  /** Its base URL: what RAMPART_NPM_REGISTRY or deps.online.npm names. */
  url: string;
  /** Every request it got, "METHOD /path" (the path below `url`). */
  requests: string[];
}

/** The test process's one loopback server; each registry is a path prefix of it (/r1, /r2...). */
let loopback: Promise<{ url: string; routes: Map<string, { docs: Record<string, unknown>; requests: string[] }> }>;

/**
 * A loopback npm registry the test process serves while its CI steps run (runWorkflow awaits
 * them): GET /<name> answers the registry document `docs` holds for the name (see
 * registryDocument), else 404 (a package not on the registry: no data); any other request (an
 * advisory service: OSV's querybatch, npm's bulk advisories) answers 501, so a step that asks one
 * fails. Requests are recorded.
 */
export async function loopbackRegistry(docs: Record<string, unknown> = {}): Promise<LoopbackRegistry> {
  loopback ??= (async () => {
    const routes = new Map<string, { docs: Record<string, unknown>; requests: string[] }>();
    const server = createServer((req, res) => {
      req.resume();
      const [, id = "", ...rest] = (req.url ?? "/").split("?")[0]?.split("/") ?? [];
      const route = routes.get(id);
      const path = rest.join("/");
      route?.requests.push(`${req.method} /${path}`);
      const doc = req.method === "GET" ? route?.docs[decodeURIComponent(path)] : undefined;
      res.writeHead(doc !== undefined ? 200 : req.method === "GET" ? 404 : 501, { "content-type": "application/json" });
      res.end(JSON.stringify(doc ?? { error: "not here" }));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    server.unref(); // it lives as long as the test file's process, which it never keeps alive
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, routes };
  })();
  const { url, routes } = await loopback;
  const id = `r${routes.size + 1}`;
  const requests: string[] = [];
  routes.set(id, { docs, requests });
  return { url: `${url}/${id}`, requests };
}

/**
 * A registry document (packument) as the registry serves it, for the quality rules: each version
 * with its publication time, `ageMs` before now.
 */
export function registryDocument(name: string, versions: Record<string, { ageMs: number }>): unknown {
  const time: Record<string, string> = { created: new Date(Date.now() - 900 * 86_400_000).toISOString() };
  const docs: Record<string, unknown> = {};
  for (const [v, { ageMs }] of Object.entries(versions)) {
    time[v] = new Date(Date.now() - ageMs).toISOString();
    docs[v] = { name, version: v, dist: { tarball: `https://registry.example/${name}/-/${name}-${v}.tgz` } };
  }
  return { name, "dist-tags": { latest: Object.keys(versions).at(-1) }, time, versions: docs };
}

/**
 * What CI's deps step reads, with no network but the npm registry the project's install uses:
 * the advisory data `deps update` imports is a folder holding one OSV record (flatmap-stream's
 * malicious 0.1.1, which none of the test projects holds), and the registry documents the
 * quality rules fetch (--registry-data) and the online advisory services come from a loopback
 * registry (`registry`, else an empty one: every GET is 404, no data; an advisory request fails).
 * Returns the env that points `deps update` and `deps check` at them.
 */
export async function offlineAdvisories(dir: string, registry?: LoopbackRegistry): Promise<NodeJS.ProcessEnv> {
  mkdirSync(dir, { recursive: true });
  const record = {
    id: "MAL-2018-0001",
    modified: new Date().toISOString(),
    summary: "Malicious code in flatmap-stream (npm)",
    affected: [{ package: { ecosystem: "npm", name: "flatmap-stream" }, versions: ["0.1.1"] }],
  };
  writeFileSync(join(dir, "MAL-2018-0001.json"), `${JSON.stringify(record)}\n`);
  const { url } = registry ?? (await loopbackRegistry());
  return { RAMPART_OSV_EXPORT: dir, RAMPART_NPM_REGISTRY: url, RAMPART_OSV_API: `${url}/osv` };
}

/**
 * The workflow's install steps: the project's own install, and the tools' install outside the
 * checkout (rampart and commitlint from the registry at pinned versions, into $RUNNER_TEMP). Tests
 * that installed or linked those already skip them.
 */
export const skipInstalls = (step: { run?: string }): boolean =>
  /^(?:[A-Z_]+=\S*\s+)*(npm ci|npm install --prefix|rm -rf \S+ && mkdir \S+ && npm install --prefix|pnpm install|yarn install|corepack enable)\b/.test(
    step.run ?? "",
  );

/** What a GitHub Actions push event gives the expressions the workflow uses. */
export interface PushEvent {
  /** The commit before the push (`github.event.before`). */
  before: string;
  /** The pushed commit (`github.sha`). */
  sha: string;
  ref?: string;
}

export interface StepResult {
  job: string;
  step: string;
  exitCode: number;
  output: string;
}

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  if?: string;
}

interface Workflow {
  defaults?: { run?: { "working-directory"?: string } };
  jobs: Record<string, { steps: Step[] }>;
}

/**
 * Runs the `run:` steps of a GitHub Actions workflow as the runner would for a push, in a checkout
 * at `cwd` (actions are not run: `actions/checkout` is the clone the caller made, setup-node is the
 * Node on PATH). `${{ }}` expressions are evaluated for the few contexts the workflow uses
 * (github.event, github.sha, steps.<id>.outputs); `a || b` takes the first non-empty value. What a
 * step writes to $GITHUB_ENV (NAME=value lines) is in the environment of its job's later steps.
 * Each step runs with `bash -e` in the workflow's default working directory. `skip` leaves out a
 * step (for example the install, when the caller installed the tools already).
 */
export async function runWorkflow(
  file: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  event: PushEvent,
  skip: (step: Step) => boolean = () => false,
): Promise<StepResult[]> {
  const workflow = parseYaml(readFileSync(file, "utf8")) as Workflow;
  const dir = join(cwd, workflow.defaults?.run?.["working-directory"] ?? ".");
  const results: StepResult[] = [];
  for (const [job, spec] of Object.entries(workflow.jobs)) {
    const outputs: Record<string, Record<string, string>> = {};
    // What a step writes to $GITHUB_ENV is in the environment of the job's later steps.
    const jobEnv: Record<string, string> = {};
    for (const [index, step] of spec.steps.entries()) {
      if (step.run === undefined || skip(step)) continue;
      if (step.if !== undefined && !evaluateIf(step.if)) continue;
      const scratch = tempDir("rampart-ci-");
      const outputFile = join(scratch.dir, "output");
      const envFile = join(scratch.dir, "env");
      writeFileSync(outputFile, "");
      writeFileSync(envFile, "");
      const ctx = { event, outputs };
      const stepEnv: NodeJS.ProcessEnv = {
        ...env,
        ...jobEnv,
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_OUTPUT: outputFile,
        GITHUB_ENV: envFile,
      };
      for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = expand(String(v), ctx);
      const script = expand(step.run, ctx);
      const r = await runCommand("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
        cwd: dir,
        env: stepEnv,
        timeout: 300_000,
      });
      const name = step.name ?? step.id ?? `step ${index + 1}`;
      results.push({ job, step: name, exitCode: r.exitCode, output: `${r.stdout}${r.stderr}` });
      if (step.id !== undefined) outputs[step.id] = readOutputs(readFileSync(outputFile, "utf8"));
      Object.assign(jobEnv, readOutputs(readFileSync(envFile, "utf8")));
      scratch.cleanup();
      if (r.exitCode !== 0) break; // the job stops at its first failing step
    }
  }
  return results;
}

function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function expand(text: string, ctx: { event: PushEvent; outputs: Record<string, Record<string, string>> }): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expr: string) => {
    for (const alt of expr.split("||").map((s) => s.trim())) {
      const value = lookup(alt, ctx);
      if (value !== "") return value;
    }
    return "";
  });
}

function lookup(path: string, ctx: { event: PushEvent; outputs: Record<string, Record<string, string>> }): string {
  if (path === "github.sha") return ctx.event.sha;
  if (path === "github.event.before") return ctx.event.before;
  if (path === "github.ref") return ctx.event.ref ?? "refs/heads/main";
  if (path === "github.head_ref") return ""; // a push has no pull request
  if (path === "github.event_name") return "push";
  const step = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(path);
  if (step) return ctx.outputs[step[1] ?? ""]?.[step[2] ?? ""] ?? "";
  if (path.startsWith("github.event.pull_request.")) return ""; // a push has no pull request
  throw new Error(`the CI runner does not know the expression ${path}`);
}

function evaluateIf(condition: string): boolean {
  if (condition.replace(/\s/g, "") === "github.event_name=='push'") return true;
  throw new Error(`the CI runner does not know the condition ${condition}`);
}
