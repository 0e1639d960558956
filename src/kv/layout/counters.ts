/**
 * Prefix counters: for every prefix of up to {@linkcode MAX_COUNTED_DEPTH} parts of every stored
 * key, the number of entries under it and the number of those with a TTL, kept inside the
 * prefix's own range (see `records.ts`), and how readers get them. A write costs the same at any
 * key depth; a deeper prefix's `total` is counted by a scan of what the list selects.
 *
 * @module
 */
import { type Backend, readMany } from "../engine/backend.ts";
import type { RawKey } from "./records.ts";

/** Longest prefix, in key parts, that has counters (`[]` counts as a prefix of 0 parts). */
export const MAX_COUNTED_DEPTH = 8;

/**
 * Whether a prefix has counters.
 *
 * @param prefix A user key prefix.
 * @returns `true` up to {@linkcode MAX_COUNTED_DEPTH} parts.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isCountedPrefix } from "./counters.ts";
 *
 * assert.equal(isCountedPrefix(["notes"]), true);
 * assert.equal(isCountedPrefix(Array(9).fill("a")), false);
 * ```
 */
export function isCountedPrefix(prefix: readonly unknown[]): boolean {
  return prefix.length <= MAX_COUNTED_DEPTH;
}

/** Last key part of a prefix's entry counter. */
export const COUNT_MARK: Uint8Array = new Uint8Array([0]);
/** Last key part of a prefix's counter of entries with a TTL. */
export const TTL_MARK: Uint8Array = new Uint8Array([1]);

/**
 * The key of a prefix's entry counter.
 *
 * @param prefix A user key prefix (may be empty).
 * @returns `["d", ...prefix, COUNT_MARK]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { COUNT_MARK, counterKey } from "./counters.ts";
 *
 * assert.deepEqual(counterKey(["notes"]), ["d", "notes", COUNT_MARK]);
 * ```
 */
export function counterKey(prefix: readonly Deno.KvKeyPart[]): RawKey {
  return ["d", ...prefix, COUNT_MARK];
}

/**
 * The key of a prefix's counter of entries that have a TTL.
 *
 * @param prefix A user key prefix (may be empty).
 * @returns `["d", ...prefix, TTL_MARK]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { TTL_MARK, ttlCounterKey } from "./counters.ts";
 *
 * assert.deepEqual(ttlCounterKey([]), ["d", TTL_MARK]);
 * ```
 */
export function ttlCounterKey(prefix: readonly Deno.KvKeyPart[]): RawKey {
  return ["d", ...prefix, TTL_MARK];
}

/**
 * Whether a Deno KV key of the `d` space is a counter rather than a record.
 *
 * @param key A raw key.
 * @returns `true` for counter keys.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { counterKey, isCounterKey } from "./counters.ts";
 * import { dataKey } from "./records.ts";
 *
 * assert.equal(isCounterKey(counterKey(["a"])), true);
 * assert.equal(isCounterKey(dataKey(["a"])), false);
 * ```
 */
export function isCounterKey(key: readonly Deno.KvKeyPart[]): boolean {
  return key[key.length - 1] instanceof Uint8Array;
}

/** A prefix's counters. */
export interface PrefixCounts {
  /** Entries physically under the prefix (expired ones included until swept). */
  entries: number;
  /** Of those, entries with a TTL. */
  withTtl: number;
}

/**
 * The number a counter entry holds (0 for a missing or malformed one).
 *
 * @param value A counter entry's value.
 * @returns The count.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { counterValue } from "./counters.ts";
 *
 * assert.equal(counterValue(new Deno.KvU64(7n)), 7);
 * assert.equal(counterValue(null), 0);
 * ```
 */
export function counterValue(value: unknown): number {
  if (!(value instanceof Deno.KvU64)) return 0;
  const n = value.value;
  // Counts are unsigned; a value past 2^63 would mean a negative count.
  return n >= 1n << 63n ? 0 : Number(n);
}

/**
 * Reads both counters of a prefix in one Deno KV read.
 *
 * @param backend The backend.
 * @param prefix A user key prefix.
 * @returns The counts.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LOCAL_LIMITS } from "../engine/backend.ts";
 * import { readCounters } from "./counters.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * assert.deepEqual(await readCounters({ kv, limits: LOCAL_LIMITS }, ["a"]), {
 *   entries: 0,
 *   withTtl: 0,
 * });
 * kv.close();
 * ```
 */
export async function readCounters(
  backend: Backend,
  prefix: readonly Deno.KvKeyPart[],
): Promise<PrefixCounts> {
  const [entries, ttl] = await readMany(backend, [counterKey(prefix), ttlCounterKey(prefix)]);
  return { entries: counterValue(entries!.value), withTtl: counterValue(ttl!.value) };
}
