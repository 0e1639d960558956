import assert from "node:assert/strict";
import { counterKey, isCounterKey } from "../../../src/kv/layout/counters.ts";
import { LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { GroupCommitter } from "../../../src/kv/engine/group_commit.ts";
import { KvStore } from "../../../src/kv/api/store.ts";
import type { StoredRecord } from "../../../src/kv/layout/records.ts";
import { bigValue } from "../_big_values.ts";
import {
  countingReads,
  fileFactory,
  memoryFactory,
  type StoreFactory,
  withStore,
} from "../_helpers.ts";

async function eachBackend(t: Deno.TestContext, body: (factory: StoreFactory) => Promise<void>) {
  for (const factory of [memoryFactory(), await fileFactory()]) {
    try {
      await t.step(factory.name, () => body(factory));
    } finally {
      await factory.dispose();
    }
  }
}

Deno.test("group commit - 500 concurrent sets resolve in far fewer than 500 commits", async (t) => {
  await eachBackend(t, (factory) =>
    withStore(factory, async (store) => {
      const writes = Array.from({ length: 500 }, (_, i) => store.set(["g", i % 7, i], { i }));
      const entries = await Promise.all(writes);
      assert.deepEqual(entries[123], { key: ["g", 123 % 7, 123], value: { i: 123 } });
      assert.equal(store.stats.operations, 500);
      assert.ok(store.stats.commits <= 25, `${store.stats.commits} commits`);
      assert.equal((await store.list({ prefix: ["g"] })).total, 500);
      const read = await store.getMany(Array.from({ length: 500 }, (_, i) => ["g", i % 7, i]));
      assert.ok(read.every((e, i) => (e?.value as { i: number }).i === i));
    }));
});

Deno.test("group commit - batches respect maxChecks", async () => {
  await withStore(memoryFactory(), async (store) => {
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.set(["m", i], i)));
    assert.ok(
      store.stats.commits >= 10 && store.stats.commits <= 20,
      `${store.stats.commits} commits`,
    );
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.set(["big", i], bigValue(i, 70_000))),
    );
    assert.equal((await store.list({ prefix: [] }, { limit: 1000 })).total, 112);
  }, { maxChecks: 10 });
});

Deno.test("group commit - values near the inline limit still share commits", async (t) => {
  // 60 × 50 KB = 3 MB: at most ~14 fit under Deno's 800 KiB per commit, so
  // about 5 commits are needed, with or without a TTL.
  for (const ttl of [undefined, 100]) {
    await t.step(ttl ? "with TTL" : "without TTL", async () => {
      await withStore(memoryFactory(), async (store) => {
        const options = ttl ? { ttlInSeconds: ttl } : undefined;
        await Promise.all(
          Array.from({ length: 60 }, (_, i) => store.set(["v", i], "x".repeat(50_000), options)),
        );
        assert.equal((await store.list({ prefix: ["v"] })).total, 60);
        assert.ok(store.stats.commits <= 10, `${store.stats.commits} commits for 60 writes`);
      });
    });
  }
});

Deno.test("group commit - calls on one key apply in call order", async (t) => {
  const cases: [
    string,
    (store: import("../../../src/kv/api/store.ts").KvStore) => Promise<unknown>[],
    unknown,
  ][] = [
    ["set then set", (s) => [s.set(["o"], 1), s.set(["o"], 2)], 2],
    ["set then delete", (s) => [s.set(["o"], 1), s.delete(["o"])], null],
    ["delete then set", (s) => [s.delete(["o"]), s.set(["o"], 3)], 3],
    [
      "large then small",
      (s) => [s.set(["o"], "L".repeat(200_000)), s.set(["o"], "small")],
      "small",
    ],
    ["large then delete", (s) => [s.set(["o"], "L".repeat(200_000)), s.delete(["o"])], null],
  ];
  await eachBackend(t, async (factory) => {
    for (const [name, calls, expected] of cases) {
      await withStore(factory, async (store) => {
        await Promise.all(calls(store));
        assert.deepEqual(await store.get(["o"]), expected, name);
        assert.equal((await store.list({ prefix: [] })).total, expected === null ? 0 : 1, name);
      });
    }
  });
});

