import { describe, expect, it } from "vitest";
import { createPaint, shouldUseColor } from "../src/color.js";

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe("shouldUseColor", () => {
  it.each([
    [{ stream: tty, env: {} }, true],
    [{ stream: pipe, env: {} }, false],
    [{ stream: tty, env: {}, noColor: true }, false],
    [{ stream: tty, env: { NO_COLOR: "1" } }, false],
    [{ stream: tty, env: { NO_COLOR: "" } }, true],
    [{ stream: pipe, env: { FORCE_COLOR: "1" } }, true],
    [{ stream: tty, env: { FORCE_COLOR: "0" } }, false],
    [{ stream: pipe, env: { FORCE_COLOR: "1", NO_COLOR: "1" } }, false],
    [{ stream: pipe, env: { FORCE_COLOR: "1" }, noColor: true }, false],
    [{ stream: tty, env: { TERM: "dumb" } }, false],
  ])("%j -> %s", (options, expected) => {
    expect(shouldUseColor(options)).toBe(expected);
  });
});

describe("createPaint", () => {
  it("styles only when enabled", () => {
    expect(createPaint(false)("red", "x")).toBe("x");
    expect(createPaint(true)("red", "x")).toBe("\u001b[31mx\u001b[39m");
  });
});
