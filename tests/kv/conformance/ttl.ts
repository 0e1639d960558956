/**
 * Conformance: `ttlInSeconds` validation, exact expiry (to the millisecond)
 * on every read path, TTL removal by a plain `set`, and `sweep()`.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvStore } from "../../../src/kv/api/store.ts";
import type { KvKey } from "../../../src/types.ts";
import { bigValue } from "../_big_values.ts";
import { FakeClock, withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

const BAD_TTLS: unknown[] = [0, -1, -0.5, NaN, Infinity, -Infinity, "5", null, true, {}];

/** What every read path says about `key` (`true` = visible). */
async function visibility(store: KvStore, key: KvKey): Promise<Record<string, unknown>> {
  const page = await store.list({ prefix: key.slice(0, 1) });
  const bounded = await store.list({ start: key.slice(0, 1), end: [...key, 0] });
  return {
    get: (await store.get(key)) !== null,
    getMany: (await store.getMany([key]))[0] !== null,
    listItem: page.items.some((e) => JSON.stringify(e.key) === JSON.stringify(key)),
    listTotal: page.total,
    boundedTotal: bounded.total,
    txGet: (await store.transaction((tx) => tx.get(key))) !== null,
  };
}

const VISIBLE = {
  get: true,
  getMany: true,
  listItem: true,
  listTotal: 1,
  boundedTotal: 1,
  txGet: true,
};
const GONE = {
  get: false,
  getMany: false,
  listItem: false,
  listTotal: 0,
  boundedTotal: 0,
  txGet: false,
};

/**
 * Cases for TTLs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ttlCases } from "./ttl.ts";
 *
 * assert.ok(ttlCases.length > 0);
 * ```
 */
