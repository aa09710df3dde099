import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import type { AuditContext } from "../context.js";
import { result, type ScorecardCheck } from "./model.js";

/** Scorecard's list of executable-artefact extensions. */
const EXTENSIONS = new Set(
  "crx deb dex dey elf o a so macho iso class jar bundle dylib lib msi dll drv efi exe ocx pyc pyo par rpm wasm whl".split(
    " ",
  ),
);
/** Extensions that are never executables, so their bytes are not read. */
const TEXT =
  /\.(?:[cm]?[jt]sx?|json5?|ya?ml|md|markdown|txt|html?|css|scss|svg|xml|toml|lock|sh|py|go|rs|rb|java|kt|c|h|cc|cpp|hpp|cs|php|sql|csv|ini|cfg|conf|gitignore|gitattributes|editorconfig|png|jpe?g|gif|ico|webp|pdf|woff2?|ttf|otf|eot|snap|map)$/i;

/** Executable formats recognised by their first bytes: ELF, PE (MZ), Mach-O, Java class, WebAssembly. */
export function executableMagic(head: Buffer): string | undefined {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x7f454c46) return "ELF";
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return "PE";
  if (head.length >= 4) {
    const m = head.readUInt32BE(0);
    if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(m)) return "Mach-O";
    if (m === 0xcafebabe) return "Java class / Mach-O universal";
    if (m === 0x0061736d) return "WebAssembly";
  }
  return undefined;
}

/** Binary-Artifacts: one point off per committed executable, from 10 (Scorecard). Validated gradle wrappers excepted. */
export const scorecardCheck: ScorecardCheck = {
  name: "Binary-Artifacts",
  framework: "BLD-9",
  run(ctx) {
    const found = binaryArtifacts(ctx);
    const details = found.slice(0, 10).map((b) => ({ file: b.file, text: `binary artefact (${b.kind})` }));
    return result(
      this,
      Math.max(0, 10 - found.length),
      found.length === 0 ? "no binaries found in the repo" : `binaries present in source code: ${found.length}`,
      details,
    );
  },
};

export function binaryArtifacts(ctx: AuditContext): Array<{ file: string; kind: string }> {
  const out: Array<{ file: string; kind: string }> = [];
  const head = Buffer.alloc(4);
  for (const file of ctx.files()) {
    if (/(^|\/)node_modules\//.test(file) || /(^|\/)gradle-wrapper\.jar$/.test(file)) continue;
    const ext = /\.([^./]+)$/.exec(file)?.[1]?.toLowerCase();
    if (ext && EXTENSIONS.has(ext)) {
      out.push({ file, kind: `.${ext}` });
      continue;
    }
    if (TEXT.test(file)) continue;
    let fd: number | undefined;
    try {
      fd = openSync(join(ctx.root, file), "r");
      const n = readSync(fd, head, 0, 4, 0);
      const kind = executableMagic(head.subarray(0, n));
      if (kind) out.push({ file, kind });
    } catch {
      // unreadable (a symlink to nowhere, a directory): not an artefact
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return out;
}
