// @rampart/core/ssh: SSH public keys, allowed_signers and the SSH wire format. A lean entry: it loads only these modules.
export {
  type AllowedSigner,
  allowsNamespace,
  allowsPrincipal,
  matchPattern,
  matchPatternList,
  type PolicyProblem,
  parseAllowedSigners,
  parseSshTime,
} from "../ssh/allowed-signers.js";
export {
  type EcdsaKeyType,
  FIDO_KEY_TYPES,
  parseSshPublicKey,
  parseSshPublicKeyLine,
  SSH_KEY_TYPES,
  type SshPublicKey,
  sshFingerprint,
} from "../ssh/key.js";
export { padStart, WireError, WireReader, wireMpint, wireString } from "../ssh/wire.js";
