import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { GitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/model.js";
import { noRules } from "../../src/rulesets.js";
import { facts, judge } from "../support/judge.js";
import {
  HARDENED_CI,
  LOOSE_CI,
  PACKAGE_JSON,
  POLICY,
  PWN_REQUEST,
  RAMPART_PRE_COMMIT,
  RAMPART_PRE_PUSH,
} from "../support/layouts.js";

describe("SRC-1 signed commits required", () => {
  it("fails without a policy, naming rampart init", async () => {
    const r = await judge("SRC-1", { "README.md": "# app\n" });
    expect(r.status).toBe("fail");
    expect(r.fix).toContain("rampart init");
  });

  it("fails when the policy does not require signatures", async () => {
    const r = await judge("SRC-1", { ".rampart/config.yaml": "version: 1\nsignatures:\n  required: false\n" });
    expect(r.status).toBe("fail");
    expect(r.evidence[0]?.text).toMatch(/not true/);
  });

  it("partial when required but unsigned commits sit on the branch and no key is listed", async () => {
    const r = await judge(
      "SRC-1",
      { ".rampart/config.yaml": POLICY, ".husky/pre-push": RAMPART_PRE_PUSH },
      {
        setup: async (repo) => {
          repo.write("a.txt", "a\n");
          await repo.commit("unsigned");
        },
      },
    );
    expect(r.status).toBe("partial");
    // With no key listed, rampart's verifier judges no commit yet: the row stays partial on that.
    expect(r.evidence.find((e) => e.command)?.text).toMatch(/^no commit judged yet \(2 exempt/);
    expect(r.fix).toMatch(/allowed_signers/);
  });

  it("partial when a key is listed and a later commit is unsigned, citing the commit", async () => {
    const r = await judge(
      "SRC-1",
      { "README.md": "# app\n" },
      {
        setup: async (repo) => {
          await signedHistory(repo);
          repo.write("b.txt", "b\n");
          await repo.commit("unsigned after adoption");
        },
      },
    );
    expect(r.status).toBe("partial");
    const verify = r.evidence.find((e) => e.command);
    expect(verify?.text).toMatch(/^1 of 2 pass/);
    expect(verify?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(r.fix).toMatch(/re-sign/);
  });

  it("passes with a required policy, CI verification, a key and every commit after the trust root signed", async () => {
    const r = await judge("SRC-1", { "README.md": "# app\n" }, { setup: signedHistory });
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.command)?.text).toMatch(/^1 of 1 pass/);
  });
});

/** A repository that adopts a signature policy at its first commit and signs the next one with a real SSH key. */
async function signedHistory(repo: GitRepo): Promise<void> {
  const key = repo.path("..", "key");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "dev@example.com", "-f", key]);
  const pub = readFileSync(`${key}.pub`, "utf8").trim().split(" ").slice(0, 2).join(" ");
  const since = (await repo.git(["rev-parse", "HEAD"])).trim();
  repo.write(".rampart/config.yaml", `version: 1\nsignatures:\n  required: true\n  since: "${since}"\n`);
  repo.write(".rampart/allowed_signers", `dev@example.com namespaces="git" ${pub}\n`);
  repo.write(".github/workflows/ci.yml", HARDENED_CI);
  await repo.git(["config", "gpg.format", "ssh"]);
  await repo.git(["config", "user.signingkey", `${key}.pub`]);
  await repo.git(["config", "user.email", "dev@example.com"]);
  await repo.git(["add", "-A"]);
  await repo.git(["commit", "-q", "-S", "-m", "adopt rampart"]);
}

