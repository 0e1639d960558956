import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../src/kv/backend.ts";
import { directBatch } from "../../src/kv/commit_plan.ts";
import { DirectWriter, IDLE_MS, UNAVAILABLE } from "../../src/kv/direct_write.ts";
import { fileIdentity } from "../../src/kv/file_identity.ts";
import { CommitPlan, type PhysicalState } from "../../src/kv/plan.ts";
import type { KvKey } from "../../src/types.ts";

const ABSENT: PhysicalState = { versionstamp: null, record: null };

async function withFile(fn: (kv: Deno.Kv, path: string) => Promise<void>): Promise<void> {
  const path = await Deno.makeTempFile({ prefix: "apifn-direct-write-", suffix: ".sqlite3" });
  const kv = await Deno.openKv(path);
  try {
    await fn(kv, path);
  } finally {
    kv.close();
    for (const suffix of ["", "-wal", "-shm"]) await Deno.remove(path + suffix).catch(() => {});
  }
}

function setPlan(key: KvKey, value: Uint8Array, state = ABSENT): CommitPlan {
  const plan = new CommitPlan(LOCAL_LIMITS);
  plan.add(key, state, [{ type: "set", key, record: { v: value } }], { now: 0 });
  return plan;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), "timed out");
}

Deno.test("DirectWriter - Deno KV commits while the worker starts, then the worker does", async () => {
  await withFile(async (kv, path) => {
    const writer = new DirectWriter(path, { identity: fileIdentity(path) });
    try {
      const first = directBatch(setPlan(["a"], new Uint8Array([1])))!;
      assert.equal(await writer.commit(first), UNAVAILABLE);
      assert.equal((await kv.get(["d", "a"])).versionstamp, null, "nothing written");
      await until(() => writer.running);
      const result = await writer.commit(first);
      assert.ok(result !== UNAVAILABLE && result.ok);
      const entry = await kv.get(["d", "a"]);
      assert.deepEqual(entry.value, new Uint8Array([1]));
      assert.equal(entry.versionstamp, result.versionstamp);
      assert.equal(writer.committed, 1);
      // The same plan again: its check ("absent") fails now.
      assert.deepEqual(await writer.commit(first), { ok: false });
      assert.equal(writer.committed, 1);
    } finally {
      await writer.close();
    }
    assert.equal(writer.running, false);
    assert.equal(await writer.commit(directBatch(setPlan(["b"], new Uint8Array(1)))!), UNAVAILABLE);
  });
});

Deno.test("DirectWriter - concurrent commits all land, in order, and close waits for them", async () => {
  await withFile(async (kv, path) => {
    const writer = new DirectWriter(path);
    writer.commit(directBatch(setPlan(["warm"], new Uint8Array(1)))!);
    await until(() => writer.running);
    const results = Array.from(
      { length: 50 },
      (_, i) => writer.commit(directBatch(setPlan(["n", i], new Uint8Array([i])))!),
    );
    await writer.close();
    const settled = await Promise.all(results);
    const versions = settled.map((r) => (r as Deno.KvCommitResult).versionstamp);
    assert.deepEqual(versions, [...versions].sort());
    assert.equal(new Set(versions).size, 50);
    const entries = await Array.fromAsync(kv.list({ prefix: ["d", "n"] }));
    // The prefix's own counter (a Uint8Array last part) sorts first.
    assert.equal(entries.filter((e) => typeof e.key.at(-1) === "number").length, 50);
    assert.equal((entries[0]!.value as Deno.KvU64).value, 50n);
    assert.equal((await kv.get<Deno.KvU64>(["d", new Uint8Array([0])])).value?.value, 50n);
  });
});

Deno.test("DirectWriter - stops when idle and starts again on the next commit", async () => {
  await withFile(async (_kv, path) => {
    const writer = new DirectWriter(path);
    try {
      await writer.commit(directBatch(setPlan(["a"], new Uint8Array(1)))!);
      await until(() => writer.running);
      await new Promise((r) => setTimeout(r, IDLE_MS + 200));
      assert.equal(writer.running, false);
      assert.equal(
        await writer.commit(directBatch(setPlan(["b"], new Uint8Array(1)))!),
        UNAVAILABLE,
      );
      await until(() => writer.running);
      const result = await writer.commit(directBatch(setPlan(["b"], new Uint8Array(1)))!);
      assert.ok(result !== UNAVAILABLE && result.ok);
    } finally {
      await writer.close();
    }
  });
});

Deno.test("DirectWriter - a file it must not write is left to Deno KV", async (t) => {
  const cases: [string, (path: string) => string | undefined][] = [
    ["another file's identity", () => "0:0"],
    ["not a Deno KV file", (path) => {
      Deno.writeFileSync(path, new Uint8Array());
      return undefined;
    }],
  ];
  for (const [name, identityOf] of cases) {
    await t.step(name, async () => {
      const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
      const writer = new DirectWriter(path, { identity: identityOf(path) });
      try {
        const batch = directBatch(setPlan(["a"], new Uint8Array(1)))!;
        for (let i = 0; i < 20; i++) {
          assert.equal(await writer.commit(batch), UNAVAILABLE);
          await new Promise((r) => setTimeout(r, 10));
        }
        assert.equal(writer.running, false);
      } finally {
        await writer.close();
        await Deno.remove(path);
      }
    });
  }
});
