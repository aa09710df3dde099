import { resolve } from "node:path";
import { ExitCode, UsageError } from "@rampart/core/errors";
import { writeOutputFile } from "@rampart/core/fs";
import type { CommandDefinition } from "../command.js";

export const command: CommandDefinition = {
  name: "attest",
  summary: "Sign files as an in-toto attestation (DSSE)",
  framework: ["BLD-4", "ART-1", "ART-2"],
  usage: "rampart attest <FILE...> --key <private key> [--predicate FILE] [--output FILE.intoto.jsonl]",
  options: [
    {
      name: "key",
      type: "string",
      value: "FILE",
      description: "Private key: OpenSSH (ed25519, ECDSA, RSA; unencrypted) or PEM",
    },
    {
      name: "predicate",
      type: "string",
      value: "FILE",
      description: "JSON document to sign as the predicate, e.g. the SBOM",
    },
    {
      name: "predicate-type",
      type: "string",
      value: "URI",
      description: "Predicate type (default: https://cyclonedx.org/bom or https://spdx.dev/Document for SBOMs)",
    },
    {
      name: "output",
      short: "o",
      type: "string",
      value: "FILE",
      description: "Write the .intoto.jsonl here, creating missing folders (default: stdout)",
    },
    {
      name: "force",
      type: "boolean",
      description: "Overwrite --output even when it is not an attestation",
      default: false,
    },
  ],
  available: true,
  async run(ctx) {
    const key = ctx.values.key;
    if (typeof key !== "string")
      throw new UsageError("--key is required", { hint: "rampart attest <FILE...> --key ~/.ssh/release_ed25519" });
    if (ctx.positionals.length === 0) throw new UsageError("no files to attest", { hint: command.usage });
    const output = typeof ctx.values.output === "string" ? ctx.values.output : undefined;
    const { assertMayWrite, attest } = await import("@rampart/sbom");
    if (output !== undefined)
      assertMayWrite(resolve(ctx.cwd, output), output, "attestation", ctx.values.force === true);
    const result = await attest({
      cwd: ctx.cwd,
      files: ctx.positionals,
      key,
      ...(typeof ctx.values.predicate === "string" ? { predicate: ctx.values.predicate } : {}),
      ...(typeof ctx.values["predicate-type"] === "string" ? { predicateType: ctx.values["predicate-type"] } : {}),
    });
    if (output === undefined) ctx.stdout.write(result.line);
    else writeOutputFile(output, result.line, { root: ctx.cwd });
    const names = result.statement.subject.map((s) => s.name).join(", ");
    ctx.info(
      `signed ${names} (${result.statement.predicateType}) with ${result.keyid}${output ? `; wrote ${output}` : ""}`,
    );
    return ExitCode.Clean;
  },
};
