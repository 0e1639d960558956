/**
 * Running a transaction to the end: one attempt after another until one commits, with
 * backoff, and retries in this process taking turns.
 *
 * @module
 */
import type { KvTransaction } from "../../types.ts";
import { type Backend, backoff } from "../engine/backend.ts";
import { TransactionAttempt } from "./transaction.ts";

/** Runs the transactions of one store. */
export class TransactionRunner {
  #backend: Backend;
  #now: () => number;
  #attempts: number;
  #retryChain: Promise<void> = Promise.resolve();
  /** Transactions re-run after a conflict. */
  retries = 0;

  /**
   * A runner for one store.
   *
   * @param backend The store's backend.
   * @param now The store's clock.
   * @param attempts Attempts of a conflicting transaction before giving up.
   */
  constructor(backend: Backend, now: () => number, attempts: number) {
    this.#backend = backend;
    this.#now = now;
    this.#attempts = attempts;
  }

  /**
   * Runs `operation` as one serializable transaction, re-running it on conflict.
   *
   * @param operation The callback; it may run more than once.
   * @returns What the committed attempt's callback returned.
   */
  async run<T>(operation: (tx: KvTransaction) => Promise<T>): Promise<T> {
    if (typeof operation !== "function") {
      throw new TypeError("Cannot run transaction: the argument must be a function");
    }
    let release: (() => void) | undefined;
    try {
      for (let attempt = 0; attempt < this.#attempts; attempt++) {
        const tx = new TransactionAttempt(this.#backend, this.#now);
        const result = await operation(tx.api);
        if (await tx.commit()) return result;
        if (attempt + 1 === this.#attempts) break;
        this.retries++;
        // Retries in this process take turns: local contenders stop invalidating each
        // other, so mostly other processes can conflict. The wait for a turn is bounded, so
        // a transaction awaited inside another one's callback can never deadlock.
        release ??= await this.#acquireRetrySlot(250 * (attempt + 1));
        await backoff(attempt, { baseMs: 2, capMs: 200 });
      }
    } finally {
      release?.();
    }
    throw new Error(
      `Transaction kept conflicting: gave up after ${this.#attempts} attempts (other writers ` +
        "changed the keys it read each time)",
    );
  }

  async #acquireRetrySlot(maxWaitMs: number): Promise<() => void> {
    let release!: () => void;
    const slot = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#retryChain;
    this.#retryChain = previous.then(() => slot);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const turn = await Promise.race([
      previous.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), maxWaitMs))),
    ]);
    clearTimeout(timer);
    // Waited too long: go ahead without a turn, and hand ours on as soon as it comes.
    if (!turn) void previous.then(release);
    return turn ? release : () => {};
  }
}
