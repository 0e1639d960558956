import assert from "node:assert/strict";
import type { SweepResult } from "../../../src/kv/engine/expiry.ts";
import { Sweeper } from "../../../src/kv/engine/expiry.ts";
import { openKv } from "../../../src/kv/engine/open.ts";

const EMPTY: SweepResult = { expired: 0, orphans: 0 };
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A sweeper whose sweeps only count themselves. */
function countingSweeper(intervalMs: number): { sweeper: Sweeper; runs: () => number } {
  let count = 0;
  const sweeper = new Sweeper(() => {
    count++;
    return Promise.resolve(EMPTY);
  }, intervalMs);
  return { sweeper, runs: () => count };
}

Deno.test("Sweeper - wake() runs the next sweep now, at most every 100 ms", async () => {
  const { sweeper, runs } = countingSweeper(60_000);
  sweeper.start(); // the first sweep runs right away
  await tick(20);
  assert.equal(runs(), 1);
  sweeper.wake(); // too soon after the first
  await tick(20);
  assert.equal(runs(), 1);
  await tick(100);
  sweeper.wake();
  await tick(20);
  assert.equal(runs(), 2, "woken: ran without waiting 60 s");
  await sweeper.stop();
  sweeper.wake();
  await tick(150);
  assert.equal(runs(), 2, "a stopped sweeper stays stopped");
});

Deno.test("Sweeper - wake() does nothing when the timer is off", async () => {
  const { sweeper, runs } = countingSweeper(0);
  sweeper.start();
  sweeper.wake();
  await tick(20);
  assert.equal(runs(), 0);
  await sweeper.stop();
});

Deno.test("KvStore.list - a count that meets expired entries wakes the sweeper", async () => {
  let clock = 1_000_000;
  const store = await openKv(":memory:", { now: () => clock, sweepIntervalMs: 60_000 });
  try {
    await tick(120); // the first sweep (at start) is done, and 100 ms have passed
    for (let i = 0; i < 20; i++) {
      await store.set(["s", i], i, i % 2 === 0 ? { ttlInSeconds: 1 } : {});
    }
    clock += 2_000;
    assert.equal((await store.list({ prefix: ["s"] }, { limit: 5 })).total, 10);
    await tick(50);
    // Swept: the expired records are physically gone, long before the 60 s timer.
    const swept = await store.sweep();
    assert.equal(swept.expired, 0);
    assert.equal((await store.list({ prefix: ["s"] }, { limit: 5 })).total, 10);
  } finally {
    await store.close();
  }
});
