import { type PreparedRange, prepareRange } from "./match.js";

/** The parts of an OSV record (ossf.github.io/osv-schema) the gate reads. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  events: OsvEvent[];
}

export interface OsvAffected {
  package?: { ecosystem?: string; name?: string };
  ranges?: OsvRange[];
  versions?: string[];
  database_specific?: Record<string, unknown>;
}

export interface OsvRecord {
  id: string;
  modified?: string;
  withdrawn?: string;
  aliases?: string[];
  summary?: string;
  severity?: Array<{ type: string; score: string }>;
  affected?: OsvAffected[];
  database_specific?: Record<string, unknown>;
}

/** One npm package's affected data from one record, flattened for matching. */
export interface Advisory {
  id: string;
  aliases: string[];
  summary: string;
  malicious: boolean;
  severity: import("./severity.js").SeverityInfo;
  /** Ranges in order; each with its events validated and sorted (match.ts prepareRange). */
  ranges: PreparedRange[];
  versions: string[];
}

/** Reads one record's npm entries; undefined for a record that is not usable (withdrawn, no npm). */
export function npmAdvisories(
  record: OsvRecord,
  rate: (r: OsvRecord) => import("./severity.js").SeverityInfo,
): Array<[string, Advisory]> {
  if (typeof record?.id !== "string" || record.withdrawn !== undefined) return [];
  const out: Array<[string, Advisory]> = [];
  let severity: import("./severity.js").SeverityInfo | undefined;
  for (const a of Array.isArray(record.affected) ? record.affected : []) {
    if (a?.package?.ecosystem !== "npm" || typeof a.package.name !== "string") continue;
    const ranges = (Array.isArray(a.ranges) ? a.ranges : [])
      .filter((r) => (r?.type === "SEMVER" || r?.type === "ECOSYSTEM") && Array.isArray(r.events))
      .map((r) => prepareRange(r.events))
      .filter((r) => r.length > 0);
    const versions = Array.isArray(a.versions) ? a.versions.filter((v) => typeof v === "string") : [];
    if (ranges.length === 0 && versions.length === 0) continue;
    severity ??= rate(record);
    out.push([
      a.package.name,
      {
        id: record.id,
        aliases: Array.isArray(record.aliases) ? record.aliases.filter((x) => typeof x === "string") : [],
        summary: typeof record.summary === "string" ? record.summary : "",
        malicious: record.id.startsWith("MAL-"),
        severity,
        ranges,
        versions,
      },
    ]);
  }
  return out;
}
