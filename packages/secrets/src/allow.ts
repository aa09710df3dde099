import { LONG_LINE } from "./classify.js";

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

/**
 * The line around `offset`, as the long-line test reads lines (classify.ts): \n, \r, U+2028 and
 * U+2029 end one, so a comment on the line above in a file with CR-only ends is not on this one.
 * On a line longer than LONG_LINE (minified code, one-line JSON) only LONG_LINE characters either
 * side count: a bundle whose docs mention `pragma: allowlist secret` allows no key 5,000
 * characters further on.
 */
function lineAround(text: string, offset: number): string {
  let from = offset;
  while (from > 0 && offset - from < LONG_LINE && !isLineEnd(text.charCodeAt(from - 1))) from--;
  let to = offset;
  while (to < text.length && to - offset < LONG_LINE && !isLineEnd(text.charCodeAt(to))) to++;
  return text.slice(from, to);
}

function isLineEnd(ch: number): boolean {
  return ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029;
}
