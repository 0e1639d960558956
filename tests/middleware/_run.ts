/** Test helper: runs one middleware around a handler, with a real context. */
import { anonymousUser, createContext } from "../../src/http/context.ts";
import type { Middleware } from "../../src/middleware/types.ts";
import type { ApiFunctionsContext, KvService } from "../../src/types.ts";

/** The outcome of one call: the response, and whether the rest of the chain ran. */
export type Run = { response: Response; nextCalled: boolean };

/**
 * Calls `middleware` for `request`; `next()` answers with `handler` (default: 200 "ok").
 *
 * @param middleware The middleware under test.
 * @param request The request.
 * @param options The handler behind `next()` and the store `getKv()` gives.
 * @returns The response and whether `next()` was called.
 */
export async function runMiddleware(
  middleware: Middleware,
  request: Request,
  options: {
    handler?: (request: Request, context: ApiFunctionsContext) => Response | Promise<Response>;
    kv?: KvService;
  } = {},
): Promise<Run> {
  const context = createContext(request, {
    params: {},
    user: anonymousUser(),
    config: {},
    getKv: () =>
      options.kv ? Promise.resolve(options.kv) : Promise.reject(new Error("no KV in this test")),
  });
  let nextCalled = false;
  const handler = options.handler ?? (() => new Response("ok"));
  const response = await middleware(request, context, async () => {
    nextCalled = true;
    return await handler(request, context);
  });
  return { response, nextCalled };
}
