/**
 * Every live entry under a prefix, with its expiry: what `apifn kv export` writes.
 *
 * @module
 */
import type { KvKey, KvValue } from "../../types.ts";
import type { Backend } from "../engine/backend.ts";
import { dataKey, decodeEntry, isLive } from "../layout/records.ts";
import { resolveState } from "./read.ts";

/** A live entry with its expiry, as `KvStore.entries` yields it (for export and backups). */
export interface KvStoreEntry {
  /** The key. */
  key: KvKey;
  /** The value. */
  value: KvValue;
  /** When it expires, in epoch milliseconds; absent for entries without a TTL. */
  expiresAt?: number;
}

/**
 * Yields every live entry under `prefix`, in key order, read in batches (each batch as of the
 * moment it was read, not one snapshot of the whole store).
 *
 * @param backend The backend.
 * @param prefix A validated prefix.
 * @param now The clock that decides expiry.
 * @returns The entries.
 */
export async function* liveEntries(
  backend: Backend,
  prefix: KvKey,
  now: () => number,
): AsyncGenerator<KvStoreEntry> {
  const iter = backend.kv.list({ prefix: dataKey(prefix) }, { batchSize: 500 });
  for await (const entry of iter) {
    const decoded = decodeEntry(entry);
    if (!decoded || !isLive(decoded.record, now())) continue;
    const { key, record } = decoded;
    const state = { versionstamp: entry.versionstamp, record };
    const { result } = await resolveState(backend, key, state, now);
    if (!result.found) continue;
    const item: KvStoreEntry = { key, value: result.value as KvValue };
    if (record.e !== undefined) item.expiresAt = record.e;
    yield item;
  }
}
