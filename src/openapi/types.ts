/**
 * OpenAPI 3.1 types: what a function file's `openapi` export is written against and what
 * `apifn openapi` writes. A schema may be a JSON Schema (2020-12, as OpenAPI 3.1 uses) or any
 * Standard Schema validator (zod 4, valibot, arktype).
 *
 * @module
 */

/** A JSON Schema object (draft 2020-12), as OpenAPI 3.1 uses. */
// deno-lint-ignore no-explicit-any
export type JsonSchema = { [keyword: string]: any } | boolean;

/** The part of the Standard Schema interface (https://standardschema.dev) apifn uses. */
export interface StandardSchema<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly "~standard": {
    /** The version of the Standard Schema spec. */
    readonly version: 1;
    /** The library that made the schema. */
    readonly vendor: string;
    /** Validates a value: the value, or issues. */
    readonly validate: (
      value: unknown,
    ) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
    /** Type-only: the input and output types. */
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What a Standard Schema's `validate` gives. */
export type StandardSchemaResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
    readonly issues: ReadonlyArray<{
      readonly message: string;
      readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
    }>;
  };

/** A schema in an operation: JSON Schema or a Standard Schema validator. */
export type OpenApiSchema = JsonSchema | StandardSchema;

/** A `$ref` to a component. */
export interface OpenApiReference {
  /** The reference, e.g. `#/components/schemas/Note`. */
  $ref: string;
  /** Overrides the referenced summary. */
  summary?: string;
  /** Overrides the referenced description. */
  description?: string;
}

/** An example value. */
export interface OpenApiExample {
  /** A short summary. */
  summary?: string;
  /** A longer description. */
  description?: string;
  /** The example itself. */
  value?: unknown;
  /** A URL to the example. */
  externalValue?: string;
}

/** A media type's schema and examples. */
export interface OpenApiMediaType {
  /** The body's schema. */
  schema?: OpenApiSchema;
  /** One example. */
  example?: unknown;
  /** Named examples. */
  examples?: Record<string, OpenApiExample | OpenApiReference>;
}

/** A parameter in the path, the query, a header or a cookie. */
export interface OpenApiParameter {
  /** The parameter's name. */
  name: string;
  /** Where it is. */
  in: "path" | "query" | "header" | "cookie";
  /** What it is. */
  description?: string;
  /** Whether it must be present (path parameters always are). */
  required?: boolean;
  /** Whether it is deprecated. */
  deprecated?: boolean;
  /** Its schema. */
  schema?: OpenApiSchema;
  /** Array/object serialization style. */
  style?: string;
  /** Whether arrays repeat the name. */
  explode?: boolean;
  /** One example. */
  example?: unknown;
  /** Named examples. */
  examples?: Record<string, OpenApiExample | OpenApiReference>;
}

/** A request body. */
export interface OpenApiRequestBody {
  /** What it is. */
  description?: string;
  /** Bodies by media type. */
  content: Record<string, OpenApiMediaType>;
  /** Whether a body must be sent. */
  required?: boolean;
}

/** A response header. */
export type OpenApiHeader = Omit<OpenApiParameter, "name" | "in">;

/** One response. */
export interface OpenApiResponse {
  /** What it means. */
  description: string;
  /** Response headers. */
  headers?: Record<string, OpenApiHeader | OpenApiReference>;
  /** Bodies by media type. */
  content?: Record<string, OpenApiMediaType>;
}

/**
 * An OpenAPI 3.1 Operation Object: what a function file may export as `openapi`. apifn checks
 * requests against its `parameters` and `requestBody` before the function runs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { OpenApiOperation } from "@apifn/core";
 *
 * // @api/notes/[id].put.ts
 * export const openapi: OpenApiOperation = {
 *   summary: "Replace a note",
 *   parameters: [{ name: "id", in: "path", schema: { type: "string", maxLength: 64 } }],
 *   requestBody: {
 *     required: true,
 *     content: { "application/json": { schema: { type: "object", required: ["title"] } } },
 *   },
 *   responses: { 200: { description: "The note" } },
 * };
 * assert.equal(openapi.parameters?.length, 1);
 * ```
 */
export interface OpenApiOperation {
  /** Tags for grouping. */
  tags?: string[];
  /** A short summary. */
  summary?: string;
  /** A longer description (CommonMark). */
  description?: string;
  /** A unique id. */
  operationId?: string;
  /** Parameters (path parameters come from the file name; declare them only to add a schema). */
  parameters?: Array<OpenApiParameter | OpenApiReference>;
  /** The request body. */
  requestBody?: OpenApiRequestBody | OpenApiReference;
  /** Responses by status code (`"200"`, `"4XX"`, `"default"`). */
  responses?: Record<string, OpenApiResponse | OpenApiReference>;
  /** Whether it is deprecated. */
  deprecated?: boolean;
  /** Security requirements. */
  security?: Array<Record<string, string[]>>;
  /** Vendor extensions. */
  [extension: `x-${string}`]: unknown;
}

/** The HTTP methods a path item has. */
export type OpenApiMethod =
  | "get"
  | "put"
  | "post"
  | "delete"
  | "options"
  | "head"
  | "patch"
  | "trace";

/** The operations of one path. */
export type OpenApiPathItem =
  & { [method in OpenApiMethod]?: OpenApiOperation }
  & {
    /** A short summary. */
    summary?: string;
    /** A longer description. */
    description?: string;
    /** Parameters common to the path's operations. */
    parameters?: Array<OpenApiParameter | OpenApiReference>;
  };

/** The document's `info`. */
export interface OpenApiInfo {
  /** The API's title. */
  title: string;
  /** The API's version. */
  version: string;
  /** A short summary. */
  summary?: string;
  /** A longer description. */
  description?: string;
  /** The license. */
  license?: { name: string; identifier?: string; url?: string };
  /** The contact. */
  contact?: { name?: string; url?: string; email?: string };
}

/** An OpenAPI 3.1 document. */
export interface OpenApiDocument {
  /** The OpenAPI version, `3.1.x`. */
  openapi: string;
  /** Title, version and more. */
  info: OpenApiInfo;
  /** Servers. */
  servers?: Array<{ url: string; description?: string }>;
  /** The paths. */
  paths?: Record<string, OpenApiPathItem>;
  /** Reusable components. */
  components?: {
    /** Schemas. */
    schemas?: Record<string, JsonSchema>;
    /** Responses. */
    responses?: Record<string, OpenApiResponse | OpenApiReference>;
    /** Parameters. */
    parameters?: Record<string, OpenApiParameter | OpenApiReference>;
    /** Request bodies. */
    requestBodies?: Record<string, OpenApiRequestBody | OpenApiReference>;
    /** Security schemes. */
    securitySchemes?: Record<string, Record<string, unknown>>;
  };
  /** Tags. */
  tags?: Array<{ name: string; description?: string }>;
  /** Security requirements. */
  security?: Array<Record<string, string[]>>;
}
