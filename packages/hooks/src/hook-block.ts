/**
 * rampart's lines in a hook file live between two marker comments, so that they can be added to
 * a hook someone else wrote, found again (doctor), replaced (upgrade) and removed (uninstall)
 * without touching the lines around them.
 */
export const BLOCK_BEGIN = "# >>> rampart (managed by `rampart init`; `rampart hooks uninstall` removes this block)";
export const BLOCK_END = "# <<< rampart";

export interface BlockLocation {
  /** The block's text, markers included, without the final newline. */
  block: string;
  /** Lines before the block. */
  before: string[];
}

export function findBlock(content: string): BlockLocation | undefined {
  const lines = content.split("\n");
  const start = lines.indexOf(BLOCK_BEGIN);
  if (start < 0) return undefined;
  const end = lines.indexOf(BLOCK_END, start);
  if (end < 0) return undefined;
  return { block: lines.slice(start, end + 1).join("\n"), before: lines.slice(0, start) };
}

/** `content` with `block` in it: replaced in place, or added before a final top-level `exit`, or appended. */
export function insertBlock(content: string | null, block: string): string {
  const body = block.endsWith("\n") ? block : `${block}\n`;
  if (content === null || content.trim() === "") return body;
  const found = findBlock(content);
  if (found) return content.replace(found.block, body.trimEnd());
  const lines = content.replace(/\n$/, "").split("\n");
  const exitAt = lines.findIndex((l) => /^exit\b/.test(l));
  if (exitAt >= 0) {
    return [...lines.slice(0, exitAt), body.trimEnd(), ...lines.slice(exitAt)].join("\n").concat("\n");
  }
  return `${lines.join("\n")}\n\n${body}`;
}

/** `content` without rampart's block (and the blank line put before it); null when nothing else is left. */
export function removeBlock(content: string): string | null {
  const found = findBlock(content);
  if (!found) return content;
  let out = content.replace(`${found.block}\n`, "").replace(found.block, "");
  out = out.replace(/\n\n+$/, "\n").replace(/\n\n(\n)+/g, "\n\n");
  return out.trim() === "" ? null : out;
}

/** Lines before the block that end the script early (`exit 0`), which would silently skip rampart. */
export function earlyExit(content: string): string | undefined {
  const found = findBlock(content);
  if (!found) return undefined;
  return found.before.find((l) => /^\s*exit(\s+0)?\s*(#.*)?$/.test(l));
}
