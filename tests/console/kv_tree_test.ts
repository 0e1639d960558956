import assert from "node:assert/strict";
import { listChildren, partAfter } from "../../src/console/kv_tree.ts";
import { openKv } from "../../src/kv/engine/open.ts";

Deno.test("partAfter - the next part sorts after the part and all keys under it", async (t) => {
  const kv = await openKv(":memory:", { sweepIntervalMs: 0 });
  const parts = ["", "a", "a\0", "b", -1.5, -Number.MIN_VALUE, 0, Number.MIN_VALUE, 7, false];
  for (const part of parts) {
    await t.step(`after ${JSON.stringify(part)}`, async () => {
      const next = partAfter(part)!;
      await kv.set([part, "deep", 1], 1);
      await kv.set([next], 2);
      // Listing from the next part finds the next part itself, never the part's own subtree.
      const page = await kv.list({ prefix: [], start: [next] }, { limit: 1 });
      assert.deepEqual(page.items[0]?.key, [next]);
      await kv.delete([part, "deep", 1]);
      await kv.delete([next]);
    });
  }
  assert.equal(partAfter(true), undefined);
  assert.equal(partAfter(Number.MAX_VALUE), false);
  await kv.close();
});

Deno.test("listChildren - the distinct next parts with totals, in pages", async () => {
  const kv = await openKv(":memory:", { sweepIntervalMs: 0 });
  await kv.set(["notes", "a"], 1);
  await kv.set(["notes", "b", "c"], 1);
  await kv.set(["notes"], "itself");
  await kv.set(["users", 1], 1);
  await kv.set([5], 1);
  await kv.set([true, "x"], 1);
  assert.deepEqual(await listChildren(kv, []), {
    children: [
      { part: "notes", total: 3, entry: true },
      { part: "users", total: 1, entry: false },
      { part: 5, total: 1, entry: true },
      { part: true, total: 1, entry: false },
    ],
    next: null,
  });
  const first = await listChildren(kv, [], { limit: 2 });
  assert.deepEqual(first.children.map((c) => c.part), ["notes", "users"]);
  assert.equal(first.next, "users");
  const rest = await listChildren(kv, [], { after: first.next!, limit: 2 });
  assert.deepEqual(rest.children.map((c) => c.part), [5, true]);
  assert.deepEqual((await listChildren(kv, ["notes"])).children, [
    { part: "a", total: 1, entry: true },
    { part: "b", total: 1, entry: false },
  ]);
  await kv.close();
});
