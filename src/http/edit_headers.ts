/**
 * Header edits on a response the app did not build: `fetch()` responses and `Response.redirect()`
 * have immutable headers, so those are copied first. Used by the context's cookies and by
 * middlewares.
 *
 * @module
 */

/**
 * Applies `edit` to the headers of `response`, or of a copy when they are immutable.
 *
 * @param response The response to change.
 * @param edit Sets or appends headers.
 * @returns `response` itself, or the copy that carries the edit.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { editHeaders } from "./edit_headers.ts";
 *
 * const redirect = Response.redirect("http://localhost/next", 302);
 * const edited = editHeaders(redirect, (headers) => headers.set("x-seen", "1"));
 * assert.notEqual(edited, redirect);
 * assert.equal(edited.status, 302);
 * assert.equal(edited.headers.get("x-seen"), "1");
 * assert.equal(edited.headers.get("location"), "http://localhost/next");
 * ```
 */
export function editHeaders(response: Response, edit: (headers: Headers) => void): Response {
  try {
    edit(response.headers);
    return response;
  } catch (error) {
    // Immutable headers throw a TypeError on the first change, so nothing was applied yet.
    if (!(error instanceof TypeError)) throw error;
    // A 101 (WebSocket upgrade) cannot be rebuilt: it goes out as it is.
    if (response.status < 200) return response;
  }
  const copy = new Response(response.body, response);
  edit(copy.headers);
  return copy;
}
