import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/src/index.js";

// The release workflow is what a user's trust in a rampart tarball rests on (BLD-2, BLD-4,
// ART-1..3, SRC-9): tag-triggered only, least privilege per job, pinned actions, and the one
// tested procedure (scripts/release.mjs) doing the work.
const file = ".github/workflows/release.yml";
const text = readFileSync(`${repoRoot}/${file}`, "utf8");
// core's YAML parser, by a computed path (test/ has no dependencies of its own and is type-checked alone).
const { loadYaml } = (await import(join(repoRoot, "packages", "core", "src", "lazy.ts"))) as {
  loadYaml(): { parse(text: string): unknown };
};
const workflow = loadYaml().parse(text) as {
  on: Record<string, unknown>;
  permissions: unknown;
  jobs: Record<string, { permissions?: Record<string, string>; needs?: string; steps: Step[]; environment?: string }>;
};
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

/** action -> SHA as pinned in ci.yml and the templates rampart init writes. */
function pinnedElsewhere(): Map<string, string> {
  const sources = [".github/workflows/ci.yml", "packages/hooks/templates/common/github/rampart.yml"];
  const pins = new Map<string, string>();
  for (const source of sources) {
    for (const m of readFileSync(`${repoRoot}/${source}`, "utf8").matchAll(
      /uses:\s*([\w.-]+\/[\w./-]+)@([0-9a-f]{40})/g,
    )) {
      pins.set(m[1] as string, m[2] as string);
    }
  }
  return pins;
}

describe(".github/workflows/release.yml", () => {
  it("runs only on a pushed v* tag, never on a pull request, and only for a commit on main", () => {
    expect(workflow.on).toEqual({ push: { tags: ["v*"] } });
    expect(text).not.toMatch(/pull_request|workflow_run|issue_comment/);
    const publish = workflow.jobs.publish?.steps ?? [];
    const onMain = publish.findIndex((s) => s.run === 'git merge-base --is-ancestor "$GITHUB_SHA" origin/main');
    const build = publish.findIndex((s) => s.run?.includes("npm run build"));
    expect(onMain).toBeGreaterThan(-1);
    expect(onMain).toBeLessThan(build);
  });

  it("grants nothing at the top level and each job only what it uses; id-token only to publishing", () => {
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.publish?.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(workflow.jobs["github-release"]?.permissions).toEqual({ contents: "write" });
    expect(Object.keys(workflow.jobs).sort()).toEqual(["github-release", "publish"]);
    expect(text.match(/id-token: write/g)).toHaveLength(1);
  });

  it("pins every action by full SHA with its version, the same SHA ci.yml and the templates use", () => {
    const pins = pinnedElsewhere();
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((m) => (m[1] as string).trim());
    expect(uses.length).toBe(4);
    for (const use of uses) {
      expect(use).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
      const [action, sha] = (use.split(" ")[0] ?? "").split("@") as [string, string];
      if (pins.has(action)) expect(sha, action).toBe(pins.get(action));
    }
  });

  it("publishes through scripts/release.mjs with provenance, the tag checked, the key from a secret and removed", () => {
    const release = steps.find((s) => s.run?.includes("scripts/release.mjs"));
    expect(release?.run).toContain(
      'node scripts/release.mjs --out release --key "$key" --tag "$GITHUB_REF_NAME" --provenance',
    );
    expect(release?.run).toMatch(/trap 'rm -f "\$key"' EXIT/);
    expect(release?.run).toContain("umask 077");
    const secret = (name: string) => `\${{ secrets.${name} }}`;
    expect(release?.env).toEqual({
      RELEASE_SIGNING_KEY: secret("RELEASE_SIGNING_KEY"),
      NODE_AUTH_TOKEN: secret("NPM_TOKEN"),
    });
    // Secrets reach that one step and nothing else; the job runs in the protected environment.
    expect(text.match(/\$\{\{\s*secrets\./g)).toHaveLength(2);
    expect(workflow.jobs.publish?.environment).toBe("release");
    expect(text).not.toMatch(/pnpm publish|npm publish/);
  });

  it("uploads the tarballs, SBOMs, attestations and allowed_signers, and attaches them to the release", () => {
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with).toMatchObject({ name: "release", path: "release/", "if-no-files-found": "error" });
    expect(steps.find((s) => s.run?.includes("scripts/release.mjs"))?.run).toContain(
      "cp .rampart/allowed_signers release/allowed_signers",
    );
    expect(workflow.jobs["github-release"]?.needs).toBe("publish");
    expect(text).toMatch(/gh release create "\$GITHUB_REF_NAME" release\/\* --repo "\$REPO" --verify-tag/);
  });

  it("does not persist credentials and bounds every job's time", () => {
    const checkouts = text.match(/uses: actions\/checkout@/g) ?? [];
    expect(text.match(/persist-credentials: false/g)).toHaveLength(checkouts.length);
    for (const job of Object.keys(workflow.jobs))
      expect(text).toMatch(new RegExp(`\\n  ${job}:\\n(?: {4}.*\\n)*? {4}timeout-minutes: \\d+`));
  });

  it("passes rampart's own workflow audit", async () => {
    const r = await runCli(["workflows", "check", file, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.exitCode).toBe(0);
  });
});
