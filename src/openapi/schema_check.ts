/**
 * One check per schema, made once at load: a JSON Schema is compiled with Ajv (draft 2020-12,
 * formats from ajv-formats); a Standard Schema validator is called through `~standard.validate`.
 * Issues come back as JSON pointers into the value and what is wrong.
 *
 * @module
 */
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { isStandardSchema } from "./json_schema.ts";
import type { OpenApiSchema, StandardSchemaResult } from "./types.ts";

/** One thing wrong with a value: where (a JSON pointer into it) and what. */
export interface SchemaIssue {
  /** A JSON pointer (RFC 6901) into the value; `""` is the value itself. */
  pointer: string;
  /** What is wrong. */
  detail: string;
}

/** What checking a value gives: the value (a Standard Schema's output), or issues. */
export type SchemaResult = { value: unknown; issues?: undefined } | { issues: SchemaIssue[] };

/** Checks a value against one schema; a Standard Schema validator may answer asynchronously. */
export type SchemaCheck = (value: unknown) => SchemaResult | Promise<SchemaResult>;

let ajv: Ajv2020 | undefined;

function shared(): Ajv2020 {
  if (ajv !== undefined) return ajv;
  // Not strict: OpenAPI schemas carry keywords JSON Schema does not know (`example`, `xml`,
  // `x-…`). `addUsedSchema: false`: a schema's `$id` may be compiled again after a reload.
  ajv = new Ajv2020({ allErrors: true, strict: false, addUsedSchema: false, discriminator: true });
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  return ajv;
}

/**
 * Escapes one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapePointerToken } from "./schema_check.ts";
 *
 * assert.equal(escapePointerToken("a/b~c"), "a~1b~0c");
 * ```
 */
export function escapePointerToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

function ajvIssue(error: ErrorObject): SchemaIssue {
  const params = error.params as Record<string, unknown>;
  // Point at the missing or extra property itself rather than at the object holding it.
  const property = error.keyword === "required"
    ? params.missingProperty
    : error.keyword === "additionalProperties"
    ? params.additionalProperty
    : undefined;
  const pointer = typeof property === "string"
    ? `${error.instancePath}/${escapePointerToken(property)}`
    : error.instancePath;
  const detail = error.keyword === "required"
    ? "is required"
    : error.keyword === "additionalProperties"
    ? "is not allowed"
    : error.message ?? `fails '${error.keyword}'`;
  return { pointer, detail };
}

function standardIssues(result: StandardSchemaResult<unknown>): SchemaResult {
  if (result.issues === undefined) return { value: result.value };
  return {
    issues: result.issues.map((issue) => ({
      pointer: (issue.path ?? []).map((part) => {
        const key = typeof part === "object" && part !== null ? part.key : part;
        return "/" + escapePointerToken(String(key));
      }).join(""),
      detail: issue.message,
    })),
  };
}

/**
 * Makes the check of one schema; a JSON Schema is compiled here, once.
 *
 * @param schema A JSON Schema (draft 2020-12) or a Standard Schema validator.
 * @returns The check.
 * @throws {Error} When Ajv cannot compile the JSON Schema (its message says why).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileSchema } from "./schema_check.ts";
 *
 * const check = compileSchema({ type: "object", required: ["title"] });
 * assert.deepEqual(check({}), { issues: [{ pointer: "/title", detail: "is required" }] });
 * assert.deepEqual(check({ title: "x" }), { value: { title: "x" } });
 * ```
 */
export function compileSchema(schema: OpenApiSchema): SchemaCheck {
  if (isStandardSchema(schema)) {
    const validate = schema["~standard"].validate;
    return (value) => {
      const result = validate(value);
      return result instanceof Promise ? result.then(standardIssues) : standardIssues(result);
    };
  }
  const validate = shared().compile(schema);
  return (value) => {
    if (validate(value)) return { value };
    return { issues: (validate.errors ?? []).map(ajvIssue) };
  };
}
