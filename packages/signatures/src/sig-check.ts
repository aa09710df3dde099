/** What one signature (a commit's gpgsig or a mergetag's) amounts to under one policy, clock aside. */
export interface SigCheck {
  status: "good" | "unsigned" | "bad" | "unknown-key" | "key-not-allowed" | "unsupported" | "error";
  /** The signer's principals (allowed_signers) or key file name (OpenPGP) when the key is known. */
  principals?: string[];
  /** SHA256:... for SSH keys, the primary key fingerprint for OpenPGP. */
  fingerprint?: string;
  /**
   * Validity windows of the policy entries that accept this key, epoch ms (null: open). The clock
   * is applied later (see finalize), so a cached check stays correct as time passes.
   */
  windows?: Array<[after: number | null, before: number | null]>;
  detail?: string;
}

/** The window that accepts `at`, or the reason none does. */
export function windowAt(check: SigCheck, at: number): "ok" | "expired" | "not-yet-valid" {
  const windows = check.windows ?? [];
  if (windows.length === 0) return "ok";
  let expired = false;
  // Indexed, not destructured: this runs for every commit of a cached run, mostly uncompiled.
  for (const w of windows) {
    const after = w[0];
    const before = w[1];
    if ((after === null || at >= after) && (before === null || at <= before)) return "ok";
    if (before !== null && at > before) expired = true;
  }
  return expired ? "expired" : "not-yet-valid";
}
