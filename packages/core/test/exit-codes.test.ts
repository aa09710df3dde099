import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";

describe("ExitCode", () => {
  it("is 0 clean, 1 findings, 2 could not run", () => {
    expect(ExitCode).toEqual({ Clean: 0, Findings: 1, Error: 2 });
  });
});
