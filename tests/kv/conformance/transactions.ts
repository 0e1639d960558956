/**
 * Conformance: transactions (results, own writes visible, rollback on throw,
 * re-run on conflict, the per-commit key budget).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvKey, KvTransaction } from "../../../src/types.ts";
import { numberedKeys, withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

/**
 * Cases for transactions.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { transactionCases } from "./transactions.ts";
 *
 * assert.ok(transactionCases.length > 0);
 * ```
 */
export const transactionCases: ConformanceCase[] = [
  {
    name: "transaction - resolves with the callback's result; tx.set needs no options",
    run: (factory) =>
      withStore(factory, async (store) => {
        const result = await store.transaction(async (tx) => {
          const entry = await tx.set(["t", 1], { at: new Date(0) });
          assert.deepEqual(entry, { key: ["t", 1], value: { at: "1970-01-01T00:00:00.000Z" } });
          return { ok: true };
        });
        assert.deepEqual(result, { ok: true });
        assert.deepEqual(await store.get(["t", 1]), { at: "1970-01-01T00:00:00.000Z" });
        assert.equal(await store.transaction(() => Promise.resolve(7)), 7);
      }),
  },
  {
    name: "transaction - reads see the transaction's own writes",
    run: (factory) =>
      withStore(factory, async (store) => {
        await store.set(["r", "kept"], "old");
        await store.set(["r", "gone"], "old");
        await store.transaction(async (tx) => {
          assert.equal(await tx.get(["r", "kept"]), "old");
          await tx.set(["r", "kept"], "new");
          await tx.set(["r", "added"], "added");
          await tx.delete(["r", "gone"]);
          assert.equal(await tx.get(["r", "kept"]), "new");
          assert.equal(await tx.get(["r", "gone"]), null);
          assert.deepEqual(
            await tx.getMany([["r", "added"], ["r", "gone"], ["r", "kept"], ["r", "x"]]),
            [
              { key: ["r", "added"], value: "added" },
              null,
              { key: ["r", "kept"], value: "new" },
              null,
            ],
          );
          await tx.delete(["r", "added"]);
          await tx.set(["r", "gone"], "back");
          assert.equal(await tx.get(["r", "added"]), null);
          assert.equal(await tx.get(["r", "gone"]), "back");
          // Outside the transaction nothing has changed yet.
          assert.equal(await store.get(["r", "kept"]), "old");
        });
        const page = await store.list({ prefix: ["r"] });
        assert.deepEqual(page.items, [
          { key: ["r", "gone"], value: "back" },
          { key: ["r", "kept"], value: "new" },
        ]);
        assert.equal(page.total, 2);
      }),
  },
  {
    name: "transaction - a throw writes nothing and the same error reaches the caller",
    run: (factory) =>
      withStore(factory, async (store) => {
        await store.set(["a"], 100);
        await store.set(["b"], 0);
        const error = new RangeError("insufficient funds");
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.set(["a"], 0);
            await tx.set(["b"], 100);
            await tx.set(["c"], "new");
            await tx.delete(["a"]);
            throw error;
          }),
          (e) => e === error,
        );
        assert.deepEqual(await store.getMany([["a"], ["b"], ["c"]]), [
          { key: ["a"], value: 100 },
          { key: ["b"], value: 0 },
          null,
        ]);
        assert.equal((await store.list({ prefix: [] })).total, 2);
      }),
  },
  {
    name: "transaction - a conflicting write makes the callback run again",
    run: (factory) =>
      withStore(factory, async (store) => {
        await store.set(["n"], 1);
        let runs = 0;
        const result = await store.transaction(async (tx) => {
          runs++;
          const n = (await tx.get<number>(["n"]))!;
          if (runs === 1) await store.set(["n"], 10); // a writer outside the transaction
          await tx.set(["n"], n + 1);
          return n + 1;
        });
        assert.equal(runs, 2);
        assert.equal(result, 11);
        assert.equal(await store.get(["n"]), 11);
        assert.ok(store.stats.transactionRetries >= 1);
      }),
  },
  {
    name: "transaction - concurrent increments are serializable",
    run: (factory) =>
      withStore(factory, async (store) => {
        const increments = Array.from({ length: 40 }, (_, i) =>
          store.transaction(async (tx) => {
            const [views, log] = await tx.getMany<number>([["views", "p"], ["views", "log"]]);
            await tx.set(["views", "p"], (views?.value ?? 0) + 1);
            await tx.set(["views", "log"], (log?.value ?? 0) + i);
            await tx.set(["views", "by", i], true);
            return (views?.value ?? 0) + 1;
          }));
        const results = await Promise.all(increments);
        assert.deepEqual(
          [...results].sort((a, b) => a - b),
          Array.from({ length: 40 }, (_, i) => i + 1),
        );
        assert.equal(await store.get(["views", "p"]), 40);
        assert.equal(await store.get(["views", "log"]), (39 * 40) / 2);
        assert.equal((await store.list({ prefix: ["views"] })).total, 42);
      }),
  },
  {
    name: "transaction - more keys than maxChecks fails saying so and writes nothing",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        await store.set(["m", "seed"], "seed");
        const keys = numberedKeys(["m"], 11) as KvKey[];
        const attempts: [string, (tx: KvTransaction) => Promise<unknown>][] = [
          ["11 reads", (tx) => tx.getMany(keys)],
          ["11 writes", async (tx) => {
            for (const key of keys) await tx.set(key, 1);
          }],
          ["6 reads + 5 writes", async (tx) => {
            await tx.getMany(keys.slice(0, 6));
            for (const key of keys.slice(7)) await tx.delete(key);
            await tx.set(["m", "seed"], "changed");
          }],
        ];
        for (const [label, body] of attempts) {
          await t.step(label, async () => {
            await assert.rejects(store.transaction(body), (e: Error) => {
              assert.match(e.message, /\b10\b/);
              assert.match(e.message, /keys|checks/);
              return true;
            });
            const page = await store.list({ prefix: ["m"] });
            assert.deepEqual(page.items, [{ key: ["m", "seed"], value: "seed" }]);
          });
        }
        await t.step("10 keys fit", async () => {
          await store.transaction(async (tx) => {
            await tx.getMany(keys.slice(0, 5));
            for (const key of keys.slice(5, 10)) await tx.set(key, "ok");
          });
          assert.equal((await store.list({ prefix: ["m"] })).total, 6);
        });
      }, { maxChecks: 10 }),
  },
];
