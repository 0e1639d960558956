/**
 * Reads a closed store's SQLite file with plain `Deno.openKv` and checks the
 * layout's invariants: no orphan chunks, no pending markers, an expiry index
 * matching the records, and prefix counters equal to the true counts.
 *
 * @module
 */

import { openKv, type OpenKvOptions } from "../../src/kv/engine/open.ts";
import type { KvStore } from "../../src/kv/api/store.ts";
import { MAX_COUNTED_DEPTH } from "../../src/kv/layout/counters.ts";

/** What a store file physically holds. */
export interface RawSummary {
  /** Number of Deno KV keys per space letter (`d`: records only, `x`, `b`, `p`, ...);
   * prefix counters (inside `d`) under `counter`. */
  counts: Record<string, number>;
  /** Records by user key (JSON of the key). */
  records: Map<string, { key: Deno.KvKey; e?: number; b?: string; n?: number }>;
  /** Chunk indexes per blob id. */
  chunks: Map<string, number[]>;
  /** Pending-upload markers. */
  pending: Deno.KvKey[];
  /** Expiry index entries: `[expiresAt, JSON of the user key]`. */
  expiry: [number, string][];
  /** Entry counter values by prefix (JSON of the prefix). */
  counters: Map<string, bigint>;
  /** TTL counter values (records with a TTL) by prefix (JSON of the prefix). */
  ttlCounters?: Map<string, bigint>;
}

/**
 * Reads every key of a store file (the store must be closed).
 *
 * @param path The SQLite file.
 * @returns The summary.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openKv } from "../../src/kv/engine/open.ts";
 * import { rawProblems, readRaw } from "./_raw.ts";
 *
 * const path = `${await Deno.makeTempDir()}/kv.sqlite3`;
 * const store = await openKv(path, { sweepIntervalMs: 0 });
 * await store.set(["a", 1], "x".repeat(100_000));
 * await store.close();
 * const raw = await readRaw(path);
 * assert.equal(raw.counts.d, 1);
 * assert.deepEqual(rawProblems(raw), []);
 * ```
 */
export async function readRaw(path: string): Promise<RawSummary> {
  const kv = await Deno.openKv(path);
  const summary: RawSummary = {
    counts: {},
    records: new Map(),
    chunks: new Map(),
    pending: [],
    expiry: [],
    counters: new Map(),
  };
  try {
    for await (const entry of kv.list({ prefix: [] })) {
      const [space, ...rest] = entry.key;
      const mark = rest[rest.length - 1];
      const name = space === "d" && mark instanceof Uint8Array ? "counter" : String(space);
      summary.counts[name] = (summary.counts[name] ?? 0) + 1;
      if (name === "counter") {
        const prefix = JSON.stringify(rest.slice(0, -1));
        const value = (entry.value as Deno.KvU64).value;
        if ((mark as Uint8Array)[0] === 0) summary.counters.set(prefix, value);
        else (summary.ttlCounters ??= new Map()).set(prefix, value);
      } else if (space === "d") {
        const v = entry.value;
        const record = v instanceof Uint8Array ? {} : (v as { e?: number; b?: string; n?: number });
        summary.records.set(JSON.stringify(rest), {
          key: rest,
          e: record.e,
          b: record.b,
          n: record.n,
        });
      } else if (space === "b") {
        const list = summary.chunks.get(String(rest[0])) ?? [];
        list.push(rest[1] as number);
        summary.chunks.set(String(rest[0]), list);
      } else if (space === "p") summary.pending.push(entry.key);
      else if (space === "x") {
        summary.expiry.push([rest[0] as number, JSON.stringify(rest.slice(1))]);
      }
    }
  } finally {
    kv.close();
  }
  return summary;
}

/**
 * Lists every broken invariant of a store file.
 *
 * @param raw What {@linkcode readRaw} returned.
 * @returns Human-readable problems (empty when the layout is clean).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rawProblems } from "./_raw.ts";
 *
 * const problems = rawProblems({
 *   counts: { b: 1 },
 *   records: new Map(),
 *   chunks: new Map([["blob", [0]]]),
 *   pending: [],
 *   expiry: [],
 *   counters: new Map(),
 * });
 * assert.deepEqual(problems, ["orphan blob 'blob' (1 chunks)"]);
 * ```
 */
