import assert from "node:assert/strict";
import { ReloadScheduler } from "../../src/server/dev_schedule.ts";

Deno.test("ReloadScheduler - one reload per burst; pending covers changes made during a reload", async () => {
  const batches: string[][] = [];
  let release!: () => void;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const scheduler = new ReloadScheduler(async (paths) => {
    batches.push([...paths]);
    await gate;
  }, { debounceMs: 5 });
  try {
    assert.equal(scheduler.pending, undefined);
    scheduler.notify(["a"]);
    scheduler.notify(["b", "a"]);
    const pending = scheduler.pending!;
    let settled = false;
    void pending.then(() => (settled = true));
    while (batches.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.deepEqual(batches, [["a", "b"]]);
    scheduler.notify(["c"]); // arrives while the first reload runs
    assert.equal(scheduler.pending, pending);
    gate = Promise.resolve();
    release();
    await pending;
    assert.ok(settled);
    assert.deepEqual(batches, [["a", "b"], ["c"]]);
    assert.equal(scheduler.pending, undefined);
  } finally {
    scheduler.close();
  }
});

Deno.test("ReloadScheduler - a failing reload still settles; close releases waiters", async () => {
  const scheduler = new ReloadScheduler(() => Promise.reject(new Error("conflict")), {
    debounceMs: 1,
  });
  scheduler.notify(["x"]);
  await scheduler.pending;
  assert.equal(scheduler.pending, undefined);
  const slow = new ReloadScheduler(() => Promise.resolve(), { debounceMs: 60_000 });
  slow.notify(["y"]);
  const waiting = slow.pending!;
  slow.close();
  await waiting; // resolves without the reload ever running
  assert.equal(slow.pending, undefined);
});
