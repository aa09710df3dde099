/**
 * Inline allow comments: ours, and those of the tools teams migrate from (gitleaks, secretlint,
 * detect-secrets), so an existing codebase does not need its annotations rewritten.
 */
const ALLOW = /rampart:allow|gitleaks:allow|secretlint-disable-line|pragma: allowlist secret/;

/** Cheap pre-check: most texts have no allow comment at all, so lines are never split. */
export function hasAllowComment(text: string): boolean {
  return ALLOW.test(text);
}

/** True when the line holding offset `start` (or `end`, for multi-line matches) carries one. */
export function isAllowedAt(text: string, start: number, end: number): boolean {
  return ALLOW.test(lineAround(text, start)) || ALLOW.test(lineAround(text, Math.max(start, end - 1)));
}

function lineAround(text: string, offset: number): string {
  const from = text.lastIndexOf("\n", offset - 1) + 1;
  let to = text.indexOf("\n", offset);
  if (to < 0) to = text.length;
  return text.slice(from, to);
}
