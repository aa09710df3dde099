import { resolve } from "node:path";
import { ExitCode, UsageError } from "@rampart/core/errors";
import { writeOutputFile } from "@rampart/core/fs";
import type { CommandDefinition } from "../command.js";

const FORMATS = ["cyclonedx-json", "cyclonedx-xml", "spdx-json"];

export const command: CommandDefinition = {
  name: "sbom",
  summary: "Write a CycloneDX or SPDX SBOM from the lockfile",
  framework: ["MAT-6", "ART-2", "BLD-9"],
  usage:
    "rampart sbom [--format cyclonedx-json|cyclonedx-xml|spdx-json] [--output FILE] [--workspace NAME] [--include-dev]",
  options: [
    {
      name: "format",
      type: "string",
      value: "FORMAT",
      description: "cyclonedx-json (default), cyclonedx-xml or spdx-json",
    },
    {
      name: "spec-version",
      type: "string",
      value: "VERSION",
      description: "CycloneDX 1.6 (default), 1.5 or 1.4; SPDX 2.3",
    },
    {
      name: "output",
      short: "o",
      type: "string",
      value: "FILE",
      description: "Write the SBOM here, creating missing folders (default: stdout)",
    },
    {
      name: "workspace",
      short: "w",
      type: "string",
      value: "NAME",
      description: "SBOM of one workspace (name or path) and its transitive dependencies",
    },
    {
      name: "include-dev",
      type: "boolean",
      description: "Include dev-only dependencies (CycloneDX scope excluded)",
    },
    {
      name: "lockfile",
      type: "string",
      value: "PATH",
      description: "Lockfile to read (default: the one in the working directory)",
    },
    {
      name: "timestamp",
      type: "string",
      value: "WHEN",
      description: "now, none or an ISO date (default: SOURCE_DATE_EPOCH, else HEAD's commit time)",
    },
    { name: "force", type: "boolean", description: "Overwrite --output even when it is not an SBOM", default: false },
  ],
  available: true,
  async run(ctx) {
    // The policy lookup waits on a git process: start it first (a small module), and load the SBOM
    // code (the CycloneDX library: most of the start-up) while git runs.
    const { loadSbomConfig } = await import("@rampart/sbom/config");
    const configuring = loadSbomConfig({ cwd: ctx.cwd, env: ctx.env });
    configuring.catch(() => undefined); // handled by the await below, not an unhandled rejection meanwhile
    const { assertMayWrite, generateSbom, preloadWriter } = await import("@rampart/sbom/sbom");
    const asked = ctx.values.format as string | undefined;
    if (asked === undefined || FORMATS.includes(asked))
      preloadWriter((asked ?? "cyclonedx-json") as Parameters<typeof preloadWriter>[0]);
    const config = await configuring;
    const format = (ctx.values.format as string | undefined) ?? config.format ?? "cyclonedx-json";
    if (!FORMATS.includes(format))
      throw new UsageError(`unknown SBOM format '${format}'`, { hint: `formats: ${FORMATS.join(", ")}` });
    if (ctx.positionals.length > 0)
      throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`, { hint: command.usage });
    // The policy's specVersion applies to the family it names (2.3 is SPDX, 1.x CycloneDX).
    const configVersion = (format === "spdx-json") === (config.specVersion === "2.3") ? config.specVersion : undefined;
    const str = (name: string) => (typeof ctx.values[name] === "string" ? (ctx.values[name] as string) : undefined);
    const output = str("output");
    if (output !== undefined) assertMayWrite(resolve(ctx.cwd, output), output, "sbom", ctx.values.force === true);
    const result = await generateSbom({
      cwd: ctx.cwd,
      env: ctx.env,
      format: format as "cyclonedx-json",
      includeDev: ctx.values["include-dev"] === true || config.includeDev === true,
      ...optional("specVersion", str("spec-version") ?? configVersion),
      ...optional("workspace", str("workspace")),
      ...optional("lockfile", str("lockfile") ?? config.lockfile),
      ...optional("timestamp", str("timestamp")),
    });
    for (const w of result.warnings) ctx.info(`rampart sbom: warning: ${w}`);
    if (output === undefined) ctx.stdout.write(result.content);
    else writeOutputFile(output, result.content, { root: ctx.cwd });
    const first = result.inventory.components.filter((c) => c.firstParty).length;
    ctx.info(
      `rampart sbom: ${format} ${result.specVersion} from ${result.lockfile}: ${result.inventory.components.length} components (${first} first-party), time from ${result.timestampSource}${output ? `; wrote ${output}` : ""}`,
    );
    return ExitCode.Clean;
  },
};

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
