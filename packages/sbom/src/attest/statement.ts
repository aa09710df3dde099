import { createHash } from "node:crypto";
import { RampartError } from "@rampart/core/errors";

/** in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md). */
export interface Statement {
  _type: "https://in-toto.io/Statement/v1";
  subject: Array<{ name: string; digest: Record<string, string> }>;
  predicateType: string;
  predicate?: unknown;
}

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

/** Used when files are signed without a predicate: the statement only says "these bytes". */
export const DEFAULT_PREDICATE_TYPE = "https://rampart.dev/attestation/signed-files/v1";

/**
 * Predicate types registered for SBOMs in the in-toto attestation repo (spec/predicates), picked
 * from the predicate document itself when --predicate-type is not given.
 */
export function guessPredicateType(predicate: unknown): string | undefined {
  if (!predicate || typeof predicate !== "object") return undefined;
  const p = predicate as Record<string, unknown>;
  if (p.bomFormat === "CycloneDX") return "https://cyclonedx.org/bom";
  if (typeof p.spdxVersion === "string") return "https://spdx.dev/Document";
  return undefined;
}

/**
 * Reads the file in 64 KiB pieces: artefacts can be large, and hashing must not hold them in
 * memory. Synchronous reads through getBuiltinModule: a read stream (or an ESM import of node:fs)
 * loads fs/promises, readline and the streams, ~60M instructions at every start.
 */
export async function sha256File(path: string, shownAs: string): Promise<string> {
  const h = createHash("sha256");
  const { closeSync, openSync, readSync } = process.getBuiltinModule("node:fs");
  try {
    const fd = openSync(path, "r");
    try {
      const piece = Buffer.allocUnsafe(64 * 1024);
      for (let n = readSync(fd, piece); n > 0; n = readSync(fd, piece)) h.update(piece.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new RampartError(
      "SBOM_FILE_UNREADABLE",
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      {
        file: shownAs,
        cause: error,
        hint: (error as NodeJS.ErrnoException).code === "ENOENT" ? "check the path" : "check the file's permissions",
      },
    );
  }
  return h.digest("hex");
}

/** Checks the shape of a decoded payload: the fields verify relies on. */
export function parseStatement(payload: Buffer, where: string): Statement {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString("utf8"));
  } catch {
    throw new RampartError("SBOM_ATTESTATION_INVALID", `${where}: the payload is not JSON`, {
      hint: "the attestation was not written by an in-toto producer, or it was edited",
    });
  }
  const s = value as Partial<Statement> | null;
  if (!s || s._type !== STATEMENT_TYPE || !Array.isArray(s.subject) || typeof s.predicateType !== "string") {
    throw new RampartError("SBOM_ATTESTATION_INVALID", `${where}: the payload is not an in-toto Statement v1`, {
      hint: `expected _type ${STATEMENT_TYPE} with subject[] and predicateType`,
    });
  }
  // Each subject is a name and a map of digests (in-toto ResourceDescriptor): verify compares them.
  const bad = s.subject.findIndex(
    (x: unknown) =>
      typeof x !== "object" ||
      x === null ||
      typeof (x as { name?: unknown }).name !== "string" ||
      typeof (x as { digest?: unknown }).digest !== "object" ||
      (x as { digest?: unknown }).digest === null ||
      Object.values((x as { digest: object }).digest).some((d) => typeof d !== "string"),
  );
  if (bad >= 0) {
    throw new RampartError("SBOM_ATTESTATION_INVALID", `${where}: subject[${bad}] is not a name with digests`, {
      hint: 'each subject is {"name": "...", "digest": {"sha256": "<hex>"}}',
    });
  }
  return s as Statement;
}
