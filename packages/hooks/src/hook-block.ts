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

/**
 * `content` with `block` in it, first: right after the shebang line (a blank line between it and
 * the user's lines). First, so that nothing the user wrote before it can keep it from running:
 * husky runs hooks with `sh -e`, so any failing line, `set -e`, or an `exit 0` in a condition
 * would end the script before a block at the end. A block already first is replaced in place;
 * one below the user's commands (older rampart appended it) is moved up.
 */
export function insertBlock(content: string | null, block: string): string {
  const body = block.endsWith("\n") ? block : `${block}\n`;
  if (content === null || content.trim() === "") return body;
  const found = findBlock(content);
  if (found && !hasCommands(found.before)) return content.replace(found.block, body.trimEnd());
  const rest = found ? (removeBlock(content) ?? "") : content;
  if (rest.trim() === "") return body;
  const lines = rest.replace(/\n$/, "").split("\n");
  const shebang = lines[0]?.startsWith("#!") ? [lines[0]] : [];
  const tail = lines.slice(shebang.length);
  while (tail[0]?.trim() === "") tail.shift();
  return [...shebang, body.trimEnd(), ...(tail.length > 0 ? ["", ...tail] : [])].join("\n").concat("\n");
}

/** Lines that run something (not blank, not a comment or shebang). */
function hasCommands(lines: readonly string[]): boolean {
  return lines.some((l) => l.trim() !== "" && !l.trim().startsWith("#"));
}

/** `content` without rampart's block (and the blank line put before it); null when nothing else is left. */
export function removeBlock(content: string): string | null {
  const found = findBlock(content);
  if (!found) return content;
  let out = content.includes(`\n\n${found.block}\n`)
    ? content.replace(`\n\n${found.block}\n`, "\n")
    : content.includes(`${found.block}\n\n`)
      ? content.replace(`${found.block}\n\n`, "")
      : content.replace(`${found.block}\n`, "").replace(found.block, "");
  out = out.replace(/\n\n+$/, "\n").replace(/\n\n(\n)+/g, "\n\n");
  return out.trim() === "" ? null : out;
}

/** Lines before the block that end the script early (`exit 0`), which would silently skip rampart. */
export function earlyExit(content: string): string | undefined {
  const found = findBlock(content);
  if (!found) return undefined;
  return found.before.find((l) => /^\s*exit(\s+0)?\s*(#.*)?$/.test(l));
}
