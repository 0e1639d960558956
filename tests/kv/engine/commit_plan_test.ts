import assert from "node:assert/strict";
import { type Backend, type BackendLimits, LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { writeBlob } from "../../../src/kv/layout/blobs.ts";
import { readStates } from "../../../src/kv/engine/states.ts";
import type { StoredRecord } from "../../../src/kv/layout/records.ts";
import {
  CommitPlan,
  type PhysicalState,
  type WriteOp,
} from "../../../src/kv/engine/commit_plan.ts";
import type { KvKey } from "../../../src/types.ts";

const ABSENT: PhysicalState = { versionstamp: null, record: null };
const NOW = 1_000;

function inline(text: string, e?: number): StoredRecord {
  const record: StoredRecord = { v: new TextEncoder().encode(JSON.stringify(text)) };
  if (e !== undefined) record.e = e;
  return record;
}

function set(key: KvKey, record: StoredRecord): WriteOp {
  return { type: "set", key, record };
}

async function withBackend(limits: Partial<BackendLimits>, body: (b: Backend) => Promise<void>) {
  const kv = await Deno.openKv(":memory:");
  try {
    await body({ kv, limits: { ...LOCAL_LIMITS, ...limits } });
  } finally {
    kv.close();
  }
}

/** A raw key as text: JSON, or `count <prefix>` / `ttl <prefix>` for a prefix's counters. */
function keyName(key: Deno.KvKey): string {
  const mark = key[key.length - 1];
  if (key[0] !== "d" || !(mark instanceof Uint8Array)) return JSON.stringify(key);
  return `${mark[0] === 0 ? "count" : "ttl"} ${JSON.stringify(key.slice(1, -1))}`;
}

/** Every raw key and value but the change log's, as `key name → value` (KvU64 as bigint). */
async function dump(kv: Deno.Kv): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for await (const e of kv.list({ prefix: [] })) {
    if (e.key[0] === "l" || e.key[0] === "h") continue; // tests/kv/engine/change_log_test.ts
    out.set(keyName(e.key), e.value instanceof Deno.KvU64 ? e.value.value : e.value);
  }
  return out;
}

async function commitOps(backend: Backend, ops: WriteOp[]): Promise<void> {
  const plan = new CommitPlan(backend.limits);
  const [state] = await readStates(backend, [ops[0]!.key]);
  assert.ok(plan.add(ops[0]!.key, state!, ops, { now: NOW }));
  assert.ok((await plan.toAtomic(backend.kv).commit()).ok);
}

Deno.test("CommitPlan - the budget cuts at maxChecks", async () => {
  await withBackend({ maxChecks: 10 }, async (backend) => {
    const plan = new CommitPlan(backend.limits);
    for (let i = 0; i < 10; i++) {
      assert.ok(plan.add(["k", i], ABSENT, [set(["k", i], inline("v"))], { now: NOW }));
    }
    assert.equal(plan.checks, 10);
    assert.equal(plan.add(["k", 10], ABSENT, [set(["k", 10], inline("v"))], { now: NOW }), false);
    assert.equal(
      plan.add(["r"], ABSENT, [], { now: NOW, check: true }),
      false,
      "a read check counts too",
    );
    assert.equal(plan.checks, 10);
    assert.ok((await plan.toAtomic(backend.kv).commit()).ok);
    const raw = await dump(backend.kv);
    assert.equal([...raw.keys()].filter((k) => k.startsWith('["d"')).length, 10);
    assert.equal(raw.get("count []"), 10n);
    assert.equal(raw.get('count ["k"]'), 10n);
  });
});

Deno.test("CommitPlan - a large value takes two checks; the first key always fits", async () => {
  await withBackend({ maxChecks: 10 }, async (backend) => {
    const blob = await writeBlob(backend, new Uint8Array(70_000), { now: NOW });
    const record: StoredRecord = { b: blob.id, n: blob.n, s: blob.s };
    const big: WriteOp = { type: "set", key: ["big"], record, blob };
    const nine = new CommitPlan(backend.limits);
    for (let i = 0; i < 9; i++) {
      nine.add(["k", i], ABSENT, [set(["k", i], inline("v"))], { now: NOW });
    }
    assert.equal(nine.add(["big"], ABSENT, [big], { now: NOW }), false);
    const eight = new CommitPlan(backend.limits);
    for (let i = 0; i < 8; i++) {
      eight.add(["k", i], ABSENT, [set(["k", i], inline("v"))], { now: NOW });
    }
    assert.ok(eight.add(["big"], ABSENT, [big], { now: NOW }));
    assert.equal(eight.checks, 10);
    const tiny = new CommitPlan({ ...backend.limits, maxChecks: 1 });
    assert.ok(tiny.add(["big"], ABSENT, [big], { now: NOW }), "an empty plan takes any key");
    assert.equal(tiny.add(["x"], ABSENT, [set(["x"], inline("v"))], { now: NOW }), false);
  });
});

