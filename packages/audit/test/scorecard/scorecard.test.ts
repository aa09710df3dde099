import { describe, expect, it } from "vitest";
import { judgeCommand } from "../../src/scorecard/pinned-dependencies.js";
import { scoreSecurityPolicy } from "../../src/scorecard/security-policy.js";
import { scorecard } from "../support/judge.js";
import { CHECKOUT, HARDENED_CI, LOOSE_CI, PWN_REQUEST } from "../support/layouts.js";

// Each expectation follows ossf/scorecard docs/checks.md (the scoring criteria it documents) and
// the results it prints for its own examples; the comments quote the rule applied.

describe("Binary-Artifacts", () => {
  it("10 with no binaries; one point off per binary (by extension or by executable magic)", async () => {
    expect((await scorecard("Binary-Artifacts", { "src/a.js": "x\n" })).score).toBe(10);
    const three = await scorecard("Binary-Artifacts", {
      "lib/tool.jar": "PK",
      "bin/setup.exe": "MZ",
      "tools/run": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2]),
      "gradle/wrapper/gradle-wrapper.jar": "PK",
    });
    expect(three.score).toBe(7);
    expect(three.details.map((d) => d.file).sort()).toEqual(["bin/setup.exe", "lib/tool.jar", "tools/run"]);
  });

  it("never below 0", async () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`bin/f${i}.dll`, "MZ"]));
    expect((await scorecard("Binary-Artifacts", many)).score).toBe(0);
  });
});

describe("Dangerous-Workflow", () => {
  it("0 for an untrusted checkout under pull_request_target or a script injection; 10 otherwise", async () => {
    const pwn = await scorecard("Dangerous-Workflow", { ".github/workflows/pr.yml": PWN_REQUEST });
    expect(pwn.score).toBe(0);
    expect(pwn.details.map((d) => d.text)).toEqual([
      "untrusted code checkout in job build",
      "script injection with untrusted input in job build",
    ]);
    expect((await scorecard("Dangerous-Workflow", { ".github/workflows/ci.yml": HARDENED_CI })).score).toBe(10);
  });

  it("a head checkout under plain pull_request is not dangerous", async () => {
    const safe = PWN_REQUEST.replace("on: pull_request_target", "on: pull_request").replace(
      /\n {6}- run: echo .*\n/,
      "\n",
    );
    expect((await scorecard("Dangerous-Workflow", { ".github/workflows/pr.yml": safe })).score).toBe(10);
  });

  it("inconclusive without workflows (where Scorecard's local mode says 10)", async () => {
    expect((await scorecard("Dangerous-Workflow", {})).score).toBeNull();
  });
});

describe("Dependency-Update-Tool", () => {
  it("10 with Dependabot (Scorecard's example: 'Dependabot detected: .github/dependabot.yml:1'), 0 without", async () => {
    const r = await scorecard("Dependency-Update-Tool", { ".github/dependabot.yml": "version: 2\n" });
    expect(r).toMatchObject({ score: 10, reason: "update tool detected" });
    expect(r.details[0]).toMatchObject({ file: ".github/dependabot.yml", line: 1, text: "Dependabot detected" });
    expect((await scorecard("Dependency-Update-Tool", { ".renovaterc.json": "{}\n" })).score).toBe(10);
    expect((await scorecard("Dependency-Update-Tool", { "README.md": "x\n" })).score).toBe(0);
  });
});

describe("License", () => {
  const MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n";

  it("6 for the file + 3 at the top level + 1 for an FSF/OSI licence", async () => {
    expect((await scorecard("License", { LICENSE: MIT })).score).toBe(10);
    expect((await scorecard("License", { "LICENSE-Apache-2.0": "custom text\n" })).score).toBe(10);
    expect((await scorecard("License", { "COPYING.md": "All rights reserved.\n" })).score).toBe(9);
  });

  it("7 for LICENSES/<SPDX>.txt only (REUSE), 0 with none; a licence in a subfolder does not count", async () => {
    expect((await scorecard("License", { "LICENSES/Apache-2.0.txt": "Apache License\nVersion 2.0\n" })).score).toBe(7);
    expect((await scorecard("License", { "vendor/x/LICENSE": MIT })).score).toBe(0);
  });
});

describe("Packaging", () => {
  it("10 when a workflow publishes, inconclusive otherwise", async () => {
    const release = LOOSE_CI.replace("npm test", "npm publish --provenance");
    const r = await scorecard("Packaging", { ".github/workflows/release.yml": release });
    expect(r.score).toBe(10);
    expect((await scorecard("Packaging", { ".github/workflows/ci.yml": LOOSE_CI })).score).toBeNull();
  });
});