describe("SRC-2 secrets stopped by hooks and CI", () => {
  it("passes with rampart's pre-commit hook and a CI secret scan", async () => {
    const r = await judge("SRC-2", {
      ".rampart/config.yaml": POLICY,
      ".husky/pre-commit": RAMPART_PRE_COMMIT,
      ".github/workflows/ci.yml": HARDENED_CI,
    });
    expect(r.status).toBe("pass");
    expect(r.evidence.map((e) => e.file)).toEqual(
      expect.arrayContaining([".husky/pre-commit", ".github/workflows/ci.yml"]),
    );
  });

  it("counts husky + secretlint through lint-staged in package.json", async () => {
    const pkg = JSON.stringify({ name: "app", "lint-staged": { "*": ["secretlint"] } }, null, 2);
    const r = await judge("SRC-2", { "package.json": pkg, ".husky/pre-commit": "npx lint-staged\n" });
    expect(r.status).toBe("partial");
    expect(r.evidence[0]).toMatchObject({ file: "package.json", text: "secretlint" });
    const husky = await judge("SRC-2", { ".husky/pre-commit": "gitleaks protect --staged --redact\n" });
    expect(husky.evidence[0]).toMatchObject({ file: ".husky/pre-commit", line: 1 });
  });

  it("counts lefthook + gitleaks and pre-commit's detect-secrets as hook scanning (partial without CI)", async () => {
    const lefthook = await judge("SRC-2", {
      "lefthook.yml": "pre-commit:\n  commands:\n    gitleaks:\n      run: gitleaks protect --staged\n",
    });
    expect(lefthook.status).toBe("partial");
    expect(lefthook.evidence[0]?.file).toBe("lefthook.yml");
    const precommit = await judge("SRC-2", {
      ".pre-commit-config.yaml":
        "repos:\n  - repo: https://github.com/Yelp/detect-secrets\n    rev: v1.5.0\n    hooks:\n      - id: detect-secrets\n",
    });
    expect(precommit.status).toBe("partial");
  });

  it("does not count rampart's hook when the policy switches its secret scan off", async () => {
    const r = await judge("SRC-2", {
      ".rampart/config.yaml": "version: 1\nhooks:\n  preCommit:\n    secrets: false\n",
      ".husky/pre-commit": RAMPART_PRE_COMMIT,
    });
    expect(r.status).toBe("fail");
  });

  it("fails (never unknown) with no hook and no CI scan; a commented-out scan does not count", async () => {
    const r = await judge("SRC-2", { ".github/workflows/ci.yml": `${LOOSE_CI}      # - run: gitleaks detect\n` });
    expect(r.status).toBe("fail");
    expect(r.fix).toMatch(/pre-commit hook/);
  });

  it("partial when GitHub reports push protection off", async () => {
    const r = await judge(
      "SRC-2",
      {
        ".rampart/config.yaml": POLICY,
        ".husky/pre-commit": RAMPART_PRE_COMMIT,
        ".github/workflows/ci.yml": HARDENED_CI,
      },
      { online: facts({ pushProtection: false }) },
    );
    expect(r.status).toBe("partial");
    expect(r.fix).toMatch(/push protection/);
  });
});

describe("SRC-3 vulnerability threshold", () => {
  it("passes with rampart's failOn, naming the line", async () => {
    const r = await judge("SRC-3", { ".rampart/config.yaml": POLICY });
    expect(r.status).toBe("pass");
    expect(r.evidence[0]).toMatchObject({ file: ".rampart/config.yaml", line: 6 });
  });

  it("passes with an audit-ci config or npm audit --audit-level in CI", async () => {
    expect((await judge("SRC-3", { ".audit-ci.jsonc": '{ "high": true }\n' })).status).toBe("pass");
    const ci = LOOSE_CI.replace("npm test", "npm audit --audit-level=high");
    expect((await judge("SRC-3", { ".github/workflows/ci.yml": ci })).status).toBe("pass");
  });

  it("partial when only rampart's default applies through the hook", async () => {
    const r = await judge("SRC-3", { ".rampart/config.yaml": "version: 1\n", ".husky/pre-commit": RAMPART_PRE_COMMIT });
    expect(r.status).toBe("partial");
    expect(r.fix).toMatch(/failOn/);
  });

  it("fails with nothing defined", async () => {
    expect((await judge("SRC-3", { "package.json": PACKAGE_JSON })).status).toBe("fail");
  });
});