Deno.test("GroupCommitter - an operation that fails its commit fails alone", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const committer = new GroupCommitter({ kv, limits: LOCAL_LIMITS }, () => 0);
    const record: StoredRecord = { v: new TextEncoder().encode("1") };
    // An inline record past Deno KV's 64 KiB value limit: only the commit can reject it.
    const tooBig: StoredRecord = { v: new Uint8Array(70_000).fill(0x31) };
    const ops = Array.from(
      { length: 20 },
      (_, i) => committer.submit({ type: "set", key: ["ok", i], record }),
    );
    ops.splice(7, 0, committer.submit({ type: "set", key: ["bad"], record: tooBig }));
    ops.push(committer.submit({ type: "delete", key: ["ok", 3] }));
    const results = await Promise.allSettled(ops);
    const rejected = results.flatMap((r, i) => (r.status === "rejected" ? [i] : []));
    assert.deepEqual(rejected, [7]);
    assert.match(String((results[7] as PromiseRejectedResult).reason), /Value too large/);
    await committer.idle();
    let count = 0;
    for await (const entry of kv.list({ prefix: ["d"] })) if (!isCounterKey(entry.key)) count++;
    assert.equal(count, 19);
    assert.equal((await kv.get<Deno.KvU64>(counterKey([]))).value?.value, 19n);
  } finally {
    kv.close();
  }
});

Deno.test("group commit - sets of new keys skip the read; a wrong guess reads again", async (t) => {
  async function withCounted(
    body: (stores: [KvStore, KvStore], reads: string[]) => Promise<void>,
  ): Promise<void> {
    const dir = await Deno.makeTempDir();
    // Two stores on one database file: the second one stands for another process.
    const { kv: proxy, reads } = countingReads(await Deno.openKv(`${dir}/kv.sqlite3`));
    const stores: [KvStore, KvStore] = [
      new KvStore({ kv: proxy, limits: LOCAL_LIMITS }, { sweepIntervalMs: 0 }),
      new KvStore({ kv: await Deno.openKv(`${dir}/kv.sqlite3`), limits: LOCAL_LIMITS }, {
        sweepIntervalMs: 0,
      }),
    ];
    try {
      await body(stores, reads);
    } finally {
      for (const store of stores) await store.close();
      await Deno.remove(dir, { recursive: true });
    }
  }
  const batch = (store: KvStore, from: number, to = from + 20) =>
    Promise.all(Array.from({ length: to - from }, (_, i) => store.set(["n", from + i], i)));

  await t.step("a batch of new keys after one that read only new keys: no read", async () => {
    await withCounted(async ([store], reads) => {
      await batch(store, 0);
      assert.ok(reads.length > 0, "the first batch reads");
      reads.length = 0;
      await batch(store, 20);
      assert.deepEqual(reads, []);
      assert.equal(store.stats.unread, 1);
      assert.equal(store.stats.misses, 0);
      assert.equal((await store.list({ prefix: ["n"] })).total, 40);
    });
  });

  await t.step("an existing key among new ones: read, committed again, counted once", async () => {
    await withCounted(async ([store], reads) => {
      await batch(store, 0);
      await batch(store, 20);
      reads.length = 0;
      await batch(store, 35, 60); // 35…39 exist
      assert.ok(reads.length > 0);
      assert.equal(store.stats.misses, 1);
      assert.equal(store.stats.conflicts, 0);
      assert.equal((await store.list({ prefix: ["n"] })).total, 60);
      assert.equal(await store.get(["n", 36]), 1);
    });
  });

  await t.step(
    "a key another writer created meanwhile is overwritten, not counted twice",
    async () => {
      await withCounted(async ([store, other]) => {
        await batch(store, 0);
        await other.set(["n", 99], "theirs");
        await batch(store, 80, 100);
        assert.equal(store.stats.misses, 1);
        assert.equal(await store.get(["n", 99]), 19);
        assert.equal((await store.list({ prefix: ["n"] })).total, 40);
      });
    },
  );

  await t.step("a batch with a delete always reads", async () => {
    await withCounted(async ([store], reads) => {
      await batch(store, 0);
      reads.length = 0;
      await Promise.all([store.set(["n", 50], 1), store.delete(["n", 3])]);
      assert.ok(reads.length > 0);
      assert.equal(store.stats.unread, 0);
      assert.equal((await store.list({ prefix: ["n"] })).total, 20);
    });
  });

  await t.step("an overwriting workload stops guessing after one miss", async () => {
    await withCounted(async ([store]) => {
      await batch(store, 0);
      for (let round = 0; round < 5; round++) await batch(store, 0);
      assert.equal(store.stats.misses, 1);
      assert.equal((await store.list({ prefix: ["n"] })).total, 20);
    });
  });
});
