import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";

describe("ExitCode", () => {
  it("is 0 clean, 1 findings, 2 could not run, 130 interrupted at a prompt", () => {
    expect(ExitCode).toEqual({ Clean: 0, Findings: 1, Error: 2, Interrupted: 130 });
  });
});
