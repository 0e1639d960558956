/**
 * Function time limits (504 after 10 s by default) without a timer per call.
 *
 * Timers are costly on the hot path, and a function limit needs no millisecond precision: calls
 * with the same limit expire in the order they started, so each limit keeps a FIFO queue, and one
 * shared ticker walks the queues' heads against a clock it reads itself. The ticker runs at a
 * quarter of the shortest limit in use (1 to 100 ms) and stops at the first tick that finds
 * nothing pending.
 *
 * @module
 */

import { HttpError } from "./errors.ts";

/** A running deadline, from {@linkcode startDeadline}. */
export interface Deadline {
  /** Whether it has ended (expired, or ended by {@linkcode endDeadline}). */
  readonly done: boolean;
  /** The limit, ms. */
  readonly ms: number;
}

/** A deadline in its limit's queue: a doubly linked list, so ending one unlinks it at once and
 * nothing about a finished call stays reachable (retained calls would be promoted by the GC). */
interface Node extends Deadline {
  done: boolean;
  at: number;
  onTimeout: ((error: HttpError) => void) | undefined;
  prev: Node | undefined;
  next: Node | undefined;
  queue: Queue;
}

interface Queue {
  head: Node | undefined;
  tail: Node | undefined;
}

const queues = new Map<number, Queue>();
let pending = 0;
let ticker: ReturnType<typeof setTimeout> | undefined;
let tickMs = Infinity;
let clock = 0;

function checkMs(ms: number): void {
  if (typeof ms !== "number" || Number.isNaN(ms) || ms < 0) {
    throw new RangeError(`Cannot time out after '${ms}' ms: expected a non-negative number`);
  }
}

/**
 * Starts a deadline of `ms` milliseconds: unless {@linkcode endDeadline} ends it first,
 * `onTimeout` receives `HttpError(504, "Function timed out after <s> s")` once the time has
 * passed (checked by the shared ticker). `Infinity` starts nothing and returns `undefined`.
 *
 * @param ms The limit (a non-negative number of milliseconds).
 * @param onTimeout Called once, on expiry.
 * @returns The deadline, to pass to {@linkcode endDeadline}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { endDeadline, startDeadline } from "./deadline.ts";
 *
 * const expired = await new Promise((resolve) => startDeadline(1, resolve));
 * assert.equal((expired as { status: number }).status, 504);
 * const deadline = startDeadline(1000, () => assert.fail("ended before expiry"));
 * endDeadline(deadline);
 * assert.equal(deadline?.done, true);
 * ```
 */
export function startDeadline(
  ms: number,
  onTimeout: (error: HttpError) => void,
): Deadline | undefined {
  checkMs(ms);
  if (ms === Infinity) return undefined;
  const wanted = Math.min(100, Math.max(1, Math.floor(ms / 4)));
  // The clock is read when the ticker starts and on every tick, not per call; it lags real
  // time by less than a tick, so a deadline is set one tick later: never early, at most two
  // ticks late.
  if (ticker === undefined) clock = performance.now();
  let queue = queues.get(ms);
  if (!queue) queues.set(ms, queue = { head: undefined, tail: undefined });
  const node: Node = {
    done: false,
    ms,
    at: clock + ms + wanted,
    onTimeout,
    prev: queue.tail,
    next: undefined,
    queue,
  };
  if (queue.tail) queue.tail.next = node;
  else queue.head = node;
  queue.tail = node;
  pending++;
  if (ticker === undefined || wanted < tickMs) {
    if (ticker !== undefined) clearTimeout(ticker);
    tickMs = wanted;
    ticker = setTimeout(tick, tickMs);
  }
  return node;
}

function unlink(node: Node): void {
  const { queue, prev, next } = node;
  if (prev) prev.next = next;
  else queue.head = next;
  if (next) next.prev = prev;
  else queue.tail = prev;
  node.prev = node.next = undefined;
  node.done = true;
  pending--; // an idle ticker stops at its next tick: no timer churn between bursts
}

