/**
 * How apifn lays out a store inside Deno KV. Every Deno KV key starts with a
 * one-letter space:
 *
 * | space | key                            | value                                      |
 * | ----- | ------------------------------ | ------------------------------------------ |
 * | `d`   | `["d", ...key]`                | the record (inline JSON, or a blob ref)     |
 * | `d`   | `["d", ...prefix, COUNT_MARK]` | `Deno.KvU64`: entries under `prefix`        |
 * | `d`   | `["d", ...prefix, TTL_MARK]`   | `Deno.KvU64`: of those, entries with a TTL  |
 * | `x`   | `["x", expiresAt, ...key]`     | `null`: the expiry index                    |
 * | `b`   | `["b", blobId, i]`             | chunk `i` of a large value                  |
 * | `p`   | `["p", createdAt, blobId]`     | chunk count: a blob not yet committed       |
 * | `l`   | `["l", at, commitId, i]`       | a commit's changed keys (`changes.ts`)      |
 * | `h`   | `["h"]`                        | the change log's head: the last change      |
 *
 * The counters of a prefix live inside its own range, under a `Uint8Array`
 * last part: user keys never contain one, and Deno KV sorts it before every
 * other kind of part, so a forward list of a prefix meets the prefix's two
 * counters first — a first page and its total come from one read. Only
 * prefixes of up to 8 parts have counters (`counters.ts`), so a write costs
 * the same at any depth. Readers skip counter keys and whatever apifn did not
 * write in the `d` space (`decodeEntry`).
 *
 * Counters count entries physically present (expired ones included until
 * the sweeper removes them); the expiry index lets readers subtract the
 * expired ones exactly, and the TTL counter lets them skip that scan when no
 * record under the prefix has a TTL.
 *
 * Stores written before this layout (counters under `["c", ...prefix]` and
 * one TTL counter at `["t"]`) are converted when opened (`migrate.ts`).
 *
 * @module
 */
import type { KvKey } from "../../types.ts";

/** The parts of a Deno KV key as apifn writes them. */
export type RawKey = Deno.KvKeyPart[];

/** A record as stored under `["d", ...key]`. */
export interface StoredRecord {
  /** Inline JSON bytes (small values). */
  v?: Uint8Array;
  /** Blob id (large values). */
  b?: string;
  /** Number of chunks of the blob. */
  n?: number;
  /** Size in bytes of the blob. */
  s?: number;
  /** Expiry time in epoch milliseconds. */
  e?: number;
}

/** Largest JSON size stored inline in the record. */
export const INLINE_MAX_BYTES = 60 * 1024;
/** Size of one chunk of a large value. */
export const CHUNK_BYTES = 63 * 1024;

/**
 * The Deno KV key of a user key's record.
 *
 * @param key A validated user key.
 * @returns `["d", ...key]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataKey } from "./records.ts";
 *
 * assert.deepEqual(dataKey(["notes", 1]), ["d", "notes", 1]);
 * ```
 */
export function dataKey(key: readonly Deno.KvKeyPart[]): RawKey {
  return ["d", ...key];
}

/**
 * The expiry index key of a user key.
 *
 * @param expiresAt Expiry in epoch milliseconds.
 * @param key A validated user key.
 * @returns `["x", expiresAt, ...key]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { expiryKey } from "./records.ts";
 *
 * assert.deepEqual(expiryKey(5, ["a"]), ["x", 5, "a"]);
 * ```
 */
export function expiryKey(expiresAt: number, key: KvKey): RawKey {
  return ["x", expiresAt, ...key];
}

/**
 * The key of one chunk of a blob.
 *
 * @param id The blob id.
 * @param index The chunk index.
 * @returns `["b", id, index]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { chunkKey } from "./records.ts";
 *
 * assert.deepEqual(chunkKey("id", 0), ["b", "id", 0]);
 * ```
 */
export function chunkKey(id: string, index: number): RawKey {
  return ["b", id, index];
}

