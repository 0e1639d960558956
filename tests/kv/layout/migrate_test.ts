import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { counterKey } from "../../../src/kv/layout/counters.ts";
import { dataKey, expiryKey } from "../../../src/kv/layout/records.ts";
import { migrateLayout } from "../../../src/kv/layout/migrate.ts";
import { openKv } from "../../../src/kv/engine/open.ts";
import { rawProblems, readRaw } from "../_raw.ts";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const FUTURE = 8_000_000_000_000;

/** Writes a store as the previous layout did: counters under ["c", ...], TTL count at ["t"]. */
async function writeOldLayout(path: string): Promise<void> {
  const kv = await Deno.openKv(path);
  try {
    const atomic = kv.atomic();
    for (let i = 0; i < 40; i++) atomic.set(dataKey(["notes", i]), json({ i }));
    atomic.set(dataKey(["notes", 1, "tags", "x"]), json("x"));
    atomic.set(dataKey(["sessions", "s1"]), { v: json("s"), e: FUTURE });
    atomic.set(expiryKey(FUTURE, ["sessions", "s1"]), null);
    atomic.set(["c"], new Deno.KvU64(42n));
    atomic.set(["c", "notes"], new Deno.KvU64(41n));
    atomic.set(["c", "notes", 1], new Deno.KvU64(1n));
    atomic.set(["c", "notes", 1, "tags"], new Deno.KvU64(1n));
    atomic.set(["c", "sessions"], new Deno.KvU64(1n));
    atomic.set(["t"], new Deno.KvU64(1n));
    assert.ok((await atomic.commit()).ok);
  } finally {
    kv.close();
  }
}

Deno.test("migrateLayout - opening an old store converts its counters and keeps every entry", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/kv.sqlite3`;
  try {
    await writeOldLayout(path);
    const store = await openKv(path, { sweepIntervalMs: 0 });
    const notes = await store.list({ prefix: ["notes"] }, { limit: 5 });
    assert.equal(notes.total, 41);
    assert.equal((await store.list({ prefix: [] })).total, 42);
    assert.deepEqual(await store.get(["sessions", "s1"]), "s");
    await store.set(["notes", 99], 99);
    assert.equal((await store.list({ prefix: ["notes"] })).total, 42);
    await store.close();
    const raw = await readRaw(path);
    assert.deepEqual(rawProblems(raw), []);
    assert.equal(raw.counts.c, undefined);
    assert.equal(raw.counts.t, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("migrateLayout - recomputes counts, runs again after an interruption, then does nothing", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const backend = { kv, limits: LOCAL_LIMITS };
    await kv.set(dataKey(["a", 1]), json(1));
    await kv.set(dataKey(["a", 2]), json(2));
    // Wrong old counts, and a new-layout counter left by an interrupted conversion.
    await kv.set(["c", "a"], new Deno.KvU64(7n));
    await kv.set(counterKey(["a"]), new Deno.KvU64(9n));
    assert.equal(await migrateLayout(backend), true);
    assert.equal((await kv.get<Deno.KvU64>(counterKey(["a"]))).value?.value, 2n);
    assert.equal((await kv.get<Deno.KvU64>(counterKey([]))).value?.value, 2n);
    assert.equal(await migrateLayout(backend), false);
    // Only the count of everything left over is still the old layout.
    await kv.set(["c"], new Deno.KvU64(2n));
    assert.equal(await migrateLayout(backend), true);
    assert.equal((await kv.get(["c"])).versionstamp, null);
  } finally {
    kv.close();
  }
});

Deno.test("migrateLayout - converts more counters than one commit holds", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    for (let start = 0; start < 1_200; start += 400) {
      const atomic = kv.atomic();
      for (let i = start; i < start + 400; i++) {
        atomic.set(dataKey(["k", i, "v"]), json(i));
        atomic.set(["c", "k", i], new Deno.KvU64(1n));
      }
      await atomic.commit();
    }
    assert.equal(await migrateLayout({ kv, limits: LOCAL_LIMITS }), true);
    assert.equal((await kv.get<Deno.KvU64>(counterKey(["k"]))).value?.value, 1_200n);
    assert.equal((await kv.get<Deno.KvU64>(counterKey(["k", 1_199]))).value?.value, 1n);
    let old = 0;
    for await (const _ of kv.list({ prefix: ["c"] })) old++;
    assert.equal(old, 0);
  } finally {
    kv.close();
  }
});