export function rawProblems(raw: RawSummary): string[] {
  const problems: string[] = [];
  for (const marker of raw.pending) problems.push(`pending marker ${JSON.stringify(marker)}`);
  const referenced = new Set<string>();
  for (const [id, record] of raw.records) {
    if (record.b === undefined) continue;
    referenced.add(record.b);
    const chunks = [...(raw.chunks.get(record.b) ?? [])].sort((a, b) => a - b);
    const expected = Array.from({ length: record.n ?? -1 }, (_, i) => i);
    if (JSON.stringify(chunks) !== JSON.stringify(expected)) {
      problems.push(`record ${id} has chunks ${JSON.stringify(chunks)}, expected ${record.n}`);
    }
  }
  for (const [blob, chunks] of raw.chunks) {
    if (!referenced.has(blob)) problems.push(`orphan blob '${blob}' (${chunks.length} chunks)`);
  }
  const indexed = new Set(raw.expiry.map(([e, id]) => `${e} ${id}`));
  for (const [e, id] of raw.expiry) {
    if (raw.records.get(id)?.e !== e) problems.push(`stale expiry index ${e} ${id}`);
  }
  for (const [id, record] of raw.records) {
    if (record.e !== undefined && !indexed.has(`${record.e} ${id}`)) {
      problems.push(`record ${id} expires at ${record.e} but is not indexed`);
    }
  }
  const truth = new Map<string, bigint>();
  const ttlTruth = new Map<string, bigint>();
  for (const { key, e } of raw.records.values()) {
    for (let i = 0; i < Math.min(key.length, MAX_COUNTED_DEPTH + 1); i++) {
      const prefix = JSON.stringify(key.slice(0, i));
      truth.set(prefix, (truth.get(prefix) ?? 0n) + 1n);
      if (e !== undefined) ttlTruth.set(prefix, (ttlTruth.get(prefix) ?? 0n) + 1n);
    }
  }
  const ttlCounters = raw.ttlCounters ?? new Map<string, bigint>();
  for (
    const [name, actualOf, expectedOf] of [
      ["counter", raw.counters, truth],
      ["TTL counter", ttlCounters, ttlTruth],
    ] as const
  ) {
    for (const prefix of new Set([...expectedOf.keys(), ...actualOf.keys()])) {
      const actual = actualOf.get(prefix) ?? 0n;
      const expected = expectedOf.get(prefix) ?? 0n;
      if (actual !== expected) {
        problems.push(`${name} ${prefix} is ${actual}, true count ${expected}`);
      }
    }
  }
  for (const space of ["c", "t"]) {
    if (raw.counts[space]) {
      problems.push(`${raw.counts[space]} keys of the old layout in '${space}'`);
    }
  }
  return problems;
}

/**
 * Runs `body` on a fresh store in a new temp dir and closes it.
 *
 * @param body What to do with the store.
 * @param options Store options (the sweeper is off unless set).
 * @returns The store file's path; remove it with {@linkcode removeStoreFile}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRaw, removeStoreFile, withFileStore } from "./_raw.ts";
 *
 * const path = await withFileStore((store) => store.set(["a"], 1));
 * assert.equal((await readRaw(path)).counts.d, 1);
 * await removeStoreFile(path);
 * ```
 */
export async function withFileStore(
  body: (store: KvStore) => Promise<unknown>,
  options: OpenKvOptions = {},
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-raw-" });
  const path = `${dir}/kv.sqlite3`;
  const store = await openKv(path, { sweepIntervalMs: 0, ...options });
  try {
    await body(store);
  } finally {
    await store.close();
  }
  return path;
}

/**
 * Deletes the temp dir of a store file made by {@linkcode withFileStore}.
 *
 * @param path The store file.
 * @returns When deleted.
 *
 * @example Usage
 * ```ts
 * import { removeStoreFile, withFileStore } from "./_raw.ts";
 *
 * await removeStoreFile(await withFileStore(() => Promise.resolve()));
 * ```
 */
export function removeStoreFile(path: string): Promise<void> {
  return Deno.remove(path.replace(/[\\/][^\\/]+$/, ""), { recursive: true });
}
