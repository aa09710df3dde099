import { describe, expect, it } from "vitest";
import { BLOCK_BEGIN, BLOCK_END, earlyExit, findBlock, insertBlock, removeBlock } from "../src/hook-block.js";

const block = `${BLOCK_BEGIN}\nrampart hook pre-commit\n${BLOCK_END}\n`;

describe("hook blocks", () => {
  it("creates a hook file holding only the block", () => {
    expect(insertBlock(null, block)).toBe(block);
  });

  it("goes before the user's own lines (after a shebang) and finds itself again", () => {
    const mine = "npx lint-staged\n";
    const out = insertBlock(mine, block);
    expect(out).toBe(`${block}\nnpx lint-staged\n`);
    expect(insertBlock(`#!/bin/sh\n${mine}`, block)).toBe(`#!/bin/sh\n${block}\nnpx lint-staged\n`);
    expect(findBlock(out)?.block).toBe(block.trimEnd());
    expect(insertBlock(out, block)).toBe(out);
  });

  it("replaces an older block in place when it is first, and moves one below the user's commands up", () => {
    const first = `#!/bin/sh\n# mine\n${BLOCK_BEGIN}\nold line\n${BLOCK_END}\necho after\n`;
    expect(insertBlock(first, block)).toBe(`#!/bin/sh\n# mine\n${block}echo after\n`);
    const below = `echo before\n\n${BLOCK_BEGIN}\nold line\n${BLOCK_END}\necho after\n`;
    expect(insertBlock(below, block)).toBe(`${block}\necho before\necho after\n`);
  });

  it("runs before lines that could end the hook early (set -e, a failing command, a conditional exit)", () => {
    const out = insertBlock('set -e\nfalse\n[ -n "$X" ] || exit 0\nexit 0\n', block);
    expect(out).toBe(`${block}\nset -e\nfalse\n[ -n "$X" ] || exit 0\nexit 0\n`);
    expect(earlyExit(out)).toBeUndefined();
    expect(earlyExit(`exit 0\n${block}`)).toBe("exit 0");
  });

  it("removal gives back the user's file, or null when only the block was there", () => {
    const mine = "npx lint-staged\n";
    expect(removeBlock(insertBlock(mine, block))).toBe(mine);
    expect(removeBlock(insertBlock(`#!/bin/sh\n${mine}`, block))).toBe(`#!/bin/sh\n${mine}`);
    expect(removeBlock(`${mine}\n${block}`)).toBe(mine);
    expect(removeBlock(block)).toBeNull();
  });
});
