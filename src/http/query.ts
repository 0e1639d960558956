/**
 * Query string parsing for `context.query`.
 *
 * @module
 */

import { setOwn } from "./own.ts";

/**
 * Parses the query of `url` into an object: a key seen once maps to a string,
 * a repeated key to an array of its values in order. `+` and `%xx` are decoded
 * (`URLSearchParams` semantics). Keys such as `__proto__` become ordinary own
 * properties and never touch any prototype.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseQuery } from "./query.ts";
 *
 * const query = parseQuery(new URL("http://localhost/users?tag=a&tag=b&q=hello+world"));
 * assert.deepEqual(query, { tag: ["a", "b"], q: "hello world" });
 * assert.deepEqual(parseQuery(new URL("http://localhost/users")), {});
 * ```
 */
export function parseQuery(url: URL): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  if (url.search.length <= 1) return result;
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(result, key)) {
      const previous = result[key]!;
      if (Array.isArray(previous)) previous.push(value);
      else result[key] = [previous, value];
    } else setOwn(result, key, value);
  }
  return result;
}
