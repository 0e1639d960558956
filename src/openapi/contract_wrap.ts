/**
 * A function file wrapped in the operations the project's API description gives it: the same
 * checks as an `openapi` export (`withOperation`), chosen per request by method (and, for an
 * optional catch-all, by whether the rest is there). The description wins over the export.
 *
 * @module
 */
import type { ApiFunction } from "../types.ts";
import type { FileOperation } from "./contract.ts";
import type { DescribedOperation } from "./described_operations.ts";
import { compileOperation } from "./operation.ts";
import type { PathParameter } from "./parameters.ts";
import type { OpenApiOperation } from "./types.ts";
import { withOperation } from "./validate.ts";

/** Options of {@linkcode withDescribed}. */
export interface DescribedOptions {
  /** The function file, relative to the root (shown in messages). */
  relative: string;
  /** The route's path parameters (from the file name). */
  path: readonly PathParameter[];
  /** Check responses too, reporting through `warn`. */
  dev: boolean;
  /** Receives warnings (the description winning over an export, responses in `dev`). */
  warn: (message: string) => void;
}

/** `GET /api/notes/{id}` in `openapi.yaml#/paths/~1notes~1{id}/get`. */
export function describedName(operation: DescribedOperation): string {
  return `${operation.method} ${operation.path} ('${operation.file}${operation.pointer}')`;
}

/**
 * Wraps a function in its described operations. Methods the description does not give the
 * file go to `fallback` (the function, inside its own `openapi` export if it has one).
 *
 * @param handler The file's default export.
 * @param fallback What answers the methods not described.
 * @param operations The operations the file serves.
 * @param options The file and how to report.
 * @returns The wrapped function.
 * @throws {TypeError} When an operation does not compile (the message names it).
 */
export function withDescribed(
  handler: ApiFunction,
  fallback: ApiFunction,
  operations: readonly FileOperation[],
  options: DescribedOptions,
): ApiFunction {
  const byMethod = new Map<string, Array<{ names: string[]; call: ApiFunction }>>();
  for (const { described, method, params } of operations) {
    const rename = new Map(described.params.map((name, i) => [name, params[i]?.name ?? name]));
    const operation = renamePathParameters(described.operation, rename);
    let call: ApiFunction;
    try {
      const compiled = compileOperation(operation, { path: options.path, responses: options.dev });
      call = withOperation(handler, compiled, {
        relative: options.relative,
        warn: options.warn,
        described: `the operation ${describedName(described)}`,
      });
    } catch (error) {
      throw new TypeError(
        `Cannot use the operation ${describedName(described)} for '${options.relative}': ` +
          (error as Error).message,
      );
    }
    const list = byMethod.get(method) ?? [];
    // The longest path first: an optional catch-all's two paths differ by its rest.
    list.push({ names: params.map((p) => p.name), call });
    list.sort((a, b) => b.names.length - a.names.length);
    byMethod.set(method, list);
  }
  return function described(request, context) {
    const list = byMethod.get(request.method) ??
      (request.method === "HEAD" ? byMethod.get("GET") : undefined);
    if (list === undefined) return fallback(request, context);
    const params = context.params as Record<string, string | string[] | undefined>;
    const found = list.length === 1 ? list[0] : list.find(({ names }) =>
      names.every((name) => {
        const value = params[name];
        return value !== undefined && value.length > 0;
      })
    );
    return (found?.call ?? fallback)(request, context);
  };
}

function renamePathParameters(
  operation: OpenApiOperation,
  rename: Map<string, string>,
): OpenApiOperation {
  if (!Array.isArray(operation.parameters)) return operation;
  const parameters = operation.parameters.map((parameter) =>
    "$ref" in parameter || parameter.in !== "path" || !rename.has(parameter.name)
      ? parameter
      : { ...parameter, name: rename.get(parameter.name)! }
  );
  return { ...operation, parameters };
}
