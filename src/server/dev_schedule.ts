/**
 * Debounced reloads with a `pending` promise: file changes are gathered for a short quiet
 * period, then applied by one reload; while changes wait or are being applied, `pending`
 * lets a request wait for them, so "the next request" sees the change.
 *
 * @module
 */

/** Options of {@linkcode ReloadScheduler}. */
export interface ReloadSchedulerOptions {
  /** Quiet period after the last change before reloading, in ms (default 60). */
  debounceMs?: number;
  /** Longest wait after the first change of a burst, in ms (default 500). */
  maxWaitMs?: number;
}

/**
 * Runs `reload(paths)` once per burst of changes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReloadScheduler } from "./dev_schedule.ts";
 *
 * const batches: string[][] = [];
 * const scheduler = new ReloadScheduler(async (paths) => {
 *   batches.push([...paths]);
 * }, { debounceMs: 5 });
 * scheduler.notify(["/p/@api/a.ts"]);
 * scheduler.notify(["/p/@api/b.ts"]);
 * await scheduler.pending;
 * assert.deepEqual(batches, [["/p/@api/a.ts", "/p/@api/b.ts"]]);
 * assert.equal(scheduler.pending, undefined);
 * scheduler.close();
 * ```
 */
export class ReloadScheduler {
  #reload: (paths: Set<string>) => Promise<void>;
  #debounceMs: number;
  #maxWaitMs: number;
  #changes = new Set<string>();
  #burstStart = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #pending: PromiseWithResolvers<void> | undefined;
  #closed = false;

  /**
   * Creates a scheduler.
   *
   * @param reload Applies a batch of changed paths; its errors are its own to report.
   * @param options Debounce timing.
   */
  constructor(
    reload: (paths: Set<string>) => Promise<void>,
    options: ReloadSchedulerOptions = {},
  ) {
    this.#reload = reload;
    this.#debounceMs = options.debounceMs ?? 60;
    this.#maxWaitMs = options.maxWaitMs ?? 500;
  }

  /** Resolves once no change is waiting or being applied; `undefined` when idle. */
  get pending(): Promise<void> | undefined {
    return this.#pending?.promise;
  }

  /**
   * Records changed paths and (re)starts the quiet period.
   *
   * @param paths Absolute paths that changed.
   */
  notify(paths: Iterable<string>): void {
    if (this.#closed) return;
    const now = Date.now();
    if (this.#changes.size === 0) this.#burstStart = now;
    for (const path of paths) this.#changes.add(path);
    this.#pending ??= Promise.withResolvers<void>();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const wait = Math.max(0, Math.min(this.#debounceMs, this.#burstStart + this.#maxWaitMs - now));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, wait);
  }

  async #drain(): Promise<void> {
    if (this.#running) return; // the running drain picks the new changes up
    this.#running = true;
    try {
      while (this.#changes.size > 0 && this.#timer === undefined && !this.#closed) {
        const changes = this.#changes;
        this.#changes = new Set();
        try {
          await this.#reload(changes);
        } catch {
          // reload reports its own failures
        }
      }
    } finally {
      this.#running = false;
    }
    if (this.#timer === undefined && (this.#changes.size === 0 || this.#closed)) {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.resolve();
    }
  }

  /** Drops waiting changes and releases anyone waiting. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#changes.clear();
    if (!this.#running) {
      this.#pending?.resolve();
      this.#pending = undefined;
    }
  }
}
