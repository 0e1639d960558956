/**
 * Header edits on the response `next()` gives, for middlewares: `fetch()` responses and
 * `Response.redirect()` have immutable headers, so those are copied first.
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
 * import { editHeaders } from "./response_headers.ts";
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

/**
 * Adds field names to `Vary`, keeping the names already there (compared without case) and
 * leaving `Vary: *` alone.
 *
 * @param headers The headers to change.
 * @param names The request header names the response depends on.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { addVary } from "./response_headers.ts";
 *
 * const headers = new Headers({ vary: "accept-encoding, origin" });
 * addVary(headers, "Origin", "Access-Control-Request-Headers");
 * assert.equal(headers.get("vary"), "accept-encoding, origin, Access-Control-Request-Headers");
 * ```
 */
export function addVary(headers: Headers, ...names: string[]): void {
  const current = headers.get("vary");
  const present = (current ?? "").split(",").map((name) => name.trim().toLowerCase());
  if (present.includes("*")) return;
  const missing: string[] = [];
  for (const name of names) {
    if (present.includes(name.toLowerCase())) continue;
    present.push(name.toLowerCase());
    missing.push(name);
  }
  if (missing.length === 0) return;
  headers.set("vary", current ? `${current}, ${missing.join(", ")}` : missing.join(", "));
}
