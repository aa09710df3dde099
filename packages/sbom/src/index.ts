export { type AllowedSigner, ATTESTATION_NAMESPACE, parseAllowedSigners } from "./attest/allowed-signers.js";
export { type AttestOptions, type AttestResult, attest } from "./attest/attest.js";
export { type Envelope, IN_TOTO_PAYLOAD_TYPE, pae, parseEnvelope } from "./attest/dsse.js";
export { type PublicKey, parseSigningKey, type SigningKey, sshFingerprint } from "./attest/keys.js";
export { parsePublicKey } from "./attest/public-key.js";
export { DEFAULT_PREDICATE_TYPE, STATEMENT_TYPE, type Statement } from "./attest/statement.js";
export {
  DEFAULT_ALLOWED_SIGNERS,
  type VerifiedEnvelope,
  type VerifyOptions,
  type VerifyStats,
  verifyAttestation,
} from "./attest/verify.js";
export { errorCodes as sbomErrorCodes, type SbomErrorCode } from "./error-codes.js";
export { loadSbomConfig, type SbomConfig } from "./sbom/config.js";
export { CYCLONEDX_VERSIONS, type CycloneDxVersion } from "./sbom/cyclonedx.js";
export { generateSbom, type SbomOptions, type SbomResult } from "./sbom/generate.js";
export type { Inventory, InventoryComponent, Manifest } from "./sbom/inventory.js";
export { assertMayWrite } from "./sbom/output.js";
export { type Rendered, type RenderOptions, renderSbom, SBOM_FORMATS, type SbomFormat } from "./sbom/render.js";
