/**
 * From an operation's schema to JSON Schema: a JSON Schema is itself; a Standard Schema
 * validator gives one where its library can (the Standard JSON Schema interface, as zod 4
 * has it, or arktype's `toJsonSchema()`).
 *
 * @module
 */
import type { JsonSchema, OpenApiSchema, StandardSchema } from "./types.ts";

/**
 * Whether `schema` is a Standard Schema validator (it has a `~standard` object with `validate`).
 *
 * @param schema A schema from an operation.
 * @returns `true` for a Standard Schema validator, `false` for a JSON Schema.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isStandardSchema } from "./json_schema.ts";
 *
 * assert.equal(isStandardSchema({ type: "string" }), false);
 * const standard = { "~standard": { version: 1, vendor: "x", validate: (value: unknown) => ({ value }) } };
 * assert.equal(isStandardSchema(standard), true);
 * ```
 */
export function isStandardSchema(schema: unknown): schema is StandardSchema {
  if (typeof schema !== "object" && typeof schema !== "function") return false;
  if (schema === null) return false;
  const standard = (schema as { "~standard"?: { validate?: unknown } })["~standard"];
  return typeof standard === "object" && standard !== null &&
    typeof standard.validate === "function";
}

type JsonSchemaSource = {
  "~standard"?: {
    jsonSchema?: Record<"input" | "output", (options: { target: string }) => unknown>;
  };
  toJsonSchema?: () => unknown;
};

/**
 * The JSON Schema (draft 2020-12) of a schema from an operation, for the OpenAPI document.
 * A JSON Schema is given back as it is. A Standard Schema validator is asked through the
 * Standard JSON Schema interface (`~standard.jsonSchema`, zod 4 has it), then through a
 * `toJsonSchema()` method (arktype); a library with neither (valibot without its
 * `@valibot/to-json-schema`) gives `undefined`: the document then leaves the schema out.
 *
 * @param schema A JSON Schema or a Standard Schema validator.
 * @param options `io`: the schema of what is sent (`"input"`, for requests, the default) or of
 * what the validator gives (`"output"`, for responses); they differ where a validator
 * transforms or fills in defaults.
 * @returns The JSON Schema, or `undefined` when the library cannot give one.
 * @throws {TypeError} When the library fails to convert the schema (e.g. a transform zod
 * cannot express); the message names the library.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { toJsonSchema } from "./json_schema.ts";
 *
 * assert.deepEqual(toJsonSchema({ type: "integer" }), { type: "integer" });
 * const title = toJsonSchema(z.object({ title: z.string().max(200) })) as Record<string, unknown>;
 * assert.deepEqual(title.properties, { title: { type: "string", maxLength: 200 } });
 * ```
 */
export function toJsonSchema(
  schema: OpenApiSchema,
  options: { io?: "input" | "output" } = {},
): JsonSchema | undefined {
  if (!isStandardSchema(schema)) return schema;
  const source = schema as unknown as JsonSchemaSource;
  const convert = source["~standard"]?.jsonSchema?.[options.io ?? "input"];
  try {
    if (typeof convert === "function") {
      return convert.call(source["~standard"]!.jsonSchema, {
        target: "draft-2020-12",
      }) as JsonSchema;
    }
    if (typeof source.toJsonSchema === "function") return source.toJsonSchema() as JsonSchema;
  } catch (error) {
    const vendor = schema["~standard"].vendor;
    const detail = error instanceof Error ? error.message : String(error);
    throw new TypeError(`Cannot convert a ${vendor} schema to JSON Schema: ${detail}`);
  }
  return undefined;
}
