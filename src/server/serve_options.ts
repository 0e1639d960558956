/**
 * Validation and defaults of the server's own options (`shutdownGraceMs`, `health`), shared by
 * `serve`, the CLI flags and the `apifn` settings of `deno.json`.
 *
 * @module
 */

/**
 * The default shutdown grace period, in ms: the default time limit of a function call, so every
 * request running when the signal comes can still be answered (by its function or a 504).
 */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** The longest delay a timer takes. */
const MAX_GRACE_MS = 2_147_483_647;

/**
 * Validates a shutdown grace period.
 *
 * @param value The option's value (`undefined`: the default).
 * @param name How to name it in errors (default `shutdownGraceMs`).
 * @returns Milliseconds.
 * @throws {TypeError} When it is not a number.
 * @throws {RangeError} When it is not from 0 to 2147483647.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveShutdownGrace } from "./serve_options.ts";
 *
 * assert.equal(resolveShutdownGrace(undefined), 10_000);
 * assert.equal(resolveShutdownGrace(500), 500);
 * assert.throws(() => resolveShutdownGrace(-1), RangeError);
 * assert.throws(() => resolveShutdownGrace("5s"), TypeError);
 * ```
 */
export function resolveShutdownGrace(value: unknown, name = "shutdownGraceMs"): number {
  if (value === undefined) return DEFAULT_SHUTDOWN_GRACE_MS;
  if (typeof value !== "number") {
    throw new TypeError(`Cannot use ${name} '${String(value)}': expected a number of milliseconds`);
  }
  if (!(value >= 0 && value <= MAX_GRACE_MS)) {
    throw new RangeError(
      `Cannot use ${name} '${value}': expected a number of milliseconds from 0 to ${MAX_GRACE_MS}`,
    );
  }
  return value;
}

/**
 * Validates the `health` option.
 *
 * @param value The option's value (`undefined`: `fallback`).
 * @param fallback The mode's default (`serve`: off, `serveDev`: on).
 * @returns Whether `GET /_apifn/health` is served.
 * @throws {TypeError} When it is not a boolean.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveHealth } from "./serve_options.ts";
 *
 * assert.equal(resolveHealth(undefined, false), false);
 * assert.equal(resolveHealth(true, false), true);
 * assert.throws(() => resolveHealth("yes", false), TypeError);
 * ```
 */
export function resolveHealth(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot use health '${String(value)}': expected true or false`);
  }
  return value;
}
