import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { openKv } from "../../../src/kv/engine/open.ts";
import { KvStore } from "../../../src/kv/api/store.ts";
import { countingReads, FakeClock } from "../_helpers.ts";

/** A store on a fresh file whose Deno KV reads are counted. */
async function countedStore(
  clock: FakeClock,
): Promise<
  { store: KvStore; reads: string[]; path: string; [Symbol.asyncDispose](): Promise<void> }
> {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  (await openKv(path)).close(); // the current layout
  const counted = countingReads(await Deno.openKv(path));
  const store = new KvStore(
    { kv: counted.kv, limits: LOCAL_LIMITS },
    { now: clock.now, sweepIntervalMs: 0 },
  );
  return {
    store,
    reads: counted.reads,
    path,
    async [Symbol.asyncDispose]() {
      await store.close();
      await Deno.remove(path);
    },
  };
}

Deno.test("KvStore.get - one Deno KV read per value; a large value adds one list; exact expiry", async () => {
  const clock = new FakeClock();
  await using s = await countedStore(clock);
  await s.store.set(["plain"], { a: 1 });
  await s.store.set(["ttl"], "soon", { ttlInSeconds: 2 });
  await s.store.set(["large"], "x".repeat(200_000));
  s.reads.length = 0;

  assert.deepEqual(await s.store.get(["plain"]), { a: 1 });
  assert.equal(await s.store.get(["ttl"]), "soon");
  assert.equal(await s.store.get(["missing"]), null);
  assert.deepEqual(s.reads, ["get", "get", "get"]);

  // A large value: its record, then its chunks in one snapshot.
  s.reads.length = 0;
  assert.equal(await s.store.get(["large"]), "x".repeat(200_000));
  assert.deepEqual(s.reads, ["get", "list"]);

  // Expiry is exact: expired at 2,000 ms, not a millisecond later.
  clock.advance(1999);
  assert.equal(await s.store.get(["ttl"]), "soon");
  clock.advance(1);
  s.reads.length = 0;
  assert.equal(await s.store.get(["ttl"]), null);
  assert.deepEqual(s.reads, ["get"]);
});

Deno.test("KvStore.get - sees another process's writes and deletes at once", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const store = await openKv(path, { sweepIntervalMs: 0 });
  const other = await openKv(path, { sweepIntervalMs: 0 }); // stands in for another process
  try {
    for (let i = 0; i < 20; i++) {
      await other.set(["counter"], i);
      assert.equal(await store.get(["counter"]), i);
    }
    await other.set(["big"], "y".repeat(100_000));
    assert.equal(await store.get(["big"]), "y".repeat(100_000));
    await other.set(["big"], "small now");
    assert.equal(await store.get(["big"]), "small now");
    await other.delete(["counter"]);
    assert.equal(await store.get(["counter"]), null);
  } finally {
    await other.close();
    await store.close();
    await Deno.remove(path);
  }
});

Deno.test("KvStore.get - after close, a file store still rejects reads", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const store = await openKv(path, { sweepIntervalMs: 0 });
  await store.set(["a"], 1);
  await store.close();
  await assert.rejects(() => store.get(["a"]), /^Error: Cannot use KV store: it is closed$/);
  await Deno.remove(path);
});
