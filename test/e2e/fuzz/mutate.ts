import { randomBytes } from "node:crypto";

/**
 * Mutations of real input files for the CLI-level fuzzer: byte-level damage (flips, truncation,
 * control characters, invalid UTF-8, BOMs), structural damage (huge numbers, deep nesting, wrong
 * types, YAML tags, anchors and alias bombs, duplicated or lost lines) and a planted credential in
 * URLs and values. Deterministic from the PRNG, so a case reproduces from its seed.
 */

export type Rng = () => number;

export const pick = <T>(rand: Rng, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const at = (rand: Rng, n: number) => Math.floor(rand() * (n + 1));

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomAlnum = (n: number) => [...randomBytes(n)].map((b) => ALNUM[b % ALNUM.length]).join("");

/** The planted credentials: made at run time, never in the repository. */
export const PLANTED = {
  /** Names itself (GitHub token shape): masked wherever it stands. */
  token: `ghp_${randomAlnum(36)}`,
  /** Opaque: a credential only by where it stands (a URL's password). */
  password: randomAlnum(20),
};
export const PLANTED_URL = `https://alice:${PLANTED.password}@npm.corp.example/`;

/** Each planted credential still whole in `input`: only those must not come out (a broken one is no credential). */
export function intactSecrets(input: Buffer): string[] {
  const text = input.toString("latin1");
  const out: string[] = [];
  if (new RegExp(`(^|[^A-Za-z0-9_])${PLANTED.token}($|[^A-Za-z0-9_])`).test(text)) out.push(PLANTED.token);
  if (text.includes(PLANTED_URL)) out.push(PLANTED.password);
  return out;
}

/** Labels of the 8-character slices of `secrets` found in `text`. */
export function leaks(text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      if (text.includes(secret.slice(i, i + 8))) {
        found.push(`${secret === PLANTED.token ? "token" : "password"}[${i}..${i + 8}]`);
        break;
      }
    }
  }
  return found;
}

export type Format = "json" | "yaml" | "text" | "jsonl";

type Mutation = (input: Buffer, rand: Rng, format: Format) => Buffer;

const splice = (input: Buffer, pos: number, remove: number, insert: Buffer | string) =>
  Buffer.concat([input.subarray(0, pos), Buffer.from(insert as string), input.subarray(pos + remove)]);

const CONTROL = [
  "\0",
  "\r",
  "\u001b[2J",
  "\u2028",
  "\u2029",
  "\u007f",
  "\u000b",
  "\f",
  "\r\n\r\n",
  "\0\0\0\0",
  "\u0085",
];
const INVALID_UTF8 = [
  [0xff],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xc0, 0xaf],
];
const HUGE = [
  "1e309",
  "99999999999999999999999999",
  "-1",
  "NaN",
  "0x7fffffff",
  "1".repeat(400),
  "-0",
  "Infinity",
  "1.5",
];
const TAGGED = [
  '!!js/function "function () { return 1 }"',
  "!!binary AAAA",
  '!<tag:yaml.org,2002:python/object/apply:os.system> ["id"]',
  "!!set { a, b }",
  "!!timestamp not-a-date",
  "!!int nope",
  "!custom x",
  "&anchor [1, 2]",
  "*undefinedAlias",
  "<<: *undefinedAlias",
];
const WRONG_JSON: unknown[] = [null, [], {}, "", "x", 0, -1, 1e308, true, [[[]]], { a: { b: [null] } }, "../../etc"];

function lines(input: Buffer): string[] {
  return input.toString("utf8").split("\n");
}

