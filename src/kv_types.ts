/**
 * The KV types API functions are written against: the shapes of `@redocly/config` 0.67.0's
 * `KvService` and friends, plus apifn's `watch` (selectors, options, change events).
 *
 * @module
 */

/** One part of a KV key: a string, a finite number or a boolean. */
export type KvKeyPart = string | number | boolean;

/**
 * A KV key: a non-empty array of parts, e.g. `["notes", "alice", 42]`.
 * Keys are ordered part by part; across types, string < number < false < true,
 * and numbers compare numerically.
 */
export type KvKey = KvKeyPart[];

/** A value stored in KV: anything JSON can represent. */
export type KvValue = Record<string, unknown> | unknown[] | unknown;

/** Options of {@linkcode KvService.set}. */
export type KvSetOptions = {
  /** Time to live in seconds (fractions allowed, millisecond precision). */
  ttlInSeconds?: number;
};

/** A key with its value, as returned by `set`, `getMany` and `list`. */
export type KvListEntry<T extends KvValue = KvValue> = {
  /** The entry's key. */
  key: KvKey;
  /** The stored value, or `null` when not found. */
  value: T | null;
};

/**
 * What `list` reads: every key under `prefix` (the prefix itself excluded),
 * optionally bounded by `start` (inclusive) and `end` (exclusive), or the
 * range `[start, end)`.
 */
export type KvListSelector =
  | { prefix: KvKey }
  | { prefix: KvKey; start: KvKey }
  | { prefix: KvKey; end: KvKey }
  | { start: KvKey; end: KvKey };

/** Options of {@linkcode KvService.list}. */
export type KvListOptions = {
  /** Entries per page, 1 to 1000 (default 100). */
  limit?: number;
  /** Descending key order when `true`. */
  reverse?: boolean;
  /** The `cursor` of the previous page of the same selector and direction. */
  cursor?: string;
};

/** One page of a `list` call. */
export type KvListResponse<T extends KvValue = KvValue> = {
  /** The entries of this page, in key order. */
  items: KvListEntry<T>[];
  /** Live entries matching the selector from the cursor onward, this page included. */
  total: number;
  /** The cursor of the next page, or `null` after the last page. */
  cursor: string | null;
};

/** The operations available inside {@linkcode KvService.transaction}. */
export type KvTransaction = {
  /** Reads a value; sees the transaction's own writes. */
  get: <T extends KvValue = KvValue>(key: KvKey) => Promise<T | null>;
  /** Reads many values, in input order. */
  getMany: <T extends KvValue = KvValue>(keys: KvKey[]) => Promise<(KvListEntry<T> | null)[]>;
  /** Buffers a write, applied when the transaction commits. */
  set: <T extends KvValue = KvValue>(
    key: KvKey,
    value: T,
    options?: KvSetOptions,
  ) => Promise<KvListEntry<T> | null>;
  /** Buffers a delete, applied when the transaction commits. */
  delete: (key: KvKey) => Promise<void>;
};

/** What `watch` follows: the keys under `prefix` (as in `list`, the prefix itself excluded), or `keys`. */
export type KvWatchSelector = { prefix: KvKey } | { keys: KvKey[] };

/** Options of {@linkcode KvService.watch}. */
export type KvWatchOptions = {
  /** Add `value` to `set` events: the key's value when the event is read (none if gone by then). */
  values?: boolean;
  /** Resume after the event with this `versionstamp` (e.g. an SSE `Last-Event-ID`). */
  since?: string | null;
};

/**
 * One event of {@linkcode KvService.watch}: a key set or deleted (expired keys: when swept), in
 * commit order; or, on a resume the store can no longer serve, a `gap` (re-read the data).
 */
export type KvChange<T extends KvValue = KvValue> =
  | { type: "set"; key: KvKey; versionstamp: string; value?: T }
  | { type: "delete"; key: KvKey; versionstamp: string }
  | { type: "gap"; versionstamp: string };

/** The KV store returned by `context.getKv()`. */
export type KvService = {
  /** The stored value, or `null` when missing or expired. */
  get: <T extends KvValue = KvValue>(key: KvKey) => Promise<T | null>;
  /** `{ key, value }` or `null` per key, in input order. */
  getMany: <T extends KvValue = KvValue>(keys: KvKey[]) => Promise<(KvListEntry<T> | null)[]>;
  /** One page of entries matching the selector, with `total` and the next `cursor`. */
  list: <T extends KvValue = KvValue>(
    selector: KvListSelector,
    options?: KvListOptions,
  ) => Promise<KvListResponse<T>>;
  /** Stores a value (overwriting), optionally with a time to live. */
  set: <T extends KvValue = KvValue>(
    key: KvKey,
    value: T,
    options?: KvSetOptions,
  ) => Promise<KvListEntry<T> | null>;
  /** Deletes a key; resolves whether or not it existed. */
  delete: (key: KvKey) => Promise<void>;
  /** Runs `operation` as one serializable transaction, retried on conflict. */
  transaction: <T>(operation: (tx: KvTransaction) => Promise<T>) => Promise<T>;
  /**
   * apifn's addition (not in `@redocly/config`): every later change of the selected keys, by any
   * process on the store, as a stream; cancel it to stop.
   */
  watch: <T extends KvValue = KvValue>(
    selector: KvWatchSelector,
    options?: KvWatchOptions,
  ) => ReadableStream<KvChange<T>>;
};
