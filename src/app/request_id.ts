/**
 * Request ids: a short random prefix per process plus a counter, or the
 * caller's `x-request-id` when it is short and safe to log.
 *
 * @module
 */

const PREFIX = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).padStart(7, "0");
let counter = 0;
const SAFE = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The id of a request: its `x-request-id` header when safe, else a new one.
 *
 * @param request The request.
 * @returns The id.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nextRequestId } from "./request_id.ts";
 *
 * const given = new Request("http://x/", { headers: { "x-request-id": "abc-1" } });
 * assert.equal(nextRequestId(given), "abc-1");
 * assert.notEqual(nextRequestId(new Request("http://x/")), nextRequestId(new Request("http://x/")));
 * ```
 */
export function nextRequestId(request: Request): string {
  const given = request.headers.get("x-request-id");
  if (given !== null && SAFE.test(given)) return given;
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${PREFIX}-${counter.toString(36)}`;
}
