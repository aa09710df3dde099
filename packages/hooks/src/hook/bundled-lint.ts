// commitlint is ESM only, and Node cannot load ESM while it builds a startup snapshot, so the
// commit-msg hook imports the project's @commitlint/lint on every commit (~80 modules, ~20 ms).
// The CLI's snapshot holds one copy of it converted to CommonJS at rampart's build (the CLI's
// hook-snapshot-commitlint.ts) and hands it here with what it was bundled from: each package's
// name, version and a digest of its files as bundled, and where each looks the next one up. The
// hook (commitlint.ts) runs that copy only when the project's @commitlint/lint, and every package Node would load
// from it, are those very files, found where Node would find them; any other version, a patched
// file (patch-package edits in place), a package found elsewhere, an unreadable file: the
// project's own, imported as before. Rules, parser options and plugins come from the project's
// config either way; this is only the code that applies them.

/** One bundled package: its files (path in the package, in order) digested as one. */
export interface BundledPackage {
  name: string;
  version: string;
  /** sha256 over each file's path in the package, NUL, its bytes, NUL (package.json included). */
  digest: string;
  files: string[];
  /** [package name as imported, index of the package it resolved to]. */
  deps: Array<[string, number]>;
}

export type Lint = (
  message: string,
  rules: object,
  options: object,
) => Promise<{
  errors: Array<{ name: string; message: string }>;
  warnings: Array<{ name: string; message: string }>;
}>;

/** The bundled copy: lint itself, and packages[0] is @commitlint/lint. */
export interface BundledCommitlint {
  lint: Lint;
  packages: BundledPackage[];
}

let bundled: BundledCommitlint | undefined;

/** Called by the snapshot's entry while the blob is built (never on the normal path). */
export function useBundledCommitlint(copy: BundledCommitlint): void {
  bundled = copy;
}

/** The bundled copy, when the hook started from the snapshot (commitlint.ts checks it before use). */
export function bundledCommitlint(): BundledCommitlint | undefined {
  return bundled;
}
