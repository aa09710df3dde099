import { expect, test } from "vitest";
import { parsePushLines } from "../src/pre-push.js";

const A = "a".repeat(40);
const Z = "0".repeat(40);
const S = "b".repeat(64);

test("one parser for git's pre-push lines: SHA-1 and SHA-256 ids, blank lines skipped", () => {
  expect(parsePushLines([`refs/heads/x ${A} refs/heads/x ${Z}`, "", `refs/heads/y ${S} refs/heads/y ${S}`])).toEqual([
    { localRef: "refs/heads/x", localOid: A, remoteRef: "refs/heads/x", remoteOid: Z },
    { localRef: "refs/heads/y", localOid: S, remoteRef: "refs/heads/y", remoteOid: S },
  ]);
});

test.each([
  `refs/heads/x ${A}`,
  `refs/heads/x ${A} refs/heads/x ${A} extra`,
  `refs/heads/x ${A.slice(1)}g refs/heads/x ${A}`,
  `refs/heads/x ${A} refs/heads/x ${"c".repeat(41)}`,
])("a malformed line (%s) is a usage error naming line 2", (line) => {
  expect(() => parsePushLines([`refs/heads/ok ${A} refs/heads/ok ${A}`, line])).toThrow(
    expect.objectContaining({ code: "USAGE_INVALID", line: 2 }),
  );
});
