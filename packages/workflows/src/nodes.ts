import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";

/** The pair of `key` in a block/flow map, or undefined. */
export function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item;
  return undefined;
}

/** The value node of `key`. */
export function get(node: unknown, key: string): Node | undefined {
  const v = pairOf(node, key)?.value;
  return v === null ? undefined : (v as Node | undefined);
}

export function getMap(node: unknown, key: string): YAMLMap | undefined {
  const v = get(node, key);
  return isMap(v) ? v : undefined;
}

export function getSeq(node: unknown, key: string): YAMLSeq | undefined {
  const v = get(node, key);
  return isSeq(v) ? v : undefined;
}

export function getScalar(node: unknown, key: string): Scalar | undefined {
  const v = get(node, key);
  return isScalar(v) ? v : undefined;
}

/** The string value of a scalar node (numbers and booleans as text), or undefined. */
export function text(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

/** [key, value] of each pair of a map, keys as strings. */
export function entries(node: unknown): Array<[string, Node | undefined, Pair]> {
  if (!isMap(node)) return [];
  const out: Array<[string, Node | undefined, Pair]> = [];
  for (const item of node.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    out.push([String(item.key.value), (item.value ?? undefined) as Node | undefined, item]);
  }
  return out;
}

/** Every scalar under a node (map values and keys, sequence items), depth first. */
export function* scalars(node: unknown): Generator<Scalar> {
  if (isScalar(node)) yield node;
  else if (isMap(node))
    for (const item of node.items) {
      if (!isPair(item)) continue;
      if (isScalar(item.key)) yield item.key;
      yield* scalars(item.value);
    }
  else if (isSeq(node)) for (const item of node.items) yield* scalars(item);
}

/** Source offset where a node starts. */
export function startOf(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0] ?? 0;
}

/** Source text of a node, as written (quotes and block indicators included). */
export function sourceOf(source: string, node: unknown): string {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? source.slice(range[0], range[1]) : "";
}
