import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import {
  COUNT_MARK,
  counterKey,
  counterValue,
  isCounterKey,
  readCounters,
  TTL_MARK,
  ttlCounterKey,
} from "../../../src/kv/layout/counters.ts";
import { dataKey } from "../../../src/kv/layout/records.ts";

Deno.test("counterKey - a prefix's counters sort before every key under it", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const keys: Deno.KvKey[] = [
      dataKey(["n", ""]),
      dataKey(["n", -1e300]),
      dataKey(["n", false]),
      dataKey(["n", "a", "b"]),
      counterKey(["n", "a"]),
      ttlCounterKey(["n"]),
      counterKey(["n"]),
    ];
    for (const key of keys) await kv.set(key, 1);
    const order = (await Array.fromAsync(kv.list({ prefix: dataKey(["n"]) }))).map((e) => e.key);
    assert.deepEqual(order.slice(0, 2), [counterKey(["n"]), ttlCounterKey(["n"])]);
    assert.deepEqual(order.filter(isCounterKey), [
      counterKey(["n"]),
      ttlCounterKey(["n"]),
      counterKey(["n", "a"]),
    ]);
  } finally {
    kv.close();
  }
});

Deno.test("isCounterKey - tells counters from records", async (t) => {
  const cases: [string, Deno.KvKey, boolean][] = [
    ["entry counter", counterKey(["a", 1]), true],
    ["TTL counter", ttlCounterKey([]), true],
    ["record", dataKey(["a", 1]), false],
    ["record with a boolean part", dataKey([true]), false],
  ];
  for (const [name, key, expected] of cases) {
    await t.step(name, () => assert.equal(isCounterKey(key), expected));
  }
  assert.notDeepEqual(COUNT_MARK, TTL_MARK);
});

Deno.test("counterValue - reads a count, 0 for anything else", async (t) => {
  const cases: [string, unknown, number][] = [
    ["a count", new Deno.KvU64(42n), 42],
    ["missing", null, 0],
    ["not a counter", "42", 0],
    ["negative (wrapped around)", new Deno.KvU64((1n << 64n) - 1n), 0],
  ];
  for (const [name, value, expected] of cases) {
    await t.step(name, () => assert.equal(counterValue(value), expected));
  }
});

Deno.test("readCounters - reads both counters of a prefix", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await kv.set(counterKey(["p"]), new Deno.KvU64(5n));
    await kv.set(ttlCounterKey(["p"]), new Deno.KvU64(2n));
    const backend = { kv, limits: LOCAL_LIMITS };
    assert.deepEqual(await readCounters(backend, ["p"]), { entries: 5, withTtl: 2 });
    assert.deepEqual(await readCounters(backend, ["q"]), { entries: 0, withTtl: 0 });
  } finally {
    kv.close();
  }
});