Deno.test("CommitPlan - mutation count and byte budgets", async (t) => {
  await t.step("mutations (records plus new counters)", async () => {
    await withBackend({ maxMutations: 9 }, (backend) => {
      const plan = new CommitPlan(backend.limits);
      // 1 record + its change log entry + the log's head + both counters of [] and ["a"]
      assert.ok(plan.add(["a", "b"], ABSENT, [set(["a", "b"], inline("v"))], { now: NOW }));
      assert.ok(plan.add(["a", "c"], ABSENT, [set(["a", "c"], inline("v"))], { now: NOW })); // 2
      assert.equal(plan.add(["b", 1], ABSENT, [set(["b", 1], inline("v"))], { now: NOW }), false);
      return Promise.resolve();
    });
  });
  await t.step("bytes", async () => {
    await withBackend({ maxMutationBytes: 100 * 1024 }, (backend) => {
      const plan = new CommitPlan(backend.limits);
      const big = inline("x".repeat(60 * 1024));
      assert.ok(plan.add(["a"], ABSENT, [set(["a"], big)], { now: NOW }));
      assert.equal(plan.add(["b"], ABSENT, [set(["b"], big)], { now: NOW }), false);
      assert.ok(plan.add(["c"], ABSENT, [set(["c"], inline("small"))], { now: NOW }));
      return Promise.resolve();
    });
  });
  await t.step("an empty plan stays empty without writes or checks", () => {
    const plan = new CommitPlan(LOCAL_LIMITS);
    assert.ok(plan.add(["a"], ABSENT, [], { now: NOW }));
    assert.ok(plan.add(["b"], ABSENT, [{ type: "delete", key: ["b"] }], { now: NOW }));
    assert.ok(plan.empty);
  });
});

Deno.test("CommitPlan - keeps counters, expiry index and chunks in step with records", async () => {
  await withBackend({}, async (backend) => {
    const key = ["p", "q", 1];
    await commitOps(backend, [set(key, inline("a", 5000))]);
    let raw = await dump(backend.kv);
    assert.ok(raw.has(JSON.stringify(["x", 5000, ...key])));
    assert.deepEqual(
      [raw.get("ttl []"), raw.get('ttl ["p"]'), raw.get('ttl ["p","q"]')],
      [1n, 1n, 1n],
      "one record with a TTL, under each prefix",
    );
    assert.deepEqual([raw.get("count []"), raw.get('count ["p"]'), raw.get('count ["p","q"]')], [
      1n,
      1n,
      1n,
    ]);
    await commitOps(backend, [set(key, inline("b", 7000))]);
    raw = await dump(backend.kv);
    assert.ok(!raw.has(JSON.stringify(["x", 5000, ...key])));
    assert.ok(raw.has(JSON.stringify(["x", 7000, ...key])));
    assert.equal(raw.get('count ["p","q"]'), 1n, "an overwrite does not count twice");
    const blob = await writeBlob(backend, new Uint8Array(200_000).fill(1), { now: NOW });
    await commitOps(backend, [{
      type: "set",
      key,
      record: { b: blob.id, n: blob.n, s: blob.s },
      blob,
    }]);
    raw = await dump(backend.kv);
    assert.ok(![...raw.keys()].some((k) => k.startsWith('["x"')), "no TTL: index entry removed");
    assert.ok(![...raw.keys()].some((k) => k.startsWith('["p"')), "pending marker removed");
    assert.equal([...raw.keys()].filter((k) => k.startsWith('["b"')).length, blob.n);
    await commitOps(backend, [set(key, inline("small")), { type: "delete", key }]);
    raw = await dump(backend.kv);
    assert.deepEqual(
      [...raw.keys()].filter((k) => !k.startsWith("count ") && !k.startsWith("ttl ")),
      [],
    );
    assert.deepEqual(
      [raw.get("ttl []"), raw.get('ttl ["p"]'), raw.get('ttl ["p","q"]')],
      [0n, 0n, 0n],
      "no record with a TTL is left",
    );
    assert.deepEqual([raw.get("count []"), raw.get('count ["p"]'), raw.get('count ["p","q"]')], [
      0n,
      0n,
      0n,
    ]);
  });
});

Deno.test("CommitPlan - the commit fails its check when the key changed after the read", async () => {
  await withBackend({}, async (backend) => {
    await commitOps(backend, [set(["k"], inline("v1"))]);
    const [state] = await readStates(backend, [["k"]]);
    await commitOps(backend, [set(["k"], inline("v2"))]);
    const plan = new CommitPlan(backend.limits);
    plan.add(["k"], state!, [{ type: "delete", key: ["k"] }], { now: NOW });
    assert.equal((await plan.toAtomic(backend.kv).commit()).ok, false);
    assert.equal((await dump(backend.kv)).get("count []"), 1n);
  });
});
