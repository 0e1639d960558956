import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../src/kv/backend.ts";
import { directBatch } from "../../src/kv/commit_plan.ts";
import {
  CHECKPOINT_FRAMES,
  DirectWriter,
  IDLE_MS,
  RESTART_GAP_MS,
  UNAVAILABLE,
} from "../../src/kv/direct_write.ts";
import { fileIdentity } from "../../src/kv/file_identity.ts";
import { CommitPlan } from "../../src/kv/plan.ts";
import type { KvKey } from "../../src/types.ts";
import { ABSENT, setPlan, withKvFile } from "./_plans.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const batchOf = (key: KvKey, value = new Uint8Array([1])) => directBatch(setPlan(key, value))!;

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), "timed out");
}

Deno.test("DirectWriter - commits nothing before it starts, then commits on the worker", async () => {
  await withKvFile(async (kv, path) => {
    const writer = new DirectWriter(path, { identity: fileIdentity(path) });
    try {
      assert.equal(await writer.commit(batchOf(["a"])), UNAVAILABLE);
      assert.equal((await kv.get(["d", "a"])).versionstamp, null, "nothing written");
      assert.equal(await writer.start(), true);
      const result = await writer.commit(batchOf(["a"]));
      assert.ok(result !== UNAVAILABLE && result.ok);
      const entry = await kv.get(["d", "a"]);
      assert.deepEqual(entry.value, new Uint8Array([1]));
      assert.equal(entry.versionstamp, result.versionstamp);
      assert.equal(writer.committed, 1);
      // The same plan again: its key is no longer absent.
      assert.deepEqual(await writer.commit(batchOf(["a"])), { ok: false });
      assert.equal(writer.committed, 1);
    } finally {
      await writer.close();
    }
    assert.equal(writer.running, false);
    assert.equal(await writer.commit(batchOf(["b"])), UNAVAILABLE);
  });
});

Deno.test("DirectWriter - concurrent commits all land, in order, and close waits for them", async () => {
  await withKvFile(async (kv, path) => {
    const writer = new DirectWriter(path);
    assert.ok(await writer.start());
    const results = Array.from(
      { length: 50 },
      (_, i) => writer.commit(batchOf(["n", i], new Uint8Array([i]))),
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
  });
});

Deno.test("DirectWriter - stops when idle; a burst of commits starts it again, sporadic ones do not", async () => {
  await withKvFile(async (_kv, path) => {
    const writer = new DirectWriter(path);
    try {
      assert.ok(await writer.start());
      assert.ok(((await writer.commit(batchOf(["a"]))) as Deno.KvCommitResult).ok);
      await sleep(IDLE_MS + 200);
      assert.equal(writer.running, false);
      // Sporadic: each commit goes through Deno KV, and the worker stays stopped.
      for (let i = 0; i < 3; i++) {
        assert.equal(await writer.commit(batchOf(["s", i])), UNAVAILABLE);
        await sleep(RESTART_GAP_MS * 2);
      }
      assert.equal(writer.running, false);
      // A burst: the second commit within RESTART_GAP_MS starts it.
      assert.equal(await writer.commit(batchOf(["b", 1])), UNAVAILABLE);
      assert.equal(await writer.commit(batchOf(["b", 2])), UNAVAILABLE);
      await until(() => writer.running);
      const result = await writer.commit(batchOf(["b", 3]));
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
        assert.equal(await writer.start(), false);
        for (let i = 0; i < 5; i++) assert.equal(await writer.commit(batchOf(["a"])), UNAVAILABLE);
        assert.equal(writer.running, false);
        assert.equal(await writer.start(), false);
      } finally {
        await writer.close();
        await Deno.remove(path);
      }
    });
  }
});

Deno.test("DirectWriter - a commit taken by a worker that fails is rejected, not retried", async () => {
  await withKvFile(async (kv, path) => {
    // A worker that opens fine, then throws (uncaught) on its first commit.
    const dir = await Deno.makeTempDir();
    const workerUrl = new URL(`file://${dir}/failing_worker.ts`);
    await Deno.writeTextFile(
      workerUrl,
      `self.onmessage = (e) => {
        if (e.data.type === "open") self.postMessage({ type: "opened", ok: true });
        else if (e.data.type === "commit") throw new Error("writer crashed");
      };`,
    );
    const writer = new DirectWriter(path, { workerUrl });
    try {
      assert.ok(await writer.start());
      await assert.rejects(
        writer.commit(batchOf(["a"])),
        /Cannot tell whether the KV commit was written/,
      );
      assert.equal(writer.running, false);
      assert.equal(await writer.commit(batchOf(["b"])), UNAVAILABLE, "later commits go to Deno KV");
      assert.equal((await kv.get(["d", "a"])).versionstamp, null);
    } finally {
      await writer.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("DirectWriter - checkpoints every CHECKPOINT_FRAMES pages, not SQLite's 1,000", async (t) => {
  // ~3,000 random keys in batches of 50: a few thousand WAL pages, more than 1,000 and fewer
  // than CHECKPOINT_FRAMES, so the database file only grows if something checkpointed.
  assert.ok(CHECKPOINT_FRAMES >= 5_000);
  for (const direct of [true, false]) {
    await t.step(
      direct ? "the direct writer: the WAL keeps them" : "Deno KV: checkpointed",
      async () => {
        await withKvFile(async (kv, path) => {
          const writer = new DirectWriter(path);
          try {
            if (direct) assert.ok(await writer.start());
            for (let b = 0; b < 60; b++) {
              const plan = new CommitPlan(LOCAL_LIMITS);
              for (let i = 0; i < 50; i++) {
                const key = ["k", crypto.randomUUID()];
                plan.add(key, ABSENT, [{ type: "set", key, record: { v: new Uint8Array(100) } }], {
                  now: 0,
                });
              }
              const result = direct
                ? await writer.commit(directBatch(plan)!)
                : await plan.toAtomic(kv).commit();
              assert.ok(result !== UNAVAILABLE && result.ok);
            }
            const size = (await Deno.stat(path)).size;
            const wal = (await Deno.stat(`${path}-wal`)).size;
            if (direct) {
              assert.ok(size <= 64 * 1024, `database file ${size} bytes: checkpointed too early`);
              assert.ok(wal > 1_000 * 4096, `WAL ${wal} bytes: expected > 1,000 pages`);
            } else {assert.ok(
                size > 256 * 1024,
                `database file ${size} bytes: expected checkpoints`,
              );}
          } finally {
            await writer.close();
          }
        });
      },
    );
  }
});
