import { readFileSync } from "node:fs";
import { Validation } from "@cyclonedx/cyclonedx-library";
import { Ajv } from "ajv";
import { create } from "xmlbuilder2";
import { xmlWellFormednessError } from "./xml-well-formed.js";

const spdxSchema = JSON.parse(
  readFileSync(new URL("./fixtures/schemas/spdx-2.3.schema.json", import.meta.url), "utf8"),
);
const ajv = new Ajv({ strict: false, allErrors: false });
const validateSpdxDocument = ajv.compile(spdxSchema);

/** Against the official CycloneDX JSON schema (strict variant) the library ships in res/schema, offline. */
export async function cycloneDxJsonErrors(text: string, version: string): Promise<unknown> {
  let v = validators.get(version);
  if (v === undefined) {
    v = new Validation.JsonStrictValidator(version as never);
    validators.set(version, v);
  }
  return v.validate(text);
}
const validators = new Map<string, InstanceType<typeof Validation.JsonStrictValidator>>();

/** Against the official SPDX 2.3 JSON schema bundled in fixtures/schemas. */
export function spdxErrors(text: string): unknown {
  return validateSpdxDocument(JSON.parse(text)) ? null : validateSpdxDocument.errors;
}

/**
 * XML is checked for well-formedness (a strict checker of our own, since xmlbuilder2's parser is
 * lenient) and then read back for the facts the tests compare with the JSON. Validating against
 * the XSD needs libxmljs2, a native addon rampart does not install: that is not done.
 */
export function parseXml(text: string): Record<string, unknown> {
  const error = xmlWellFormednessError(text);
  if (error !== null) throw new Error(`XML is not well-formed: ${error}`);
  return create(text).end({ format: "object" }) as Record<string, unknown>;
}
