import { describe, expect, it } from "vitest";
import { BLOCK_BEGIN, BLOCK_END, earlyExit, findBlock, insertBlock, removeBlock } from "../src/hook-block.js";

const block = `${BLOCK_BEGIN}\nrampart hook pre-commit\n${BLOCK_END}\n`;

describe("hook blocks", () => {
  it("creates a hook file holding only the block", () => {
    expect(insertBlock(null, block)).toBe(block);
  });

  it("appends after the user's own lines and finds itself again", () => {
    const mine = "npx lint-staged\n";
    const out = insertBlock(mine, block);
    expect(out).toBe(`npx lint-staged\n\n${block}`);
    expect(findBlock(out)?.block).toBe(block.trimEnd());
    expect(insertBlock(out, block)).toBe(out);
  });

  it("replaces an older block in place", () => {
    const old = `echo before\n${BLOCK_BEGIN}\nold line\n${BLOCK_END}\necho after\n`;
    expect(insertBlock(old, block)).toBe(`echo before\n${block}echo after\n`);
  });

  it("goes before a final exit, so the hook cannot end before it", () => {
    const out = insertBlock("echo hi\nexit 0\n", block);
    expect(out).toBe(`echo hi\n${block}exit 0\n`);
    expect(earlyExit(out)).toBeUndefined();
    expect(earlyExit(`exit 0\n${block}`)).toBe("exit 0");
  });

  it("removal gives back the user's file, or null when only the block was there", () => {
    const mine = "npx lint-staged\n";
    expect(removeBlock(insertBlock(mine, block))).toBe(mine);
    expect(removeBlock(block)).toBeNull();
  });
});
