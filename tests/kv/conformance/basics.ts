/**
 * Conformance: `get`, `getMany`, `set`, `delete`, promise behaviour, `close`.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvKey } from "../../../src/types.ts";
import { withStore } from "../_helpers.ts";
import { type ConformanceCase, promiseOf } from "./_case.ts";

/**
 * Cases for the single-key and many-key basics.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { basicCases } from "./basics.ts";
 *
 * assert.ok(basicCases.length > 0);
 * ```
 */
export const basicCases: ConformanceCase[] = [
  {
    name: "get - returns null for a missing key",
    run: (factory) =>
      withStore(factory, async (store) => {
        assert.equal(await store.get(["nothing", "here"]), null);
      }),
  },
  {
    name: "set - returns the entry as stored; get returns the value",
    run: (factory) =>
      withStore(factory, async (store) => {
        const entry = await store.set(["notes", "a@b.c", 1], { text: "hi", at: new Date(0) });
        assert.deepEqual(entry, {
          key: ["notes", "a@b.c", 1],
          value: { text: "hi", at: "1970-01-01T00:00:00.000Z" },
        });
        assert.deepEqual(await store.get(["notes", "a@b.c", 1]), entry!.value);
      }),
  },
  {
    name: "set - overwrites the previous value",
    run: (factory) =>
      withStore(factory, async (store) => {
        await store.set(["k"], { v: 1 });
        await store.set(["k"], [2]);
        assert.deepEqual(await store.get(["k"]), [2]);
        assert.equal((await store.list({ prefix: [] })).total, 1);
      }),
  },
  {
    name: "delete - resolves whether or not the key existed",
    run: (factory) =>
      withStore(factory, async (store) => {
        await store.set(["k", 1], "v");
        assert.equal(await store.delete(["k", 1]), undefined);
        assert.equal(await store.get(["k", 1]), null);
        assert.equal(await store.delete(["k", 1]), undefined);
        assert.equal(await store.delete(["never", "there"]), undefined);
        assert.equal((await store.list({ prefix: ["k"] })).total, 0);
      }),
  },
  {
    name: "getMany - 25 keys with duplicates and misses, in input order",
    run: (factory) =>
      withStore(factory, async (store) => {
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(["m", i], { i })));
        const keys: KvKey[] = [];
        for (let i = 0; i < 25; i++) keys.push(["m", (i * 7) % 23]); // 20, 21, 22 are missing
        keys.push(["m", 3], ["m", 3], ["other"]);
        const got = await store.getMany(keys);
        assert.equal(got.length, keys.length);
        got.forEach((entry, i) => {
          const n = keys[i]![1] as number;
          if (keys[i]![0] !== "m" || n >= 20) assert.equal(entry, null, `index ${i}`);
          else assert.deepEqual(entry, { key: keys[i], value: { i: n } }, `index ${i}`);
        });
      }),
  },
  {
    name: "getMany - an empty list gives an empty list",
    run: (factory) =>
      withStore(factory, async (store) => {
        assert.deepEqual(await store.getMany([]), []);
      }),
  },
  {
    name: "store methods - a bad call rejects (never throws synchronously)",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        const bad = [{}] as unknown as KvKey;
        const calls: [string, () => Promise<unknown>][] = [
          ["get", () => store.get(bad)],
          ["getMany", () => store.getMany([bad])],
          ["set key", () => store.set(bad, 1)],
          ["set value", () => store.set(["k"], 1n as unknown as number)],
          ["set ttl", () => store.set(["k"], 1, { ttlInSeconds: 0 })],
          ["delete", () => store.delete(bad)],
          ["list selector", () => store.list({ prefix: bad })],
          ["list limit", () => store.list({ prefix: ["k"] }, { limit: 0 })],
          ["list cursor", () => store.list({ prefix: ["k"] }, { cursor: "!" })],
          ["tx.get", () => store.transaction((tx) => tx.get(bad))],
          ["tx.getMany", () => store.transaction((tx) => tx.getMany([bad]))],
          ["tx.set key", () => store.transaction((tx) => tx.set(bad, 1))],
          ["tx.set value", () => store.transaction((tx) => tx.set(["k"], 1n as unknown as number))],
          ["tx.delete", () => store.transaction((tx) => tx.delete(bad))],
        ];
        for (const [label, call] of calls) {
          await t.step(label, async () => {
            await assert.rejects(promiseOf(label, call));
          });
        }
        await t.step("tx methods reject inside the callback", async () => {
          const outcomes = await store.transaction(async (tx) => {
            const inner: [string, () => Promise<unknown>][] = [
              ["tx.get", () => tx.get(bad)],
              ["tx.getMany", () => tx.getMany([bad])],
              ["tx.set key", () => tx.set(bad, 1)],
              ["tx.set value", () => tx.set(["k"], 1n as unknown as number)],
              ["tx.set ttl", () => tx.set(["k"], 1, { ttlInSeconds: -1 })],
              ["tx.delete", () => tx.delete(bad)],
            ];
            const seen: string[] = [];
            for (const [label, call] of inner) {
              try {
                await call().then(() => seen.push(`${label} resolved`), () => {});
              } catch {
                seen.push(`${label} threw synchronously`);
              }
            }
            return seen;
          });
          assert.deepEqual(outcomes, []);
          assert.equal(await store.get(["k"]), null);
        });
      }),
  },
  {
    name: "concurrent writes - an invalid operation fails alone",
    run: (factory) =>
      withStore(factory, async (store) => {
        await store.set(["c", "gone"], 1);
        const ops: Promise<unknown>[] = [];
        for (let i = 0; i < 30; i++) ops.push(store.set(["c", i], i));
        ops.push(store.set([null] as unknown as KvKey, 1));
        ops.push(store.set(["c", "bad value"], { n: 1n } as unknown as number));
        ops.push(store.set(["c", "bad ttl"], 1, { ttlInSeconds: -1 }));
        ops.push(store.delete(["c", "gone"]));
        const results = await Promise.allSettled(ops);
        const rejected = results.flatMap((r, i) => (r.status === "rejected" ? [i] : []));
        assert.deepEqual(rejected, [30, 31, 32]);
        const page = await store.list({ prefix: ["c"] });
        assert.equal(page.total, 30);
        assert.deepEqual(page.items.map((e) => e.value), Array.from({ length: 30 }, (_, i) => i));
      }),
  },
  {
    name: "close - waits for writes in flight",
    run: async (factory) => {
      const store = await factory.open();
      const small = store.set(["w", 1], "small");
      const large = store.set(["w", 2], "L".repeat(300_000));
      const gone = store.delete(["w", 0]);
      await store.close();
      assert.deepEqual((await small)?.value, "small");
      assert.equal(((await large)?.value as string).length, 300_000);
      assert.equal(await gone, undefined);
      await store.close(); // idempotent
    },
  },
  {
    name: "close - later calls reject",
    run: async (factory) => {
      const store = await factory.open();
      await store.close();
      const calls: [string, () => Promise<unknown>][] = [
        ["get", () => store.get(["w", 1])],
        ["getMany", () => store.getMany([["w", 1]])],
        ["set", () => store.set(["w", 3], 1)],
        ["delete", () => store.delete(["w", 3])],
        ["list", () => store.list({ prefix: ["w"] })],
        ["transaction", () => store.transaction(() => Promise.resolve(1))],
      ];
      for (const [label, call] of calls) {
        await assert.rejects(promiseOf(label, call), /closed/, label);
      }
    },
  },
  {
    name: "reads - a loop polling a key lets other tasks run: a concurrent write lands",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        const reads: [string, (key: KvKey) => Promise<unknown>][] = [
          ["get", (key) => store.get(key)],
          ["getMany", async (key) => (await store.getMany([key, ["other"]]))[0]],
          ["list", async (key) => (await store.list({ prefix: key }, { limit: 1 })).items[0]],
          ["a large value", (key) => store.get(key)],
        ];
        for (const [name, read] of reads) {
          await t.step(name, async () => {
            const key = ["poll", name];
            const value = name === "a large value" ? "x".repeat(200_000) : 1;
            const write = store.set(name === "list" ? [...key, 0] : key, value);
            // Bounded, so a read that never yields fails here instead of hanging the suite.
            let polls = 0;
            while ((await read(key)) == null && polls < 200_000) polls++;
            assert.ok(polls < 200_000, `the write never landed after ${polls} polls`);
            await write;
          });
        }
      }),
  },
];
