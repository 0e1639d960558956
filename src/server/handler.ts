/**
 * The `Deno.serve` handler around an app: a request id, the peer address for
 * `remoteAddress(request)`, and one log line per request.
 *
 * @module
 */
import type { App } from "../app/options.ts";
import { nextRequestId } from "../app/request_id.ts";
import { setRemoteAddress } from "../http/remote_addr.ts";

/**
 * Wraps an app for `Deno.serve` (and `deno serve` workers).
 *
 * @param app The app.
 * @param options `log`: receives `METHOD /path status ms request-id` per request; omit for none.
 * @returns The handler.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createServeHandler } from "./handler.ts";
 *
 * const lines: string[] = [];
 * const app = { fetch: () => Promise.resolve(new Response("ok")) };
 * const handler = createServeHandler(app as never, { log: (line) => lines.push(line) });
 * const info = { remoteAddr: { transport: "tcp", hostname: "127.0.0.1", port: 1 } };
 * await handler(new Request("http://x/a", { headers: { "x-request-id": "r1" } }), info as never);
 * assert.match(lines[0]!, /^GET \/a 200 \d+\.\dms r1$/);
 * ```
 */
export function createServeHandler(
  app: Pick<App, "fetch"> & Partial<Pick<App, "respond">>,
  options: { log?: (line: string) => void } = {},
): (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response> {
  const log = options.log;
  const respond: App["respond"] = app.respond?.bind(app) ?? app.fetch.bind(app);
  if (!log) {
    return function handler(request, info) {
      setRemoteAddress(request, info);
      return respond(request);
    };
  }
  return async function handler(request, info) {
    setRemoteAddress(request, info);
    const started = performance.now();
    const requestId = nextRequestId(request);
    const response = await respond(request, { requestId });
    const ms = (performance.now() - started).toFixed(1);
    log(
      `${request.method} ${new URL(request.url).pathname} ${response.status} ${ms}ms ${requestId}`,
    );
    return response;
  };
}
