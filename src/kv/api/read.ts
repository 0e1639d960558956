/**
 * Reading values: expiry applied exactly, large values reassembled, and a
 * value overwritten mid-read read again rather than returned torn.
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import { type Backend, withLockRetry } from "../engine/backend.ts";
import { readBlob } from "../layout/blobs.ts";
import { readStates } from "../engine/states.ts";
import { dataKey, decodeRecord, isLive, type StoredRecord } from "../layout/records.ts";
import type { PhysicalState } from "../engine/commit_plan.ts";
import { decodeValue } from "../layout/values.ts";

/** What a read found: `found: false` when missing or expired. */
export type ReadResult = { found: true; value: unknown } | { found: false };

const MISSING: ReadResult = { found: false };
const MAX_REREADS = 20;

/**
 * Decodes a record's value, or `undefined` when its blob vanished (the record
 * was overwritten after it was read).
 *
 * @param backend The backend.
 * @param record The record.
 * @returns The value, or `undefined` to signal "read again".
 */
export async function recordValue(
  backend: Backend,
  record: StoredRecord,
): Promise<{ value: unknown } | undefined> {
  if (record.v) return { value: decodeValue(record.v) };
  if (record.b) {
    const bytes = await readBlob(backend, record);
    return bytes ? { value: decodeValue(bytes) } : undefined;
  }
  return { value: null };
}

/**
 * Reads one key's live value with one Deno KV read (large values are reassembled by
 * {@linkcode resolveState}).
 *
 * @param backend The backend.
 * @param key A validated user key.
 * @param now The clock that decides expiry.
 * @returns What was found.
 */
export async function readValue(
  backend: Backend,
  key: KvKey,
  now: () => number,
): Promise<ReadResult> {
  const entry = await withLockRetry(() => backend.kv.get(dataKey(key)));
  if (entry.versionstamp === null) return MISSING;
  const record = decodeRecord(entry.value);
  if (!record || !isLive(record, now())) return MISSING;
  if (record.v) return { found: true, value: decodeValue(record.v) };
  const state = { versionstamp: entry.versionstamp, record };
  return (await resolveState(backend, key, state, now)).result;
}

/**
 * Reads the live values of `keys` (any number), in order.
 *
 * @param backend The backend.
 * @param keys Validated user keys.
 * @param options `now`: the clock reading that decides expiry.
 * @returns One result per key.
 */
export async function readValues(
  backend: Backend,
  keys: readonly KvKey[],
  options: { now: () => number },
): Promise<ReadResult[]> {
  const states = await readStates(backend, keys);
  return await Promise.all(
    states.map(async (state, i) =>
      (await resolveState(backend, keys[i]!, state, options.now)).result
    ),
  );
}

/**
 * Reads the live entries of `keys` with their expiry (`KvStore.getEntries`), in order.
 *
 * @param backend The backend.
 * @param keys Validated user keys.
 * @param now The clock that decides expiry.
 * @returns `{ key, value, expiresAt? }` or `null` per key.
 */
export async function readEntries(
  backend: Backend,
  keys: readonly KvKey[],
  now: () => number,
): Promise<({ key: KvKey; value: unknown; expiresAt?: number } | null)[]> {
  const states = await readStates(backend, keys);
  return await Promise.all(states.map(async (read, i) => {
    const { result, state } = await resolveState(backend, keys[i]!, read, now);
    if (!result.found) return null;
    const expiresAt = state.record?.e;
    return {
      key: keys[i]!,
      value: result.value,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
  }));
}

/**
 * Turns a physical state into a read result, re-reading while a large value
 * is being replaced under the reader.
 *
 * @param backend The backend.
 * @param key The key.
 * @param state Its state as read.
 * @param now The clock.
 * @returns The read result and the state it came from.
 */
export async function resolveState(
  backend: Backend,
  key: KvKey,
  state: PhysicalState,
  now: () => number,
): Promise<{ result: ReadResult; state: PhysicalState }> {
  for (let attempt = 0;; attempt++) {
    const record = state.record;
    if (!record || !isLive(record, now())) return { result: MISSING, state };
    const decoded = await recordValue(backend, record);
    if (decoded) return { result: { found: true, value: decoded.value }, state };
    const [next] = await readStates(backend, [key]);
    if (next!.versionstamp === state.versionstamp || attempt >= MAX_REREADS) {
      throw new Error(`Cannot read KV key ${JSON.stringify(key)}: chunks of its value are missing`);
    }
    state = next!;
  }
}