describe("Pinned-Dependencies", () => {
  it("10 when everything is pinned (Scorecard: 'all dependencies are pinned')", async () => {
    const r = await scorecard("Pinned-Dependencies", { ".github/workflows/ci.yml": HARDENED_CI });
    expect(r).toMatchObject({ score: 10, reason: "all dependencies are pinned" });
  });

  it("weights GitHub-owned actions 2 and third-party actions 8 when both are present", async () => {
    const wf = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: pnpm/action-setup@a7487c7e89a18df4991f7f222e4898a00d66ddda\n`;
    // (2 * 0/1 + 8 * 1/1) / 10 = 0.8 -> 8
    expect((await scorecard("Pinned-Dependencies", { ".github/workflows/ci.yml": wf })).score).toBe(8);
    const flipped = wf
      .replace("actions/checkout@v4", `${CHECKOUT.split(" ")[0]}`)
      .replace(/pnpm\/action-setup@[0-9a-f]+/, "pnpm/action-setup@v4");
    // (2 * 1 + 8 * 0) / 10 -> 2
    expect((await scorecard("Pinned-Dependencies", { ".github/workflows/ci.yml": flipped })).score).toBe(2);
  });

  it("averages ecosystems: pinned actions (10) and npm install (0) give 5; Dockerfile FROM by tag counts", async () => {
    const all = HARDENED_CI.replaceAll("npm ci --ignore-scripts", "npm install");
    // actions 1/1 (weight 10), npmCommand 0/2 (weight 10) -> 10 * 10 / 20 = 5
    expect((await scorecard("Pinned-Dependencies", { ".github/workflows/ci.yml": all })).score).toBe(5);
    const one = HARDENED_CI.replace("npm ci --ignore-scripts", "npm install");
    // npmCommand 1/2 -> (10 * 1 + 10 * 0.5) / 20 = 0.75 -> 7 (rounded down)
    expect((await scorecard("Pinned-Dependencies", { ".github/workflows/ci.yml": one })).score).toBe(7);
    const docker = await scorecard("Pinned-Dependencies", {
      Dockerfile: "FROM node:20\nRUN curl -sL https://x.example/i.sh | bash\n",
    });
    expect(docker.score).toBe(0);
    expect(docker.details.map((d) => d.line)).toEqual([1, 2]);
  });

  it("inconclusive with no dependencies found", async () => {
    expect((await scorecard("Pinned-Dependencies", { "README.md": "x\n" })).score).toBeNull();
  });

  it("judges commands as Scorecard does", () => {
    expect(judgeCommand("npm ci")).toEqual({ kind: "npmCommand", pinned: true });
    expect(judgeCommand("npm install")).toEqual({ kind: "npmCommand", pinned: false });
    expect(judgeCommand("pip install -r requirements.txt --require-hashes")).toEqual({
      kind: "pipCommand",
      pinned: true,
    });
    expect(judgeCommand("go install golang.org/x/tools/gopls@latest")).toEqual({ kind: "goCommand", pinned: false });
    expect(judgeCommand("wget -qO- https://get.example | sh")).toEqual({ kind: "downloadThenRun", pinned: false });
    expect(judgeCommand("echo hi")).toBeUndefined();
  });
});

describe("Security-Policy", () => {
  it("scores links 6, free text 3, two or more disclosure/vulnerability/time hits 1", () => {
    expect(scoreSecurityPolicy("https://example.com/security\n").score).toBe(6);
    expect(scoreSecurityPolicy("Please report problems privately to the maintainers.\n").score).toBe(3);
    expect(scoreSecurityPolicy("").score).toBe(0);
    const full = "Report vulnerabilities to security@example.com. We answer in 5 days and agree a disclosure date.\n";
    expect(scoreSecurityPolicy(full)).toMatchObject({ score: 10, emails: 1 });
  });

  it("finds SECURITY.md in the root, .github/ or docs/ (case-insensitive), not elsewhere", async () => {
    expect((await scorecard("Security-Policy", { ".github/security.md": "mail sec@example.com\n" })).score).toBe(9);
    expect((await scorecard("Security-Policy", { "src/SECURITY.md": "mail sec@example.com\n" })).score).toBe(0);
  });
});

describe("Token-Permissions", () => {
  const job = (perms: string) =>
    `on: push\n${perms}jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`;

  it("10 when read-only at the top and writes are per job", async () => {
    expect((await scorecard("Token-Permissions", { ".github/workflows/ci.yml": HARDENED_CI })).score).toBe(10);
    expect(
      (await scorecard("Token-Permissions", { ".github/workflows/ci.yml": job("permissions: read-all\n") })).score,
    ).toBe(10);
  });

  it("9 when every job declares permissions but the top level does not ('one point is reduced')", async () => {
    const wf =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: make\n";
    expect((await scorecard("Token-Permissions", { ".github/workflows/ci.yml": wf })).score).toBe(9);
  });

  it("0 when neither the top level nor a job declares permissions, or for write-all", async () => {
    expect((await scorecard("Token-Permissions", { ".github/workflows/ci.yml": LOOSE_CI })).score).toBe(0);
    expect(
      (await scorecard("Token-Permissions", { ".github/workflows/ci.yml": job("permissions: write-all\n") })).score,
    ).toBe(0);
  });

  it("large reduction for contents/packages/actions write at the top, small for statuses/checks", async () => {
    expect(
      (await scorecard("Token-Permissions", { ".github/workflows/ci.yml": job("permissions:\n  contents: write\n") }))
        .score,
    ).toBe(0);
    expect(
      (await scorecard("Token-Permissions", { ".github/workflows/ci.yml": job("permissions:\n  statuses: write\n") }))
        .score,
    ).toBe(9);
    expect(
      (
        await scorecard("Token-Permissions", {
          ".github/workflows/ci.yml": job("permissions:\n  statuses: write\n  checks: write\n  deployments: write\n"),
        })
      ).score,
    ).toBe(8);
  });

  it("no reduction for contents: write in a packaging workflow or security-events: write with a SARIF upload", async () => {
    const publish = job("permissions:\n  contents: write\n").replace("run: make", "run: npm publish");
    expect((await scorecard("Token-Permissions", { ".github/workflows/release.yml": publish })).score).toBe(10);
    const sarif = job("permissions:\n  security-events: write\n").replace(
      "run: make",
      "uses: github/codeql-action/upload-sarif@v3",
    );
    expect((await scorecard("Token-Permissions", { ".github/workflows/scan.yml": sarif })).score).toBe(10);
  });
});
