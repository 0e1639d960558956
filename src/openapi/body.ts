/**
 * An operation's `requestBody`, compiled once: the media types it accepts and the check of a
 * JSON body. The body is read (with the request's strict `json()`, under its size limit) only
 * when a JSON media type is declared.
 *
 * @module
 */
import { HttpError, type ProblemError } from "../http/errors.ts";
import { compileSchema, type SchemaCheck, type SchemaIssue } from "./schema_check.ts";
import type { OpenApiOperation } from "./types.ts";

/** What checking a request's body gives. */
export type BodyOutcome =
  /** No body was sent (and none is required), or a body of a media type that is not JSON. */
  | { parsed: false; errors: ProblemError[] }
  /** A JSON body, parsed: its value (a Standard Schema's output) or its errors. */
  | { parsed: true; value: unknown; errors: ProblemError[] };

/** Checks the body of one request; rejects with a 415 `HttpError` for a media type not declared. */
export type BodyCheck = (request: Request) => Promise<BodyOutcome>;

/**
 * Whether a media type is JSON: `application/json` or any `…/…+json`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isJsonMediaType } from "./body.ts";
 *
 * assert.equal(isJsonMediaType("application/merge-patch+json"), true);
 * assert.equal(isJsonMediaType("text/plain"), false);
 * ```
 */
export function isJsonMediaType(media: string): boolean {
  return media === "application/json" || /^[a-z0-9.+-]+\/[a-z0-9.+-]+\+json$/.test(media);
}

/**
 * The declared entry that a media type falls under: exact, then `type/*`, then `*\/*`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { matchMedia } from "./body.ts";
 *
 * const declared = new Map([["application/json", 1], ["text/*", 2]]);
 * assert.equal(matchMedia(declared, "text/csv"), 2);
 * assert.equal(matchMedia(declared, "image/png"), undefined);
 * ```
 */
export function matchMedia<T>(declared: Map<string, T>, media: string): T | undefined {
  return declared.get(media) ?? declared.get(media.replace(/\/.*$/, "/*")) ?? declared.get("*/*");
}

/** Whether a body was sent; `request.body` is read only without `content-length` (reading it
 * turns a body the server already buffered into a stream). */
function hasBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  if (length !== null) return length.trim() !== "0";
  return request.body !== null;
}

function bodyErrors(issues: SchemaIssue[]): ProblemError[] {
  return issues.map((issue) => ({ in: "body", pointer: issue.pointer, detail: issue.detail }));
}

/**
 * Compiles an operation's `requestBody`.
 *
 * @param operation The operation.
 * @returns The check, or `undefined` when the operation declares no body.
 * @throws {TypeError} For a `$ref` body, no `content`, or a schema that does not compile.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileRequestBody } from "./body.ts";
 *
 * const check = compileRequestBody({
 *   requestBody: {
 *     required: true,
 *     content: { "application/json": { schema: { type: "object", required: ["title"] } } },
 *   },
 * })!;
 * const post = (body: string) =>
 *   new Request("http://x/", { method: "POST", body, headers: { "content-type": "application/json" } });
 * assert.deepEqual(await check(post('{"title":"x"}')), { parsed: true, value: { title: "x" }, errors: [] });
 * assert.deepEqual((await check(post("{}"))).errors, [
 *   { in: "body", pointer: "/title", detail: "is required" },
 * ]);
 * ```
 */
export function compileRequestBody(operation: OpenApiOperation): BodyCheck | undefined {
  const body = operation.requestBody;
  if (body === undefined) return undefined;
  if ("$ref" in body) {
    throw new TypeError(`the requestBody is a $ref ('${body.$ref}'): declare it inline`);
  }
  if (typeof body.content !== "object" || body.content === null) {
    throw new TypeError("the requestBody has no 'content'");
  }
  const declared = new Map<string, { json: boolean; check: SchemaCheck | undefined }>();
  for (const [key, media] of Object.entries(body.content)) {
    const type = key.toLowerCase();
    let check: SchemaCheck | undefined;
    try {
      check = media?.schema === undefined ? undefined : compileSchema(media.schema);
    } catch (error) {
      throw new TypeError(`the '${key}' body schema does not compile: ${(error as Error).message}`);
    }
    declared.set(type, { json: isJsonMediaType(type) || type === "*/*", check });
  }
  const accepted = [...declared.keys()].join(", ");
  const required = body.required === true;
  return async (request) => {
    if (!hasBody(request)) {
      const errors: ProblemError[] = required
        ? [{ in: "body", pointer: "", detail: "is required" }]
        : [];
      return { parsed: false, errors };
    }
    const header = request.headers.get("content-type");
    const media = header === null ? "" : header.split(";", 1)[0]!.trim().toLowerCase();
    const found = matchMedia(declared, media);
    if (found === undefined) {
      const detail = header === null ? `is required: ${accepted}` : `must be one of: ${accepted}`;
      throw new HttpError(415, `The request body's media type is not ${accepted}`, {
        errors: [{ in: "header", name: "content-type", detail }],
      });
    }
    if (!found.json || !isJsonMediaType(media)) return { parsed: false, errors: [] };
    let value: unknown;
    try {
      value = await request.json();
    } catch (error) {
      // The app's strict json() answers 400s; a plain Request's throws a SyntaxError.
      const client = error instanceof SyntaxError ||
        (error instanceof HttpError && error.status === 400);
      if (!client) throw error;
      const detail = error instanceof HttpError
        ? error.message
        : `Cannot parse JSON body: ${error.message}`;
      return { parsed: false, errors: [{ in: "body", pointer: "", detail }] };
    }
    if (found.check === undefined) return { parsed: true, value, errors: [] };
    const result = await found.check(value);
    if (result.issues !== undefined) {
      return { parsed: true, value, errors: bodyErrors(result.issues) };
    }
    return { parsed: true, value: result.value, errors: [] };
  };
}
