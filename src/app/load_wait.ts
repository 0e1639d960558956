/**
 * Waiting for a function (or middleware) file's import under a time limit. An import cannot be
 * cancelled, so every request waits for the same pending import (never a new one), each for at
 * most its own limit; a wait that times out leaves nothing behind on the import, however many there are.
 *
 * @module
 */
import { type Deadline, redirectDeadline, startDeadline } from "../http/deadline.ts";
import { HttpError } from "../http/errors.ts";

/** A request's time limit: started at its first wait for an import, then handed to the call. */
export interface LoadClock {
  /** The limit, ms (`Infinity`: none). */
  ms: number;
  /** The running deadline, once started (`undefined` before, and when there is no limit). */
  deadline: Deadline | undefined;
}

type Waiter = (outcome: unknown) => void;

/** The requests waiting for each pending import: one reaction per import, not per request. */
const waiting = new WeakMap<Promise<unknown>, Set<Waiter>>();
const reported = new WeakSet<Promise<unknown>>();

/**
 * Waits for `loading` until the clock's deadline (started now if it has not been).
 *
 * @param loading The file's pending import (`FunctionRoute.load()`, the same promise each time;
 * it never rejects).
 * @param clock The request's time limit.
 * @returns What loading gave, or the deadline's `HttpError(504)`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { waitForLoad } from "./load_wait.ts";
 *
 * const never = new Promise<never>(() => {});
 * const outcome = await waitForLoad(never, { ms: 1, deadline: undefined });
 * assert.equal((outcome as { status: number }).status, 504);
 * ```
 */
export function waitForLoad<T>(
  loading: Promise<T>,
  clock: LoadClock,
): Promise<T | HttpError> {
  return new Promise<T | HttpError>((resolve) => {
    let waiters = waiting.get(loading);
    if (waiters === undefined) {
      const all = waiters = new Set();
      waiting.set(loading, all);
      loading.then((loaded) => {
        waiting.delete(loading);
        for (const waiter of all) waiter(loaded);
      });
    }
    // Listening before the deadline starts: starting a timer may run pending reactions
    // (under `deno test` it does), and a settled import must still reach this wait.
    waiters.add(resolve as Waiter);
    const onTimeout = (error: HttpError) => {
      waiters.delete(resolve as Waiter);
      resolve(error);
    };
    if (clock.deadline === undefined) clock.deadline = startDeadline(clock.ms, onTimeout);
    else if (!redirectDeadline(clock.deadline, onTimeout)) {
      onTimeout(new HttpError(504, `Function timed out after ${clock.ms / 1000} s`));
    }
  });
}

/**
 * The error of a request whose function file did not finish loading in time, and whether
 * this is the first such request for that import (the file is reported once, not per request).
 *
 * @param loading The pending import.
 * @param relative The file, as shown in messages.
 * @param ms The time limit, ms.
 * @param what What the file is, in the message (default `function file`).
 * @returns The 504 to answer with, and `first`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadTimedOut } from "./load_wait.ts";
 *
 * const never = new Promise<never>(() => {});
 * const { error, first } = loadTimedOut(never, "@api/slow.get.ts", 10_000);
 * assert.equal(error.status, 504);
 * assert.match(error.message, /'@api\/slow\.get\.ts': its import did not finish within 10 s/);
 * assert.equal(first, true);
 * assert.equal(loadTimedOut(never, "@api/slow.get.ts", 10_000).first, false);
 * ```
 */
export function loadTimedOut(
  loading: Promise<unknown>,
  relative: string,
  ms: number,
  what = "function file",
): { error: HttpError; first: boolean } {
  const first = !reported.has(loading);
  reported.add(loading);
  const error = new HttpError(
    504,
    `Cannot load ${what} '${relative}': its import did not finish within ` +
      `${ms / 1000} s (a top-level await that never settles?)`,
  );
  return { error, first };
}
