/**
 * Fair turns for synchronous reads. A direct read of the file never waits, so
 * an `await` on it resolves without the event loop turning. A loop of such
 * reads (polling a key until another task's write lands, say) would hold the
 * event loop for good, and with it every other task, the Deno KV commit it
 * waits for included. A {@linkcode TurnGate} lets reads run on until they
 * have run back to back for a while, then makes one of them wait for a turn
 * of the event loop.
 *
 * @module
 */
import { setImmediate } from "node:timers";

/**
 * Resolves in a later macrotask: timers that are due, I/O completions and other requests run
 * first. It uses `setImmediate`, not `setTimeout(…, 0)`: a chain of timeouts, each set in the
 * previous one's continuation, is clamped by Deno to 2–4 ms per step after a few steps, while an
 * immediate costs ~4 µs. (An I/O completion can take two such turns to be delivered.)
 *
 * @returns When the event loop has turned.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nextTask } from "./turns.ts";
 *
 * let ran = false;
 * setTimeout(() => ran = true, 0);
 * const started = performance.now();
 * while (performance.now() - started < 3) {
 *   // the timer is due; only a turn of the event loop can run it
 * }
 * await nextTask();
 * assert.ok(ran);
 * ```
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Options of {@linkcode TurnGate}. */
export interface TurnGateOptions {
  /** Milliseconds of back-to-back reads before one of them waits for a turn (default 10). */
  budgetMs?: number;
  /** The clock (default `performance.now`). */
  now?: () => number;
}

/** Decides when a synchronous read must let the event loop turn (see the module doc). */
export class TurnGate {
  #budget: number;
  #now: () => number;
  #since = -Infinity;
  #last = -Infinity;
  #ending = false;
  #latest: Promise<void> | undefined;
  /** How many reads waited for a turn. */
  waits = 0;

  /** @param options Budget and clock. */
  constructor(options: TurnGateOptions = {}) {
    this.#budget = options.budgetMs ?? 10;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The last turn a read is waiting for, if any (the earlier ones come before it). */
  get pending(): Promise<void> | undefined {
    return this.#latest;
  }

  /**
   * Call before each synchronous read. Reads form a run while each starts less than the budget
   * after the previous one ended (a microtask notes where each synchronous stretch ends); once a
   * run has lasted the budget, one read waits for a turn of the event loop and the budget starts
   * again. Only that read waits: in a server, whose event loop turns between requests anyway,
   * that is one request in every budget's worth of reads; in a loop of reads, each pass through
   * the budget lets timers, I/O and Deno KV's commits run. Nothing is queued that outlives the
   * read (no timer, so no test's op sanitizer is tripped).
   *
   * @returns `undefined`: read now; or a promise of the next event-loop turn: await it, then read.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { TurnGate } from "./turns.ts";
   *
   * let clock = 0;
   * const gate = new TurnGate({ budgetMs: 10, now: () => clock });
   * assert.equal(gate.turn(), undefined); // a run of reads starts
   * clock = 9;
   * assert.equal(gate.turn(), undefined);
   * clock = 10; // back-to-back reads for 10 ms: this one waits
   * const turn = gate.turn()!;
   * await turn;
   * assert.equal(gate.turn(), undefined); // the budget starts again
   * ```
   */
  turn(): Promise<void> | undefined {
    const now = this.#now();
    if (now - this.#last >= this.#budget) this.#since = now; // no read for a while: a new run
    this.#last = now;
    if (!this.#ending) {
      this.#ending = true;
      queueMicrotask(() => {
        this.#ending = false;
        this.#last = this.#now(); // where this synchronous stretch of reads ended
      });
    }
    if (now - this.#since < this.#budget) return undefined;
    this.#since = now;
    this.waits++;
    const wait = nextTask();
    this.#latest = wait;
    wait.then(() => {
      if (this.#latest === wait) this.#latest = undefined;
    });
    return wait;
  }
}

/** The gate of every direct read in this process (there is one event loop to share). */
export const DIRECT_TURNS: TurnGate = new TurnGate();
