/**
 * The clock jobs and schedules read and wait on: the system clock, or one a test injects.
 *
 * @module
 */

/** Reads the time and waits. */
export interface Clock {
  /** The time, in epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` of this clock's time, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Waits `ms` real milliseconds on a timer that does not keep the process alive (a server, or
 * the job's own work, does), ending early when `signal` aborts.
 *
 * @param ms Milliseconds (clamped to a 32-bit timer).
 * @param signal Ends the wait early.
 * @returns A promise that resolves (never rejects) when the wait is over.
 *
 * @example Usage
 * ```ts
 * import { sleepUnref } from "./clock.ts";
 *
 * const stop = new AbortController();
 * const waiting = sleepUnref(60_000, stop.signal);
 * stop.abort();
 * await waiting;
 * ```
 */
export function sleepUnref(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    Deno.unrefTimer(timer);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * The system clock.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { systemClock } from "./clock.ts";
 *
 * assert.ok(Math.abs(systemClock.now() - Date.now()) < 1000);
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: sleepUnref,
};
