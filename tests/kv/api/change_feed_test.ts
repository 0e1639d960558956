import assert from "node:assert/strict";
import { openKv } from "../../../src/kv/engine/open.ts";
import type { KvChange } from "../../../src/types.ts";
import { FakeClock } from "../_helpers.ts";
import { readUntil, sanitize, tempStorePath } from "./_watch.ts";

/** Reads the next `n` events (bounded by the watch helpers' deadline). */
async function take(reader: ReadableStreamDefaultReader<KvChange>, n: number) {
  const events: KvChange[] = [];
  if (n > 0) await readUntil(reader, (e) => events.push(e) === n, `${n} events`);
  return events;
}

const brief = (events: KvChange[]) =>
  events.map((e) => e.type === "gap" ? ["gap"] : [e.type, e.key, "value" in e ? e.value : "-"]);

Deno.test(
  "watch(selector) - sets, deletes and transactions under a prefix, in commit order",
  sanitize,
  async () => {
    await using store = await openKv(":memory:", { sweepIntervalMs: 0 });
    const reader = store.watch({ prefix: ["notes"] }, { values: true }).getReader();
    await store.set(["notes", 1], "one");
    const events = await take(reader, 1);
    await store.set(["other", 1], "not watched");
    await store.set(["notes"], "the prefix itself is not under it");
    await Promise.all([store.set(["notes", 2], "two"), store.set(["notes", 3], "three")]);
    events.push(...await take(reader, 2));
    await store.delete(["notes", 1]);
    await store.delete(["notes", 99]); // absent: no change
    await store.transaction(async (tx) => {
      await tx.set(["notes", 4], "four");
      await tx.delete(["notes", 2]);
    });
    events.push(...await take(reader, 3));
    assert.deepEqual(brief(events), [
      ["set", ["notes", 1], "one"],
      ["set", ["notes", 2], "two"],
      ["set", ["notes", 3], "three"],
      ["delete", ["notes", 1], "-"],
      ["set", ["notes", 4], "four"],
      ["delete", ["notes", 2], "-"],
    ]);
    const stamps = events.map((e) => e.versionstamp);
    assert.deepEqual(stamps, [...stamps].sort(), "versionstamps never go back");
    assert.equal(stamps[1], stamps[2], "one group commit: one versionstamp");
    await reader.cancel();
  },
);

Deno.test(
  "watch(selector) - keys, values left out, an expiry seen when swept",
  sanitize,
  async () => {
    const clock = new FakeClock();
    await using store = await openKv(":memory:", { sweepIntervalMs: 0, now: clock.now });
    const reader = store.watch({ keys: [["a"], ["b", 1]] }).getReader();
    await store.set(["b", 2], "not watched");
    await store.set(["b", 1], "x", { ttlInSeconds: 1 });
    await store.set(["a"], { n: 1 });
    clock.advance(2_000);
    assert.equal((await store.sweep()).expired, 1);
    assert.deepEqual(brief(await take(reader, 3)), [
      ["set", ["b", 1], "-"],
      ["set", ["a"], "-"],
      ["delete", ["b", 1], "-"],
    ]);
    await reader.cancel();
  },
);

Deno.test(
  "watch(selector) - since resumes after an event; an unknown one starts with a gap",
  sanitize,
  async () => {
    await using store = await openKv(":memory:", { sweepIntervalMs: 0 });
    const first = store.watch({ prefix: ["n"] }).getReader();
    for (let i = 1; i <= 3; i++) await store.set(["n", i], i);
    const seen = await take(first, 3);
    await first.cancel();
    await store.set(["n", 4], 4); // while nobody watches
    const resumed = store.watch({ prefix: ["n"] }, { since: seen[0]!.versionstamp }).getReader();
    assert.deepEqual(brief(await take(resumed, 3)), [
      ["set", ["n", 2], "-"],
      ["set", ["n", 3], "-"],
      ["set", ["n", 4], "-"],
    ]);
    await resumed.cancel();
    for (const since of ["ffffffffffffffffffff", "not a versionstamp", "00000000000000000001"]) {
      const reader = store.watch({ prefix: ["n"] }, { since }).getReader();
      const [gap] = await take(reader, 1);
      assert.deepEqual(gap, {
        type: "gap",
        versionstamp: seen.at(-1)!.versionstamp.replace(/.*/, gap!.versionstamp),
      });
      assert.equal(gap!.type, "gap", since);
      await store.set(["n", 5], since); // after a gap, changes follow as usual
      assert.deepEqual(brief(await take(reader, 1)), [["set", ["n", 5], "-"]]);
      await reader.cancel();
    }
  },
);

Deno.test("watch(selector) - cancel and close free the watcher", sanitize, async () => {
  const store = await openKv(":memory:", { sweepIntervalMs: 0 });
  const streams = [
    store.watch({ prefix: [] }),
    store.watch({ keys: [["k"]] }),
    store.watch([["k"]]),
  ];
  assert.equal(store.stats.watchers, 3);
  await streams[0]!.cancel();
  assert.equal(store.stats.watchers, 2);
  const reader = streams[1]!.getReader();
  await store.close();
  assert.equal(store.stats.watchers, 0);
  assert.equal((await reader.read()).done, true, "close() ends the stream");
});

Deno.test("watch(selector) - bad selectors and options are TypeErrors naming them", async (t) => {
  await using store = await openKv(":memory:", { sweepIntervalMs: 0 });
  const cases: [string, unknown, unknown, RegExp][] = [
    ["no selector", undefined, undefined, /Cannot watch 'undefined'/],
    ["prefix not a key", { prefix: "notes" }, undefined, /prefix/],
    ["unknown field", { start: ["a"] }, undefined, /fields 'start'/],
    ["empty keys", { keys: [] }, undefined, /non-empty array/],
    ["bad key", { keys: [["a", null]] }, undefined, /key at index 0/],
    ["values not boolean", { prefix: [] }, { values: "yes" }, /values 'yes'/],
    ["since not a string", { prefix: [] }, { since: 5 }, /since '5'/],
  ];
  for (const [name, selector, options, message] of cases) {
    await t.step(name, () => {
      // deno-lint-ignore no-explicit-any
      assert.throws(() => store.watch(selector as any, options as any), TypeError);
      // deno-lint-ignore no-explicit-any
      assert.throws(() => store.watch(selector as any, options as any), message);
    });
  }
});

Deno.test(
  "watch(selector) - sees the writes of another store on the same file (another process's view)",
  sanitize,
  async () => {
    await using tmp = await tempStorePath();
    await using watching = await openKv(tmp.path, { sweepIntervalMs: 0, watchPollMs: 50 });
    await using writing = await openKv(tmp.path, { sweepIntervalMs: 0 });
    const reader = watching.watch({ prefix: ["n"] }, { values: true }).getReader();
    await writing.set(["n", 1], "from the other store");
    assert.deepEqual(brief(await take(reader, 1)), [["set", ["n", 1], "from the other store"]]);
    await writing.delete(["n", 1]);
    assert.deepEqual(brief(await take(reader, 1)), [["delete", ["n", 1], "-"]]);
    await reader.cancel();
  },
);

Deno.test("openKv - a bad watchPollMs is a RangeError naming it", async () => {
  await assert.rejects(openKv(":memory:", { watchPollMs: -1 }), RangeError, "'-1' ms");
});