describe("SRC-4 vulnerable dependencies stopped", () => {
  it("passes with a scan in CI", async () => {
    expect((await judge("SRC-4", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("pass");
  });

  it("partial with the hook's gate only", async () => {
    const r = await judge("SRC-4", { ".rampart/config.yaml": POLICY, ".husky/pre-commit": RAMPART_PRE_COMMIT });
    expect(r.status).toBe("partial");
  });

  it("fails with neither", async () => {
    expect((await judge("SRC-4", { ".github/workflows/ci.yml": LOOSE_CI })).status).toBe("fail");
  });

  it("a scan whose failure is ignored or that never runs stops nothing: || true, continue-on-error, if: false, allow_failure", async () => {
    const step = (lines: string) => LOOSE_CI.replace("      - run: npm test\n", lines);
    const cases = [
      step("      - run: npx rampart deps check || true\n"),
      step("      - run: npx rampart deps check\n        continue-on-error: true\n"),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      step("      - if: ${{ false }}\n        run: npx rampart deps check\n"),
      LOOSE_CI.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    if: false\n").replace(
        "      - run: npm test\n",
        "      - run: npx rampart deps check\n",
      ),
    ];
    for (const ci of cases) expect((await judge("SRC-4", { ".github/workflows/ci.yml": ci })).status, ci).toBe("fail");
    const gitlab = "deps:\n  script:\n    - npx rampart deps check\n  allow_failure: true\n";
    expect((await judge("SRC-4", { ".gitlab-ci.yml": gitlab })).status).toBe("fail");
    expect((await judge("SRC-4", { ".gitlab-ci.yml": gitlab.replace("true", "false") })).status).toBe("pass");
    const kept = step("      - run: npx rampart deps check\n        continue-on-error: false\n");
    expect((await judge("SRC-4", { ".github/workflows/ci.yml": kept })).status).toBe("pass");
  });

  it("a scan named in a trailing comment (YAML, shell or a script CI runs) is no scan", async () => {
    const ci = LOOSE_CI.replace(
      "      - run: npm test\n",
      "      - run: npm test # rampart deps check; npm audit --audit-level=high\n      - run: node scripts/ci.mjs\n",
    );
    const script = "run('npm test'); // rampart deps check, osv-scanner\n";
    const r = await judge("SRC-4", { ".github/workflows/ci.yml": ci, "scripts/ci.mjs": script });
    expect(r.status).toBe("fail");
    const kept = LOOSE_CI.replace("      - run: npm test\n", "      - run: rampart deps check # the gate\n");
    const real = await judge("SRC-4", { ".github/workflows/ci.yml": kept });
    expect(real.status).toBe("pass");
    expect(real.evidence[0]?.text).toBe("- run: rampart deps check");
  });

  it("finds the scan in a file GitLab CI includes locally (any path, nested), and not in one nothing includes", async () => {
    const scan = 'deps:\n  script:\n    - npx rampart deps check --policy-rev "$BASE"\n';
    const included = await judge("SRC-4", {
      ".gitlab-ci.yml": "include:\n  - local: ci/all.yml\n",
      "ci/all.yml": "include: '/tools/ci/*.yml'\n",
      "tools/ci/deps.yml": scan,
    });
    expect(included.status).toBe("pass");
    expect(included.evidence.map((e) => e.file)).toContain("tools/ci/deps.yml");
    const orphan = await judge("SRC-4", { ".gitlab-ci.yml": "test:\n  script: [make]\n", "tools/ci/deps.yml": scan });
    expect(orphan.status).toBe("fail");
  });

  it("finds the scan in a local composite action a workflow uses (any path, nested)", async () => {
    const workflow = "on: push\njobs:\n  deps:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./tools/ci\n";
    const action = (step: string) =>
      `name: ci\nruns:\n  using: composite\n  steps:\n    - ${step}\n      shell: bash\n`;
    const r = await judge("SRC-4", {
      ".github/workflows/ci.yml": workflow,
      "tools/ci/action.yml": "name: ci\nruns:\n  using: composite\n  steps:\n    - uses: ./.github/deps\n",
      ".github/deps/action.yaml": action("run: npx rampart deps check"),
    });
    expect(r.status).toBe("pass");
    expect(r.evidence.map((e) => e.file)).toContain(".github/deps/action.yaml");
    const unused = await judge("SRC-4", {
      ".github/workflows/ci.yml": workflow.replace("./tools/ci", "actions/checkout@v4"),
      "tools/ci/action.yml": action("run: npx rampart deps check"),
    });
    expect(unused.status).toBe("fail");
  });
});

describe("SRC-5 roles: CODEOWNERS and a security contact", () => {
  const owners =
    "/.github/ @acme/security\n/.rampart/ @acme/security\npackage.json @acme/leads\npackage-lock.json @acme/leads\n";

  it("passes when CODEOWNERS is valid and covers .github/, .rampart/, manifests and lockfiles, and SECURITY.md has a contact", async () => {
    const r = await judge("SRC-5", {
      ".github/CODEOWNERS": owners,
      "SECURITY.md": "# Security\n\nReport vulnerabilities to security@example.com.\n",
      "package.json": PACKAGE_JSON,
      "package-lock.json": "{}\n",
      "web/package.json": PACKAGE_JSON,
    });
    expect(r.status).toBe("pass");
  });

  it("partial with a placeholder owner, an invalid one and an uncovered nested lockfile", async () => {
    const r = await judge("SRC-5", {
      ".github/CODEOWNERS": `${owners}/docs/ @your-org/maintainers\n/src/ alice\n`,
      "SECURITY.md": "Use GitHub's private vulnerability reporting.\n",
      "package.json": PACKAGE_JSON,
      "web/package.json": PACKAGE_JSON,
      "web/yarn.lock": "# yarn lockfile v1\n",
    });
    expect(r.status).toBe("partial");
    const texts = r.evidence.map((e) => e.text).join("\n");
    expect(texts).toMatch(/@your-org\/maintainers is a placeholder/);
    expect(texts).toMatch(/owner alice is not/);
    expect(texts).toMatch(/no owner for web\/yarn\.lock/);
    expect(r.fix).toMatch(/yarn\.lock/);
  });

  it("the last matching rule wins, as on GitHub: an ownerless later rule uncovers a path", async () => {
    const r = await judge("SRC-5", {
      CODEOWNERS: `* @acme/all\n/.github/workflows/\n`,
      "SECURITY.md": "mail security@example.com\n",
    });
    expect(r.status).toBe("partial");
    expect(r.evidence.some((e) => e.text === "no owner for .github/workflows/ci.yml")).toBe(true);
  });

  it("fails with neither CODEOWNERS nor SECURITY.md (never unknown)", async () => {
    expect((await judge("SRC-5", { "package.json": PACKAGE_JSON })).status).toBe("fail");
  });
});

describe("SRC-6 review before merge", () => {
  it("is unknown offline, with the ruleset kept as code as evidence", async () => {
    const ruleset = JSON.stringify({
      name: "main",
      target: "branch",
      enforcement: "active",
      rules: [{ type: "pull_request", parameters: { required_approving_review_count: 1 } }],
    });
    const r = await judge("SRC-6", { ".github/rulesets/default-branch.json": ruleset });
    expect(r.status).toBe("unknown");
    expect(r.because).toMatch(/--online/);
    expect(r.evidence[0]?.text).toMatch(/1 approving review/);
  });

  it("passes online with a required review, fails online without one", async () => {
    const rules = { ...noRules(), reviews: 2, codeOwnerReview: true };
    expect((await judge("SRC-6", {}, { online: facts({ rules }) })).status).toBe("pass");
    expect((await judge("SRC-6", {}, { online: facts({ rules: noRules() }) })).status).toBe("fail");
  });

  it("stays unknown online when the token cannot read the rules, saying why", async () => {
    const r = await judge(
      "SRC-6",
      {},
      { online: facts({ rulesWhy: "the token cannot read branch protection (HTTP 403/403)" }) },
    );
    expect(r.status).toBe("unknown");
    expect(r.because).toMatch(/HTTP 403/);
  });
});

describe("SRC-7 branch protection", () => {
  it("is unknown offline, citing the local protectedBranches", async () => {
    const r = await judge("SRC-7", { ".rampart/config.yaml": POLICY });
    expect(r.status).toBe("unknown");
    expect(r.evidence[0]?.text).toMatch(/local only/);
  });

  it("passes, is partial or fails online by force-push, deletion and required checks", async () => {
    const full = { ...noRules(), forcePushBlocked: true, deletionBlocked: true, statusChecks: 3 };
    expect((await judge("SRC-7", {}, { online: facts({ rules: full }) })).status).toBe("pass");
    expect(
      (await judge("SRC-7", {}, { online: facts({ rules: { ...noRules(), forcePushBlocked: true } }) })).status,
    ).toBe("partial");
    expect((await judge("SRC-7", {}, { online: facts({ rules: noRules() }) })).status).toBe("fail");
  });
});

describe("SRC-8 MFA, SSH keys and rotation", () => {
  const security = "# Security\n\nRotate a key once a year and at once after a suspected leak.\n";

  it("fails without a rotation plan", async () => {
    const r = await judge("SRC-8", { "SECURITY.md": "# Security\n\nMail security@example.com\n" });
    expect(r.status).toBe("fail");
  });

  it("is unknown offline with a plan: MFA is an account setting", async () => {
    const r = await judge("SRC-8", { "SECURITY.md": security });
    expect(r.status).toBe("unknown");
    expect(r.evidence[0]).toMatchObject({ file: "SECURITY.md", line: 3 });
  });

  it("passes online when the organisation requires 2FA, fails when it does not", async () => {
    expect((await judge("SRC-8", { "SECURITY.md": security }, { online: facts({ twoFactor: true }) })).status).toBe(
      "pass",
    );
    expect((await judge("SRC-8", { "SECURITY.md": security }, { online: facts({ twoFactor: false }) })).status).toBe(
      "fail",
    );
  });
});

describe("SRC-9 least privilege for CI", () => {
  it("passes for a workflow with permissions: {} and per-job reads", async () => {
    expect((await judge("SRC-9", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("pass");
  });

  it("fails for write-all, is partial for the workflow audit's warnings (excess write, persisted token)", async () => {
    const writeAll = PWN_REQUEST.replace("permissions:\n  contents: write", "permissions: write-all");
    const fail = await judge("SRC-9", { ".github/workflows/pr.yml": writeAll });
    expect(fail.status).toBe("fail");
    expect(fail.evidence.some((e) => e.text.startsWith("workflows/permissions-write-all") && e.line === 3)).toBe(true);
    const partial = await judge("SRC-9", { ".github/workflows/pr.yml": PWN_REQUEST });
    expect(partial.status).toBe("partial");
    expect(partial.evidence.map((e) => e.text.split(":")[0])).toEqual(
      expect.arrayContaining(["workflows/permissions-excessive", "workflows/persist-credentials"]),
    );
  });

  it("is partial when GitHub's default token is read-write even though the files are clean", async () => {
    const r = await judge(
      "SRC-9",
      { ".github/workflows/ci.yml": HARDENED_CI },
      { online: facts({ workflowPermissions: "write" }) },
    );
    expect(r.status).toBe("partial");
  });

  it("is unknown with no CI, and for a CI other than GitHub Actions", async () => {
    expect((await judge("SRC-9", { "README.md": "x\n" })).status).toBe("unknown");
    const r = await judge("SRC-9", { ".circleci/config.yml": "version: 2.1\n" });
    expect(r.status).toBe("unknown");
    expect(r.because).toMatch(/not GitHub Actions/);
  });
});

describe("SRC-1 when the history cannot be verified", () => {
  it("is never a pass: a repository without commits is partial, naming that the check could not run", async () => {
    const r = await judge(
      "SRC-1",
      {},
      {
        setup: async (repo) => {
          repo.write(".rampart/config.yaml", POLICY);
          repo.write(
            ".rampart/allowed_signers",
            "dev@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEj4bKu8Caiheze1iSupEyLJHZg4rztEYXVq+ZLFV2AF\n",
          );
          repo.write(".github/workflows/ci.yml", HARDENED_CI);
        },
      },
    );
    expect(r.status).toBe("partial");
    expect(r.evidence.find((e) => e.command)?.text).toMatch(/^could not run/);
  });
});

describe("SRC-7 required status checks", () => {
  // The ruleset `rampart init` writes requires its workflow's three jobs by name.
  const ruleset = (contexts: string[]) =>
    JSON.stringify({
      name: "main",
      target: "branch",
      enforcement: "active",
      rules: [
        { type: "deletion" },
        { type: "non_fast_forward" },
        {
          type: "required_status_checks",
          parameters: { required_status_checks: contexts.map((context) => ({ context })) },
        },
      ],
    });
  const workflow = (names: string[]) =>
    `on: pull_request\npermissions: {}\njobs:\n${names
      .map((n, i) => `  job${i}:\n    name: ${n}\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ok\n`)
      .join("")}`;
  const REQUIRED = [
    "secrets and signatures on the pushed range",
    "lockfile check and vulnerability gate",
    "SBOM and attestation",
  ];
  const orphans = (r: Outcome) =>
    r.evidence.map((e) => /required status check "([^"]+)"/.exec(e.text)?.[1]).filter((x) => x !== undefined);

  it("offline, names each required check of a ruleset kept as code that no job reports", async () => {
    const ok = await judge("SRC-7", {
      ".github/rulesets/default-branch.json": ruleset(REQUIRED),
      ".github/workflows/rampart.yml": workflow(REQUIRED),
    });
    expect(ok.status).toBe("unknown");
    expect(orphans(ok)).toEqual([]);
    // The job renamed (or the workflow's name required instead of the job's): never reported.
    const renamed = await judge("SRC-7", {
      ".github/rulesets/default-branch.json": ruleset([...REQUIRED, "rampart"]),
      ".github/workflows/rampart.yml": workflow(["secrets and signatures", ...REQUIRED.slice(1)]),
    });
    expect(orphans(renamed)).toEqual(["secrets and signatures on the pushed range", "rampart"]);
    expect(renamed.evidence.find((e) => e.text.includes('"rampart"'))?.file).toBe(
      ".github/rulesets/default-branch.json",
    );
  });

  it("online, an orphan makes a protected branch partial; without a workflow to ask, nothing is named", async () => {
    const rules = {
      ...noRules(),
      forcePushBlocked: true,
      deletionBlocked: true,
      statusChecks: 1,
      requiredChecks: ["build"],
    };
    const r = await judge("SRC-7", { ".github/workflows/ci.yml": workflow(["test"]) }, { online: facts({ rules }) });
    expect(r.status).toBe("partial");
    expect(orphans(r)).toEqual(["build"]);
    const reported = await judge(
      "SRC-7",
      { ".github/workflows/ci.yml": workflow(["build"]) },
      { online: facts({ rules }) },
    );
    expect(reported.status).toBe("pass");
    const none = await judge("SRC-7", {}, { online: facts({ rules }) });
    expect(none.status).toBe("pass");
    expect(orphans(none)).toEqual([]);
  });
});
