/**
 * Converts a store written by an earlier apifn layout — prefix counters under
 * `["c", ...prefix]` and one TTL counter at `["t"]` — to the current one, where
 * both counters of a prefix live inside its range (see `layout.ts`).
 *
 * The counters are recomputed from the records themselves, written with `set`
 * (so a conversion cut short by a crash is simply done again on the next
 * open), and the old keys are deleted last. Run while no other process writes
 * to the store (it runs when a store is opened).
 *
 * @module
 */
import { type Backend, withLockRetry } from "../engine/backend.ts";
import { counterKey, isCounterKey, MAX_COUNTED_DEPTH, ttlCounterKey } from "./counters.ts";
import { decodeRecord } from "./records.ts";

/** Mutations per atomic commit while converting (well under Deno KV's 1,000). */
const BATCH = 500;

async function hasOldLayout(kv: Deno.Kv): Promise<boolean> {
  for await (const _ of kv.list({ prefix: ["c"] }, { limit: 1 })) return true;
  // A prefix list leaves out the prefix itself: `["c"]` (the count of everything) and `["t"]`.
  const [all, ttl] = await kv.getMany([["c"], ["t"]]);
  return all!.versionstamp !== null || ttl!.versionstamp !== null;
}

async function commitAll(kv: Deno.Kv, mutations: Deno.KvMutation[]): Promise<void> {
  for (let i = 0; i < mutations.length; i += BATCH) {
    const batch = mutations.slice(i, i + BATCH);
    const result = await withLockRetry(() => kv.atomic().mutate(...batch).commit());
    if (!result.ok) throw new Error("Cannot convert the store's layout: a commit failed");
  }
}

/**
 * Converts the store to the current layout when it holds old-layout counters.
 *
 * @param backend The backend.
 * @returns Whether anything was converted.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LOCAL_LIMITS } from "../engine/backend.ts";
 * import { counterKey } from "./counters.ts";
 * import { migrateLayout } from "./migrate.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * await kv.set(["d", "notes", "a"], new TextEncoder().encode('"hi"'));
 * await kv.set(["c", "notes"], new Deno.KvU64(1n));
 * await kv.set(["c"], new Deno.KvU64(1n));
 * assert.equal(await migrateLayout({ kv, limits: LOCAL_LIMITS }), true);
 * assert.equal((await kv.get<Deno.KvU64>(counterKey(["notes"]))).value?.value, 1n);
 * assert.equal((await kv.get(["c", "notes"])).versionstamp, null);
 * assert.equal(await migrateLayout({ kv, limits: LOCAL_LIMITS }), false);
 * kv.close();
 * ```
 */
export async function migrateLayout(backend: Backend): Promise<boolean> {
  const { kv } = backend;
  if (!await hasOldLayout(kv)) return false;
  const counts = new Map<string, { prefix: Deno.KvKeyPart[]; entries: number; withTtl: number }>();
  for await (const entry of kv.list({ prefix: ["d"] }, { batchSize: 1000 })) {
    if (isCounterKey(entry.key)) continue;
    const record = decodeRecord(entry.value);
    if (!record) continue;
    const key = entry.key.slice(1);
    for (let i = 0; i < Math.min(key.length, MAX_COUNTED_DEPTH + 1); i++) {
      const prefix = key.slice(0, i);
      const id = JSON.stringify(prefix);
      let count = counts.get(id);
      if (!count) counts.set(id, count = { prefix, entries: 0, withTtl: 0 });
      count.entries++;
      if (record.e !== undefined) count.withTtl++;
    }
  }
  const sets: Deno.KvMutation[] = [];
  for (const { prefix, entries, withTtl } of counts.values()) {
    sets.push({ type: "set", key: counterKey(prefix), value: new Deno.KvU64(BigInt(entries)) });
    sets.push({ type: "set", key: ttlCounterKey(prefix), value: new Deno.KvU64(BigInt(withTtl)) });
  }
  await commitAll(kv, sets);
  const deletes: Deno.KvMutation[] = [];
  for await (const entry of kv.list({ prefix: ["c"] }, { batchSize: 1000 })) {
    deletes.push({ type: "delete", key: entry.key });
  }
  deletes.push({ type: "delete", key: ["c"] }, { type: "delete", key: ["t"] });
  await commitAll(kv, deletes);
  return true;
}
