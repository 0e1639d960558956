/**
 * The tuning options of a `KvStore` and the counters of its work.
 *
 * @module
 */

/** Tuning of a store; every field has a sensible default. */
export interface KvStoreOptions {
  /** The clock, in epoch milliseconds (default `Date.now`). Tests inject a fake one. */
  now?: () => number;
  /** Pause between background sweeps of expired data, in ms (default 5000; 0 disables). */
  sweepIntervalMs?: number;
  /** Age after which an uncommitted large-value upload is an orphan, in ms (default 10 min). */
  orphanGraceMs?: number;
  /** Attempts of a conflicting transaction before giving up (default 50). */
  transactionAttempts?: number;
  /**
   * While something watches, pause between checks for other processes' changes, in ms (default
   * from `openKv`: 500 on a SQLite file; 0, none, where Deno KV's watch sees every writer).
   */
  watchPollMs?: number;
}

/** Counters of the store's work, for diagnostics and benchmarks. */
export interface KvStoreStats {
  /** Atomic commits of grouped writes that succeeded. */
  commits: number;
  /** Grouped writes committed. */
  operations: number;
  /** Grouped commits that failed a versionstamp check and were retried. */
  conflicts: number;
  /** Grouped commits of sets made without reading their keys first (the keys were new). */
  unread: number;
  /** Of those, commits that found a key already present: read and committed again. */
  misses: number;
  /** Transactions re-run after a conflict. */
  transactionRetries: number;
  /** Open watches: change streams from `watch(selector)` and key watches from `watch(keys)`. */
  watchers: number;
}
