/**
 * The KV store handlers get from `context.getKv()`: Redocly's KV API on Deno
 * KV, with exact TTLs, values up to 1 MB, an exact `total`, serializable
 * transactions and group commit.
 *
 * @module
 */
import type {
  KvChange,
  KvKey,
  KvListEntry,
  KvListOptions,
  KvListResponse,
  KvListSelector,
  KvService,
  KvSetOptions,
  KvTransaction,
  KvValue,
  KvWatchOptions,
  KvWatchSelector,
} from "../../types.ts";
import type { Backend } from "../engine/backend.ts";
import { discardBlob, type PendingBlob } from "../layout/blobs.ts";
import { GroupCommitter } from "../engine/group_commit.ts";
import { Sweeper, sweepOnce, type SweepResult } from "../engine/expiry.ts";
import { validateKey, validatePrefix } from "../layout/keys.ts";
import { listPage } from "./list.ts";
import { type KvStoreEntry, liveEntries } from "./entries.ts";
import type { KvStoreOptions, KvStoreStats } from "./store_options.ts";
import { ChangeFeed } from "./change_feed.ts";
import { validateWatch } from "./watch_selector.ts";
import { readEntries, readValue, readValues } from "./read.ts";
import { TransactionRunner } from "./transaction_runner.ts";
import { validateWatchKeys, Watches } from "./watch.ts";
import { inlineRecord, materialize, prepareSet } from "./write.ts";
import type { WriteOp } from "../engine/commit_plan.ts";

export type { KvStoreEntry, KvStoreOptions, KvStoreStats };

/** A KV store: the documented KV API plus `close()` and maintenance hooks. */
export class KvStore implements KvService {
  #backend: Backend;
  #now: () => number;
  #committer: GroupCommitter;
  #sweeper: Sweeper;
  #orphanGraceMs: number;
  #transactions: TransactionRunner;
  #closed = false;
  #watches = new Watches();
  #feed: ChangeFeed;