/**
 * Ends a deadline before it expires (nothing happens for one already ended, or `undefined`).
 *
 * @param deadline From {@linkcode startDeadline}.
 * @returns `true` when this call ended it, `false` when it had already ended.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { endDeadline, startDeadline } from "./deadline.ts";
 *
 * const deadline = startDeadline(1000, () => {});
 * assert.equal(endDeadline(deadline), true);
 * assert.equal(endDeadline(deadline), false);
 * ```
 */
export function endDeadline(deadline: Deadline | undefined): boolean {
  if (deadline === undefined) return true;
  if (deadline.done) return false;
  const node = deadline as Node;
  node.onTimeout = undefined;
  unlink(node);
  return true;
}

/**
 * Hands a running deadline to a new `onTimeout` (the previous one is dropped), so one time
 * limit can cover several steps of a request: waiting for its function's import, then the
 * call.
 *
 * @param deadline From {@linkcode startDeadline} (`undefined`: no limit, nothing to do).
 * @param onTimeout Called once, on expiry, instead of the previous callback.
 * @returns `false` when the deadline has already ended (`onTimeout` will never be called).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { endDeadline, redirectDeadline, startDeadline } from "./deadline.ts";
 *
 * const deadline = startDeadline(1, () => assert.fail("redirected"));
 * const expired = await new Promise((resolve) => redirectDeadline(deadline, resolve));
 * assert.equal((expired as { status: number }).status, 504);
 * assert.equal(redirectDeadline(deadline, () => {}), false);
 * assert.equal(endDeadline(deadline), false);
 * ```
 */
export function redirectDeadline(
  deadline: Deadline | undefined,
  onTimeout: (error: HttpError) => void,
): boolean {
  if (deadline === undefined) return true;
  if (deadline.done) return false;
  (deadline as Node).onTimeout = onTimeout;
  return true;
}

/**
 * Resolves or rejects like `promise`, unless `ms` milliseconds pass first: then rejects with
 * `HttpError(504, "Function timed out after <s> s")`.
 *
 * @param promise The work.
 * @param ms The limit (`Infinity`: none).
 * @returns The outcome of `promise`, or the 504.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { withTimeout } from "./deadline.ts";
 *
 * assert.equal(await withTimeout(Promise.resolve(42), 1000), 42);
 * await assert.rejects(withTimeout(new Promise(() => {}), 1), {
 *   status: 504,
 *   message: "Function timed out after 0.001 s",
 * });
 * ```
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  checkMs(ms);
  if (ms === Infinity) return Promise.resolve(promise);
  return new Promise<T>((resolve, reject) => {
    const deadline = startDeadline(ms, reject);
    promise.then((value) => {
      endDeadline(deadline);
      resolve(value);
    }, (error) => {
      endDeadline(deadline);
      reject(error);
    });
  });
}

/**
 * Whether the shared ticker is running (it stops at its first tick with nothing pending), so
 * tests can wait for it instead of guessing how long a tick takes.
 *
 * @returns `true` while a tick is scheduled.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { endDeadline, isTickerRunning, startDeadline } from "./deadline.ts";
 *
 * const deadline = startDeadline(1000, () => {});
 * assert.equal(isTickerRunning(), true);
 * endDeadline(deadline);
 * ```
 */
export function isTickerRunning(): boolean {
  return ticker !== undefined;
}

function stop(): void {
  if (ticker !== undefined) clearTimeout(ticker);
  ticker = undefined;
  tickMs = Infinity;
  queues.clear();
}

function tick(): void {
  clock = performance.now();
  for (const queue of queues.values()) {
    // Deadlines of one limit expire in the order they started.
    while (queue.head !== undefined && queue.head.at <= clock) {
      const node = queue.head;
      const onTimeout = node.onTimeout!;
      node.onTimeout = undefined;
      unlink(node);
      onTimeout(new HttpError(504, `Function timed out after ${node.ms / 1000} s`));
    }
  }
  if (pending > 0) ticker = setTimeout(tick, tickMs);
  else stop();
}
