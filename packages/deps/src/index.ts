// The one package.json licence reader lives in core (the SBOM reads licences the same way).
export { manifestLicense } from "@rampart/core/manifest";
export { changedVersions } from "./changes.js";
export { type CheckVulnerabilitiesOptions, checkVulnerabilities, type VulnerabilityStats } from "./check.js";
export { cvss3BaseScore } from "./cvss.js";
export {
  type AdvisoryDatabase,
  buildIndex,
  indexCacheDir,
  indexRecords,
  type LoadOptions,
  loadDatabase,
  loadDatabaseBytes,
  SNAPSHOT_FILE,
} from "./database.js";
export { type DepsErrorCode, errorCodes as depsErrorCodes } from "./error-codes.js";
export {
  type CheckChangeOptions,
  checkLockfileChange,
  licenseCacheProblem,
  licenseCacheUnverified,
  licenseFindings,
} from "./gate.js";
export { checkedUrl, fetchBounded } from "./http.js";
export {
  LICENSE_CACHE_FILE,
  type LicenseCache,
  type LicenseCacheRead,
  parseLicenseCache,
  readLicenseCache,
  readLicenseCacheAt,
  writeLicenseCache,
} from "./license-cache.js";
export { identifyLicenseText, licenseFromFiles, normaliseLicenseText, type TextVerdict } from "./license-text.js";
export { type FillLicenseCacheOptions, type FillLicenseCacheResult, fillLicenseCache } from "./license-update.js";
export {
  type CheckLicensesOptions,
  checkLicenses,
  type InventoryEntry,
  judge,
  type LicenseInfo,
  type LicensePolicy,
  licenseInventory,
  licenseOf,
  parseLicense,
  type Verdict,
} from "./licenses.js";
export { databaseLocation, userCacheDir } from "./location.js";
export { fixedVersion, inRange, isAffected } from "./match.js";
export {
  fetchOnline,
  mergeDatabases,
  NPM_REGISTRY,
  type OnlineOptions,
  type OnlineResult,
  type OnlineSource,
  OSV_API,
  onlineOptions,
  registryDeadlineMs,
  registryUrl,
} from "./online.js";
export type { Advisory, OsvAffected, OsvEvent, OsvRange, OsvRecord } from "./osv.js";
export {
  type DepsException,
  type DepsPolicy,
  exceptionMatches,
  isExpired,
  type VulnerabilityPolicy,
} from "./policy.js";
export {
  checkPushedLockfiles,
  type PushedCheckOptions,
  type PushedCheckResult,
  type PushedCheckStats,
} from "./push.js";
export {
  checkQuality,
  DEFAULT_MIN_RELEASE_AGE_DAYS,
  needsRegistryData,
  type QualityStats,
  qualityGaps,
  qualityModes,
} from "./quality.js";
export {
  REGISTRY_CONCURRENCY,
  REGISTRY_DEADLINE_MS,
  type RegistryInfo,
  readRegistryCache,
  refreshRegistryCache,
  registryCacheDir,
  type VersionMeta,
} from "./registry.js";
export { registryRoute, routeToRegistry } from "./route.js";
export { RULES, type RuleId } from "./rules.js";
export { LEVELS, type Level, levelOfScore, rateRecord, type SeverityInfo } from "./severity.js";
export { dataAgeDays, databaseFindings, describeDatabase } from "./stale.js";
export { editDistance, oneEditApart, popularNames, type Squat, skeleton, typosquatOf } from "./typosquat.js";
export { OSV_NPM_EXPORT, snapshotPath, type UpdateOptions, type UpdateResult, updateDatabase } from "./update.js";
export { readZip, ZipInvalid, type ZipLimits } from "./zip.js";
