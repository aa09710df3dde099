import { join } from "node:path";

// Through getBuiltinModule: an ESM import of node:fs builds its export wrapper, ~3 ms of CPU at every start.
const { lstatSync, readFileSync } = process.getBuiltinModule("node:fs");

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** A branch name git would write as a loose file (check-ref-format's rules, narrowed). */
const REF = /^refs\/heads\/(?!.*(?:\.\.|\/\/|@\{|\/\.|\.lock(?:\/|$)))[^\0-\x20\x7f~^:?*[\\]+(?<![/.])$/;

/**
 * HEAD's commit id as git would resolve it, read from the files of a repository that stores its
 * refs as files (`gitDir`: a main worktree's `.git`): `HEAD` itself (detached), or the branch it
 * names, loose (`refs/heads/...`) before packed (`packed-refs`), as git looks them up. No git
 * process. Undefined whenever anything is not that plain case (reftable storage, a ref that is
 * symbolic again or a symlink, an unborn branch, an unusual name, a read error): ask git then.
 * A caller must only ever use the answer as a cache key it compares with an id git gave.
 */
export function headFromFiles(gitDir: string): string | undefined {
  try {
    if (lstatSync(join(gitDir, "reftable"), { throwIfNoEntry: false }) !== undefined) return undefined;
    const head = readFileSync(join(gitDir, "HEAD"), "latin1");
    const text = head.endsWith("\n") ? head.slice(0, -1) : head;
    if (OID.test(text)) return text;
    if (!text.startsWith("ref: ")) return undefined;
    const ref = text.slice(5);
    if (!REF.test(ref)) return undefined;
    const loose = lstatSync(join(gitDir, ref), { throwIfNoEntry: false });
    if (loose !== undefined) {
      if (!loose.isFile()) return undefined;
      const value = readFileSync(join(gitDir, ref), "latin1");
      const oid = value.endsWith("\n") ? value.slice(0, -1) : value;
      return OID.test(oid) ? oid : undefined;
    }
    const packed = readFileSync(join(gitDir, "packed-refs"), "latin1");
    for (const line of packed.split("\n")) {
      const space = line.indexOf(" ");
      if (space > 0 && line.slice(space + 1) === ref) {
        const oid = line.slice(0, space);
        return OID.test(oid) ? oid : undefined;
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}
