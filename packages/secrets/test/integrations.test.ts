import { gitRepo } from "@rampart/test-helpers";
import { describe, expect, it } from "vitest";
import { convertGitleaks } from "../src/gitleaks.js";
import { convertGoRegex } from "../src/go-regex.js";
import { scanPaths } from "../src/paths.js";

const noBaseline = { baseline: false } as const;
// Assembled so that no scanner reads this file as holding a credential.
const internalToken = ["acme", "tok", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"].join("_");

describe("gitleaks config", () => {
  it("converts Go regex syntax and rejects what JavaScript cannot run", () => {
    expect(convertGoRegex("(?i)key=(?P<v>[[:alnum:]]{8})\\z", 1)).toEqual({
      source: "key=(?<secret>[A-Za-z0-9]{8})$",
      flags: "i",
    });
    expect(convertGoRegex("a(?i)b", undefined)).toMatch(/inline flags/);
    expect(convertGoRegex("\\p{Greek}+", undefined)).toMatch(/not supported/);
    expect(convertGoRegex("x(y)(z)", 3)).toMatch(/secretGroup 3/);
  });

  it("imports [[rules]] with keywords, entropy and allowlists, and names the rules it skips", () => {
    const out = convertGitleaks({
      rules: [
        {
          id: "acme-token",
          description: "Acme token",
          regex: "acme_tok_([a-f0-9]{32})",
          keywords: ["ACME_TOK"],
          entropy: 3,
          allowlist: { stopwords: ["deadbeef"] },
        },
        { id: "bad", regex: "a(?i)b" },
        { id: "files", path: "\\.pfx$" },
      ],
    });
    expect(out.rules).toMatchObject([
      { id: "acme-token", keywords: ["acme_tok"], entropy: 3, allowlist: ["deadbeef"], framework: ["SRC-2"] },
    ]);
    expect(out.warnings).toHaveLength(2);
    expect(out.warnings[0]).toContain('rule "bad"');
    expect(out.warnings[1]).toContain('rule "files"');
  });

  it("runs a repository's .gitleaks.toml rules alongside the built-in ones", async () => {
    const toml = [
      "[[rules]]",
      'id = "acme-internal-token"',
      'description = "Acme internal token"',
      "regex = '''acme_tok_([a-f0-9]{32})'''",
      'keywords = ["acme_tok"]',
      "",
      "[[rules]]",
      'id = "broken"',
      "regex = '''x(?i)y'''",
    ].join("\n");
    const repo = await gitRepo({ ".gitleaks.toml": toml, "app.js": `const t = "${internalToken}";\n` });
    const r = await scanPaths({ cwd: repo.dir, ...noBaseline });
    expect(r.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([["acme-internal-token", "app.js", 1]]);
    expect(r.stats.warnings.join("\n")).toContain('rule "broken" skipped');
  });

  it("reports a .gitleaks.toml that is not TOML as a config error naming the file", async () => {
    const repo = await gitRepo({ ".gitleaks.toml": "[[rules]\nid = 1\n" });
    await expect(scanPaths({ cwd: repo.dir })).rejects.toMatchObject({
      code: "SECRETS_CONFIG_INVALID",
      file: ".gitleaks.toml",
    });
  });
});

// A secretlint rule package as a team would publish it, written into the temp repo's node_modules.
const RULE_PACKAGE = `
export const creator = {
  messages: { FOUND: { en: (p) => "found an acme token: " + p.token } },
  meta: { id: "secretlint-rule-acme", recommended: true, type: "scanner", supportedContentTypes: ["text"], docs: { url: "" } },
  create(context) {
    const t = context.createTranslator(creator.messages);
    return {
      file(source) {
        for (const m of source.content.matchAll(/acme_tok_[a-f0-9]{32}/g)) {
          context.report({ message: t("FOUND", { token: m[0] }), range: [m.index, m.index + m[0].length] });
        }
      },
    };
  },
};
`;

/** A repository whose .secretlintrc.json names a rule package installed (not committed) in node_modules. */
const acmeRuleRepo = () =>
  gitRepo({
    ".gitignore": "node_modules/\n",
    ".secretlintrc.json": JSON.stringify({ rules: [{ id: "secretlint-rule-acme" }] }),
    "node_modules/secretlint-rule-acme/package.json": JSON.stringify({
      name: "secretlint-rule-acme",
      type: "module",
      exports: "./index.js",
    }),
    "node_modules/secretlint-rule-acme/index.js": RULE_PACKAGE,
    "src/app.js": `\nconst t = "${internalToken}";\n`,
  });

describe("secretlint config", () => {
  it("runs the rule packages a .secretlintrc.json names, resolved from the repository", async () => {
    const repo = await acmeRuleRepo();
    const r = await scanPaths({ cwd: repo.dir, ...noBaseline });
    const found = r.findings.filter((f) => f.ruleId === "secretlint-rule-acme");
    expect(found).toMatchObject([{ file: "src/app.js", line: 2, column: 12, properties: { provider: "secretlint" } }]);
    expect(JSON.stringify(r)).not.toContain(internalToken);
  });

  it("in CI refuses to run the repository's rule modules unless the policy opts in; locally says so once", async () => {
    const repo = await acmeRuleRepo();
    for (const CI of ["true", "1"]) {
      await expect(scanPaths({ cwd: repo.dir, env: { ...repo.env, CI }, ...noBaseline })).rejects.toMatchObject({
        code: "SECRETS_REPOSITORY_CODE_REFUSED",
        file: ".secretlintrc.json",
      });
    }
    const optedIn = await scanPaths({
      cwd: repo.dir,
      env: { ...repo.env, CI: "true" },
      policy: { secretlint: true },
      ...noBaseline,
    });
    expect(optedIn.findings.some((f) => f.ruleId === "secretlint-rule-acme")).toBe(true);
    expect(optedIn.stats.warnings).toEqual([]);
    const first = await scanPaths({ cwd: repo.dir, env: repo.env, ...noBaseline });
    expect(first.stats.warnings.filter((w) => /runs repository code/.test(w))).toHaveLength(1);
    const second = await scanPaths({ cwd: repo.dir, env: repo.env, ...noBaseline });
    expect(second.stats.warnings.filter((w) => /runs repository code/.test(w))).toHaveLength(0);
  });

  it("opted in, CI still never loads rule modules from a node_modules the repository commits", async () => {
    const repo = await acmeRuleRepo();
    const ci = { cwd: repo.dir, env: { ...repo.env, CI: "true" }, policy: { secretlint: true }, ...noBaseline };
    expect((await scanPaths(ci)).findings.some((f) => f.ruleId === "secretlint-rule-acme")).toBe(true);
    // The change commits the rule package itself (CI's source job installs nothing): its code.
    await repo.git(["add", "-f", "node_modules"]);
    await repo.git(["commit", "-q", "-m", "vendor the rule"]);
    await expect(scanPaths(ci)).rejects.toMatchObject({
      code: "SECRETS_REPOSITORY_CODE_REFUSED",
      message: expect.stringContaining("node_modules/secretlint-rule-acme/"),
    });
    // Locally (the developer's own install) it still runs.
    const local = await scanPaths({ cwd: repo.dir, env: repo.env, ...noBaseline });
    expect(local.findings.some((f) => f.ruleId === "secretlint-rule-acme")).toBe(true);
  });

  it("says which rule package is missing", async () => {
    const repo = await gitRepo({ ".secretlintrc.yml": "rules:\n  - id: secretlint-rule-nowhere\n" });
    await expect(scanPaths({ cwd: repo.dir })).rejects.toMatchObject({
      code: "SECRETS_SECRETLINT_RULE_MISSING",
      file: ".secretlintrc.yml",
    });
  });

  it("is not loaded when the policy turns it off", async () => {
    const repo = await gitRepo({
      ".secretlintrc.json": JSON.stringify({ rules: [{ id: "secretlint-rule-nowhere" }] }),
    });
    const r = await scanPaths({ cwd: repo.dir, policy: { secretlint: false }, ...noBaseline });
    expect(r.ok).toBe(true);
  });
});
