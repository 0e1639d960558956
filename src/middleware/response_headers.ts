/**
 * Header helpers for middlewares: `Vary` merging (edits of the response `next()` gives go through
 * `editHeaders` of `http/edit_headers.ts`, which copies immutable headers first).
 *
 * @module
 */

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
