/**
 * The controller behind `context.signal`.
 *
 * @module
 */

/**
 * A controller that follows `request.signal` (aborted on a client disconnect by `Deno.serve`).
 *
 * @param request The request as received.
 * @returns A controller aborted with the request's reason when the request's signal aborts.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { followRequest } from "./follow_request.ts";
 *
 * const client = new AbortController();
 * const followed = followRequest(new Request("http://localhost/", { signal: client.signal }));
 * client.abort(new Error("gone"));
 * assert.equal(followed.signal.reason.message, "gone");
 * ```
 */
export function followRequest(request: Request): AbortController {
  const controller = new AbortController();
  const source = request.signal;
  if (source.aborted) controller.abort(source.reason);
  else source.addEventListener("abort", () => controller.abort(source.reason), { once: true });
  return controller;
}
