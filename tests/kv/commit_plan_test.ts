import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../src/kv/backend.ts";
import { BYTES } from "../../src/kv/direct_commit.ts";
import { commitPlan, directBatch } from "../../src/kv/commit_plan.ts";
import { DirectWriter } from "../../src/kv/direct_write.ts";
import { encodeKvKey } from "../../src/kv/key_bytes.ts";
import { CommitPlan, type PhysicalState, type WriteOp } from "../../src/kv/plan.ts";
import type { KvKey } from "../../src/types.ts";
import { ABSENT, setPlan, withKvFile } from "./_plans.ts";

function planOf(key: KvKey, state: PhysicalState, op: WriteOp): CommitPlan {
  const plan = new CommitPlan(LOCAL_LIMITS);
  plan.add(key, state, [op], { now: 0 });
  return plan;
}

const STORED = { versionstamp: "000000000000002a0000", record: { v: new Uint8Array(1) } };
const dk = (key: KvKey) => encodeKvKey(["d", ...key]);

Deno.test("directBatch - raw bytes go direct, values Deno KV encodes do not", async (t) => {
  const value = new Uint8Array([1]);
  // [name, plan, expected checks ([key, version]), expected sets ([key, ifAbsent])] or undefined.
  const cases: [string, CommitPlan, [Uint8Array, number | null][], [Uint8Array, boolean][]][] = [
    ["a new key: its check folds into an insert", setPlan(["a"], value), [], [[dk(["a"]), true]]],
    [
      "an existing key: checked at its version",
      planOf(["a"], STORED, { type: "set", key: ["a"], record: { v: value } }),
      [[dk(["a"]), 42]],
      [[dk(["a"]), false]],
    ],
    [
      "a delete: checked at its version",
      planOf(["a"], STORED, { type: "delete", key: ["a"] }),
      [[dk(["a"]), 42]],
      [],
    ],
  ];
  for (const [name, plan, checks, sets] of cases) {
    await t.step(name, () => {
      const batch = directBatch(plan)!;
      const parts = plan.parts();
      assert.deepEqual(batch.checks, checks);
      assert.deepEqual(batch.sets.map(([key, , , ifAbsent]) => [key, ifAbsent]), sets);
      assert.deepEqual(
        batch.sets.map(([, v, encoding]) => [v, encoding]),
        sets.map(() => [value, BYTES]),
      );
      assert.deepEqual(batch.deletes, parts.deletes.map((key) => encodeKvKey(key)));
      assert.deepEqual(
        batch.sums.map(([key, addend]) => [key, addend]),
        parts.sums.map(([k, a]) => [encodeKvKey(k), a]),
      );
    });
  }
  await t.step("a value with a TTL (a record object) goes through Deno KV", () => {
    const op: WriteOp = { type: "set", key: ["a"], record: { v: value, e: 5 } };
    assert.equal(directBatch(planOf(["a"], ABSENT, op)), undefined);
  });
});

Deno.test("commitPlan - through the writer when it runs, Deno KV otherwise", async () => {
  await withKvFile(async (kv, path) => {
    const writer = new DirectWriter(path);
    const backend = { kv, limits: LOCAL_LIMITS, writer };
    try {
      assert.ok((await commitPlan(backend, setPlan(["a"], new Uint8Array([1])))).ok);
      assert.equal(writer.committed, 0, "the worker was not started: Deno KV committed");
      assert.ok(await writer.start());
      assert.ok((await commitPlan(backend, setPlan(["b"], new Uint8Array([2])))).ok);
      assert.equal(writer.committed, 1);
      const ttl = new CommitPlan(LOCAL_LIMITS);
      ttl.add(
        ["c"],
        ABSENT,
        [{ type: "set", key: ["c"], record: { v: new Uint8Array(1), e: 9 } }],
        {
          now: 0,
        },
      );
      assert.ok((await commitPlan(backend, ttl)).ok);
      assert.equal(writer.committed, 1, "a record object goes through Deno KV");
      assert.deepEqual((await kv.get(["d", "b"])).value, new Uint8Array([2]));
      assert.deepEqual((await kv.get(["d", "c"])).value, { v: new Uint8Array(1), e: 9 });
      assert.equal((await kv.get<Deno.KvU64>(["d", new Uint8Array([0])])).value?.value, 3n);
    } finally {
      await writer.close();
    }
  });
});
