/**
 * In `dev`, what a function answers is checked against its operation's `responses`: a status
 * it does not declare, a media type it does not declare, a JSON body that does not match the
 * schema. The findings are only reported: the response is sent as it is.
 *
 * @module
 */
import { isJsonMediaType, matchMedia } from "./body.ts";
import { compileSchema, type SchemaCheck } from "./schema_check.ts";
import type { OpenApiOperation } from "./types.ts";

/** Checks one response; gives what is wrong with it (empty: nothing). */
export type ResponseCheck = (response: Response) => Promise<string[]>;

interface Declared {
  /** Media types declared (`undefined`: the response declares no content). */
  media: Map<string, SchemaCheck | undefined> | undefined;
}

function compileDeclared(key: string, response: unknown): Declared {
  if (typeof response !== "object" || response === null || "$ref" in response) {
    return { media: new Map([["*/*", undefined]]) };
  }
  const content = (response as { content?: Record<string, { schema?: unknown }> }).content;
  if (content === undefined) return { media: undefined };
  const media = new Map<string, SchemaCheck | undefined>();
  for (const [type, entry] of Object.entries(content)) {
    try {
      const schema = entry?.schema;
      media.set(
        type.toLowerCase(),
        schema === undefined ? undefined : compileSchema(schema as never),
      );
    } catch (error) {
      throw new TypeError(
        `the ${key} response's '${type}' schema does not compile: ${(error as Error).message}`,
      );
    }
  }
  return { media };
}

/**
 * Compiles an operation's `responses` into a check.
 *
 * @param operation The operation.
 * @returns The check, or `undefined` when the operation declares no responses.
 * @throws {TypeError} For a response schema that does not compile.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileResponses } from "./response_check.ts";
 *
 * const check = compileResponses({
 *   responses: {
 *     200: { description: "OK", content: { "application/json": { schema: { type: "object" } } } },
 *   },
 * })!;
 * assert.deepEqual(await check(Response.json({})), []);
 * assert.deepEqual(await check(Response.json([])), ["the body at '' must be object"]);
 * assert.deepEqual(await check(new Response(null, { status: 204 })), [
 *   "status 204 is not declared (declared: 200)",
 * ]);
 * ```
 */
export function compileResponses(operation: OpenApiOperation): ResponseCheck | undefined {
  const responses = operation.responses;
  if (responses === undefined) return undefined;
  const declared = new Map<string, Declared>();
  for (const [key, response] of Object.entries(responses)) {
    declared.set(key.toUpperCase(), compileDeclared(key, response));
  }
  const keys = [...declared.keys()].join(", ");
  return async (response) => {
    const status = response.status;
    const found = declared.get(String(status)) ?? declared.get(`${String(status)[0]}XX`) ??
      declared.get("DEFAULT");
    if (found === undefined) return [`status ${status} is not declared (declared: ${keys})`];
    const header = response.headers.get("content-type");
    if (header === null || response.body === null || response.bodyUsed) return [];
    const media = header.split(";", 1)[0]!.trim().toLowerCase();
    if (found.media === undefined) {
      return isJsonMediaType(media)
        ? [`a JSON body is not declared for status ${status} (it declares no content)`]
        : [];
    }
    if (!found.media.has(media) && matchMedia(found.media, media) === undefined) {
      const types = [...found.media.keys()].join(", ");
      return [`media type '${media}' is not declared for status ${status} (declared: ${types})`];
    }
    const check = matchMedia(found.media, media);
    if (check === undefined || !isJsonMediaType(media)) return [];
    let value: unknown;
    try {
      value = await response.clone().json();
    } catch {
      return [`the body is not JSON, though its media type is '${media}'`];
    }
    const result = await check(value);
    if (result.issues === undefined) return [];
    return result.issues.map((issue) => `the body at '${issue.pointer}' ${issue.detail}`);
  };
}
