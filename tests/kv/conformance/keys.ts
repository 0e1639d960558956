/**
 * Conformance: key validation (every method) and key order.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvKey } from "../../../src/types.ts";
import { withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

/** Bad keys: `[label, key, what the message must name]`. */
const BAD_KEYS: [string, unknown, RegExp][] = [
  ["empty array", [], /\[\]|at least one part|empty/i],
  ["object", { a: 1 }, /array/i],
  ["null", null, /null/],
  ["undefined", undefined, /undefined/],
  ["string", "notes", /array/i],
  ["null part", ["a", null], /part 1\b.*null|null.*part 1\b/],
  ["undefined part", ["a", "b", undefined], /part 2\b.*undefined|undefined.*part 2\b/],
  ["NaN part", [NaN], /part 0\b.*NaN|NaN.*part 0\b/],
  ["Infinity part", ["a", Infinity], /part 1\b.*Infinity|Infinity.*part 1\b/],
  ["-Infinity part", ["a", -Infinity], /part 1\b.*-Infinity/],
  ["bigint part", ["a", 1n], /part 1\b.*bigint|bigint.*part 1\b/],
  ["nested array part", ["a", ["b"]], /part 1\b.*array|array.*part 1\b/],
  ["object part", [{}, "a"], /part 0\b.*object|object.*part 0\b/],
];

/**
 * Cases for keys.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { keyCases } from "./keys.ts";
 *
 * assert.ok(keyCases.length > 0);
 * ```
 */
export const keyCases: ConformanceCase[] = [
  {
    name: "keys - a bad key is a TypeError naming the bad part and its index",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        for (const [label, key, message] of BAD_KEYS) {
          await t.step(label, async () => {
            const k = key as KvKey;
            const calls: [string, () => Promise<unknown>][] = [
              ["get", () => store.get(k)],
              ["set", () => store.set(k, 1)],
              ["delete", () => store.delete(k)],
              ["getMany", () => store.getMany([["ok"], k])],
              ["tx.set", () => store.transaction((tx) => tx.set(k, 1))],
              ["tx.get", () => store.transaction((tx) => tx.get(k))],
            ];
            for (const [name, call] of calls) {
              await assert.rejects(async () => await call(), (e: Error) => {
                assert.ok(e instanceof TypeError, `${name}: ${e}`);
                assert.match(e.message, message, `${name}: ${e.message}`);
                return true;
              });
            }
            assert.equal((await store.list({ prefix: [] })).total, 0);
          });
        }
      }),
  },
  {
    name: "keys - getMany names the index of the bad key",
    run: (factory) =>
      withStore(factory, async (store) => {
        await assert.rejects(
          store.getMany([["a"], ["b"], ["c", null as unknown as string]]),
          (e: Error) => e instanceof TypeError && /\b2\b/.test(e.message),
        );
      }),
  },
  {
    name: "keys - a key over 2000 encoded bytes is a RangeError with the limit",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        const long: KvKey = ["a".repeat(3000)];
        const calls: [string, () => Promise<unknown>][] = [
          ["get", () => store.get(long)],
          ["set", () => store.set(long, 1)],
          ["delete", () => store.delete(long)],
          ["getMany", () => store.getMany([long])],
          ["list", () => store.list({ prefix: long })],
          ["tx.set", () => store.transaction((tx) => tx.set(long, 1))],
        ];
        for (const [name, call] of calls) {
          await t.step(name, async () => {
            await assert.rejects(async () => await call(), (e: Error) => {
              assert.ok(e instanceof RangeError, `${e}`);
              assert.match(e.message, /2000/);
              return true;
            });
          });
        }
      }),
  },
  {
    name: "keys - a key of exactly 2000 encoded bytes works everywhere",
    run: (factory) =>
      withStore(factory, async (store) => {
        // "k" = 3 bytes, 1 = 9, true = 1, and "é" × 992 + "a" = 2 + 1984 + 1: 2000 in all.
        const key: KvKey = ["k", 1, true, "é".repeat(992) + "a"];
        await store.set(key, "v", { ttlInSeconds: 60 });
        assert.equal(await store.get(key), "v");
        const page = await store.list({ prefix: key.slice(0, 3) }, { limit: 1 });
        assert.deepEqual(page.items, [{ key, value: "v" }]);
        await store.transaction(async (tx) => {
          await tx.set(key, "w");
        });
        assert.deepEqual(await store.getMany([key]), [{ key, value: "w" }]);
        await assert.rejects(store.set([...key.slice(0, 3), key[3] + "b"], 1), RangeError);
        await store.delete(key);
        assert.equal(await store.get(key), null);
      }),
  },
  {
    name: "keys - order is string < number < false < true, numbers numeric, strings by UTF-8",
    run: (factory) =>
      withStore(factory, async (store) => {
        const ordered: KvKey[] = [
          ["o", ""],
          ["o", "10"],
          ["o", "2"],
          ["o", "a"],
          ["o", "a", 1],
          ["o", "a\u0000"],
          ["o", "b"],
          ["o", "\u00e9"],
          ["o", "\uFFFF"],
          ["o", "\u{1F600}"],
          ["o", -1e9],
          ["o", -1.5],
          ["o", 0],
          ["o", 1],
          ["o", 1.5],
          ["o", 2],
          ["o", 10],
          ["o", 1e300],
          ["o", false],
          ["o", true],
          ["o", true, "x"],
        ];
        const shuffled = [...ordered].sort(() => Math.random() - 0.5);
        for (const key of shuffled) await store.set(key, JSON.stringify(key));
        const page = await store.list({ prefix: ["o"] });
        assert.deepEqual(page.items.map((e) => e.key), ordered);
        const back = await store.list({ prefix: ["o"] }, { reverse: true });
        assert.deepEqual(back.items.map((e) => e.key), [...ordered].reverse());
      }),
  },
];
