/**
 * Safe assignment into plain objects built from request data.
 *
 * @module
 */

/**
 * Sets `target[key] = value` as an own, enumerable property, also for `__proto__` (which a
 * plain assignment would treat as the prototype).
 *
 * @param target The object.
 * @param key The property name, from untrusted input.
 * @param value The value.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { setOwn } from "./own.ts";
 *
 * const query: Record<string, string> = {};
 * setOwn(query, "__proto__", "x");
 * assert.equal(Object.getPrototypeOf(query), Object.prototype);
 * assert.deepEqual(Object.keys(query), ["__proto__"]);
 * ```
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else target[key] = value;
}
