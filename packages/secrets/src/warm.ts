import { scanMessage } from "./message.js";
import type { SecretRule } from "./rule.js";

// For the hooks' startup snapshot (the CLI's hook-snapshot.ts). The blob is built without Node's
// code cache, so it keeps no bytecode (each function compiles on its first call at a hook start),
// but what a first scan makes and keeps (lazily made module state) is in it: the builder's
// warm-up still saves 3-12M instructions of a hook. So the builder runs one scan as a hook's does (scanner, keyword pass, rules,
// judging, findings), of a made-up text with made-up rules, in memory: no file, no repository,
// no baseline. The built-in rules and their index are not used (nothing of them is parsed or
// compiled by it), and what the scan makes is dropped with it (the engine keeps per rule set
// preparations in weak maps), so the blob holds the scan's code, not its state.

/** A value built at run time, so that no secret-shaped literal sits in the source. */
function madeUp(length: number): string {
  const chars = "abcdefghijkmnopqrstuvwxyz23456789";
  return Array.from({ length }, (_, i) => chars[(i * 7 + 3) % chars.length]).join("");
}

/** Rules of the kinds the built-in set has: a provider's anchored token, a generic name = value. */
function warmRules(): SecretRule[] {
  return [
    {
      id: "warm-up-token",
      provider: "warm-up",
      description: "a made-up token format (the snapshot's warm-up)",
      keywords: ["wrmtk_"],
      pattern: "(?<![A-Za-z0-9_])(?<secret>wrmtk_[a-z0-9]{24})(?![A-Za-z0-9_])",
      selfIdentifying: true,
      anchored: true,
      framework: ["SRC-2"],
      confidence: "high",
    },
    {
      id: "warm-up-generic",
      provider: "generic",
      description: "a made-up name assigned a value (the snapshot's warm-up)",
      keywords: ["wrmpass"],
      pattern: "(?<![\\w.-])wrmpass[ \\t]*[=:][ \\t]*[\"']?(?<secret>[^\\s\"']{8,64})",
      generic: true,
      entropy: 3,
      yieldsToPrefixes: true,
      allowlist: ["^example"],
      framework: ["SRC-2"],
      confidence: "medium",
    },
  ];
}

/**
 * Runs the scan once as the commit-msg and pre-commit hooks do (scanMessage: the same scanner,
 * detectors and findings as a staged file's scan). Throws when it finds nothing: a warm-up that
 * ran no rule would leave the code it is for cold, silently.
 */
export async function warmUpScan(): Promise<void> {
  const text = [
    "feat: a made-up message",
    "",
    `wrmpass = "${madeUp(20)}"`,
    `token wrmtk_${madeUp(24)} here`,
    "a line with password%3D and &quot;quotes&quot; to decode",
    "",
  ].join("\n");
  const result = await scanMessage({ text, rules: warmRules(), baseline: false, policy: {} });
  if (result.findings.length < 2) throw new Error("the scan's warm-up found nothing: its code stays cold");
}
