import { describe, expect, it } from "vitest";
import { judge } from "../support/judge.js";
import { CHECKOUT, HARDENED_CI, LOOSE_CI, PACKAGE_JSON, PWN_REQUEST, packageLock } from "../support/layouts.js";

const DIGEST = `node@sha256:${"a".repeat(64)}`;
const HARDEN = "step-security/harden-runner@0634a2670c59f64b4a01f0f96f84700a4088b9f0 # v2.12.0";

function containerCi(image: string, egress?: string): string {
  return `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    container: ${image}
    steps:
${egress ? `      - uses: ${HARDEN}\n        with:\n          egress-policy: ${egress}\n` : ""}      - uses: ${CHECKOUT}
      - run: make
`;
}

const SELF_HOSTED = "on: push\njobs:\n  build:\n    runs-on: [self-hosted, linux]\n    steps:\n      - run: make\n";

describe("BLD-1 hardened, minimal workers", () => {
  it("passes when every job runs in a digest-pinned container", async () => {
    expect((await judge("BLD-1", { ".github/workflows/ci.yml": containerCi(DIGEST) })).status).toBe("pass");
  });

  it("partial on GitHub-hosted full images or a container pinned by tag", async () => {
    const r = await judge("BLD-1", { ".github/workflows/ci.yml": containerCi("node:24") });
    expect(r.status).toBe("partial");
    expect(r.evidence[1]).toMatchObject({ file: ".github/workflows/ci.yml", line: 4 });
    expect((await judge("BLD-1", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("partial");
  });

  it("is unknown on self-hosted runners and without CI", async () => {
    expect((await judge("BLD-1", { ".github/workflows/ci.yml": SELF_HOSTED })).status).toBe("unknown");
    expect((await judge("BLD-1", { "README.md": "x\n" })).status).toBe("unknown");
  });
});

describe("BLD-2 pipelines as code", () => {
  it("passes with a workflow or another CI's file", async () => {
    expect((await judge("BLD-2", { ".github/workflows/ci.yml": LOOSE_CI })).status).toBe("pass");
    expect((await judge("BLD-2", { Jenkinsfile: "pipeline { agent any }\n" })).status).toBe("pass");
  });

  it("fails (never unknown) without one; a workflow outside .github/workflows does not count", async () => {
    expect((await judge("BLD-2", { "docs/ci.yml": LOOSE_CI })).status).toBe("fail");
  });

  it("counts a GitLab file under .gitlab/ only when the root .gitlab-ci.yml includes it (nothing else runs it)", async () => {
    const job = "build:\n  script: [make]\n";
    for (const files of [
      { ".gitlab/build.yml": job } as Record<string, string>,
      { ".gitlab/rampart.gitlab-ci.yml": job },
      { "app/.gitlab-ci.yml": job },
    ]) {
      const r = await judge("BLD-2", files);
      expect({ files, status: r.status }).toEqual({ files, status: "fail" });
    }
    const included = await judge("BLD-2", {
      ".gitlab-ci.yml": "include:\n  - local: .gitlab/rampart.gitlab-ci.yml\n",
      ".gitlab/rampart.gitlab-ci.yml": job,
      ".gitlab/unused.yml": job,
    });
    expect(included.status).toBe("pass");
    const cited = included.evidence.map((e) => e.file);
    expect(cited).toContain(".gitlab/rampart.gitlab-ci.yml");
    expect(cited).not.toContain(".gitlab/unused.yml");
  });
});

describe("BLD-3 every step automated", () => {
  it("a GitLab pipeline's local includes (wildcards, nested) are pipelines too, a cycle read once", async () => {
    const r = await judge("BLD-3", {
      ".gitlab-ci.yml": "include:\n  - local: /ci/build.yml\n  - '/ci/jobs/*.yml'\n",
      "ci/build.yml": "include:\n  - local: /.gitlab-ci.yml\nbuild:\n  script: [make]\n",
      "ci/jobs/test.yml": "test:\n  script: [make test]\n",
      "ci/unrelated.yml": "x:\n  script: [true]\n",
    });
    const pipelines = r.evidence.filter((e) => e.text === "GitLab pipeline").map((e) => e.file);
    expect(pipelines.sort()).toEqual([".gitlab-ci.yml", "ci/build.yml", "ci/jobs/test.yml"]);
  });

  it("passes with CI on pull requests and a release from CI", async () => {
    const release = LOOSE_CI.replace("npm test", "npm publish --provenance");
    expect((await judge("BLD-3", { ".github/workflows/release.yml": release })).status).toBe("pass");
  });

  it("partial when releases are made by hand from a package script", async () => {
    const pkg = JSON.stringify({ name: "app", scripts: { release: "npm publish" } }, null, 2);
    const r = await judge("BLD-3", { ".github/workflows/ci.yml": LOOSE_CI, "package.json": pkg });
    expect(r.status).toBe("partial");
    expect(r.evidence.some((e) => /by hand/.test(e.text) && e.file === "package.json")).toBe(true);
  });

  it("fails without CI", async () => {
    expect((await judge("BLD-3", { "package.json": PACKAGE_JSON })).status).toBe("fail");
  });
});

describe("BLD-4 signed build output", () => {
  it("passes with an attestation step", async () => {
    expect((await judge("BLD-4", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("pass");
  });

  it("fails when CI uploads an artefact unsigned, naming the line", async () => {
    const r = await judge("BLD-4", { ".github/workflows/ci.yml": LOOSE_CI });
    expect(r.status).toBe("fail");
    expect(r.evidence[0]).toMatchObject({ file: ".github/workflows/ci.yml", line: 11 });
  });
});

describe("BLD-5 dependencies verified before use", () => {
  const npmrc = "ignore-scripts=true\n";

  it("passes with integrity hashes, frozen installs, pinned actions and scripts denied", async () => {
    const r = await judge("BLD-5", {
      "package.json": PACKAGE_JSON,
      "package-lock.json": packageLock(),
      ".npmrc": npmrc,
      ".github/workflows/ci.yml": HARDENED_CI,
    });
    expect(r.status).toBe("pass");
  });

  it("partial when a package lacks its integrity hash or CI runs npm install", async () => {
    const r = await judge("BLD-5", {
      "package.json": PACKAGE_JSON,
      "package-lock.json": packageLock(false),
      ".npmrc": npmrc,
    });
    expect(r.status).toBe("partial");
    expect(r.evidence[0]?.text).toMatch(/1 of 1 downloaded package\(s\) without an integrity hash \(e\.g\. minimist\)/);
    // An integrity npm drops (not SRI) verifies nothing either.
    const dropped = await judge("BLD-5", {
      "package.json": PACKAGE_JSON,
      "package-lock.json": packageLock().replace(/"sha512-[A-Za-z0-9+/=]+"/, '"garbage"'),
      ".npmrc": npmrc,
    });
    expect(dropped.status).toBe("partial");
    expect(dropped.evidence[0]?.text).toMatch(/1 of 1 downloaded package\(s\) without an integrity hash/);
    const loose = await judge("BLD-5", {
      "package.json": PACKAGE_JSON,
      "package-lock.json": packageLock(),
      ".npmrc": npmrc,
      ".github/workflows/ci.yml": LOOSE_CI,
    });
    expect(loose.status).toBe("partial");
    expect(loose.fix).toMatch(/npm ci/);
  });

  it("fails with no lockfile, no script policy and unpinned actions", async () => {
    expect(
      (await judge("BLD-5", { "package.json": PACKAGE_JSON, ".github/workflows/pr.yml": PWN_REQUEST })).status,
    ).toBe("fail");
  });

  it("is unknown with neither npm dependencies nor workflows", async () => {
    expect((await judge("BLD-5", { "main.go": "package main\n" })).status).toBe("unknown");
  });
});

describe("BLD-6 one worker per step", () => {
  it("passes on GitHub-hosted runners", async () => {
    expect((await judge("BLD-6", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("pass");
  });

  it("is unknown on self-hosted runners and without CI", async () => {
    const r = await judge("BLD-6", { ".github/workflows/ci.yml": SELF_HOSTED });
    expect(r.status).toBe("unknown");
    expect(r.because).toMatch(/ephemeral/);
    expect((await judge("BLD-6", {})).status).toBe("unknown");
  });

  it("takes a custom runner label on no trust: unknown, not pass", async () => {
    // A self-hosted label alone is not proof either way: unknown, not pass.
    expect(
      (await judge("BLD-6", { ".github/workflows/ci.yml": SELF_HOSTED.replace("[self-hosted, linux]", "build-box") }))
        .status,
    ).toBe("unknown");
  });
});

describe("BLD-7 only the environment a worker needs", () => {
  it("passes for a clean workflow", async () => {
    expect((await judge("BLD-7", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("pass");
  });

  it("fails on script injection from a pull request title", async () => {
    const r = await judge("BLD-7", { ".github/workflows/pr.yml": PWN_REQUEST });
    expect(r.status).toBe("fail");
    expect(r.evidence.some((e) => e.text.startsWith("workflows/template-injection") && e.line === 12)).toBe(true);
  });

  it("partial on workflow-wide secrets in env", async () => {
    const ci = HARDENED_CI.replace(
      "permissions: {}\n",
      `permissions: {}\nenv:\n  NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n`,
    );
    const r = await judge("BLD-7", { ".github/workflows/ci.yml": ci });
    expect(r.status).toBe("partial");
    expect(r.evidence[0]?.text).toMatch(/^workflows\/workflow-env-secret/);
  });

  it("is unknown without GitHub workflows", async () => {
    expect((await judge("BLD-7", { ".gitlab-ci.yml": "test:\n  script: [make]\n" })).status).toBe("unknown");
  });
});

describe("BLD-8 network isolation", () => {
  it("passes when every job blocks egress", async () => {
    expect((await judge("BLD-8", { ".github/workflows/ci.yml": containerCi(DIGEST, "block") })).status).toBe("pass");
  });

  it("partial when egress is only audited; fails with none", async () => {
    expect((await judge("BLD-8", { ".github/workflows/ci.yml": containerCi(DIGEST, "audit") })).status).toBe("partial");
    expect((await judge("BLD-8", { ".github/workflows/ci.yml": HARDENED_CI })).status).toBe("fail");
  });

  it("is unknown on self-hosted runners", async () => {
    expect((await judge("BLD-8", { ".github/workflows/ci.yml": SELF_HOSTED })).status).toBe("unknown");
  });
});

describe("BLD-9 reproducible builds", () => {
  const pinned = JSON.stringify({ name: "app", packageManager: "npm@10.9.2" }, null, 2);

  it("passes with a lockfile, a pinned toolchain and SOURCE_DATE_EPOCH", async () => {
    const r = await judge("BLD-9", {
      "package.json": pinned,
      "package-lock.json": packageLock(),
      ".github/workflows/ci.yml": HARDENED_CI,
    });
    expect(r.status).toBe("pass");
  });

  it("partial without a pinned toolchain; a committed binary counts against it", async () => {
    const r = await judge("BLD-9", {
      "package.json": PACKAGE_JSON,
      "package-lock.json": packageLock(),
      ".github/workflows/ci.yml": HARDENED_CI,
    });
    expect(r.status).toBe("partial");
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    const withBinary = await judge("BLD-9", {
      "package.json": pinned,
      "package-lock.json": packageLock(),
      ".github/workflows/ci.yml": HARDENED_CI,
      "bin/tool": elf,
    });
    expect(withBinary.status).toBe("partial");
    expect(withBinary.evidence.some((e) => e.file === "bin/tool" && /ELF/.test(e.text))).toBe(true);
  });

  it("fails with none of them, unknown without package.json", async () => {
    expect((await judge("BLD-9", { "package.json": PACKAGE_JSON })).status).toBe("fail");
    expect((await judge("BLD-9", { Makefile: "all:\n" })).status).toBe("unknown");
  });
});

describe("BLD-4 and the scripts CI runs", () => {
  const ci = `on: push\npermissions: {}\njobs:\n  release:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: bash scripts/release.sh\n`;

  it("reads a repository script CI runs (one level) and cites the CI line that runs it", async () => {
    const r = await judge("BLD-4", {
      ".github/workflows/release.yml": ci,
      "scripts/release.sh": "#!/bin/sh\nnpm pack\ncosign sign-blob --yes app.tgz > app.tgz.sig\n",
    });
    expect(r.status).toBe("pass");
    expect(r.evidence[0]).toMatchObject({ file: "scripts/release.sh", line: 3 });
    expect(r.evidence[0]?.text).toMatch(/\(run by \.github\/workflows\/release\.yml:7\)$/);
  });

  it("is unknown, not fail, when a release script shows no signing command it can read", async () => {
    const r = await judge("BLD-4", {
      ".github/workflows/release.yml": ci,
      "scripts/release.sh": "#!/bin/sh\nnode ./build.js\n",
    });
    expect(r.status).toBe("unknown");
    expect(r.because).toMatch(/scripts\/release\.sh/);
  });
});
