/**
 * A schema in an `openapi` export as the document shows it: JSON Schema as written, a Standard
 * Schema validator as the JSON Schema its library gives (`toJsonSchema`), else `{}` (any value)
 * with a warning, so one validator without a converter does not stop the document.
 *
 * @module
 */
import { isStandardSchema, toJsonSchema } from "./json_schema.ts";
import type { JsonSchema, OpenApiSchema } from "./types.ts";

/**
 * The JSON Schema (draft 2020-12) the document shows for a schema.
 *
 * @param schema A JSON Schema or a Standard Schema validator.
 * @param warn Receives why a validator's schema is shown as `{}`.
 * @returns The JSON Schema.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { documentSchema } from "./document_schema.ts";
 *
 * const warnings: string[] = [];
 * const validator = { "~standard": { version: 1, vendor: "x", validate: (v: unknown) => ({ value: v }) } };
 * assert.deepEqual(documentSchema(validator, (w) => warnings.push(w)), {});
 * assert.equal(warnings.length, 1);
 * assert.deepEqual(documentSchema({ type: "string" }, () => {}), { type: "string" });
 * ```
 */
export function documentSchema(schema: OpenApiSchema, warn: (message: string) => void): JsonSchema {
  if (!isStandardSchema(schema)) return schema as JsonSchema;
  const vendor = schema["~standard"].vendor;
  try {
    const converted = toJsonSchema(schema);
    if (typeof converted === "object" && converted !== null) return converted;
    warn(`a schema from '${vendor}' gives no JSON Schema: shown as any value`);
  } catch (error) {
    warn(`${(error as Error).message}: shown as any value`);
  }
  return {};
}
