import { parseTree } from "@rampart/core/git";
import { parseTag, type Signed, splitSignedTag } from "./git-object.js";
import type { GpgKeyring } from "./gpg.js";
import type { ObjectReader, Policy } from "./policy.js";
import type { SigCheck } from "./sig-check.js";

/** Verifies signatures against policies, keeping one gpg keyring per `.rampart/keys` tree. */
export class SignatureChecker {
  readonly #keyrings = new Map<string, Promise<GpgKeyring>>();

  /** `env` is what gpg and ssh-keygen run with (PATH to find them); default process.env. */
  constructor(readonly env?: NodeJS.ProcessEnv) {}

  async check(signed: Signed, policy: Policy): Promise<SigCheck> {
    if (signed.signature === undefined) return { status: "unsigned" };
    // The verifiers load on the first signature to check: a fully cached run needs neither.
    if (signed.kind === "ssh") {
      const { checkSshSignature } = await import("./verify-ssh.js");
      return checkSshSignature(signed.signature, signed.payload, policy, this.env);
    }
    if (signed.kind === "openpgp") {
      if (policy.gpgKeys.length === 0)
        return { status: "unknown-key", detail: "the policy has no .rampart/keys/*.asc" };
      return (await this.#keyring(policy)).verify(signed.signature, signed.payload);
    }
    if (signed.kind === "x509") {
      return { status: "unsupported", detail: "x509/gitsign signatures are not verified here; verify them in CI" };
    }
    return { status: "bad", detail: "the signature is in no format git knows" };
  }

  /** Signed tags embedded in a merge (`git merge <signed tag>`): the merged tag's signature. */
  async checkMergetags(mergetags: readonly Buffer[], policy: Policy): Promise<Array<SigCheck & { tag: string }>> {
    const out: Array<SigCheck & { tag: string }> = [];
    for (const raw of mergetags) {
      const signed = splitSignedTag(raw);
      if (signed.signature === undefined) continue; // an annotated tag without signature proves nothing either way
      out.push({ ...(await this.check(signed, policy)), tag: parseTag(raw).tag });
    }
    return out;
  }

  #keyring(policy: Policy): Promise<GpgKeyring> {
    let ring = this.#keyrings.get(policy.keysDigest);
    if (ring === undefined) {
      ring = import("./gpg.js").then(({ GpgKeyring }) => GpgKeyring.create(policy.gpgKeys, { env: this.env }));
      this.#keyrings.set(policy.keysDigest, ring);
    }
    return ring;
  }

  async close(): Promise<void> {
    for (const ring of this.#keyrings.values()) await (await ring.catch(() => undefined))?.close();
  }
}

/** Policies by `.rampart` tree id, and each commit's `.rampart` tree id, read once. */
export class PolicyStore {
  readonly #trees = new Map<string, Promise<string | null>>();
  readonly #fromRoot = new Map<string, Promise<string | null>>();
  readonly #roots = new Map<string, string>();
  readonly #policies = new Map<string, Promise<Policy>>();

  constructor(
    readonly batch: ObjectReader,
    readonly load: (treeOid: string) => Promise<Policy>,
    readonly oidBytes = 20,
  ) {}

  /** Records a commit's root tree (from its object): many commits share one, so lookups are shared too. */
  knowRoot(commit: string, rootTree: string): void {
    this.#roots.set(commit, rootTree);
  }

  /** The `.rampart` tree id of a commit (or tag/ref resolving to one), null when it has none. */
  treeOf(rev: string): Promise<string | null> {
    const root = this.#roots.get(rev);
    if (root !== undefined) return this.#rampartIn(root);
    let tree = this.#trees.get(rev);
    if (tree === undefined) {
      tree = this.batch.read(`${rev}:.rampart`).then((o) => (o?.type === "tree" ? o.oid : null));
      this.#trees.set(rev, tree);
    }
    return tree;
  }

  #rampartIn(rootTree: string): Promise<string | null> {
    let tree = this.#fromRoot.get(rootTree);
    if (tree === undefined) {
      tree = this.batch.read(rootTree).then((o) => {
        const entry = o ? parseTree(o.content, this.oidBytes).find((e) => e.name === ".rampart") : undefined;
        return entry?.mode === "40000" ? entry.oid : null;
      });
      this.#fromRoot.set(rootTree, tree);
    }
    return tree;
  }

  policy(treeOid: string): Promise<Policy> {
    let p = this.#policies.get(treeOid);
    if (p === undefined) {
      p = this.load(treeOid);
      this.#policies.set(treeOid, p);
    }
    return p;
  }

  async policyOf(rev: string): Promise<Policy | null> {
    const tree = await this.treeOf(rev);
    return tree === null ? null : this.policy(tree);
  }
}

/** DCO: a Signed-off-by trailer with the author's email (names vary in spelling, emails less so). */
export function hasSignoff(message: string, authorEmail: string | undefined): boolean {
  if (!authorEmail) return false;
  const email = authorEmail.toLowerCase();
  for (const m of message.matchAll(/^Signed-off-by:\s*.*<([^>]+)>\s*$/gim)) {
    if (m[1]?.toLowerCase() === email) return true;
  }
  return false;
}
