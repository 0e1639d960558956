import assert from "node:assert/strict";
import { nextTask, TurnGate } from "../../src/kv/turns.ts";

Deno.test("TurnGate - reads run on until they have held the event loop for the budget", async (t) => {
  const cases: [string, { reads: number; elapsed: number }, boolean][] = [
    ["few reads, long ago", { reads: 64, elapsed: 1000 }, false],
    ["many reads, within the budget", { reads: 10_000, elapsed: 9 }, false],
    ["many reads, past the budget", { reads: 65, elapsed: 10 }, true],
  ];
  for (const [name, { reads, elapsed }, waits] of cases) {
    await t.step(name, async () => {
      let clock = 0;
      const gate = new TurnGate({ budgetMs: 10, minReads: 64, now: () => clock });
      clock = elapsed;
      const turns = Array.from({ length: reads }, () => gate.turn());
      assert.equal(turns.some((turn) => turn !== undefined), waits);
      assert.equal(gate.waits, waits ? 1 : 0);
      await Promise.all(turns);
    });
  }
});

Deno.test("TurnGate - every read waits for the same turn, then the budget starts again", async () => {
  let clock = 0;
  const gate = new TurnGate({ budgetMs: 10, minReads: 0, now: () => clock });
  let timerRan = false;
  setTimeout(() => timerRan = true, 0);
  clock = 10;
  const turn = gate.turn();
  assert.ok(turn);
  assert.equal(gate.turn(), turn);
  await turn;
  assert.ok(timerRan, "the turn comes after a timer queued before it");
  assert.equal(gate.turn(), undefined);
  clock = 19;
  assert.equal(gate.turn(), undefined);
  clock = 20;
  assert.ok(gate.turn());
  assert.equal(gate.waits, 2);
});

Deno.test("TurnGate - reads never wait while the event loop turns on its own", async () => {
  let clock = 0;
  const gate = new TurnGate({ budgetMs: 10, minReads: 0, now: () => clock });
  for (let burst = 0; burst < 50; burst++) {
    for (let read = 0; read < 100; read++) {
      clock += 0.05; // 5 ms of reads per burst
      assert.equal(gate.turn(), undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 0)); // e.g. waiting for the next request
  }
  assert.equal(gate.waits, 0);
  // The same 250 ms of reads without a turn in between: they wait.
  for (let read = 0; read < 5000; read++) {
    clock += 0.05;
    const turn = gate.turn();
    if (turn) await turn;
  }
  assert.ok(gate.waits >= 20, `${gate.waits} waits`);
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

Deno.test("nextTask - resolves after the event loop has turned", async () => {
  let ran = false;
  setTimeout(() => ran = true, 0);
  await nextTask();
  assert.ok(ran);
});
