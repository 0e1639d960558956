/**
 * The function with its operation around it: parameters and body are checked before it runs
 * (one 400 problem with every error), a checked JSON body reaches it parsed, and in `dev` its
 * response is checked after it. Files without `openapi` are not wrapped at all.
 *
 * @module
 */
import { HttpError, type ProblemError } from "../http/errors.ts";
import type { ApiFunction, ApiFunctionsContext } from "../types.ts";
import type { BodyOutcome } from "./body.ts";
import type { CompiledOperation } from "./operation.ts";
import type { ParameterOutcome } from "./parameters.ts";

/**
 * The checked input of a request, coerced to the declared types (see
 * {@linkcode readValidated}).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ValidatedInput } from "@apifn/core";
 *
 * const input: ValidatedInput = { params: { id: 7 }, query: {}, headers: {}, cookies: {} };
 * assert.equal(input.params.id, 7);
 * ```
 */
export interface ValidatedInput {
  /** Path parameters with a schema, by name. */
  params: Record<string, unknown>;
  /** Query parameters with a schema, by name. */
  query: Record<string, unknown>;
  /** Header parameters with a schema, by their declared name. */
  headers: Record<string, unknown>;
  /** Cookie parameters with a schema, by name. */
  cookies: Record<string, unknown>;
  /** The JSON body (a Standard Schema's output), when one was checked. */
  body?: unknown;
}

const inputs = new WeakMap<ApiFunctionsContext, ValidatedInput>();

/**
 * The input of the request a context belongs to, as its function's `openapi` operation
 * checked it: parameters coerced to their declared types (`context.params` and
 * `context.query` keep the strings received, as Redocly gives them) and the parsed body.
 *
 * @param context The context of a function that exports `openapi`.
 * @returns The checked input, or `undefined` when the function has no `openapi`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createApp, readValidated } from "@apifn/core";
 * import type { ApiFunctionsContext } from "@apifn/core";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/@api`);
 * await Deno.writeTextFile(`${root}/@api/page.get.ts`, `
 *   import { readValidated } from "@apifn/core";
 *   export const openapi = { parameters: [{ name: "n", in: "query", schema: { type: "integer" } }] };
 *   export default (_request, context) => context.json(readValidated(context).query);
 * `);
 * const app = await createApp({ root, kv: ":memory:" });
 * const response = await app.fetch(new Request("http://localhost/api/page?n=7"));
 * assert.deepEqual(await response.json(), { n: 7 });
 * await app.close();
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function readValidated(context: ApiFunctionsContext): ValidatedInput | undefined {
  return inputs.get(context);
}

function rejected(errors: ProblemError[]): HttpError {
  const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  return new HttpError(400, `The request does not match the operation (${count})`, { errors });
}

/** Throws the problem, or records the input and hands the parsed body to `request.json()`. */
function settle(
  request: Request,
  context: ApiFunctionsContext,
  parameters: ParameterOutcome | undefined,
  body: BodyOutcome | undefined,
): void {
  const errors = [...parameters?.errors ?? [], ...body?.errors ?? []];
  if (errors.length > 0) throw rejected(errors);
  const values = parameters?.values;
  const input: ValidatedInput = {
    params: values?.path ?? {},
    query: values?.query ?? {},
    headers: values?.header ?? {},
    cookies: values?.cookie ?? {},
  };
  if (body?.parsed) {
    const value = body.value;
    input.body = value;
    // Read once here: the function's `request.json()` gets the checked value, not a second read.
    request.json = () => Promise.resolve(value);
  }
  inputs.set(context, input);
}

/**
 * Wraps a function in its compiled operation.
 *
 * @param handler The function file's default export.
 * @param compiled Its compiled `openapi` operation.
 * @param options `relative`: the file, named in reports; `warn`: where `dev` reports responses
 * that do not match the operation; `described`: the operation, named in reports (default: "its
 * openapi operation").
 * @returns The wrapped function.
 */
export function withOperation(
  handler: ApiFunction,
  compiled: CompiledOperation,
  options: { relative: string; warn: (message: string) => void; described?: string },
): ApiFunction {
  const { parameters, body, responses } = compiled;
  const call: ApiFunction = responses === undefined ? handler : (request, context) => {
    const result = handler(request, context);
    const report = (response: Response) => {
      if (!(response instanceof Response)) return response;
      const what = `${request.method} ${new URL(request.url).pathname} → ${response.status}`;
      responses(response).then((violations) => {
        if (violations.length === 0) return;
        options.warn(
          `The response of '${options.relative}' (${what}) does not match ` +
            `${options.described ?? "its openapi operation"}: ${violations.join("; ")}`,
        );
      }, () => {});
      return response;
    };
    return result instanceof Promise ? result.then(report) : report(result);
  };
  return function validated(request, context) {
    const checked = parameters?.(request, context.params);
    if (body === undefined && !(checked instanceof Promise)) {
      settle(request, context, checked, undefined);
      return call(request, context);
    }
    return Promise.all([checked, body?.(request)]).then(([params, parsed]) => {
      settle(request, context, params, parsed);
      return call(request, context);
    });
  };
}
