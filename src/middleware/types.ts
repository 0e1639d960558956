/**
 * The shape of a middleware: what a `_middleware.ts` file default-exports and
 * what `cors()` and `rateLimit()` return.
 *
 * @module
 */
import type { ApiFunctionsContext } from "../types.ts";

/** Runs the rest of the chain (later middlewares, then the function) and gives its response. */
export type MiddlewareNext = () => Promise<Response>;

/**
 * A middleware: answers early, or calls `next()` and returns (or changes) its response. Values put
 * on `context.state` are seen by later middlewares and the function.
 */
export type Middleware = (
  request: Request,
  context: ApiFunctionsContext,
  next: MiddlewareNext,
) => Response | Promise<Response>;
