import { parseDocument } from "yaml";

/**
 * pnpm settings by the pnpm version that introduced them: a setting an older pnpm does not know
 * is skipped rather than written, since pnpm would ignore it and the file would promise too much.
 */
const SINCE: Record<string, [number, number]> = {
  onlyBuiltDependencies: [10, 0],
  allowBuilds: [11, 0],
  strictDepBuilds: [10, 3],
  minimumReleaseAge: [10, 16],
  trustPolicy: [10, 21],
};

const WHY: Record<string, string> = {
  onlyBuiltDependencies: "Packages allowed to run install scripts; add each with its reason (MAT-3, BLD-5).",
  allowBuilds:
    "Packages allowed (true) or refused (false) to run install scripts; add each with its reason (MAT-3, BLD-5).",
  strictDepBuilds: "An unreviewed install script fails the install instead of a warning (MAT-3, BLD-5).",
  minimumReleaseAge:
    "Minutes a release must age before it is installed: most malicious releases are pulled within hours (MAT-1).",
  trustPolicy: "Refuse a version published with weaker provenance than the ones before it (MAT-1, BLD-5).",
};

export interface PnpmMerge {
  text: string;
  added: Record<string, unknown>;
  /** Settings the user already has with another value: kept. */
  kept: string[];
  /** Settings the user's pnpm is too old for. */
  unsupported: string[];
}

export function mergePnpmWorkspace(
  text: string | null,
  wanted: Record<string, unknown>,
  pnpmVersion: string | undefined,
): PnpmMerge {
  const doc = parseDocument(text ?? "", { logLevel: "error" });
  const added: Record<string, unknown> = {};
  const kept: string[] = [];
  const unsupported: string[] = [];
  // pnpm 11 replaced onlyBuiltDependencies with allowBuilds (name -> true/false): write the one
  // the pnpm in use reads, and never add either next to the other the user already has.
  const settings = { ...wanted };
  if ("onlyBuiltDependencies" in settings) {
    if (doc.has("onlyBuiltDependencies")) {
      // the loop below keeps the user's value
    } else if (doc.has("allowBuilds")) delete settings.onlyBuiltDependencies;
    else if (supports(pnpmVersion, [11, 0]) && pnpmVersion !== undefined) {
      const list = Array.isArray(settings.onlyBuiltDependencies) ? (settings.onlyBuiltDependencies as string[]) : [];
      delete settings.onlyBuiltDependencies;
      settings.allowBuilds = Object.fromEntries(list.map((n) => [n, true]));
    }
  }
  for (const [key, value] of Object.entries(settings)) {
    if (!supports(pnpmVersion, SINCE[key] ?? [99, 0])) {
      unsupported.push(key);
      continue;
    }
    if (doc.has(key)) {
      if (JSON.stringify(doc.get(key, false)?.toString()) !== JSON.stringify(String(value))) kept.push(key);
      continue;
    }
    const node = doc.createPair(key, value);
    node.key = doc.createNode(key);
    (node.key as { commentBefore?: string }).commentBefore = ` ${WHY[key] ?? ""} (added by rampart init)`;
    if (doc.contents === null) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
    (doc.contents as unknown as { items: unknown[] }).items.push(node);
    added[key] = value;
  }
  if (Object.keys(added).length === 0) return { text: text ?? "", added, kept, unsupported };
  return { text: doc.toString({ flowCollectionPadding: false }), added, kept, unsupported };
}

export function unmergePnpmWorkspace(text: string, added: Record<string, unknown>): string {
  const doc = parseDocument(text, { logLevel: "error" });
  for (const key of Object.keys(added)) doc.delete(key);
  return doc.toString({ flowCollectionPadding: false });
}

function supports(version: string | undefined, [major, minor]: [number, number]): boolean {
  if (version === undefined) return true;
  const [a = 0, b = 0] = version.split(".").map(Number);
  return a > major || (a === major && b >= minor);
}
