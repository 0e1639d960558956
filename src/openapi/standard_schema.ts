/**
 * A schema in an `openapi` export as the document shows it: JSON Schema as written, a Standard
 * Schema validator as the JSON Schema its library gives (`~standard.jsonSchema`, the Standard
 * JSON Schema interface), else `{}` with a warning. One small file, so the document can use the
 * validator's converter instead.
 *
 * @module
 */
import type { JsonSchema, OpenApiSchema } from "./types.ts";

/**
 * Whether a value is a Standard Schema validator (has a `~standard` object).
 *
 * @param schema Any value.
 * @returns Whether it is one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isStandardSchema } from "./standard_schema.ts";
 *
 * assert.equal(isStandardSchema({ type: "string" }), false);
 * assert.equal(isStandardSchema({ "~standard": { version: 1 } }), true);
 * ```
 */
export function isStandardSchema(schema: unknown): boolean {
  return typeof schema === "object" && schema !== null &&
    typeof (schema as Record<string, unknown>)["~standard"] === "object";
}

/**
 * The JSON Schema (draft 2020-12) of a schema: a JSON Schema as it is; a Standard Schema
 * validator through `schema["~standard"].jsonSchema.input({ target: "draft-2020-12" })`; `{}`
 * (any value) with a warning when the library gives none or its converter throws.
 *
 * @param schema A JSON Schema or a Standard Schema validator.
 * @param warn Receives why a validator's schema is shown as `{}`.
 * @returns The JSON Schema.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toJsonSchema } from "./standard_schema.ts";
 *
 * const warnings: string[] = [];
 * const validator = { "~standard": { version: 1, vendor: "x", validate: (v: unknown) => ({ value: v }) } };
 * assert.deepEqual(toJsonSchema(validator, (w) => warnings.push(w)), {});
 * assert.equal(warnings.length, 1);
 * assert.deepEqual(toJsonSchema({ type: "string" }, () => {}), { type: "string" });
 * ```
 */
export function toJsonSchema(schema: OpenApiSchema, warn: (message: string) => void): JsonSchema {
  if (!isStandardSchema(schema)) return schema as JsonSchema;
  const standard = (schema as { "~standard": Record<string, unknown> })["~standard"];
  const vendor = typeof standard.vendor === "string" ? standard.vendor : "unknown";
  const jsonSchema = standard.jsonSchema as { input?: unknown } | undefined;
  if (typeof jsonSchema?.input !== "function") {
    warn(
      `a schema from '${vendor}' gives no JSON Schema (no ~standard.jsonSchema): shown as any value`,
    );
    return {};
  }
  try {
    const converted = jsonSchema.input({ target: "draft-2020-12" });
    if (typeof converted === "object" && converted !== null) return converted as JsonSchema;
    warn(`a schema from '${vendor}' gives a JSON Schema that is not an object: shown as any value`);
  } catch (error) {
    warn(
      `a schema from '${vendor}' cannot be converted to JSON Schema: ${(error as Error)?.message}`,
    );
  }
  return {};
}
