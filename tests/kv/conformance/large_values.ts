/**
 * Conformance: values up to 1 MB (far past Deno KV's 64 KiB), overwrites
 * between sizes, and readers that never see a torn or mixed value.
 *
 * @module
 */
import assert from "node:assert/strict";
import { bigValue, isWhole } from "../_big_values.ts";
import { withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

const KB = 1024;

/** Sizes in UTF-16 units and alphabets: `[label, chars, alphabet?]`. */
const SIZES: [string, number, string?][] = [
  ["100 KB", 100 * KB],
  ["500 KB", 500 * KB],
  ["just under 1 MB", 1024 * KB - 64],
  ["multi-byte UTF-8 (é€😀), ~900 KB of bytes", 250 * KB, "é€😀x"],
  ["just under the 60 KiB inline edge", 60 * KB - 40],
  ["just over the 60 KiB inline edge", 60 * KB - 20],
];

/**
 * Cases for large values.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { largeValueCases } from "./large_values.ts";
 *
 * assert.ok(largeValueCases.length > 0);
 * ```
 */
export const largeValueCases: ConformanceCase[] = [
  {
    name: "large values - round trip through get, getMany, list and transactions",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        for (const [i, [label, chars, alphabet]] of SIZES.entries()) {
          await t.step(label, async () => {
            const value = bigValue(i, chars, { alphabet });
            const key = ["big", i];
            assert.deepEqual((await store.set(key, value))?.value, value);
            assert.deepEqual(await store.get(key), value);
            assert.deepEqual(await store.getMany([key, ["missing"], key]), [
              { key, value },
              null,
              { key, value },
            ]);
            const page = await store.list({ prefix: ["big"], start: key }, { limit: 1 });
            assert.deepEqual(page.items, [{ key, value }]);
            const inTx = await store.transaction((tx) => tx.get(key));
            assert.deepEqual(inTx, value);
          });
        }
        assert.equal((await store.list({ prefix: ["big"] })).total, SIZES.length);
      }),
  },
  {
    name: "large values - overwrite large/small in every direction, then delete",
    run: (factory) =>
      withStore(factory, async (store) => {
        const key = ["ow"];
        const steps = [
          bigValue(1, 700 * KB),
          bigValue(2, 400 * KB),
          { small: 1 },
          bigValue(3, 900 * KB),
          bigValue(4, 80 * KB),
          "tiny",
        ];
        for (const value of steps) {
          await store.set(key, value);
          assert.deepEqual(await store.get(key), value);
          assert.equal((await store.list({ prefix: [] })).total, 1);
        }
        await store.set(key, bigValue(5, 300 * KB));
        await store.delete(key);
        assert.equal(await store.get(key), null);
        assert.equal((await store.list({ prefix: [] })).total, 0);
      }),
  },
  {
    name: "large values - in a transaction, committed and rolled back",
    run: (factory) =>
      withStore(factory, async (store) => {
        const a = bigValue(1, 500 * KB);
        const b = bigValue(2, 200 * KB);
        await store.transaction(async (tx) => {
          await tx.set(["tx", "a"], a);
          await tx.set(["tx", "b"], b);
          assert.deepEqual(await tx.get(["tx", "a"]), a);
        });
        assert.deepEqual(await store.getMany([["tx", "a"], ["tx", "b"]]), [
          { key: ["tx", "a"], value: a },
          { key: ["tx", "b"], value: b },
        ]);
        const boom = new Error("boom");
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.set(["tx", "a"], bigValue(3, 600 * KB));
            await tx.delete(["tx", "b"]);
            throw boom;
          }),
          (e) => e === boom,
        );
        assert.deepEqual(await store.get(["tx", "a"]), a);
        assert.deepEqual(await store.get(["tx", "b"]), b);
      }),
  },
  {
    name: "large values - concurrent readers see exactly A or B, never torn or mixed",
    run: (factory) =>
      withStore(factory, async (store) => {
        const key = ["torn"];
        const a = bigValue(1, 600 * KB, { alphabet: "ab" });
        const b = bigValue(2, 450 * KB, { alphabet: "xyz" });
        await store.set(key, a);
        let writing = true;
        const writer = (async () => {
          try {
            for (let i = 0; i < 24; i++) await store.set(key, i % 2 ? a : b);
          } finally {
            writing = false;
          }
        })();
        const seen = { a: 0, b: 0 };
        const reader = async () => {
          while (writing) {
            const [got, page] = await Promise.all([
              store.get(key),
              store.list({ prefix: [] }, { limit: 1 }),
            ]);
            for (const value of [got, page.items[0]?.value]) {
              assert.ok(isWhole(value), "a read returned a torn value");
              assert.ok(value.id === 1 || value.id === 2);
              assert.deepEqual(value, value.id === 1 ? a : b);
              seen[value.id === 1 ? "a" : "b"]++;
            }
          }
        };
        await Promise.all([writer, reader(), reader(), reader(), reader()]);
        assert.ok(seen.a + seen.b > 0);
        assert.equal((await store.list({ prefix: [] })).total, 1);
      }),
  },
];