export const ttlCases: ConformanceCase[] = [
  {
    name: "ttl - not a positive finite number: RangeError, nothing written",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        for (const ttl of BAD_TTLS) {
          await t.step(Deno.inspect(ttl), async () => {
            const options = { ttlInSeconds: ttl as number };
            await assert.rejects(store.set(["t"], 1, options), RangeError);
            await assert.rejects(store.transaction((tx) => tx.set(["t"], 1, options)), RangeError);
            assert.equal(await store.get(["t"]), null);
          });
        }
      }),
  },
  {
    name: "ttl - 1.5 s is visible at +1499 ms and gone at +1500 ms on every read path",
    run: async (factory, t) => {
      const values: [string, unknown][] = [["small", { n: 1 }], ["large", bigValue(1, 200_000)]];
      for (const [label, value] of values) {
        await t.step(label, async () => {
          const clock = new FakeClock();
          await withStore(factory, async (store) => {
            const key = ["ttl", label];
            await store.set(key, value, { ttlInSeconds: 1.5 });
            clock.advance(1499);
            assert.deepEqual(await visibility(store, key), VISIBLE);
            clock.advance(1);
            assert.deepEqual(await visibility(store, key), GONE);
            clock.advance(10_000);
            assert.deepEqual(await visibility(store, key), GONE);
          }, { now: clock.now });
        });
      }
    },
  },
  {
    name: "ttl - fractions keep millisecond precision",
    run: async (factory) => {
      const clock = new FakeClock();
      await withStore(factory, async (store) => {
        await store.set(["f", 1], 1, { ttlInSeconds: 0.001 });
        await store.set(["f", 2], 2, { ttlInSeconds: 0.25 });
        await store.set(["f", 3], 3, { ttlInSeconds: 2.007 });
        const alive = async () => (await store.list({ prefix: ["f"] })).items.map((e) => e.value);
        assert.deepEqual(await alive(), [1, 2, 3]);
        clock.advance(1);
        assert.deepEqual(await alive(), [2, 3]);
        clock.advance(248);
        assert.deepEqual(await alive(), [2, 3]);
        clock.advance(1);
        assert.deepEqual(await alive(), [3]);
        clock.advance(2006 - 250);
        assert.deepEqual(await alive(), [3]);
        clock.advance(1);
        assert.deepEqual(await alive(), []);
      }, { now: clock.now });
    },
  },
  {
    name: "ttl - a set without TTL removes an earlier TTL; a new TTL replaces the old",
    run: async (factory) => {
      const clock = new FakeClock();
      await withStore(factory, async (store) => {
        await store.set(["p"], "ttl", { ttlInSeconds: 1 });
        await store.set(["p"], "forever");
        await store.set(["q"], "short", { ttlInSeconds: 1 });
        await store.set(["q"], "long", { ttlInSeconds: 100 });
        await store.set(["r"], "long", { ttlInSeconds: 100 });
        await store.set(["r"], "short", { ttlInSeconds: 1 });
        clock.advance(5_000);
        assert.equal(await store.get(["p"]), "forever");
        assert.equal(await store.get(["q"]), "long");
        assert.equal(await store.get(["r"]), null);
        assert.equal((await store.list({ prefix: [] })).total, 2);
        await store.sweep();
        assert.equal(await store.get(["p"]), "forever");
        assert.equal(await store.get(["q"]), "long");
        clock.advance(100_000);
        assert.equal(await store.get(["p"]), "forever");
        assert.equal((await store.list({ prefix: [] })).total, 1);
      }, { now: clock.now });
    },
  },
  {
    name: "ttl - sweep() removes expired entries; reads and totals agree before and after",
    run: async (factory) => {
      const clock = new FakeClock();
      await withStore(factory, async (store) => {
        const writes: Promise<unknown>[] = [];
        for (let i = 0; i < 40; i++) {
          const options = i % 3 === 0 ? { ttlInSeconds: 1 + (i % 2) } : undefined;
          writes.push(store.set(["s", i % 4, i], i, options));
        }
        writes.push(store.set(["s", 9, "big"], bigValue(9, 150_000), { ttlInSeconds: 1 }));
        await Promise.all(writes);
        const live = (n: number) => n % 3 !== 0;
        assert.equal((await store.list({ prefix: ["s"] })).total, 41);
        clock.advance(1000);
        const afterOne = 40 -
          [...Array(40).keys()].filter((i) => i % 3 === 0 && i % 2 === 0).length;
        assert.equal((await store.list({ prefix: ["s"] })).total, afterOne);
        clock.advance(1000);
        const before = await store.list({ prefix: ["s"] }, { limit: 1000 });
        assert.equal(before.total, [...Array(40).keys()].filter(live).length);
        assert.deepEqual(
          before.items.map((e) => e.value).sort((a, b) => Number(a) - Number(b)),
          [
            ...Array(40).keys(),
          ].filter(live),
        );
        const swept = await store.sweep();
        assert.equal(swept.expired, 41 - before.total);
        const after = await store.list({ prefix: ["s"] }, { limit: 1000 });
        assert.deepEqual(after, before);
        assert.equal((await store.sweep()).expired, 0);
        await store.set(["s", 0, 0], "again");
        assert.equal(
          (await store.list({ prefix: ["s", 0] })).total,
          after.items.filter((e) => e.key[1] === 0).length + 1,
        );
      }, { now: clock.now });
    },
  },
  {
    name: "ttl - expired but unswept keys can be deleted and re-set",
    run: async (factory) => {
      const clock = new FakeClock();
      await withStore(factory, async (store) => {
        await store.set(["e", 1], 1, { ttlInSeconds: 1 });
        await store.set(["e", 2], 2, { ttlInSeconds: 1 });
        await store.set(["e", 3], 3, { ttlInSeconds: 1 });
        clock.advance(1000);
        await store.delete(["e", 1]);
        await store.set(["e", 2], "two");
        await store.transaction(async (tx) => {
          assert.equal(await tx.get(["e", 3]), null);
          await tx.set(["e", 3], "three", { ttlInSeconds: 5 });
        });
        const page = await store.list({ prefix: ["e"] });
        assert.deepEqual(page.items.map((e) => e.value), ["two", "three"]);
        assert.equal(page.total, 2);
        await store.sweep();
        assert.deepEqual(await store.list({ prefix: ["e"] }), page);
      }, { now: clock.now });
    },
  },
];
