/**
 * Preparing a `set`: validating the key, TTL and value up front (so a bad
 * call fails alone, before anything is written), then turning the value into
 * a record, writing its chunks first when it is large.
 *
 * @module
 */
import type { KvKey, KvSetOptions } from "../../types.ts";
import type { Backend } from "../engine/backend.ts";
import { type PendingBlob, writeBlob } from "../layout/blobs.ts";
import { validateKey } from "../layout/keys.ts";
import { INLINE_MAX_BYTES, type StoredRecord } from "../layout/records.ts";
import { decodeValue, encodeValue } from "../layout/values.ts";

/** A validated `set`, not yet written. */
export interface PreparedSet {
  /** The validated key. */
  key: KvKey;
  /** The value's JSON bytes. */
  bytes: Uint8Array;
  /** Expiry in epoch milliseconds, when a TTL was given. */
  expiresAt?: number;
  /** The value as it will read back (`JSON.parse(JSON.stringify(value))`). */
  value: unknown;
}

/**
 * Validates the arguments of `set`.
 *
 * @param key The key.
 * @param value The value.
 * @param options The set options, plus `now` (the clock reading).
 * @returns The prepared write.
 * @throws {TypeError | RangeError | Error} For a bad key, TTL or value.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareSet } from "./write.ts";
 *
 * const prepared = prepareSet(["a"], { n: 1 }, { ttlInSeconds: 1.5, now: 1000 });
 * assert.equal(prepared.expiresAt, 2500);
 * assert.throws(() => prepareSet(["a"], 1, { ttlInSeconds: 0, now: 0 }), RangeError);
 * ```
 */
export function prepareSet(
  key: unknown,
  value: unknown,
  options: KvSetOptions & { now: number } | undefined,
): PreparedSet {
  const validKey = validateKey(key);
  let expiresAt: number | undefined;
  const ttl = (options as { ttlInSeconds?: unknown } | undefined)?.ttlInSeconds;
  if (ttl !== undefined) {
    if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0) {
      throw new RangeError(
        `Cannot set key with ttlInSeconds ${
          typeof ttl === "string" ? `'${ttl}'` : String(ttl)
        }: it must be a positive finite number of seconds`,
      );
    }
    // A TTL beyond what a double can add stays "practically forever", not an error.
    expiresAt = Math.min(options!.now + Math.max(1, Math.round(ttl * 1000)), Number.MAX_VALUE);
  }
  const { bytes } = encodeValue(value);
  const prepared: PreparedSet = { key: validKey, bytes, value: decodeValue(bytes) };
  if (expiresAt !== undefined) prepared.expiresAt = expiresAt;
  return prepared;
}

/**
 * The record of a small value, stored inline; `null` when the value is large (see
 * {@linkcode materialize}).
 *
 * @param prepared The prepared write.
 * @returns The record, or `null`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { inlineRecord, prepareSet } from "./write.ts";
 *
 * assert.ok(inlineRecord(prepareSet(["a"], 1, { now: 0 })));
 * assert.equal(inlineRecord(prepareSet(["a"], "x".repeat(70_000), { now: 0 })), null);
 * ```
 */
export function inlineRecord(prepared: PreparedSet): StoredRecord | null {
  if (prepared.bytes.length > INLINE_MAX_BYTES) return null;
  const record: StoredRecord = { v: prepared.bytes };
  if (prepared.expiresAt !== undefined) record.e = prepared.expiresAt;
  return record;
}

/**
 * Turns a prepared write into a record; large values get their chunks
 * written first, under a blob nobody can see yet.
 *
 * @param backend The backend.
 * @param prepared The prepared write.
 * @param options `now`: the clock reading stored in a blob's pending marker.
 * @returns The record, and the pending blob when there is one.
 */
export async function materialize(
  backend: Backend,
  prepared: PreparedSet,
  options: { now: number },
): Promise<{ record: StoredRecord; blob?: PendingBlob }> {
  const inline = inlineRecord(prepared);
  if (inline) return { record: inline };
  const record: StoredRecord = {};
  if (prepared.expiresAt !== undefined) record.e = prepared.expiresAt;
  const blob = await writeBlob(backend, prepared.bytes, options);
  record.b = blob.id;
  record.n = blob.n;
  record.s = blob.s;
  return { record, blob };
}
