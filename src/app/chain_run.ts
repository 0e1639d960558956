/**
 * Running a route's middlewares around its function: each gets `next()`, which runs the rest
 * of the chain once and always resolves to a Response (a throw further in has already become
 * the error response, so a middleware can add headers to it too).
 *
 * @module
 */
import type { Middleware, MiddlewareNext } from "../middleware/types.ts";
import type { ApiFunctionsContext } from "../types.ts";

/**
 * What a returned value is, for messages: `null`, `an array`, `a Map`, `a plain object`, `a
 * string`, ….
 *
 * @param value Anything.
 * @returns Its description.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeValue } from "./chain_run.ts";
 *
 * assert.equal(describeValue({}), "a plain object");
 * assert.equal(describeValue("x"), "a string");
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "a plain object";
  }
  return `a ${typeof value}`;
}

/** A chain whose modules have loaded: the handlers and their files, root first. */
export interface ReadyChain {
  /** The middlewares. */
  handlers: readonly Middleware[];
  /** Their files, in the same order (named when one returns something else than a Response). */
  modules: readonly { relative: string }[];
}

/** One run of a chain. */
export interface ChainRun {
  /** The middlewares. */
  chain: ReadyChain;
  /** The function, called last. */
  handler: (request: Request, context: never) => unknown;
  /** The function's file. */
  relative: string;
  /** The one error-to-response path (logs, 413, 500 JSON). */
  fail: (error: unknown) => Response;
}

/**
 * Runs the middlewares, then the function, with the same request and context.
 *
 * @param request The request handed to the function.
 * @param context Its context.
 * @param run The chain.
 * @returns The first middleware's response.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChain } from "./chain_run.ts";
 * import type { ApiFunctionsContext } from "../types.ts";
 *
 * const response = await runChain(new Request("http://x/"), {} as ApiFunctionsContext, {
 *   chain: {
 *     handlers: [async (_request, _context, next) => {
 *       const inner = await next();
 *       return new Response(`${await inner.text()}!`);
 *     }],
 *     modules: [{ relative: "@api/_middleware.ts" }],
 *   },
 *   handler: () => new Response("hi"),
 *   relative: "@api/hi.ts",
 *   fail: () => new Response(null, { status: 500 }),
 * });
 * assert.equal(await response.text(), "hi!");
 * ```
 */
export function runChain(
  request: Request,
  context: ApiFunctionsContext,
  run: ChainRun,
): Promise<Response> {
  const { chain: { handlers: middlewares }, fail } = run;
  const step = (i: number): Promise<Response> => {
    let result: unknown;
    try {
      if (i === middlewares.length) result = run.handler(request, context as never);
      else {
        let rest: Promise<Response> | undefined;
        const next: MiddlewareNext = () => rest ??= step(i + 1);
        result = middlewares[i]!(request, context, next);
      }
    } catch (error) {
      return Promise.resolve(fail(error));
    }
    if (result instanceof Response) return Promise.resolve(result);
    return Promise.resolve(result).then((value) => {
      if (value instanceof Response) return value;
      const who = i === middlewares.length
        ? `Function '${run.relative}'`
        : `Middleware '${run.chain.modules[i]?.relative}'`;
      return fail(new Error(`${who} returned ${describeValue(value)} instead of a Response`));
    }, fail);
  };
  return step(0);
}
