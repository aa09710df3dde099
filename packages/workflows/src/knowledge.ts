import type { Step } from "./model.js";
import { text } from "./nodes.js";
import { actionName, actionPath } from "./taint.js";

/** A GITHUB_TOKEN scope -> "read" | "write". */
export type Scopes = Record<string, "read" | "write">;

/**
 * What well-known actions need of the GITHUB_TOKEN (and OIDC), from their documentation. Keyed by
 * `owner/repo` or `owner/repo/path`; `{}` means no token scope beyond reading the code.
 * rampart's own table: a missing action makes a job "unknown", and no write is judged excessive there.
 */
const ACTIONS: Record<string, Scopes> = {
  "actions/checkout": { contents: "read" },
  "actions/setup-node": {},
  "actions/setup-python": {},
  "actions/setup-go": {},
  "actions/setup-java": {},
  "actions/setup-dotnet": {},
  "actions/cache": {},
  "actions/cache/restore": {},
  "actions/cache/save": {},
  "actions/upload-artifact": {},
  "actions/download-artifact": { actions: "read" },
  "actions/configure-pages": { pages: "read" },
  "actions/upload-pages-artifact": {},
  "actions/deploy-pages": { pages: "write", "id-token": "write" },
  "actions/attest-build-provenance": { "id-token": "write", attestations: "write", contents: "read" },
  "actions/attest-sbom": { "id-token": "write", attestations: "write", contents: "read" },
  "actions/attest": { "id-token": "write", attestations: "write", contents: "read" },
  "actions/labeler": { contents: "read", "pull-requests": "write" },
  "actions/stale": { issues: "write", "pull-requests": "write" },
  "actions/dependency-review-action": { contents: "read" },
  "actions/create-github-app-token": {},
  "github/codeql-action/init": { "security-events": "write", actions: "read", contents: "read" },
  "github/codeql-action/analyze": { "security-events": "write", actions: "read", contents: "read" },
  "github/codeql-action/autobuild": {},
  "github/codeql-action/upload-sarif": { "security-events": "write", actions: "read" },
  "pnpm/action-setup": {},
  "oven-sh/setup-bun": {},
  "denoland/setup-deno": {},
  "docker/setup-buildx-action": {},
  "docker/setup-qemu-action": {},
  "docker/metadata-action": {},
  "docker/build-push-action": {},
  "docker/login-action": { packages: "write" },
  "softprops/action-gh-release": { contents: "write" },
  "peter-evans/create-pull-request": { contents: "write", "pull-requests": "write" },
  "changesets/action": { contents: "write", "pull-requests": "write" },
  "dependabot/fetch-metadata": { "pull-requests": "read" },
  "aws-actions/configure-aws-credentials": { "id-token": "write" },
  "google-github-actions/auth": { "id-token": "write" },
  "azure/login": { "id-token": "write" },
  "pypa/gh-action-pypi-publish": { "id-token": "write" },
  "sigstore/cosign-installer": {},
  "ossf/scorecard-action": { "security-events": "write", "id-token": "write", contents: "read", actions: "read" },
  "codecov/codecov-action": {},
  "rust-lang/crates-io-auth-action": { "id-token": "write" },
};

/** What a `run:` script asks of the token, by the commands it runs; undefined when it calls the API in a way we cannot read. */
export function runNeeds(script: string): Scopes | undefined {
  const needs: Scopes = {};
  if (/\bgh\s+api\b|api\.github\.com|\bgithub\.rest\b/.test(script)) return undefined;
  if (/\bgit\s+push\b|\bgh\s+release\s+(create|upload|edit|delete)\b/.test(script)) needs.contents = "write";
  if (/\bgh\s+pr\s+(comment|edit|merge|create|close|review|ready)\b/.test(script)) needs["pull-requests"] = "write";
  if (/\bgh\s+issue\s+(comment|edit|create|close|reopen)\b/.test(script)) needs.issues = "write";
  if (/\bgh\s+attestation\b|\bcosign\s+(sign|attest)\b|--provenance\b|\bnpm\s+publish\b.*--provenance/.test(script))
    needs["id-token"] = "write";
  return needs;
}

/** What a step needs, or undefined when rampart does not know the action (or the script's API calls). */
export function stepNeeds(step: Step): Scopes | undefined {
  if (step.uses) {
    const path = actionPath(step.uses);
    const name = actionName(step.uses);
    if (path === undefined) return text(step.uses)?.startsWith("docker://") ? {} : undefined;
    return ACTIONS[path] ?? (name ? ACTIONS[name] : undefined);
  }
  const script = text(step.run);
  return script === undefined ? {} : runNeeds(script);
}

/** The union of what a job's steps need; `known` false when any step is unknown to the knowledge base. */
export function jobNeeds(steps: readonly Step[]): { needs: Scopes; known: boolean } {
  const needs: Scopes = {};
  let known = true;
  for (const step of steps) {
    const n = stepNeeds(step);
    if (n === undefined) {
      known = false;
      continue;
    }
    for (const [scope, level] of Object.entries(n)) if (needs[scope] !== "write") needs[scope] = level;
  }
  return { needs, known };
}
