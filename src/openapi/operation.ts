/**
 * A function file's `openapi` export, compiled once when the file is imported: the checks of
 * its parameters and body, and (in `dev`) of its responses.
 *
 * @module
 */
import { type BodyCheck, compileRequestBody } from "./body.ts";
import { compileParameters, type ParameterCheck, type PathParameter } from "./parameters.ts";
import { compileResponses, type ResponseCheck } from "./response_check.ts";
import type { OpenApiOperation } from "./types.ts";

/** An operation with its checks compiled. */
export interface CompiledOperation {
  /** The operation as the file exports it. */
  operation: OpenApiOperation;
  /** Checks path, query, header and cookie parameters (absent: none declared). */
  parameters: ParameterCheck | undefined;
  /** Checks the body (absent: no `requestBody`). */
  body: BodyCheck | undefined;
  /** Checks responses (absent: none declared, or not in `dev`). */
  responses: ResponseCheck | undefined;
}

/**
 * Compiles an operation. Every JSON Schema in it is compiled here, once.
 *
 * @param operation The `openapi` export.
 * @param options `path`: the route's path parameters (from the file name); `responses`: whether
 * to compile the response check (`dev` only).
 * @returns The compiled operation.
 * @throws {TypeError} When the export is not an object, or any part of it cannot be compiled
 * (the message says which).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileOperation } from "./operation.ts";
 *
 * const compiled = compileOperation({ responses: { 200: { description: "OK" } } }, {
 *   path: [],
 *   responses: false,
 * });
 * assert.equal(compiled.parameters, undefined);
 * assert.throws(
 *   () => compileOperation({ parameters: [{ name: "id", in: "path" }] }, { path: [], responses: false }),
 *   /parameter 'id' in path is not in the file name/,
 * );
 * ```
 */
export function compileOperation(
  operation: OpenApiOperation,
  options: { path: readonly PathParameter[]; responses: boolean },
): CompiledOperation {
  if (typeof operation !== "object" || operation === null || Array.isArray(operation)) {
    throw new TypeError("it must be an OpenAPI Operation Object");
  }
  if (operation.parameters !== undefined && !Array.isArray(operation.parameters)) {
    throw new TypeError("its 'parameters' must be an array");
  }
  return {
    operation,
    parameters: compileParameters(operation, options.path),
    body: compileRequestBody(operation),
    responses: options.responses ? compileResponses(operation) : undefined,
  };
}
