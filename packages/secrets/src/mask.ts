/**
 * The only form in which a secret leaves the library unless the caller asks for it whole
 * (`showSecrets`): a short prefix, an ellipsis and the length. The prefix shrinks for short
 * secrets so that a password never shows more than a quarter of itself.
 */
export function maskSecret(secret: string): string {
  const length = secret.length;
  const keep = length >= 16 ? 4 : length >= 8 ? 2 : 0;
  // A private key block starts with "-----BEGIN": its prefix says nothing and wastes the budget.
  const prefix = secret.startsWith("-----") ? "" : secret.slice(0, keep);
  return `${prefix}…[${length}]`;
}
