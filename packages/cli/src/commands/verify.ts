import { join } from "node:path";
import { UsageError } from "@rampart/core/errors";
import type { CommandDefinition } from "../command.js";

export const command: CommandDefinition = {
  name: "verify",
  summary: "Verify a file against its signed attestation",
  framework: ["ART-3"],
  usage: "rampart verify <FILE> --attestation <FILE.intoto.jsonl> [--key <public key>]",
  options: [
    {
      name: "attestation",
      short: "a",
      type: "string",
      value: "FILE",
      description: "The .intoto.jsonl written by `rampart attest`",
    },
    {
      name: "key",
      type: "string",
      value: "FILE",
      description: "Trust this public key (.pub or PEM) instead of the allowed signers file",
    },
    {
      name: "allowed-signers",
      type: "string",
      value: "FILE",
      description:
        "OpenSSH allowed_signers file (default: sbom.allowedSigners in the policy, else .rampart/allowed_signers at the repository root)",
    },
  ],
  formats: ["text", "json"],
  available: true,
  async run(ctx) {
    const attestation = ctx.values.attestation;
    const [file, ...extra] = ctx.positionals;
    if (file === undefined || extra.length > 0)
      throw new UsageError("give exactly one file to verify", { hint: command.usage });
    if (typeof attestation !== "string") throw new UsageError("--attestation is required", { hint: command.usage });
    const key = typeof ctx.values.key === "string" ? ctx.values.key : undefined;
    const { verifyAttestation, loadSbomConfig, DEFAULT_ALLOWED_SIGNERS } = await import("@rampart/sbom");
    let allowedSigners = typeof ctx.values["allowed-signers"] === "string" ? ctx.values["allowed-signers"] : undefined;
    if (allowedSigners === undefined && key === undefined) {
      // The policy's file, else .rampart/allowed_signers at the repository root (or below cwd outside one).
      const config = await loadSbomConfig({ cwd: ctx.cwd, env: ctx.env });
      allowedSigners = config.allowedSigners ?? (config.root ? join(config.root, DEFAULT_ALLOWED_SIGNERS) : undefined);
    }
    const result = await verifyAttestation({
      cwd: ctx.cwd,
      file,
      attestation,
      ...(key === undefined ? {} : { key }),
      ...(allowedSigners === undefined ? {} : { allowedSigners }),
    });
    if (result.ok && ctx.format === "text") {
      // Who signed what: the answer a release consumer is after.
      const covering = result.stats.envelopes.filter((e) =>
        e.subjects.some((s) => s.digest.sha256 === result.stats.sha256),
      );
      for (const e of covering) {
        const who = e.signers.map((s) => `${s.principal} (${s.keyid})`).join(", ");
        ctx.stdout.write(
          `${file}: sha256:${result.stats.sha256} is "${result.stats.subject}" in a statement signed by ${who}, predicate ${e.predicateType}\n`,
        );
      }
    }
    return ctx.report(result, { command: "verify" });
  },
};
