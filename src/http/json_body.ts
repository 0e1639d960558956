/**
 * A safer `request.json()` for handlers: strict UTF-8, a nesting limit, and client errors
 * (400 `HttpError`) instead of 500s for bodies that are not JSON.
 *
 * @module
 */

import { HttpError } from "./errors.ts";

/** The default deepest nesting of arrays and objects accepted by `request.json()`. */
export const DEFAULT_MAX_JSON_DEPTH = 512;

const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * The deepest nesting of arrays and objects in JSON text, stopping early once it passes
 * `limit` (brackets inside strings do not count). Linear time, no recursion.
 *
 * @param text JSON text.
 * @param limit Stop counting past this depth.
 * @returns The depth (at most `limit + 1`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonDepth } from "./json_body.ts";
 *
 * assert.equal(jsonDepth('{"a":[1,{"b":"[[["}]}', 100), 3);
 * assert.equal(jsonDepth("[".repeat(10_000), 512), 513);
 * ```
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return max;
}

/**
 * Creates the `json()` that the pipeline puts on each request it hands to a handler. It reads
 * the body with the request's own `arrayBuffer()` (so body limits still apply), decodes it as
 * strict UTF-8, and rejects with `HttpError(400)` for invalid UTF-8, for nesting deeper than
 * `maxDepth` and for text that is not JSON (a handler that does not catch it answers 400).
 * Called on anything but a Request, it behaves like `Request.prototype.json`.
 *
 * @param maxDepth The deepest nesting accepted (default 512).
 * @returns The method, to assign as an own property: `request.json = safeJson`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createSafeJson } from "./json_body.ts";
 *
 * const safeJson = createSafeJson(2);
 * const post = (body: BodyInit) => {
 *   const request = new Request("http://x/", { method: "POST", body });
 *   request.json = safeJson;
 *   return request;
 * };
 * assert.deepEqual(await post('{"a":[1]}').json(), { a: [1] });
 * await assert.rejects(post("[[[1]]]").json(), { status: 400 });
 * await assert.rejects(post("{oops").json(), { status: 400 });
 * await assert.rejects(post(new Uint8Array([0x22, 0xff, 0x22])).json(), { status: 400 });
 * ```
 */
export function createSafeJson(
  maxDepth: number = DEFAULT_MAX_JSON_DEPTH,
): (this: Request) => Promise<unknown> {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new RangeError(`Cannot limit JSON nesting to '${maxDepth}': expected a positive integer`);
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  return async function json(this: Request): Promise<unknown> {
    if (!(this instanceof Request)) return await Request.prototype.json.call(this);
    // The request's own `arrayBuffer()`: the pipeline's body guard turns read errors into 400s.
    const bytes = await this.arrayBuffer();
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new HttpError(400, "Cannot parse JSON body: it is not valid UTF-8");
    }
    if (jsonDepth(text, maxDepth) > maxDepth) {
      throw new HttpError(400, `Cannot parse JSON body: it nests deeper than ${maxDepth} levels`);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      const reason = error instanceof SyntaxError ? error.message : "invalid JSON";
      throw new HttpError(400, `Cannot parse JSON body: ${reason}`);
    }
  };
}
