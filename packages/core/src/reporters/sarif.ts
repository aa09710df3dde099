import type { CheckResult, Finding } from "../findings.js";
import { reportedFindings, reportedNotJudged } from "./prepare.js";
import type { NotJudged, ReportOptions, RuleInfo } from "./types.js";

// The fingerprint key: versioned so that a change of the fingerprint recipe does not silently
// match (or fail to match) results uploaded by an older rampart.
const FINGERPRINT_KEY = "rampart/v1";

/**
 * Where a finding about a commit (not a file) is shown: GitHub code scanning needs a physical
 * location on every result, so it is the policy file that decided (the commit is in properties).
 */
export const COMMIT_FINDING_PATH = ".rampart/config.yaml";

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
        invocations: [invocation(reportedNotJudged(options))],
        columnKind: "utf16CodeUnits",
        results: findings.map((f) => toResult(f, index.get(f.ruleId) ?? 0)),
      },
    ],
  };
}

/**
 * The run's invocation: successful, or, when inputs could not be judged, not (exit code 2), with
 * one error notification per input naming its file and line: an upload shows what went unjudged.
 */
function invocation(notJudged: readonly NotJudged[]): Record<string, unknown> {
  if (notJudged.length === 0) return { executionSuccessful: true };
  return {
    executionSuccessful: false,
    exitCode: 2,
    toolExecutionNotifications: notJudged.map((e) => ({
      level: "error",
      message: { text: e.hint ? `${e.message}. Hint: ${e.hint}` : e.message },
      ...(e.code ? { descriptor: { id: e.code } } : {}),
      ...(e.file === undefined
        ? {}
        : {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: toUri(e.file), uriBaseId: "%SRCROOT%" },
                  ...(e.line === undefined ? {} : { region: { startLine: e.line } }),
                },
              },
            ],
          }),
    })),
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
  const own = findings.filter((f) => f.ruleId === id);
  const short = info?.description ?? own[0]?.message.replace(/\s+/g, " ").slice(0, 200) ?? id;
  const hints = [...new Set(own.map((f) => f.hint).filter((h): h is string => h !== undefined))].sort();
  const helpText = info?.help ?? (hints.length > 0 ? hints.join("\n") : `See ${info?.helpUri ?? "rampart's README"}.`);
  const rule: Record<string, unknown> = {
    id,
    name: ruleName(id),
    shortDescription: { text: short },
    fullDescription: { text: info?.fullDescription ?? short },
    help: { text: helpText, markdown: helpText },
  };
  if (info?.helpUri) rule.helpUri = info.helpUri;
  const sorted = [...framework].sort();
  const severity = info?.securitySeverity ?? (own.some((f) => f.severity === "error") || own.length === 0 ? 7.0 : 4.0);
  const confidence = own.map((f) => f.confidence ?? "high");
  const precision =
    info?.precision ?? (confidence.includes("low") ? "low" : confidence.includes("medium") ? "medium" : "high");
  rule.properties = {
    tags: ["security", ...sorted],
    framework: sorted,
    "security-severity": severity.toFixed(1),
    precision,
  };
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
  } else {
    // A finding about a commit or the repository, not a file (an unsigned commit): GitHub needs a
    // physical location, so the policy file that decided; the commit as a logical location too.
    out.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri: COMMIT_FINDING_PATH, uriBaseId: "%SRCROOT%" },
          region: { startLine: 1 },
        },
        ...(f.commit === undefined ? {} : { logicalLocations: [{ name: f.commit, kind: "commit" }] }),
      },
    ];
  }
  out.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
  const properties: Record<string, unknown> = { framework: f.framework };
  if (f.commit !== undefined) properties.commit = f.commit;
  if (f.confidence !== undefined) properties.confidence = f.confidence;
  if (f.properties !== undefined) properties.details = f.properties;
  out.properties = properties;
  return out;
}

/** "secrets/aws-access-key-id" -> "SecretsAwsAccessKeyId" (SARIF's reportingDescriptor.name). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== "")
    .map((p) => p[0]?.toUpperCase() + p.slice(1))
    .join("");
}

/**
 * The SARIF log of a command that could not run: one run, no results, the error in
 * `invocations` (executionSuccessful false, a toolExecutionNotification with the message), so
 * an upload step still gets a valid file and shows why there are no results.
 */
export function sarifFailure(
  error: { code?: string; message: string; hint?: string },
  options: Pick<ReportOptions, "command" | "version">,
): string {
  const doc = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "rampart", version: options.version, semanticVersion: options.version, rules: [] } },
        automationDetails: { id: `rampart/${options.command.replaceAll(" ", "-")}/` },
        invocations: [
          {
            executionSuccessful: false,
            exitCode: 2,
            toolExecutionNotifications: [
              {
                level: "error",
                message: { text: error.hint ? `${error.message}. Hint: ${error.hint}` : error.message },
                ...(error.code ? { descriptor: { id: error.code } } : {}),
              },
            ],
          },
        ],
        columnKind: "utf16CodeUnits",
        results: [],
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A repo-relative path as a relative URI reference: each segment percent-encoded. */
function toUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}
