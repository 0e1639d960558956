import assert from "node:assert/strict";
import { openKv } from "../../../src/kv/engine/open.ts";

Deno.test("KvStore.getEntries - values with their expiry, null for missing and expired", async () => {
  let now = 1_000_000;
  const kv = await openKv(":memory:", { now: () => now, sweepIntervalMs: 0 });
  await kv.set(["a"], { n: 1 });
  await kv.set(["b"], "soon", { ttlInSeconds: 2 });
  await kv.set(["c"], "x".repeat(200_000), { ttlInSeconds: 60 }); // a large value, in chunks
  assert.deepEqual(await kv.getEntries([["a"], ["b"], ["missing"]]), [
    { key: ["a"], value: { n: 1 } },
    { key: ["b"], value: "soon", expiresAt: 1_002_000 },
    null,
  ]);
  const [large] = await kv.getEntries([["c"]]);
  assert.equal((large?.value as string).length, 200_000);
  assert.equal(large?.expiresAt, 1_060_000);
  now += 2_000;
  assert.deepEqual(await kv.getEntries([["b"]]), [null]);
  await assert.rejects(kv.getEntries("a" as never), TypeError);
  await assert.rejects(kv.getEntries([[]]), TypeError);
  await kv.close();
});
