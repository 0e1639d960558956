/**
 * Checking what `enqueue` is given: a known job name, a payload that is a KV value small
 * enough for one queue record, and the delay, attempts and backoff.
 *
 * @module
 */
import { encodeValue } from "../kv/layout/values.ts";
import type { EnqueueOptions } from "../types.ts";

export type { EnqueueOptions };

/** The largest payload: 60 KiB of JSON, so a message fits in one Deno KV value. */
export const MAX_PAYLOAD_BYTES = 60 * 1024;
const HOUR = 3_600_000;
const MAX_DELAY = 365 * 24 * HOUR;

/** A checked enqueue. */
export interface CheckedEnqueue {
  /** The payload's JSON bytes. */
  payload: Uint8Array;
  /** Milliseconds before the first run. */
  delay: number;
  /** Runs in all. */
  attempts: number;
  /** The wait before each retry. */
  backoff: number[];
}

function checkMs(value: unknown, what: string, name: string, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) {
    throw new RangeError(
      `Cannot enqueue job '${name}': ${what} ${String(value)} must be 0 to ${max} milliseconds`,
    );
  }
  return Math.ceil(value);
}

/**
 * Checks an enqueue.
 *
 * @param name The job's name.
 * @param payload Its payload.
 * @param options Delay, attempts, backoff.
 * @returns The payload's bytes and the options with their defaults.
 * @throws {TypeError} A payload that is not JSON, options that are not an object.
 * @throws {RangeError} A payload over {@linkcode MAX_PAYLOAD_BYTES}, a bad delay, attempts or
 * backoff.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkEnqueue } from "./options.ts";
 *
 * assert.deepEqual(checkEnqueue("mail", { to: "a" }, { attempts: 3, backoff: 10 }).backoff, [
 *   10,
 *   20,
 * ]);
 * assert.throws(() => checkEnqueue("mail", () => {}), TypeError);
 * ```
 */
export function checkEnqueue(
  name: string,
  payload: unknown,
  options: EnqueueOptions = {},
): CheckedEnqueue {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Cannot enqueue job '${name}': options must be an object`);
  }
  let bytes: Uint8Array;
  try {
    bytes = encodeValue(payload).bytes;
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith("Value size")) {
      throw new RangeError(`Cannot enqueue job '${name}': payload ${message.slice(6)}`);
    }
    throw new TypeError(`Cannot enqueue job '${name}': payload ${message.slice(6)}`);
  }
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(
      `Cannot enqueue job '${name}': payload size (${
        (bytes.length / 1024).toFixed(2)
      } KB) exceeds the maximum of 60 KB for a job (store large data in KV and pass its key)`,
    );
  }
  const delay = options.delay === undefined ? 0 : checkMs(options.delay, "delay", name, MAX_DELAY);
  const attempts = options.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 100) {
    throw new RangeError(
      `Cannot enqueue job '${name}': attempts ${String(attempts)} must be an integer from 1 to 100`,
    );
  }
  return {
    payload: bytes,
    delay,
    attempts,
    backoff: backoffSchedule(name, options.backoff, attempts),
  };
}

function backoffSchedule(
  name: string,
  backoff: number | number[] | undefined,
  attempts: number,
): number[] {
  if (Array.isArray(backoff)) {
    if (backoff.length === 0 || backoff.length > 20) {
      throw new RangeError(`Cannot enqueue job '${name}': backoff must list 1 to 20 delays`);
    }
    return backoff.map((ms) => checkMs(ms, "backoff delay", name, HOUR));
  }
  const base = backoff === undefined ? 1000 : checkMs(backoff, "backoff", name, HOUR);
  const retries = Math.min(20, attempts - 1);
  return Array.from({ length: retries }, (_, i) => Math.min(HOUR, base * 2 ** i));
}

/**
 * The wait before the retry that follows run number `runs` (from 1).
 *
 * @param backoff The message's schedule.
 * @param runs Runs so far.
 * @returns Milliseconds.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { retryDelay } from "./options.ts";
 *
 * assert.equal(retryDelay([5, 9], 1), 5);
 * assert.equal(retryDelay([5, 9], 7), 9);
 * ```
 */
export function retryDelay(backoff: readonly number[], runs: number): number {
  return backoff[Math.min(runs, backoff.length) - 1] ?? 0;
}
