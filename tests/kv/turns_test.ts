import assert from "node:assert/strict";
import { nextTask, TurnGate } from "../../src/kv/turns.ts";

/** Calls `gate.turn()` for `reads` back-to-back reads spread over `ms`; returns the waits. */
function run(gate: TurnGate, clock: { t: number }, reads: number, ms: number): Promise<void>[] {
  const waits: Promise<void>[] = [];
  for (let read = 0; read < reads; read++) {
    clock.t += ms / reads;
    const turn = gate.turn();
    if (turn) waits.push(turn);
  }
  return waits;
}

Deno.test("TurnGate - one read in each budget's worth of back-to-back reads waits", async (t) => {
  const cases: [string, { reads: number; ms: number }, number][] = [
    ["10,000 reads within the budget", { reads: 10_000, ms: 9.9 }, 0],
    ["past the budget once", { reads: 100, ms: 10.5 }, 1],
    ["100 ms of reads", { reads: 1000, ms: 100 }, 9],
  ];
  for (const [name, { reads, ms }, expected] of cases) {
    await t.step(name, async () => {
      const clock = { t: 0 };
      const gate = new TurnGate({ budgetMs: 10, now: () => clock.t });
      assert.equal(gate.turn(), undefined); // the run starts at 0
      const waits = run(gate, clock, reads, ms);
      assert.equal(waits.length, expected);
      assert.equal(gate.waits, expected);
      await Promise.all(waits);
    });
  }
});

Deno.test("TurnGate - a pause in reads as long as the budget starts a new run", async () => {
  const clock = { t: 0 };
  const gate = new TurnGate({ budgetMs: 10, now: () => clock.t });
  for (let burst = 0; burst < 20; burst++) {
    assert.deepEqual(run(gate, clock, 100, 9), []); // 9 ms of reads, e.g. one request
    await nextTask();
    clock.t += 10; // idle until the next request
  }
  assert.equal(gate.waits, 0);
});

Deno.test("TurnGate - a slow read counts from where it ended", async () => {
  const clock = { t: 0 };
  const gate = new TurnGate({ budgetMs: 10, now: () => clock.t });
  assert.equal(gate.turn(), undefined);
  clock.t = 8; // the read itself takes 8 ms; its caller then awaits (a microtask)
  await Promise.resolve();
  clock.t = 9;
  assert.equal(gate.turn(), undefined); // 1 ms after the last read ended: the same run
  clock.t = 10;
  assert.ok(gate.turn());
  await gate.pending;
  assert.equal(gate.pending, undefined);
});

Deno.test("TurnGate - a loop of awaited reads lets a timer run", async () => {
  const gate = new TurnGate({ budgetMs: 5 });
  let fired = false;
  setTimeout(() => fired = true, 0);
  const started = performance.now();
  // Without the gate this loop resolves in microtasks only and the timer never fires.
  while (!fired && performance.now() - started < 2000) {
    const turn = gate.turn();
    if (turn) await turn;
    await Promise.resolve();
  }
  assert.ok(fired);
  assert.ok(gate.waits >= 1);
});

Deno.test("nextTask - resolves after due timers and I/O completions have run", async () => {
  let ran = false;
  setTimeout(() => ran = true, 0);
  const started = performance.now();
  while (performance.now() - started < 3) {
    // the timer is due
  }
  await nextTask();
  assert.ok(ran);
  const kv = await Deno.openKv(":memory:");
  try {
    let landed = false;
    const write = kv.set(["a"], 1).then(() => landed = true);
    let turns = 0;
    while (!landed && turns < 100_000) {
      await nextTask();
      turns++;
    }
    assert.ok(landed, `the write had not landed after ${turns} turns`);
    await write;
  } finally {
    kv.close();
  }
});

Deno.test("nextTask - a chain of turns is not clamped like a chain of timeouts", async () => {
  const started = performance.now();
  for (let i = 0; i < 50; i++) await nextTask();
  // Chained setTimeout(…, 0) takes 2–4 ms per step here once clamped: 50 steps ≥ 100 ms.
  assert.ok(performance.now() - started < 50, `${performance.now() - started} ms`);
});
