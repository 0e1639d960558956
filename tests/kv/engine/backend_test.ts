import assert from "node:assert/strict";
import { type Backend, listAll, LOCAL_LIMITS, readMany } from "../../../src/kv/engine/backend.ts";
import { countingReads } from "../_helpers.ts";

Deno.test("readMany - any number of keys, in input order, in reads of at most 10", async (t) => {
  await using kv = await Deno.openKv(":memory:");
  for (let i = 0; i < 25; i++) await kv.set(["k", i], i);
  const counted = countingReads(kv);
  const backend: Backend = { kv: counted.kv, limits: LOCAL_LIMITS };
  const cases: [string, number[], string[]][] = [
    ["one key", [3], ["get"]],
    ["ten keys", [...Array(10).keys()], ["getMany"]],
    ["25 keys, reversed, one missing", [99, ...[...Array(24).keys()].reverse()], [
      "getMany",
      "getMany",
      "getMany",
    ]],
  ];
  for (const [name, ids, reads] of cases) {
    await t.step(name, async () => {
      counted.reads.length = 0;
      const entries = await readMany(backend, ids.map((i) => ["k", i]));
      assert.deepEqual(entries.map((e) => e.value), ids.map((i) => i < 25 ? i : null));
      assert.deepEqual(counted.reads, reads);
    });
  }
});

Deno.test("listAll - lists a whole selector in batches", async (t) => {
  await using kv = await Deno.openKv(":memory:");
  for (let i = 0; i < 25; i++) await kv.set(["b", "blob", i], new Uint8Array([i]));
  await kv.set(["b", "other", 0], new Uint8Array([99]));
  const backend: Backend = { kv, limits: LOCAL_LIMITS };
  const cases: [string, Deno.KvListSelector, number, number[]][] = [
    ["a prefix in one batch", { prefix: ["b", "blob"] }, 26, [...Array(25).keys()]],
    ["a prefix in batches of 4", { prefix: ["b", "blob"] }, 4, [...Array(25).keys()]],
    ["a range", { start: ["b", "blob", 3], end: ["b", "blob", 9] }, 1000, [3, 4, 5, 6, 7, 8]],
    ["an empty prefix", { prefix: ["b", "none"] }, 10, []],
  ];
  for (const [name, selector, batchSize, expected] of cases) {
    await t.step(name, async () => {
      const entries = await listAll(backend, selector, { batchSize });
      assert.deepEqual(entries.map((e) => (e.value as Uint8Array)[0]), expected);
    });
  }
});
