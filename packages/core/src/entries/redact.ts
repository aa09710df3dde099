// @rampart/core/redact: Masking of secrets and credentials in text and objects. A lean entry: it loads only these modules.
export {
  type DecodedText,
  decodeEscapesOnce,
  decodePercent,
  FURY_PATH_TOKEN,
  hasCredentialUserinfo,
  httpUrlPath,
  maskSecret,
  redact,
  redactDeep,
  redactFinding,
  redactUrl,
  stripCredentialsDeep,
  stripUrlCredentials,
  stripUrlCredentialsUngated,
} from "../redact.js";