  /**
   * Wraps an open Deno KV connection. Prefer `openKv()`.
   *
   * @param backend The connection and its limits.
   * @param options Tuning.
   */
  constructor(backend: Backend, options: KvStoreOptions = {}) {
    this.#backend = backend;
    this.#now = options.now ?? Date.now;
    this.#orphanGraceMs = options.orphanGraceMs ?? 10 * 60_000;
    this.#transactions = new TransactionRunner(
      backend,
      this.#now,
      options.transactionAttempts ?? 50,
    );
    this.#committer = new GroupCommitter(backend, this.#now);
    this.#feed = new ChangeFeed(backend, this.#now, options.watchPollMs ?? 0);
    this.#sweeper = new Sweeper(() => this.sweep(), options.sweepIntervalMs ?? 5000);
    this.#sweeper.start();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error("Cannot use KV store: it is closed");
  }

  /** The stored value, or `null` when missing or expired. */
  async get<T extends KvValue = KvValue>(key: KvKey): Promise<T | null> {
    this.#assertOpen();
    const result = await readValue(this.#backend, validateKey(key), this.#now);
    return result.found ? result.value as T : null;
  }

  /** `{ key, value }` or `null` per key, in input order (chunks of 10 keys are separate snapshots). */
  async getMany<T extends KvValue = KvValue>(keys: KvKey[]): Promise<(KvListEntry<T> | null)[]> {
    this.#assertOpen();
    if (!Array.isArray(keys)) throw new TypeError("Cannot getMany: keys must be an array of keys");
    const valid = keys.map((key, i) => validateKey(key, `key at index ${i}`));
    const results = await readValues(this.#backend, valid, { now: this.#now });
    return results.map((result, i) =>
      result.found ? { key: valid[i]!, value: result.value as T } : null
    );
  }

  /** Like `getMany`, with each entry's expiry: `{ key, value, expiresAt? }` or `null` per key. */
  async getEntries(keys: KvKey[]): Promise<(KvStoreEntry | null)[]> {
    this.#assertOpen();
    if (!Array.isArray(keys)) throw new TypeError("Cannot getEntries: keys must be an array");
    const valid = keys.map((key, i) => validateKey(key, `key at index ${i}`));
    return await readEntries(this.#backend, valid, this.#now);
  }

  /** One page of live entries matching `selector`, with `total` and the next `cursor`. */
  async list<T extends KvValue = KvValue>(
    selector: KvListSelector,
    options?: KvListOptions,
  ): Promise<KvListResponse<T>> {
    this.#assertOpen();
    return await listPage<T>(this.#backend, selector, {
      ...options,
      now: this.#now,
      // Expired entries not yet swept slow every count: sweep them now.
      onExpired: () => this.#sweeper.wake(),
    });
  }

  /**
   * Watches changes: `watch({ prefix })` or `watch({ keys })` streams every later set and
   * delete of those keys by any process on the store, in commit order (an expiry: when swept);
   * `since` resumes after an event's versionstamp, or starts with a `gap` event when the store
   * no longer has the changes after it. `watch(keys)` (up to 10 keys) yields their current
   * values now and after each change, by this process only on a SQLite file. Cancel the stream
   * to stop; `close()` ends it.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { openKv } from "@apifn/core";
   *
   * const kv = await openKv(":memory:");
   * const changes = kv.watch({ prefix: ["notes"] }, { values: true }).getReader();
   * await kv.set(["notes", 1], "hi");
   * const { value } = await changes.read();
   * assert.deepEqual([value?.type, value?.type === "set" && value.value], ["set", "hi"]);
   * await kv.close(); // ends the stream
   * ```
   */
  watch<T extends KvValue = KvValue>(
    selector: KvWatchSelector,
    options?: KvWatchOptions,
  ): ReadableStream<KvChange<T>>;
  /** Watches up to 10 keys' values (this process's writes on a SQLite file): see above. */
  watch<T extends KvValue = KvValue>(keys: KvKey[]): ReadableStream<(KvListEntry<T> | null)[]>;
  watch<T extends KvValue = KvValue>(
    selector: KvWatchSelector | KvKey[],
    options?: KvWatchOptions,
  ): ReadableStream<KvChange<T>> | ReadableStream<(KvListEntry<T> | null)[]> {
    this.#assertOpen();
    if (Array.isArray(selector)) {
      return this.#watches.open<T>(this.#backend, validateWatchKeys(selector), this.#now);
    }
    return this.#feed.open<T>(validateWatch(selector, options));
  }

  /** Stores `value` under `key`, replacing any value and TTL it had. */
  async set<T extends KvValue = KvValue>(
    key: KvKey,
    value: T,
    options?: KvSetOptions,
  ): Promise<KvListEntry<T> | null> {
    this.#assertOpen();
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw new TypeError("Cannot set key: options must be an object like { ttlInSeconds: 60 }");
    }
    const now = this.#now();
    const prepared = prepareSet(key, value, { ...options, now });
    // The write takes its place in the queue now (call order per key), even when a large
    // value's chunks still have to be written first.
    const inline = inlineRecord(prepared);
    let blob: PendingBlob | undefined;
    const op: WriteOp | Promise<WriteOp> = inline
      ? { type: "set", key: prepared.key, record: inline }
      : materialize(this.#backend, prepared, { now }).then((made) => {
        blob = made.blob;
        return blob
          ? { type: "set", key: prepared.key, record: made.record, blob }
          : { type: "set", key: prepared.key, record: made.record };
      });
    try {
      await this.#committer.submit(op, prepared.key);
    } catch (error) {
      if (blob) await discardBlob(this.#backend, blob);
      throw error;
    }
    return { key: prepared.key, value: prepared.value as T };
  }

  /** Deletes `key`; resolves whether or not it existed. */
  async delete(key: KvKey): Promise<void> {
    this.#assertOpen();
    const valid = validateKey(key);
    await this.#committer.submit({ type: "delete", key: valid }, valid);
  }

  /** Runs `operation` as one serializable transaction, re-running it on conflict. */
  async transaction<T>(operation: (tx: KvTransaction) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return await this.#transactions.run(operation);
  }

  /**
   * Every live entry under `prefix` (default: all), in key order, with its absolute expiry:
   * what `apifn kv export` writes. Entries are read in batches, each as of the moment its
   * batch was read (not one snapshot of the whole store).
   *
   * @param options `prefix`: only entries under it.
   * @returns The entries.
   */
  async *entries(options: { prefix?: KvKey } = {}): AsyncGenerator<KvStoreEntry> {
    this.#assertOpen();
    const prefix = validatePrefix(options.prefix ?? [], "prefix");
    yield* liveEntries(this.#backend, prefix, this.#now);
  }

  /**
   * Removes expired entries and orphaned large-value chunks now (this also
   * runs by itself every few seconds).
   *
   * @returns What was removed.
   */
  sweep(): Promise<SweepResult> {
    return sweepOnce(this.#backend, this.#committer, {
      now: this.#now,
      orphanGraceMs: this.#orphanGraceMs,
    });
  }

  /** Counters of the store's work. */
  get stats(): KvStoreStats {
    return {
      ...this.#committer.stats,
      transactionRetries: this.#transactions.retries,
      watchers: this.#feed.size + this.#watches.size,
    };
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Finishes pending writes, stops the sweeper and closes the connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#sweeper.stop();
    await this.#committer.idle();
    await this.#watches.closeAll();
    await this.#feed.closeAll();
    this.#backend.kv.close();
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