/**
 * The key of a blob's pending marker.
 *
 * @param createdAt When the blob was started, epoch milliseconds.
 * @param id The blob id.
 * @returns `["p", createdAt, id]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pendingKey } from "./records.ts";
 *
 * assert.deepEqual(pendingKey(1, "id"), ["p", 1, "id"]);
 * ```
 */
export function pendingKey(createdAt: number, id: string): RawKey {
  return ["p", createdAt, id];
}

/**
 * Turns a record into the value written to Deno KV. A plain inline value
 * without expiry is stored as raw bytes (the fastest encoding).
 *
 * @param record The record.
 * @returns What to pass to `set`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeRecord, encodeRecord } from "./records.ts";
 *
 * const bytes = new Uint8Array([49]);
 * assert.equal(encodeRecord({ v: bytes }), bytes);
 * assert.deepEqual(decodeRecord(encodeRecord({ v: bytes, e: 5 })), { v: bytes, e: 5 });
 * ```
 */
export function encodeRecord(record: StoredRecord): unknown {
  if (record.v && record.e === undefined) return record.v;
  return record;
}

/**
 * Reads a record from a Deno KV value.
 *
 * @param value What Deno KV returned.
 * @returns The record, or `null` for a value apifn did not write.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeRecord } from "./records.ts";
 *
 * assert.equal(decodeRecord("foreign"), null);
 * assert.equal(decodeRecord({ title: "written by plain Deno KV" }), null);
 * assert.deepEqual(decodeRecord({ b: "id", n: 2, e: 5 }), { b: "id", n: 2, e: 5 });
 * ```
 */
export function decodeRecord(value: unknown): StoredRecord | null {
  if (value instanceof Uint8Array) return { v: value };
  if (value === null || typeof value !== "object") return null;
  const record = value as StoredRecord;
  if (!(record.v instanceof Uint8Array) && typeof record.b !== "string") return null;
  if (record.e !== undefined && typeof record.e !== "number") return null;
  return record;
}

/**
 * Reads an entry of the `d` space as a user key and its record, or `null` for a counter and for
 * anything apifn did not write there (a key part other than a string, a finite number or a
 * boolean, e.g. a bigint; or a value that is not a record). Lists and counts skip such entries
 * alike, so `total` and the pages agree.
 *
 * @param entry An entry listed under `["d"]`.
 * @returns The user key and record, or `null`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeEntry } from "./records.ts";
 *
 * const v = new Uint8Array([49]);
 * assert.deepEqual(decodeEntry({ key: ["d", "a", 1], value: v, versionstamp: "1" }), {
 *   key: ["a", 1],
 *   record: { v },
 * });
 * assert.equal(decodeEntry({ key: ["d", "a", 1n], value: v, versionstamp: "1" }), null);
 * ```
 */
export function decodeEntry(
  entry: Deno.KvEntry<unknown>,
): { key: KvKey; record: StoredRecord } | null {
  const raw = entry.key;
  for (let i = 1; i < raw.length; i++) {
    const part = raw[i];
    if (typeof part === "string" || typeof part === "boolean") continue;
    if (typeof part === "number" && Number.isFinite(part)) continue;
    return null;
  }
  const record = decodeRecord(entry.value);
  return record && { key: raw.slice(1) as KvKey, record };
}

/**
 * Approximate bytes a record takes in a commit (for commit-size budgets).
 *
 * @param record The record.
 * @returns Bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { recordSize } from "./records.ts";
 *
 * assert.ok(recordSize({ v: new Uint8Array(10) }) >= 10);
 * ```
 */
export function recordSize(record: StoredRecord): number {
  return (record.v?.length ?? 0) + 64;
}

/**
 * Whether a record is live at time `now`.
 *
 * @param record The record.
 * @param now Epoch milliseconds.
 * @returns `false` when it has expired.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLive } from "./records.ts";
 *
 * assert.ok(isLive({ e: 10 }, 9));
 * assert.ok(!isLive({ e: 10 }, 10));
 * ```
 */
export function isLive(record: StoredRecord, now: number): boolean {
  return record.e === undefined || now < record.e;
}
