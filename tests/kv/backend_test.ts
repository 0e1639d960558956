import assert from "node:assert/strict";
import { type Backend, listAll, LOCAL_LIMITS } from "../../src/kv/backend.ts";
import { countingReads, withDirectReader } from "./_helpers.ts";

Deno.test("listAll - lists a selector directly, as Deno KV would", async (t) => {
  await withDirectReader(async (kv, reader) => {
    for (let i = 0; i < 25; i++) await kv.set(["b", "blob", i], new Uint8Array([i]));
    await kv.set(["b", "other", 0], new Uint8Array([99]));
    const counted = countingReads(kv);
    const direct: Backend = { kv: counted.kv, limits: LOCAL_LIMITS, reader };
    const viaKv: Backend = { kv, limits: LOCAL_LIMITS };
    const cases: [string, Deno.KvListSelector, number][] = [
      ["a prefix in one batch", { prefix: ["b", "blob"] }, 26],
      ["a prefix in batches of 4", { prefix: ["b", "blob"] }, 4],
      ["a range", { start: ["b", "blob", 3], end: ["b", "blob", 9] }, 1000],
      ["an empty prefix", { prefix: ["b", "none"] }, 10],
    ];
    for (const [name, selector, batchSize] of cases) {
      await t.step(name, async () => {
        counted.reads.length = 0;
        const entries = await listAll(direct, selector, { batchSize });
        assert.deepEqual(entries, await listAll(viaKv, selector, { batchSize }));
        assert.deepEqual(counted.reads, []);
      });
    }
  });
});

Deno.test("listAll - a row the direct read cannot decide is listed through Deno KV", async () => {
  await withDirectReader(async (kv, reader) => {
    await kv.set(["b", "blob", 0], new Uint8Array([1]));
    await kv.set(["b", "blob", 1], new Uint8Array([2]), { expireIn: 60_000 }); // Deno KV's own TTL
    const counted = countingReads(kv);
    const entries = await listAll({ kv: counted.kv, limits: LOCAL_LIMITS, reader }, {
      prefix: ["b", "blob"],
    }, { batchSize: 10 });
    assert.deepEqual(entries.map((entry) => entry.value), [
      new Uint8Array([1]),
      new Uint8Array([2]),
    ]);
    assert.deepEqual(counted.reads, ["list"]);
  });
});
