/**
 * The HTTP methods a route file can name in its suffix (`notes.get.ts`).
 *
 * @module
 */

/**
 * The methods a route file can be restricted to, in the order used for `Allow` headers.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { METHODS } from "./method.ts";
 *
 * assert.equal(METHODS.includes("PATCH"), true);
 * assert.equal(METHODS[0], "GET");
 * ```
 */
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/**
 * One of {@linkcode METHODS}, upper case.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Method } from "./method.ts";
 *
 * const method: Method = "DELETE";
 * assert.equal(method, "DELETE");
 * ```
 */
export type Method = typeof METHODS[number];
