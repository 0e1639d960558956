/**
 * Large values: split into chunks under a fresh blob id that no reader can
 * see until one atomic commit points a record at it. A pending marker
 * records every blob not yet committed, so a crash leaves only orphans that
 * {@linkcode sweepOrphanBlobs} removes later.
 *
 * @module
 */
import { type Backend, listAll, readMany, withLockRetry } from "../engine/backend.ts";
import { CHUNK_BYTES, chunkKey, pendingKey, type RawKey, type StoredRecord } from "./records.ts";

/** A blob whose chunks are written but not yet referenced by a record. */
export interface PendingBlob {
  /** The blob id. */
  id: string;
  /** Number of chunks. */
  n: number;
  /** Size in bytes. */
  s: number;
  /** Its pending marker key, deleted by the commit that references the blob. */
  marker: RawKey;
  /** The marker's versionstamp, checked by that commit. */
  markerVersionstamp: string;
}

/** Chunks written per atomic commit (12 × 63 KiB stays under 800 KiB). */
const CHUNKS_PER_COMMIT = 12;

function newBlobId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_");
}

/**
 * Writes `bytes` as chunks of a new blob, marker first.
 *
 * @param backend The backend.
 * @param bytes The value's bytes.
 * @param options `now`: the clock reading stored in the marker.
 * @returns The pending blob.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LOCAL_LIMITS } from "../engine/backend.ts";
 * import { readBlob, writeBlob } from "./blobs.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * const backend = { kv, limits: LOCAL_LIMITS };
 * const blob = await writeBlob(backend, new Uint8Array(100_000).fill(7), { now: 0 });
 * const bytes = await readBlob(backend, { b: blob.id, n: blob.n, s: blob.s });
 * assert.equal(bytes?.length, 100_000);
 * kv.close();
 * ```
 */
export async function writeBlob(
  backend: Backend,
  bytes: Uint8Array,
  options: { now: number },
): Promise<PendingBlob> {
  const id = newBlobId();
  const n = Math.ceil(bytes.length / CHUNK_BYTES);
  const marker = pendingKey(options.now, id);
  let markerVersionstamp = "";
  for (let first = 0; first < n; first += CHUNKS_PER_COMMIT) {
    const atomic = backend.kv.atomic();
    if (first === 0) atomic.set(marker, n);
    const last = Math.min(n, first + CHUNKS_PER_COMMIT);
    for (let i = first; i < last; i++) {
      atomic.set(chunkKey(id, i), bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
    }
    const result = await withLockRetry(() => atomic.commit());
    if (first === 0 && result.ok) markerVersionstamp = result.versionstamp;
  }
  return { id, n, s: bytes.length, marker, markerVersionstamp };
}

/**
 * Reads the bytes of a record's blob. Returns `null` when chunks are missing
 * (the record was overwritten meanwhile: read the record again).
 *
 * @param backend The backend.
 * @param record A record with a blob reference.
 * @returns The bytes, or `null` when incomplete.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LOCAL_LIMITS } from "../engine/backend.ts";
 * import { readBlob } from "./blobs.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * assert.equal(await readBlob({ kv, limits: LOCAL_LIMITS }, { b: "gone", n: 2, s: 9 }), null);
 * kv.close();
 * ```
 */
export async function readBlob(backend: Backend, record: StoredRecord): Promise<Uint8Array | null> {
  const n = record.n ?? 0;
  const out = new Uint8Array(record.s ?? 0);
  let offset = 0;
  let count = 0;
  const entries = await listAll(backend, { prefix: ["b", record.b!] }, {
    batchSize: Math.min(1000, n + 1),
  });
  for (const entry of entries) {
    const chunk = entry.value;
    if (entry.key[2] !== count || !(chunk instanceof Uint8Array)) return null;
    if (offset + chunk.length > out.length) return null;
    out.set(chunk, offset);
    offset += chunk.length;
    count++;
  }
  return count === n && offset === out.length ? out : null;
}

/**
 * The Deno KV keys of every chunk of a blob.
 *
 * @param id The blob id.
 * @param n Number of chunks.
 * @returns The chunk keys.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { blobChunkKeys } from "./blobs.ts";
 *
 * assert.deepEqual(blobChunkKeys("x", 2), [["b", "x", 0], ["b", "x", 1]]);
 * ```
 */
export function blobChunkKeys(id: string, n: number): RawKey[] {
  const keys: RawKey[] = [];
  for (let i = 0; i < n; i++) keys.push(chunkKey(id, i));
  return keys;
}

/**
 * Deletes a pending blob that will not be committed (best effort).
 *
 * @param backend The backend.
 * @param blob The pending blob.
 * @returns When done.
 *
 * @example Usage
 * ```ts
 * import { LOCAL_LIMITS } from "../engine/backend.ts";
 * import { discardBlob, writeBlob } from "./blobs.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * const backend = { kv, limits: LOCAL_LIMITS };
 * await discardBlob(backend, await writeBlob(backend, new Uint8Array(10), { now: 0 }));
 * kv.close();
 * ```
 */
export async function discardBlob(backend: Backend, blob: PendingBlob): Promise<void> {
  const atomic = backend.kv.atomic().delete(blob.marker);
  for (const key of blobChunkKeys(blob.id, blob.n)) atomic.delete(key);
  try {
    await withLockRetry(() => atomic.commit());
  } catch {
    // The orphan sweep removes it later.
  }
}

/**
 * Removes blobs left pending since before `cutoff` (crashed or abandoned writes).
 *
 * @param backend The backend.
 * @param options `cutoff`: epoch milliseconds.
 * @returns The number of orphan blobs removed.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LOCAL_LIMITS } from "../engine/backend.ts";
 * import { sweepOrphanBlobs, writeBlob } from "./blobs.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * const backend = { kv, limits: LOCAL_LIMITS };
 * await writeBlob(backend, new Uint8Array(10), { now: 5 });
 * assert.equal(await sweepOrphanBlobs(backend, { cutoff: 6 }), 1);
 * kv.close();
 * ```
 */
export async function sweepOrphanBlobs(
  backend: Backend,
  options: { cutoff: number },
): Promise<number> {
  let removed = 0;
  const markers = backend.kv.list<number>({ start: ["p"], end: ["p", options.cutoff] });
  for await (const marker of markers) {
    const id = marker.key[2] as string;
    // Chunks may be fewer than planned if the writer died: list what exists.
    const chunks: Deno.KvKey[] = [];
    for await (const chunk of backend.kv.list({ prefix: ["b", id] })) chunks.push(chunk.key);
    const planned = blobChunkKeys(id, Number(marker.value) || 0);
    const keys = chunks.length >= planned.length ? chunks : planned;
    const stillPending = await readMany(backend, [marker.key]);
    if (stillPending[0]?.versionstamp !== marker.versionstamp) continue;
    for (let i = 0; i < keys.length || i === 0; i += 900) {
      const atomic = backend.kv.atomic();
      if (i === 0) atomic.check(marker).delete(marker.key);
      for (const key of keys.slice(i, i + 900)) atomic.delete(key);
      const result = await withLockRetry(() => atomic.commit());
      if (!result.ok) break;
    }
    removed++;
  }
  return removed;
}
