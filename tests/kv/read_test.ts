import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../src/kv/backend.ts";
import { openDirectReader } from "../../src/kv/direct_open.ts";
import { UNANSWERED } from "../../src/kv/direct_rows.ts";
import { openKv } from "../../src/kv/open.ts";
import { KvStore } from "../../src/kv/store.ts";
import { DIRECT_TURNS } from "../../src/kv/turns.ts";
import { countingReads, FakeClock } from "./_helpers.ts";

/** A store on a fresh file whose Deno KV reads are counted, with or without direct reads. */
async function countedStore(
  direct: boolean,
  clock: FakeClock,
): Promise<
  { store: KvStore; reads: string[]; path: string; [Symbol.asyncDispose](): Promise<void> }
> {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  (await openKv(path)).close(); // the current layout
  const counted = countingReads(await Deno.openKv(path));
  const reader = direct ? await openDirectReader(path) : undefined;
  const store = new KvStore(
    { kv: counted.kv, limits: LOCAL_LIMITS, reader },
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

Deno.test("KvStore.get - direct reads answer inline and large values without a Deno KV read", async (t) => {
  for (const direct of [true, false]) {
    await t.step(direct ? "direct reads" : "through Deno KV", async () => {
      const clock = new FakeClock();
      await using s = await countedStore(direct, clock);
      await s.store.set(["plain"], { a: 1 });
      await s.store.set(["ttl"], "soon", { ttlInSeconds: 2 });
      await s.store.set(["large"], "x".repeat(200_000));
      s.reads.length = 0;

      assert.deepEqual(await s.store.get(["plain"]), { a: 1 });
      assert.equal(await s.store.get(["ttl"]), "soon");
      assert.equal(await s.store.get(["missing"]), null);
      assert.deepEqual(s.reads, direct ? [] : ["get", "get", "get"]);

      // A large value: its record and its chunks (one snapshot) are read directly too.
      s.reads.length = 0;
      assert.equal(await s.store.get(["large"]), "x".repeat(200_000));
      assert.deepEqual(s.reads, direct ? [] : ["get", "list"]);

      // Expiry is exact on either path: expired at 2,000 ms, not a millisecond later.
      clock.advance(1999);
      assert.equal(await s.store.get(["ttl"]), "soon");
      clock.advance(1);
      s.reads.length = 0;
      assert.equal(await s.store.get(["ttl"]), null);
      assert.deepEqual(s.reads, direct ? [] : ["get"]);
    });
  }
});

Deno.test("KvStore.get - direct reads see another process's writes and deletes at once", async () => {
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

Deno.test("KvStore - getMany, transactions and writes read a file store directly", async () => {
  const clock = new FakeClock();
  await using s = await countedStore(true, clock);
  for (let i = 0; i < 25; i++) await s.store.set(["n", i], i);
  await s.store.set(["n", 99], "temporary", { ttlInSeconds: 1 });
  s.reads.length = 0;
  const many = await s.store.getMany([...Array(26).keys()].map((i) => ["n", i]));
  assert.deepEqual(many.map((entry) => entry?.value ?? null), [...Array(25).keys(), null]);
  const total = await s.store.transaction(async (tx) => {
    const values = await tx.getMany<number>([["n", 1], ["n", 2]]);
    await tx.set(["sum"], (values[0]?.value ?? 0) + (values[1]?.value ?? 0));
    return await tx.get<number>(["sum"]);
  });
  assert.equal(total, 3);
  await s.store.set(["n", 0], "overwritten"); // the write path reads the key's state first
  clock.advance(1000);
  assert.deepEqual(await s.store.getMany([["n", 99], ["n", 0]]), [null, {
    key: ["n", 0],
    value: "overwritten",
  }]);
  assert.deepEqual(s.reads, []);
});

Deno.test("KvStore.close - closes the direct reader too", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const kv = await Deno.openKv(path);
  await kv.set(["d", "a"], new Uint8Array([49])); // apifn's record of ["a"]: JSON `1`
  const reader = await openDirectReader(path);
  assert.ok(reader);
  const store = new KvStore({ kv, limits: LOCAL_LIMITS, reader }, { sweepIntervalMs: 0 });
  assert.equal(await store.get(["a"]), 1);
  await store.close();
  assert.equal(reader.read(["d", "a"]), UNANSWERED);
  await Deno.remove(path);
});

Deno.test("KvStore.close - a read issued before close() that waits for a turn still resolves", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const store = await openKv(path, { sweepIntervalMs: 0 });
  try {
    await store.set(["a"], 1);
    // Back-to-back reads (not awaited: no event-loop turn between them) until one must wait.
    const waitsBefore = DIRECT_TURNS.waits;
    let pending: Promise<unknown> = Promise.resolve();
    while (DIRECT_TURNS.waits === waitsBefore) pending = store.get(["a"]);
    assert.ok(DIRECT_TURNS.pending, "the last read waits for a turn");
    await store.close();
    assert.equal(await pending, 1);
  } finally {
    await store.close();
    await Deno.remove(path);
  }
});

// A direct read queues an unref'd marker timer; it must not trip the op sanitizer of a test that
// ends right after the read (as users' own tests do).
let shared: { store: KvStore; path: string } | undefined;
Deno.test("KvStore.get - (setup) a file store shared by the next test", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  shared = { store: await openKv(path, { sweepIntervalMs: 0 }), path };
  await shared.store.set(["a"], 1);
});
Deno.test({
  name: "KvStore.get - a test ending with a direct read passes the op sanitizer",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    assert.equal(await shared!.store.get(["a"]), 1);
  },
});
Deno.test("KvStore.get - (teardown) the shared file store", async () => {
  await shared!.store.close();
  await Deno.remove(shared!.path);
});