const MUTATIONS: Record<string, Mutation> = {
  flip: (input, rand) => {
    if (input.length === 0) return Buffer.from([Math.floor(rand() * 256)]);
    const out = Buffer.from(input);
    const n = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
    return out;
  },
  truncate: (input, rand) => input.subarray(0, at(rand, input.length)),
  control: (input, rand) => splice(input, at(rand, input.length), 0, pick(rand, CONTROL)),
  invalidUtf8: (input, rand) => splice(input, at(rand, input.length), 0, Buffer.from(pick(rand, INVALID_UTF8))),
  bom: (input, rand) => {
    const kind = Math.floor(rand() * 3);
    if (kind === 0) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), input]);
    if (kind === 1) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(input.toString("utf8"), "utf16le")]);
    return Buffer.concat([Buffer.from([0xfe, 0xff]), input]);
  },
  hugeNumber: (input, rand) => {
    const text = input.toString("utf8");
    const runs = [...text.matchAll(/\d+(\.\d+)?/g)];
    if (runs.length === 0) return splice(input, at(rand, input.length), 0, pick(rand, HUGE));
    const m = pick(rand, runs);
    return Buffer.from(text.slice(0, m.index) + pick(rand, HUGE) + text.slice((m.index ?? 0) + m[0].length));
  },
  deepNesting: (input, rand, format) => {
    const depth = 2000 + Math.floor(rand() * 8000);
    const text = input.toString("utf8");
    if (format === "json" || format === "jsonl") {
      const spots = [...text.matchAll(/:\s*/g)];
      const m = spots.length > 0 ? pick(rand, spots) : undefined;
      const pos = m ? (m.index ?? 0) + m[0].length : 0;
      const nest =
        rand() < 0.5 ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
      // replace the value that followed (up to the next , } or ]) so the document stays plausible
      const rest = text.slice(pos).replace(/^("[^"]*"|[^,}\]\n]*)/, "");
      return Buffer.from(text.slice(0, pos) + nest + rest);
    }
    const ls = lines(input);
    const i = Math.floor(rand() * ls.length);
    const nest =
      rand() < 0.5 ? `x: ${"[".repeat(depth)}${"]".repeat(depth)}` : `${"- ".repeat(Math.min(depth, 3000))}deep`;
    ls.splice(i, 0, nest);
    return Buffer.from(ls.join("\n"));
  },
  wrongType: (input, rand, format) => {
    if (format === "json") {
      try {
        const doc = JSON.parse(input.toString("utf8")) as unknown;
        return Buffer.from(JSON.stringify(replaceRandomNode(doc, rand), null, 2));
      } catch {
        // not JSON (any more): fall through to the text form
      }
    }
    if (format === "jsonl") {
      const ls = lines(input);
      const i = Math.floor(rand() * ls.length);
      try {
        ls[i] = JSON.stringify(replaceRandomNode(JSON.parse(ls[i] ?? ""), rand));
      } catch {
        ls[i] = JSON.stringify(pick(rand, WRONG_JSON));
      }
      return Buffer.from(ls.join("\n"));
    }
    const ls = lines(input);
    const candidates = ls.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[-\w"'.@/]+\s*:\s*\S/.test(l));
    if (candidates.length === 0) return MUTATIONS.flip!(input, rand, format);
    const [line, i] = pick(rand, candidates);
    const value = pick(rand, ["[1, {a: 2}]", "null", "12", "{}", "[]", "~", '"', "true", "- x", "{a: [b, {c: d}]}"]);
    ls[i] = line.replace(/:\s*\S.*$/, `: ${value}`);
    return Buffer.from(ls.join("\n"));
  },
  yamlTag: (input, rand) => {
    const ls = lines(input);
    const candidates = ls.map((l, i) => [l, i] as const).filter(([l]) => /:\s*\S/.test(l));
    const tagged = pick(rand, TAGGED);
    if (candidates.length === 0 || rand() < 0.2) {
      ls.splice(Math.floor(rand() * ls.length), 0, `k: ${tagged}`);
    } else {
      const [line, i] = pick(rand, candidates);
      ls[i] = line.replace(/:\s*\S.*$/, `: ${tagged}`);
    }
    return Buffer.from(ls.join("\n"));
  },
  aliasBomb: (input, rand) => {
    const levels = 6 + Math.floor(rand() * 4);
    const bomb = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= levels; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(",")}]`,
      );
    return Buffer.concat([input, Buffer.from(`\n${bomb.join("\n")}\n`)]);
  },
  duplicateLine: (input, rand) => {
    const ls = lines(input);
    const i = Math.floor(rand() * ls.length);
    ls.splice(i, 0, ls[i] ?? "");
    return Buffer.from(ls.join("\n"));
  },
  deleteLine: (input, rand) => {
    const ls = lines(input);
    ls.splice(Math.floor(rand() * ls.length), 1 + Math.floor(rand() * 3));
    return Buffer.from(ls.join("\n"));
  },
  crlf: (input) => Buffer.from(input.toString("utf8").replace(/\n/g, "\r\n")),
};

function replaceRandomNode(doc: unknown, rand: Rng): unknown {
  const paths: Array<Array<string | number>> = [[]];
  const walk = (node: unknown, path: Array<string | number>, depth: number) => {
    if (depth > 8 || paths.length > 2000) return;
    if (node === null || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node)) {
      const key = Array.isArray(node) ? Number(k) : k;
      paths.push([...path, key]);
      walk(v, [...path, key], depth + 1);
    }
  };
  walk(doc, [], 0);
  const path = pick(rand, paths);
  const value = structuredClone(pick(rand, WRONG_JSON));
  if (path.length === 0) return value;
  let node = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return doc;
}

/** Puts a credential where users put them: in a URL's userinfo, a token value, a query string. */
export function plant(input: Buffer, rand: Rng, format: Format): Buffer {
  const text = input.toString("utf8");
  const { token } = PLANTED;
  const urls = [...text.matchAll(/https?:\/\//g)];
  const kind = Math.floor(rand() * 4);
  if (kind === 0 && urls.length > 0) {
    const m = pick(rand, urls);
    // the rest of the URL after its host is kept; the host becomes the planted one
    const after = text.slice((m.index ?? 0) + m[0].length).replace(/^[^/\s"']*\/?/, "");
    return Buffer.from(text.slice(0, m.index) + PLANTED_URL + after);
  }
  if (kind === 1) {
    const strings = [
      ...text.matchAll(format === "json" || format === "jsonl" ? /"([^"\\\n]{3,})"/g : /: ([^\s#][^\n]*)/g),
    ];
    if (strings.length > 0) {
      const m = pick(rand, strings);
      const start = (m.index ?? 0) + m[0].indexOf(m[1] as string);
      return Buffer.from(text.slice(0, start) + token + text.slice(start + (m[1] as string).length));
    }
  }
  if (kind === 2 && urls.length > 0) {
    const m = pick(rand, urls);
    const end = text.slice(m.index).search(/["'\s]/);
    const stop = end < 0 ? text.length : (m.index ?? 0) + end;
    return Buffer.from(`${text.slice(0, stop)}?access_token=${token}${text.slice(stop)}`);
  }
  const line =
    format === "json"
      ? `"_authToken": "${token}",`
      : format === "yaml"
        ? `token: ${token}\nurl: ${PLANTED_URL}x.tgz`
        : `//npm.corp.example/:_authToken=${token} ${PLANTED_URL}`;
  const ls = text.split("\n");
  ls.splice(Math.floor(rand() * ls.length), 0, line);
  return Buffer.from(ls.join("\n"));
}

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One case: maybe a planted credential, then one to three mutations. Returns the input and what was done. */
export function mutateCase(original: Buffer, rand: Rng, format: Format): { input: Buffer; steps: string[] } {
  let input = original;
  const steps: string[] = [];
  if (rand() < 0.6) {
    input = plant(input, rand, format);
    steps.push("plant");
  }
  const n = 1 + Math.floor(rand() * (rand() < 0.7 ? 1 : 3));
  for (let i = 0; i < n; i++) {
    const name = pick(rand, MUTATION_NAMES);
    input = MUTATIONS[name]!(input, rand, format);
    steps.push(name);
  }
  return { input, steps };
}
