// @rampart/core/config: The policy: .rampart/config.yaml read, validated and remembered, at a revision too. A lean entry: it loads only these modules.
export {
  assertNoMisplacedPolicy,
  CONFIG_FILE,
  type ConfigSection,
  defaultConfig,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  MISPLACED_POLICY_NAMES,
  misplacedPolicy,
  parseConfig,
  parseConfigCached,
  plainGitDir,
  policyCacheDir,
} from "../config.js";
export { CONFIG_SCHEMA_PATH, getConfigSchema } from "../config-schema.js";
export type {
  AuditPolicy,
  DepsPolicy,
  HooksPolicy,
  LockfilePolicy,
  RampartConfig,
  RampartPolicyFile,
  SbomPolicy,
  SecretsPolicy,
  SignaturesPolicy,
  WorkflowsPolicy,
} from "../config-types.js";
export { type AdoptedPolicy, adoptDeps, adoptedPolicy } from "../policy-adopt.js";
export {
  hasCommit,
  loadConfigAt,
  type ObjectReader,
  type PolicyAtRevision,
  type RevisionReadOptions,
  readFilesAt,
} from "../policy-at.js";
export { policyReaderInputs, type ReaderKeyRecord, recordReaderKey, useReaderKeyRecord } from "../policy-cache.js";
