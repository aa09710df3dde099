import { resolve } from "node:path";
import { PROFILES, planInit } from "@rampart/hooks";
import { gitRepo, repoRoot } from "@rampart/test-helpers";
import { checkWorkflows } from "@rampart/workflows";
import { describe, expect, it } from "vitest";

// What `rampart init` writes into a user's CI must pass rampart's own workflow audit: every
// profile, every package manager, GitHub and GitLab, at the root and in a sub-package.
const templatesDir = resolve(repoRoot, "packages/hooks/templates");
const pkg = (extra: object = {}) => `${JSON.stringify({ name: "app", version: "1.0.0", ...extra }, null, 2)}\n`;

const PROJECTS: Record<string, Record<string, string>> = {
  npm: { "package.json": pkg(), "package-lock.json": "{}\n" },
  "pnpm (packageManager)": {
    "package.json": pkg({ packageManager: "pnpm@10.12.1" }),
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
  },
  "pnpm (no packageManager)": { "package.json": pkg(), "pnpm-lock.yaml": "lockfileVersion: '9.0'\n" },
  "yarn classic": { "package.json": pkg(), "yarn.lock": "# yarn lockfile v1\n" },
  "yarn berry": { "package.json": pkg({ packageManager: "yarn@4.5.0" }), "yarn.lock": "__metadata:\n  version: 8\n" },
};

const cases = PROFILES.flatMap((profile) =>
  Object.entries(PROJECTS).flatMap(([manager, files]) =>
    [false, true].map((sub) => ({ profile, manager, files, sub })),
  ),
);

describe("workflows rampart init generates", () => {
  it.each(cases)("$profile / $manager / sub-package $sub: zero findings", async ({ profile, files, sub }) => {
    const prefix = sub ? "app/" : "";
    const tree: Record<string, string> = {
      ".github/workflows/.keep": "",
      ".gitlab-ci.yml": "test:\n  script: [true]\n",
    };
    for (const [name, content] of Object.entries(files)) tree[`${prefix}${name}`] = content;
    const repo = await gitRepo(tree);
    const plan = await planInit({
      cwd: sub ? repo.path("app") : repo.dir,
      env: repo.env,
      templatesDir,
      profile,
      rampartVersion: "0.1.0",
    });
    const sources = plan.changes
      .filter(
        (c) => c.after !== null && /\.ya?ml$/.test(c.path) && /(^|\/)(\.github\/workflows|\.gitlab)\//.test(c.path),
      )
      .map((c) => ({ file: c.path, text: c.after as string }));
    expect(sources.map((s) => s.file).sort()).toEqual([
      ".github/workflows/rampart.yml",
      ".gitlab/rampart.gitlab-ci.yml",
    ]);
    const result = checkWorkflows(sources);
    expect(result.stats.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
  });
});
