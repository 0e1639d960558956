/**
 * The checks around a loaded function: its `openapi` export, or the operations the project's
 * API description gives its file (the description wins, with a warning).
 *
 * @module
 */
import type { FileOperation } from "../openapi/contract.ts";
import { describedName, withDescribed } from "../openapi/contract_wrap.ts";
import { compileOperation } from "../openapi/operation.ts";
import type { PathParameter } from "../openapi/parameters.ts";
import type { OpenApiOperation } from "../openapi/types.ts";
import { withOperation } from "../openapi/validate.ts";
import type { ApiFunction } from "../types.ts";

/** What loading a function file gave. */
export type LoadedFunction =
  /** `handler` is the default export, inside the checks of its `openapi` operation if any. */
  | { ok: true; handler: ApiFunction; operation?: OpenApiOperation | undefined }
  /** The file loaded but has no callable default export: it is not a route. */
  | { ok: false; kind: "no-default"; message: string }
  /** Importing the file threw (syntax error, failing import, top-level throw). */
  | { ok: false; kind: "import-error"; message: string; error: unknown };

/** What {@linkcode checkFunction} needs to know about the file. */
export interface CheckOptions {
  /** The path shown in messages. */
  relative: string;
  /** The route's path parameters. */
  path?: readonly PathParameter[] | undefined;
  /** Check responses too, reporting through `warn`. */
  dev?: boolean | undefined;
  /** Receives warnings (default: the console). */
  warn?: ((message: string) => void) | undefined;
  /** The operations the project's API description gives the file. */
  described?: readonly FileOperation[] | undefined;
}

/**
 * The function inside its checks: the described operations (over the export, with a
 * warning), else its `openapi` export, else as it is.
 *
 * @param handler The default export.
 * @param exported The `openapi` export (`undefined`: none).
 * @param options The file.
 * @returns The function, or an import error naming the file when an operation does not compile.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkFunction } from "./function_checks.ts";
 *
 * const bad = checkFunction(() => new Response(), { parameters: [{ name: "id", in: "path" }] }, {
 *   relative: "@api/x.get.ts",
 * });
 * assert.equal(bad.ok, false);
 * ```
 */
export function checkFunction(
  handler: ApiFunction,
  exported: unknown,
  options: CheckOptions,
): LoadedFunction {
  const own: LoadedFunction = exported === undefined
    ? { ok: true, handler }
    : withOpenApi(handler, exported as OpenApiOperation, options);
  if (!own.ok || !options.described?.length) return own;
  return withContract(handler, own, exported, options);
}

function withOpenApi(
  handler: ApiFunction,
  operation: OpenApiOperation,
  options: CheckOptions,
): LoadedFunction {
  return guarded(`Cannot use the openapi export of '${options.relative}'`, () => {
    const compiled = compileOperation(operation, {
      path: options.path ?? [],
      responses: options.dev === true,
    });
    const wrapped = withOperation(handler, compiled, {
      relative: options.relative,
      warn: warnOf(options),
    });
    return { ok: true, handler: wrapped, operation };
  });
}

/** The function inside the operations the API description gives it (over its own export). */
function withContract(
  handler: ApiFunction,
  own: Extract<LoadedFunction, { ok: true }>,
  exported: unknown,
  options: CheckOptions,
): LoadedFunction {
  const operations = options.described!;
  const warn = warnOf(options);
  if (exported !== undefined) {
    const names = operations.map((o) => describedName(o.described)).join(", ");
    warn(
      `'${options.relative}' exports openapi, but the API description describes ${names}: the description wins`,
    );
  }
  return guarded(`Cannot use the API description for '${options.relative}'`, () => {
    const settings = {
      relative: options.relative,
      path: options.path ?? [],
      dev: options.dev === true,
      warn,
    };
    return { ...own, handler: withDescribed(handler, own.handler, operations, settings) };
  });
}

function warnOf(options: { warn?: ((message: string) => void) | undefined }) {
  return options.warn ?? ((message: string) => console.warn(`apifn: ${message}`));
}

function guarded(prefix: string, make: () => LoadedFunction): LoadedFunction {
  try {
    return make();
  } catch (error) {
    const message = `${prefix}: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, kind: "import-error", message, error: new TypeError(message) };
  }
}
