/**
 * The shape of one conformance case: a named check that opens its own
 * stores from a factory.
 *
 * @module
 */
import type { StoreFactory } from "../_helpers.ts";

/** One conformance case. */
export interface ConformanceCase {
  /** The step title, `"subject - behaviour"`. */
  name: string;
  /** Runs the case against stores from `factory`. */
  run(factory: StoreFactory, t: Deno.TestContext): Promise<void>;
}

/**
 * Calls `fn` and returns its promise, failing if it throws synchronously.
 *
 * @param label What is called, for the failure message.
 * @param fn The call.
 * @returns The promise `fn` returned.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { promiseOf } from "./_case.ts";
 *
 * await assert.rejects(promiseOf("reject", () => Promise.reject(new Error("x"))));
 * assert.throws(() => promiseOf("throw", () => { throw new Error("x"); }), /synchronously/);
 * ```
 */
export function promiseOf<T>(label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (error) {
    throw new Error(`${label} threw synchronously instead of rejecting: ${error}`);
  }
}
