import { expect, test } from "vitest";
import { verifyRange } from "../src/index.js";
import { signedRepo, signerLine } from "./fixtures.js";

// The signature policy is read by core's one policy reader: what the schema refuses (a typo'd
// key that would otherwise be ignored, a YAML tag) is a reported policy problem, never silence.
test.each([
  ["a misspelt key", "signatures:\n  requird: false\n"],
  ["a YAML tag", "signatures: !!js/function 'x'\n"],
  ["broken YAML", "signatures: [\n"],
])("%s in .rampart/config.yaml is a policy-invalid finding naming the file", async (_, config) => {
  const { repo, keys, commit } = await signedRepo(["alice"], (k) => signerLine("alice@example.org", k.alice!));
  repo.write(".rampart/config.yaml", config);
  await commit("break the policy", keys.alice);
  await commit("unsigned after it");
  const r = await verifyRange({ cwd: repo.dir, env: repo.env, range: "HEAD~1..HEAD", cache: false });
  expect(r.findings.filter((f) => f.ruleId === "signatures/policy-invalid").map((f) => f.file)).toContain(
    ".rampart/config.yaml",
  );
  expect(r.verdicts[0]?.verdict).toBe("unsigned");
  expect(r.ok).toBe(false);
});
