import { DEFAULT_SECRETS_MAX_FILE_SIZE } from "@rampart/core/config";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_FILE_SIZE } from "../src/options.js";

// core judges an adopting change's secrets.maxFileSize against the default (policy-adopt.ts); the
// scanner keeps its own copy so that a hook does not load core's policy entry for one number.
describe("secrets' defaults as core's policy layer knows them", () => {
  it("maxFileSize", () => {
    expect(DEFAULT_MAX_FILE_SIZE).toBe(DEFAULT_SECRETS_MAX_FILE_SIZE);
  });
});
