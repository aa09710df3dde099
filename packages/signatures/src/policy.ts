import { parseConfig, parseConfigCached } from "@rampart/core/config";
import { isRampartError } from "@rampart/core/errors";
import type { CatFileBatch } from "@rampart/core/git";
import { parseTree } from "@rampart/core/git";
import { type AllowedSigner, type PolicyProblem, parseAllowedSigners } from "@rampart/core/ssh";

/** What reading objects needs: core's CatFileBatch, or a lazy wrapper around it. */
export type ObjectReader = Pick<CatFileBatch, "read">;

export const POLICY_DIR = ".rampart";
const SIGNERS_FILE = `${POLICY_DIR}/allowed_signers`;
const CONFIG_FILE = `${POLICY_DIR}/config.yaml`;

export interface GpgKeyFile {
  /** Path in the repository, e.g. .rampart/keys/alice@example.org.asc */
  file: string;
  /** The file name without .asc: the principal a good OpenPGP signature is reported as. */
  principal: string;
  armored: string;
}

/** The signature policy as one commit holds it in `.rampart/`. */
export interface Policy {
  /** The `.rampart` tree id: the policy's digest (same tree, same policy). */
  digest: string;
  /** False when `.rampart/` holds no signature policy (no signatures section, signers or keys). */
  active: boolean;
  required: boolean;
  since?: string;
  dco: boolean;
  policyAdmins: string[];
  protectedBranches?: string[];
  signers: AllowedSigner[];
  gpgKeys: GpgKeyFile[];
  /** Tree id of .rampart/keys (the keyring's identity for the gpg cache), "" when none. */
  keysDigest: string;
  problems: PolicyProblem[];
}

function asStringList(value: unknown, field: string, problems: PolicyProblem[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  problems.push({ file: CONFIG_FILE, message: `signatures.${field} must be a list of strings` });
  return undefined;
}

function readConfig(text: string | undefined, policy: Policy, commonDir: string | undefined): void {
  if (text === undefined) return;
  let doc: unknown;
  try {
    // core's one policy reader: the same YAML rules (no tags, no warnings echoing source lines)
    // and the same schema as every other command.
    doc = commonDir === undefined ? parseConfig(text, CONFIG_FILE) : parseConfigCached(text, CONFIG_FILE, commonDir);
  } catch (error) {
    if (!isRampartError(error)) throw error;
    policy.active = true; // an unreadable policy never means "no policy": it is reported, and judged
    policy.problems.push({ file: CONFIG_FILE, line: error.line, message: error.message });
    return;
  }
  const section = (doc as { signatures?: unknown } | null)?.signatures;
  if (section === undefined || section === null) return;
  if (typeof section !== "object" || Array.isArray(section)) {
    policy.problems.push({ file: CONFIG_FILE, message: "signatures must be a mapping" });
    return;
  }
  const s = section as Record<string, unknown>;
  policy.active = true;
  if (typeof s.required === "boolean") policy.required = s.required;
  if (typeof s.dco === "boolean") policy.dco = s.dco;
  if (typeof s.since === "string" && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(s.since)) policy.since = s.since;
  else if (s.since !== undefined) {
    policy.problems.push({ file: CONFIG_FILE, message: "signatures.since must be a full commit id (40 hex digits)" });
  }
  policy.policyAdmins = asStringList(s.policyAdmins, "policyAdmins", policy.problems) ?? [];
  const branches = asStringList(s.protectedBranches, "protectedBranches", policy.problems);
  if (branches) policy.protectedBranches = branches;
}

/**
 * Reads the policy from a `.rampart` tree. Bad content becomes `problems`, never an exception.
 * With git's `commonDir`, config.yaml's parsed form is remembered there (core's policy cache).
 */
export async function loadPolicy(
  batch: ObjectReader,
  treeOid: string,
  oidBytes = 20,
  commonDir?: string,
): Promise<Policy> {
  const policy: Policy = {
    digest: treeOid,
    active: false,
    required: true,
    dco: false,
    policyAdmins: [],
    signers: [],
    gpgKeys: [],
    keysDigest: "",
    problems: [],
  };
  const tree = await batch.read(treeOid);
  const entries = tree ? parseTree(tree.content, oidBytes) : [];
  const blob = async (name: string) => {
    const e = entries.find((x) => x.name === name && !x.mode.startsWith("4"));
    if (e === undefined) return undefined;
    if (e.mode === "120000" || e.mode === "160000") {
      // Git stores a symlink as its target's path and a submodule as a commit: read here, either
      // would list no signer, which is the bootstrap exemption. A policy file, never none.
      policy.active = true;
      policy.problems.push({
        file: `${POLICY_DIR}/${name}`,
        message: `${POLICY_DIR}/${name} is ${e.mode === "120000" ? "a symlink" : "a submodule"}: git stores no file there, so nothing in it is read`,
      });
      return "";
    }
    return (await batch.read(e.oid))?.content.toString("utf8");
  };
  readConfig(await blob("config.yaml"), policy, commonDir);
  const signersText = await blob("allowed_signers");
  if (signersText !== undefined) {
    const parsed = parseAllowedSigners(signersText, SIGNERS_FILE);
    policy.signers = parsed.entries;
    policy.problems.push(...parsed.problems);
  }
  const linkedKeys = entries.find((e) => e.name === "keys" && (e.mode === "120000" || e.mode === "160000"));
  if (linkedKeys !== undefined) {
    policy.active = true;
    policy.problems.push({
      file: `${POLICY_DIR}/keys`,
      message: `${POLICY_DIR}/keys is ${linkedKeys.mode === "120000" ? "a symlink" : "a submodule"}: git stores no folder there, so no key in it is read`,
    });
  }
  const keys = entries.find((e) => e.name === "keys" && e.mode.startsWith("4"));
  if (keys) {
    policy.keysDigest = keys.oid;
    const keyTree = await batch.read(keys.oid);
    for (const e of keyTree ? parseTree(keyTree.content, oidBytes) : []) {
      if (!e.name.endsWith(".asc") || e.mode.startsWith("4")) continue;
      const armored = (await batch.read(e.oid))?.content.toString("utf8") ?? "";
      policy.gpgKeys.push({ file: `${POLICY_DIR}/keys/${e.name}`, principal: e.name.slice(0, -4), armored });
    }
  }
  policy.active ||= policy.signers.length > 0 || policy.gpgKeys.length > 0 || signersText !== undefined;
  return policy;
}
