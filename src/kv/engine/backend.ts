/**
 * The Deno KV connection with its limits, and retries of the transient
 * `database is locked` error that SQLite gives when several processes share
 * one file.
 *
 * @module
 */

/** Per-commit limits of the backend in use. */
export interface BackendLimits {
  /** Versionstamp checks per atomic commit (100 local, 10 on a `denokv` server). */
  maxChecks: number;
  /** Mutations per atomic commit. */
  maxMutations: number;
  /** Total bytes of keys and values per atomic commit. */
  maxMutationBytes: number;
  /** Total bytes of keys per atomic commit. */
  maxKeyBytes: number;
}

/** Limits of a local SQLite or in-memory Deno KV. */
export const LOCAL_LIMITS: BackendLimits = {
  maxChecks: 100,
  maxMutations: 1000,
  maxMutationBytes: 800 * 1024,
  maxKeyBytes: 80 * 1024,
};

/** Limits of a remote KV Connect backend (a self-hosted `denokv` allows 10 checks). */
export const REMOTE_LIMITS: BackendLimits = { ...LOCAL_LIMITS, maxChecks: 10 };

/** A Deno KV connection plus its limits. */
export interface Backend {
  /** The Deno KV handle. */
  kv: Deno.Kv;
  /** Its per-commit limits. */
  limits: BackendLimits;
}

/**
 * Whether an error is SQLite's transient lock error.
 *
 * @param error Anything thrown.
 * @returns `true` for `database is locked` / busy errors.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLockedError } from "./backend.ts";
 *
 * assert.ok(isLockedError(new TypeError("database is locked")));
 * assert.ok(!isLockedError(new TypeError("Too many checks (max 100)")));
 * ```
 */
export function isLockedError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /database is locked|database table is locked|SQLITE_BUSY|DatabaseBusy/i.test(message);
}

/**
 * Waits a jittered, growing delay for retry number `attempt` (from 0).
 *
 * @param attempt The retry number.
 * @param options Base and cap of the delay in milliseconds.
 * @returns A promise resolving after the delay.
 *
 * @example Usage
 * ```ts
 * import { backoff } from "./backend.ts";
 *
 * await backoff(0, { baseMs: 1, capMs: 2 });
 * ```
 */
export function backoff(
  attempt: number,
  options: { baseMs?: number; capMs?: number } = {},
): Promise<void> {
  const base = options.baseMs ?? 2;
  const cap = options.capMs ?? 250;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 16));
  const ms = ceiling / 2 + Math.random() * ceiling / 2;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How long `withLockRetry` keeps retrying `database is locked`. */
const LOCK_RETRY_MS = 30_000;

/**
 * Runs a KV operation, retrying while SQLite reports the database is locked.
 *
 * @param operation The operation.
 * @returns Its result.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { withLockRetry } from "./backend.ts";
 *
 * let calls = 0;
 * const result = await withLockRetry(() => {
 *   if (calls++ === 0) throw new TypeError("database is locked");
 *   return Promise.resolve("ok");
 * });
 * assert.equal(result, "ok");
 * ```
 */
export function withLockRetry<T>(operation: () => Promise<T>): Promise<T> {
  // The first attempt costs no extra async frame: retries hang off a rejection handler.
  let first: Promise<T>;
  try {
    first = operation();
  } catch (error) {
    return retryLocked(operation, error);
  }
  return first.catch((error) => retryLocked(operation, error));
}

async function retryLocked<T>(operation: () => Promise<T>, first: unknown): Promise<T> {
  if (!isLockedError(first)) throw first;
  const deadline = Date.now() + LOCK_RETRY_MS;
  for (let attempt = 0;; attempt++) {
    await backoff(attempt, { baseMs: 1, capMs: 50 });
    try {
      return await operation();
    } catch (error) {
      if (!isLockedError(error) || Date.now() > deadline) throw error;
    }
  }
}

/**
 * Reads many raw keys through Deno KV, in chunks of 10 (its limit), in parallel.
 *
 * @param backend The backend.
 * @param keys Raw Deno KV keys.
 * @returns The entries in input order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LOCAL_LIMITS, readMany } from "./backend.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * await kv.set(["a"], 1);
 * const entries = await readMany({ kv, limits: LOCAL_LIMITS }, [["a"], ["b"]]);
 * assert.deepEqual(entries.map((e) => e.value), [1, null]);
 * kv.close();
 * ```
 */
export async function readMany(
  backend: Backend,
  keys: readonly Deno.KvKey[],
): Promise<Deno.KvEntryMaybe<unknown>[]> {
  if (keys.length === 1) return [await withLockRetry(() => backend.kv.get(keys[0]!))];
  if (keys.length <= 10) return await withLockRetry(() => backend.kv.getMany(keys as Deno.KvKey[]));
  const chunks: Promise<Deno.KvEntryMaybe<unknown>[]>[] = [];
  for (let i = 0; i < keys.length; i += 10) {
    const slice = keys.slice(i, i + 10) as Deno.KvKey[];
    chunks.push(withLockRetry(() => backend.kv.getMany(slice)));
  }
  return (await Promise.all(chunks)).flat();
}

/**
 * Lists a whole selector (meant for short ranges, such as a large value's chunks). Each batch
 * of `batchSize` entries is one snapshot.
 *
 * @param backend The backend.
 * @param selector A Deno KV list selector.
 * @param options `batchSize`: entries per read.
 * @returns Every entry of the selector, in key order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listAll, LOCAL_LIMITS } from "./backend.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * await kv.set(["a", 1], "x");
 * await kv.set(["a", 2], "y");
 * const entries = await listAll({ kv, limits: LOCAL_LIMITS }, { prefix: ["a"] }, {
 *   batchSize: 10,
 * });
 * assert.deepEqual(entries.map((e) => e.value), ["x", "y"]);
 * kv.close();
 * ```
 */
export async function listAll(
  backend: Backend,
  selector: Deno.KvListSelector,
  options: { batchSize: number },
): Promise<Deno.KvEntry<unknown>[]> {
  const entries: Deno.KvEntry<unknown>[] = [];
  for await (const entry of backend.kv.list(selector, options)) entries.push(entry);
  return entries;
}
