import assert from "node:assert/strict";
import { openKv } from "../../../src/kv/engine/open.ts";
import type { KvStore } from "../../../src/kv/api/store.ts";
import { bigValue } from "../_big_values.ts";
import { FakeClock } from "../_helpers.ts";
import { rawProblems, readRaw, removeStoreFile, withFileStore } from "../_raw.ts";

const KB = 1024;

Deno.test("raw layout - overwrites and deletes leave no orphan chunks", async (t) => {
  const scenarios: [string, (store: KvStore) => Promise<void>, number][] = [
    ["large → large → small → large → delete", async (s) => {
      await s.set(["k"], bigValue(1, 700 * KB));
      await s.set(["k"], bigValue(2, 300 * KB));
      await s.set(["k"], "small");
      await s.set(["k"], bigValue(3, 1000 * KB));
      await s.delete(["k"]);
    }, 0],
    ["large → small, kept", async (s) => {
      await s.set(["k"], bigValue(1, 500 * KB));
      await s.set(["k"], { small: true });
    }, 0],
    ["small → large, kept", async (s) => {
      await s.set(["k"], 1);
      await s.set(["k"], bigValue(1, 200 * KB), { ttlInSeconds: 3600 });
    }, 4],
    ["concurrent overwrites of one key", async (s) => {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => s.set(["k"], bigValue(i, (100 + 50 * i) * KB))),
      );
      await Promise.all([
        s.set(["k"], bigValue(9, 80 * KB)),
        s.set(["k", 2], bigValue(9, 80 * KB)),
      ]);
    }, 4],
    ["transactions: committed, thrown, conflicting", async (s) => {
      await s.transaction(async (tx) => {
        await tx.set(["k"], bigValue(1, 400 * KB));
      });
      await s.transaction(async (tx) => {
        await tx.set(["k"], bigValue(2, 400 * KB));
        throw new Error("no");
      }).catch(() => {});
      let runs = 0;
      await s.transaction(async (tx) => {
        await tx.get(["k"]);
        if (runs++ === 0) await s.set(["k"], bigValue(3, 100 * KB));
        await tx.set(["k"], bigValue(4, 600 * KB));
      });
    }, 10],
  ];
  for (const [name, body, chunks] of scenarios) {
    await t.step(name, async () => {
      const path = await withFileStore(body);
      try {
        const raw = await readRaw(path);
        assert.deepEqual(rawProblems(raw), []);
        assert.equal(raw.counts.b ?? 0, chunks);
        assert.equal(raw.counts.p ?? 0, 0);
      } finally {
        await removeStoreFile(path);
      }
    });
  }
});

Deno.test("raw layout - counters equal the true counts after a mixed workload", async () => {
  const clock = new FakeClock();
  const path = await withFileStore(async (store) => {
    for (let round = 0; round < 3; round++) {
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 60; i++) {
        const key = ["m", i % 3, i % 7, i];
        if ((i + round) % 4 === 0) writes.push(store.delete(key));
        else writes.push(store.set(key, round, i % 5 === 0 ? { ttlInSeconds: 1 } : undefined));
      }
      writes.push(store.transaction(async (tx) => {
        await tx.set(["m", "tx", round], bigValue(round, 70 * KB));
        await tx.delete(["m", 0, 0, 0]);
      }));
      await Promise.all(writes);
      clock.advance(700);
      if (round === 1) await store.sweep();
    }
  }, { now: clock.now });
  try {
    assert.deepEqual(rawProblems(await readRaw(path)), []);
  } finally {
    await removeStoreFile(path);
  }
});

Deno.test("raw layout - data survives close and reopen", async () => {
  const value = bigValue(1, 300 * KB);
  const path = await withFileStore(async (store) => {
    await store.set(["p", 1], value);
    await store.set(["p", 2], "small", { ttlInSeconds: 3600 });
  });
  try {
    const store = await openKv(path, { sweepIntervalMs: 0 });
    try {
      assert.deepEqual(await store.getMany([["p", 1], ["p", 2]]), [
        { key: ["p", 1], value },
        { key: ["p", 2], value: "small" },
      ]);
      assert.equal((await store.list({ prefix: ["p"] })).total, 2);
    } finally {
      await store.close();
    }
  } finally {
    await removeStoreFile(path);
  }
});

Deno.test("raw layout - concurrent transactions and plain writes keep counters exact", async () => {
  const path = await withFileStore(async (store) => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(["acct", i], 100)));
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      const [from, to] = [["acct", i % 10], ["acct", (i * 3 + 1) % 10]];
      work.push(store.transaction(async (tx) => {
        const [a, b] = await tx.getMany<number>([from, to]);
        if (!a || !b || from[1] === to[1]) return;
        await tx.set(from, a.value! - 1);
        await tx.set(to, b.value! + 1);
        await tx.set(["log", i], { from: from[1], to: to[1] });
      }));
      if (i % 4 === 0) {
        work.push(store.delete(["log", i - 4]), store.set(["acct", "x", i], bigValue(i, 70 * KB)));
      }
      if (i % 6 === 0) work.push(store.delete(["acct", "x", i - 6]));
    }
    await Promise.all(work);
    const accounts = await store.getMany<number>(Array.from({ length: 10 }, (_, i) => ["acct", i]));
    assert.equal(accounts.reduce((sum, e) => sum + e!.value!, 0), 1000, "money is conserved");
  });
  try {
    assert.deepEqual(rawProblems(await readRaw(path)), []);
  } finally {
    await removeStoreFile(path);
  }
});

Deno.test("raw layout - a write costs the same counters at any key depth past 8 parts", async (t) => {
  const cases: [number, number][] = [[2, 2], [8, 8], [9, 9], [64, 9], [222, 9]];
  for (const [depth, prefixes] of cases) {
    await t.step(`a key of ${depth} parts: counters for ${prefixes} prefixes`, async () => {
      const key = Array.from({ length: depth }, (_, i) => `p${i}`);
      const path = await withFileStore(async (store) => {
        await store.set(key, "first");
        await store.set([...key.slice(0, -1), "ttl"], "second", { ttlInSeconds: 60 });
      });
      try {
        const raw = await readRaw(path);
        assert.deepEqual(rawProblems(raw), []);
        assert.equal(raw.counters.size, prefixes);
        assert.equal(raw.ttlCounters?.size ?? 0, prefixes);
        const path2 = await withFileStore(async (store) => {
          await store.set(key, "x");
          await store.delete(key);
        });
        try {
          const after = await readRaw(path2);
          assert.deepEqual(rawProblems(after), []);
          assert.ok([...after.counters.values()].every((n) => n === 0n));
        } finally {
          await removeStoreFile(path2);
        }
      } finally {
        await removeStoreFile(path);
      }
    });
  }
});
