import type { CheckResult, Finding } from "../findings.js";
import { reportedFindings } from "./prepare.js";
import type { ReportOptions, RuleInfo } from "./types.js";

// The fingerprint key: versioned so that a change of the fingerprint recipe does not silently
// match (or fail to match) results uploaded by an older rampart.
const FINGERPRINT_KEY = "rampart/v1";

/**
 * SARIF 2.1.0: one run, its rules taken from the findings' rule ids (described by
 * `options.rules` where given), one result per finding with its location, a partial fingerprint
 * and the framework ids as properties and tags. Valid against the SARIF 2.1.0 schema (tested).
 */
export function toSarif(result: CheckResult<object>, options: ReportOptions): Record<string, unknown> {
  const findings = reportedFindings(result, options);
  const known = new Map((options.rules ?? []).map((r) => [r.id, r]));
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "rampart",
            version: options.version,
            semanticVersion: options.version,
            rules: ruleIds.map((id) => toRule(id, known.get(id), findings)),
          },
        },
        automationDetails: { id: `rampart/${options.command.replaceAll(" ", "-")}/` },
        invocations: [{ executionSuccessful: true }],
        columnKind: "utf16CodeUnits",
        results: findings.map((f) => toResult(f, index.get(f.ruleId) ?? 0)),
      },
    ],
  };
}

export function renderSarif(result: CheckResult<object>, options: ReportOptions): string {
  return `${JSON.stringify(toSarif(result, options), null, 2)}\n`;
}

function toRule(id: string, info: RuleInfo | undefined, findings: readonly Finding[]): Record<string, unknown> {
  // Framework ids of a rule: as declared, else the union over its findings.
  const framework = info?.framework ?? [
    ...new Set(findings.filter((f) => f.ruleId === id).flatMap((f) => f.framework)),
  ];
  const rule: Record<string, unknown> = { id, shortDescription: { text: info?.description ?? id } };
  if (info?.helpUri) rule.helpUri = info.helpUri;
  const sorted = [...framework].sort();
  rule.properties = { tags: ["security", ...sorted], framework: sorted };
  return rule;
}

function toResult(f: Finding, ruleIndex: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.severity === "error" ? "error" : "warning",
    message: { text: f.hint ? `${f.message}. Hint: ${f.hint}` : f.message },
  };
  if (f.file !== undefined) {
    const physicalLocation: Record<string, unknown> = {
      artifactLocation: { uri: toUri(f.file), uriBaseId: "%SRCROOT%" },
    };
    if (f.line !== undefined) {
      physicalLocation.region =
        f.column === undefined ? { startLine: f.line } : { startLine: f.line, startColumn: f.column };
    }
    out.locations = [{ physicalLocation }];
  } else if (f.commit !== undefined) {
    // A finding about a commit, not a file (an unsigned commit): named as a logical location.
    out.locations = [{ logicalLocations: [{ name: f.commit, kind: "commit" }] }];
  }
  out.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
  const properties: Record<string, unknown> = { framework: f.framework };
  if (f.commit !== undefined) properties.commit = f.commit;
  if (f.confidence !== undefined) properties.confidence = f.confidence;
  if (f.properties !== undefined) properties.details = f.properties;
  out.properties = properties;
  return out;
}

/** A repo-relative path as a relative URI reference: each segment percent-encoded. */
function toUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}
