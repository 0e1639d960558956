import assert from "node:assert/strict";
import {
  endDeadline,
  isTickerRunning,
  startDeadline,
  withTimeout,
} from "../../src/http/deadline.ts";
import { HttpError } from "../../src/http/errors.ts";

/** Waits until `done()` holds, polling; fails after a generous 20 s (a busy machine is slow). */
async function until(done: () => boolean, what: string): Promise<void> {
  const giveUp = performance.now() + 20_000;
  while (!done()) {
    if (performance.now() > giveUp) assert.fail(`Gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The shared ticker stops at its first tick with nothing pending. */
function tickerStopped(): Promise<void> {
  return until(() => !isTickerRunning(), "the ticker to stop");
}

Deno.test("withTimeout - settles like the promise when it is fast", {
  sanitizeOps: true,
}, async (t) => {
  await t.step("resolves", async () => {
    assert.equal(await withTimeout(Promise.resolve("ok"), 10_000), "ok");
  });
  await t.step("rejects", async () => {
    await assert.rejects(withTimeout(Promise.reject(new Error("boom")), 10_000), {
      message: "boom",
    });
  });
  await t.step("no limit", async () => {
    assert.equal(await withTimeout(Promise.resolve(1), Infinity), 1);
  });
  await tickerStopped();
});

Deno.test("withTimeout - rejects with 504 when time runs out", {
  sanitizeOps: true,
}, async (t) => {
  const cases: [number, string][] = [
    [5, "Function timed out after 0.005 s"],
    [20, "Function timed out after 0.02 s"],
  ];
  for (const [ms, message] of cases) {
    await t.step(`${ms} ms`, async () => {
      await assert.rejects(withTimeout(new Promise(() => {}), ms), (error: unknown) => {
        assert.ok(error instanceof HttpError);
        assert.equal(error.status, 504);
        assert.equal(error.message, message);
        return true;
      });
    });
  }
  await t.step("rejects a bad duration", () => {
    assert.throws(() => withTimeout(Promise.resolve(1), -1), RangeError);
  });
});

Deno.test("withTimeout - names whole seconds in the message", {
  sanitizeOps: true,
}, async () => {
  await assert.rejects(withTimeout(new Promise(() => {}), 1000), {
    status: 504,
    message: "Function timed out after 1 s",
  });
});

// The op sanitizer is opt-in in Deno 2.9; it fails a test that leaves a timer running.
Deno.test("withTimeout - its shared ticker stops once nothing is pending", {
  sanitizeOps: true,
}, async () => {
  let resolve = (_: string) => {};
  const slow = new Promise<string>((r) => resolve = r);
  const pending = withTimeout(slow, 400); // ticks every 100 ms
  setTimeout(() => resolve("done"), 1);
  assert.equal(await pending, "done");
  // No timer per call: the ticker notices at its next tick that nothing is left, and stops
  // (the op sanitizer fails this test if it were still running).
  await tickerStopped();
});

Deno.test("startDeadline - calls back once on expiry, never after endDeadline", {
  sanitizeOps: true,
}, async (t) => {
  await t.step("expires", async () => {
    const calls: HttpError[] = [];
    const deadline = startDeadline(5, (error) => calls.push(error));
    await until(() => calls.length > 0, "the deadline to expire");
    await tickerStopped();
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.status, 504);
    assert.equal(deadline?.done, true);
    assert.equal(endDeadline(deadline), false); // already over
  });
  await t.step("never early", async () => {
    let called = false;
    const deadline = startDeadline(60_000, () => called = true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(called, false);
    assert.equal(endDeadline(deadline), true);
  });
  await t.step("ended first", async () => {
    let called = false;
    const deadline = startDeadline(5, () => called = true);
    assert.equal(endDeadline(deadline), true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(called, false);
  });
  await t.step("many limits at once expire in their own time", async () => {
    const order: number[] = [];
    startDeadline(40, () => order.push(40));
    startDeadline(4, () => order.push(4));
    startDeadline(20, () => order.push(20));
    await until(() => order.length === 3, "three deadlines to expire");
    // A stalled machine may expire them in one tick: each exactly once is what is certain.
    assert.deepEqual(order.toSorted((a, b) => a - b), [4, 20, 40]);
  });
  await t.step("Infinity starts nothing", () => {
    assert.equal(startDeadline(Infinity, () => assert.fail("expired")), undefined);
  });
  await t.step("a bad limit is a RangeError", () => {
    assert.throws(() => startDeadline(NaN, () => {}), RangeError);
  });
  await tickerStopped();
});
