import type { Edge, Lockfile } from "../model.js";

/**
 * Entries whose own key names another package than the one they resolve to, found while parsing
 * (the model keeps only the resolution). yarn berry: `"lodash@npm:^4": resolution "left-pad@npm:1.3.0"`
 * is an injected entry, where `"x@npm:left-pad@^1"` is an honest alias. The checks report them.
 */
export interface NameSuspect {
  id: string;
  /** The name the lockfile key asks for. */
  declared: string;
}

const suspects = new WeakMap<Lockfile, NameSuspect[]>();

export function setNameSuspects(lockfile: Lockfile, list: NameSuspect[]): void {
  if (list.length > 0) suspects.set(lockfile, list);
}

export function nameSuspects(lockfile: Lockfile): NameSuspect[] {
  return suspects.get(lockfile) ?? [];
}

/**
 * npm: every edge that reaches an aliased install path (one named for another package than it
 * holds), in the order of the lockfile's edges, recorded by the reader whether or not it builds the
 * edges between packages: the alias check needs these few, never the whole graph.
 */
const aliasEdges = new WeakMap<Lockfile, Edge[]>();

export function setAliasEdges(lockfile: Lockfile, edges: Edge[]): void {
  aliasEdges.set(lockfile, edges);
}

/** Undefined for a lockfile no npm reader recorded them for (then its own edges are all there is). */
export function recordedAliasEdges(lockfile: Lockfile): Edge[] | undefined {
  return aliasEdges.get(lockfile);
}

/**
 * The text of a YAML lockfile (pnpm), kept for the checks that read how a value was written, not
 * only what the reader made of it (checks/yaml-scalars.ts): stored, never copied.
 */
const yamlSources = new WeakMap<Lockfile, string>();

export function setYamlSource(lockfile: Lockfile, text: string): void {
  yamlSources.set(lockfile, text);
}

export function yamlSource(lockfile: Lockfile): string | undefined {
  return yamlSources.get(lockfile);
}
