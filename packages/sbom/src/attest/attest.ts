import { basename, isAbsolute, relative, resolve, sep } from "node:path";
import { RampartError, UsageError } from "@rampart/core/errors";
import { redact, stripCredentialsDeep } from "@rampart/core/redact";
import { type Envelope, IN_TOTO_PAYLOAD_TYPE, signEnvelope } from "./dsse.js";
import { parseSigningKey } from "./keys.js";
import { DEFAULT_PREDICATE_TYPE, guessPredicateType, STATEMENT_TYPE, type Statement, sha256File } from "./statement.js";

export interface AttestOptions {
  cwd: string;
  /** The artefacts to sign (paths relative to cwd or absolute). */
  files: string[];
  /** Private key file: OpenSSH (unencrypted) or PEM. */
  key: string;
  /** A JSON document to carry as the predicate (e.g. the SBOM). */
  predicate?: string;
  /** Defaults to the SBOM predicate type for CycloneDX/SPDX predicates, else DEFAULT_PREDICATE_TYPE. */
  predicateType?: string;
}

export interface AttestResult {
  statement: Statement;
  envelope: Envelope;
  /** The envelope as one line of a .intoto.jsonl file, newline included. */
  line: string;
  keyid: string;
}

/** Hashes the files, builds an in-toto Statement v1 and signs it in a DSSE envelope. */
export async function attest(options: AttestOptions): Promise<AttestResult> {
  if (options.files.length === 0) {
    throw new UsageError("no files to attest", {
      hint: "rampart attest <FILE...> --key <private key>",
    });
  }
  const keyPath = resolve(options.cwd, options.key);
  const key = parseSigningKey(await readText(keyPath, options.key), options.key);
  const subjects = new Map<string, string>();
  for (const file of options.files) {
    const abs = resolve(options.cwd, file);
    subjects.set(redact(subjectName(options.cwd, abs)), await sha256File(abs, file));
  }
  // A signed statement is published and cannot be taken back: a predicate written by another tool
  // (an SBOM with a lockfile's credential-bearing URLs) is signed with its credentials stripped.
  const predicate =
    options.predicate === undefined
      ? undefined
      : stripCredentialsDeep(await readPredicate(options.cwd, options.predicate));
  const predicateType = options.predicateType ?? guessPredicateType(predicate) ?? DEFAULT_PREDICATE_TYPE;
  const statement: Statement = {
    _type: STATEMENT_TYPE,
    subject: [...subjects]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, sha256]) => ({ name, digest: { sha256 } })),
    predicateType,
    ...(predicate === undefined ? {} : { predicate }),
  };
  const envelope = signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), "utf8"), key);
  return { statement, envelope, line: `${JSON.stringify(envelope)}\n`, keyid: key.keyid };
}

/**
 * A subject's name: its path from cwd with forward slashes when the file is below cwd (so names
 * match across OSes), else its file name. Never an absolute path or one with `..`: the statement is
 * published, and a path of the signing machine (/home/runner/work/...) is neither the user's name
 * for the file nor anyone's business. Verification matches by digest; the name is for people.
 */
export function subjectName(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return basename(abs);
  return rel.split(sep).join("/");
}

/** Deeper than core's credential stripping looks: what lies below could be signed and published whole. */
const MAX_PREDICATE_DEPTH = 64;

async function readPredicate(cwd: string, file: string): Promise<unknown> {
  const text = await readText(resolve(cwd, file), file);
  const hint = "the predicate must be a JSON document, e.g. an SBOM from `rampart sbom --format cyclonedx-json`";
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new RampartError("SBOM_PREDICATE_INVALID", "the predicate is not JSON", { file, cause: error, hint });
  }
  if (depthExceeds(value, MAX_PREDICATE_DEPTH))
    throw new RampartError(
      "SBOM_PREDICATE_INVALID",
      `the predicate is nested deeper than ${MAX_PREDICATE_DEPTH} levels`,
      {
        file,
        hint,
      },
    );
  return value;
}

/** Whether `value` nests deeper than `max` (iterative: the input may be deeper than the stack). */
function depthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

export async function readText(abs: string, shownAs: string): Promise<string> {
  try {
    // node:fs through getBuiltinModule, read synchronously: an ESM import of node:fs, or loading
    // node:fs/promises at all, costs ~60M instructions (it loads readline, watchers, streams).
    return process.getBuiltinModule("node:fs").readFileSync(abs, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RampartError("SBOM_FILE_UNREADABLE", `cannot read the file (${code ?? "error"})`, {
      file: shownAs,
      cause: error,
      hint: code === "ENOENT" ? "check the path" : "check the file's permissions",
    });
  }
}
