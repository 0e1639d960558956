import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { writeBlob } from "../../../src/kv/layout/blobs.ts";
import { openKv } from "../../../src/kv/engine/open.ts";
import { bigValue } from "../_big_values.ts";
import { FakeClock } from "../_helpers.ts";
import { rawProblems, readRaw, removeStoreFile, withFileStore } from "../_raw.ts";

const KB = 1024;

Deno.test("raw layout - sweep() physically removes expired records, index entries and chunks", async () => {
  const clock = new FakeClock();
  let during = 0;
  const path = await withFileStore(async (store) => {
    await Promise.all(
      Array.from(
        { length: 30 },
        (_, i) =>
          store.set(["t", i], i % 5 === 0 ? bigValue(i, 100 * KB) : i, {
            ttlInSeconds: 1 + (i % 2),
          }),
      ),
    );
    await store.set(["keep"], "forever");
    clock.advance(2000);
    assert.equal((await store.list({ prefix: ["t"] })).total, 0);
    during = (await store.sweep()).expired;
  }, { now: clock.now });
  try {
    assert.equal(during, 30);
    const raw = await readRaw(path);
    assert.deepEqual(rawProblems(raw), []);
    assert.deepEqual([raw.counts.d, raw.counts.x ?? 0, raw.counts.b ?? 0], [1, 0, 0]);
  } finally {
    await removeStoreFile(path);
  }
});

Deno.test("raw layout - the background sweeper removes expired data by itself", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-raw-" });
  const path = `${dir}/kv.sqlite3`;
  const store = await openKv(path, { sweepIntervalMs: 50 });
  const raw = await Deno.openKv(path);
  try {
    await store.set(["bg", 1], "short", { ttlInSeconds: 0.2 });
    await store.set(["bg", 2], bigValue(2, 150 * KB), { ttlInSeconds: 0.2 });
    await store.set(["bg", 3], "kept");
    // Wait, with a generous deadline, until nothing expired is left in any space.
    const leftovers = async () => {
      let n = 0;
      for (const space of ["x", "b", "p"]) {
        for await (const _ of raw.list({ prefix: [space] })) n++;
      }
      for await (const entry of raw.list({ prefix: ["d", "bg"] })) {
        if (!(entry.key.at(-1) instanceof Uint8Array)) n++;
      }
      return n - 1; // ["bg", 3] stays
    };
    for (let i = 0; await leftovers() > 0; i++) {
      assert.ok(i < 2000, "the sweeper removed the expired entries");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    raw.close();
    await store.close();
  }
  try {
    const summary = await readRaw(path);
    assert.deepEqual([...summary.records.values()].map((r) => r.key), [["bg", 3]]);
    assert.equal(summary.counts.x ?? 0, 0);
    assert.deepEqual(rawProblems(summary), []);
  } finally {
    await removeStoreFile(path);
  }
});

Deno.test("raw layout - an interrupted upload is removed by sweep() after the grace period", async () => {
  const clock = new FakeClock();
  const path = await withFileStore((store) => store.set(["kept"], bigValue(1, 100 * KB)));
  try {
    // What a writer killed after uploading its chunks leaves behind.
    const kv = await Deno.openKv(path);
    try {
      await writeBlob({ kv, limits: LOCAL_LIMITS }, new Uint8Array(300 * KB).fill(1), {
        now: clock.now(),
      });
    } finally {
      kv.close();
    }
    assert.equal(rawProblems(await readRaw(path)).length, 2); // the marker and the orphan chunks
    const store = await openKv(path, { sweepIntervalMs: 0, now: clock.now, orphanGraceMs: 60_000 });
    try {
      clock.advance(59_000);
      assert.equal((await store.sweep()).orphans, 0, "still within the grace period");
      clock.advance(1_001);
      assert.equal((await store.sweep()).orphans, 1);
      assert.deepEqual(await store.get(["kept"]), bigValue(1, 100 * KB));
    } finally {
      await store.close();
    }
    const raw = await readRaw(path);
    assert.deepEqual(rawProblems(raw), []);
    assert.equal(raw.counts.b, 2);
  } finally {
    await removeStoreFile(path);
  }
});
