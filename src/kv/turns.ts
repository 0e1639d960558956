/**
 * Fair turns for synchronous reads. A direct read of the file never waits, so
 * an `await` on it resolves without the event loop turning. A loop of such
 * reads (polling a key until another task's write lands, say) would hold the
 * event loop for good, and with it every other task, the Deno KV commit it
 * waits for included. A {@linkcode TurnGate} lets reads run on until they
 * have held the event loop for a while without it turning, then makes every
 * read wait for one turn of it.
 *
 * @module
 */

/**
 * Resolves in a later macrotask: timers, I/O and other requests run meanwhile.
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
 * await nextTask();
 * assert.ok(ran);
 * ```
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Options of {@linkcode TurnGate}. */
export interface TurnGateOptions {
  /** Milliseconds of reads without a turn of the event loop before reads wait for one
   * (default 10). */
  budgetMs?: number;
  /** Reads after a turn before the clock is looked at (default 64). */
  minReads?: number;
  /** The clock (default `performance.now`). */
  now?: () => number;
}

/** Decides when synchronous reads must let the event loop turn (see the module doc). */
export class TurnGate {
  #budget: number;
  #minReads: number;
  #now: () => number;
  #since: number;
  #reads = 0;
  #marked = false;
  #turn: Promise<void> | undefined;
  /** How many times reads had to wait for a turn. */
  waits = 0;

  /** @param options Budget, reads and clock. */
  constructor(options: TurnGateOptions = {}) {
    this.#budget = options.budgetMs ?? 10;
    this.#minReads = options.minReads ?? 64;
    this.#now = options.now ?? (() => performance.now());
    this.#since = this.#now();
  }

  #restart(): void {
    this.#reads = 0;
    this.#since = this.#now();
  }

  /**
   * Call before each synchronous read. A marker task, queued by the first read after each turn,
   * notes when the event loop turns on its own (a server's does between requests all the time):
   * then reads never wait. Reads wait only when they have run for the budget without the marker
   * getting its turn.
   *
   * @returns `undefined`: read now; or a promise of the next event-loop turn, which every read
   * gets until that turn has come: await it, then read.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { TurnGate } from "./turns.ts";
   *
   * let clock = 0;
   * const gate = new TurnGate({ budgetMs: 10, minReads: 1, now: () => clock });
   * assert.equal(gate.turn(), undefined);
   * clock = 11; // 11 ms of reads, and the event loop has not turned
   * const turn = gate.turn()!;
   * assert.equal(gate.turn(), turn); // every read waits for the same turn
   * await turn;
   * assert.equal(gate.turn(), undefined);
   * ```
   */
  turn(): Promise<void> | undefined {
    if (this.#turn) return this.#turn;
    if (!this.#marked) {
      this.#marked = true;
      setTimeout(() => {
        this.#marked = false;
        this.#restart();
      }, 0);
    }
    if (++this.#reads <= this.#minReads) return undefined;
    if (this.#now() - this.#since < this.#budget) return undefined;
    this.waits++;
    this.#turn = nextTask().then(() => {
      this.#turn = undefined;
      this.#restart();
    });
    return this.#turn;
  }
}

/** The gate of every direct read in this process (there is one event loop to share). */
export const DIRECT_TURNS: TurnGate = new TurnGate();
