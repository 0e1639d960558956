import assert from "node:assert/strict";
import { pickEvents, type WatchState } from "../../../src/kv/api/change_events.ts";
import { CHANGE_RETENTION_MS, type LoggedChange } from "../../../src/kv/layout/changes.ts";

const vs = (n: number) => n.toString(16).padStart(20, "0");
const change = (n: number, key: string, deleted = false, at = 1_000 + n): LoggedChange => ({
  key: ["n", key],
  deleted,
  at,
  versionstamp: vs(n),
});
const watch = (over: Partial<WatchState> = {}): WatchState => ({
  match: (key) => key[0] === "n",
  values: false,
  since: undefined,
  after: undefined,
  startAt: 0,
  ...over,
});
const LOG = [change(1, "a"), change(2, "b"), change(3, "a", true)];
const read = (values = new Map<string, unknown>(), readAt = 2_000) => ({
  head: vs(3),
  readAt,
  values,
});

Deno.test("pickEvents - a watch's changes after its place, then its place is the head", async (t) => {
  await t.step("first read: from its start time", () => {
    const state = watch({ startAt: 1_002 });
    assert.deepEqual(pickEvents(state, LOG, read()).map((e) => e.versionstamp), [vs(2), vs(3)]);
    assert.equal(state.after, vs(3));
  });
  await t.step("later reads: after its versionstamp", () => {
    const state = watch({ after: vs(1) });
    assert.deepEqual(pickEvents(state, LOG, read()), [
      { type: "set", key: ["n", "b"], versionstamp: vs(2) },
      { type: "delete", key: ["n", "a"], versionstamp: vs(3) },
    ]);
    assert.deepEqual(pickEvents(state, LOG, read()), [], "nothing twice");
  });
  await t.step("values: the current one, none for a key gone since", () => {
    const state = watch({ after: vs(0), values: true });
    const events = pickEvents(state, LOG, read(new Map([['["n","b"]', "B"]])));
    assert.deepEqual(events.slice(0, 2), [
      { type: "set", key: ["n", "a"], versionstamp: vs(1) },
      { type: "set", key: ["n", "b"], versionstamp: vs(2), value: "B" },
    ]);
  });
  await t.step("keys it does not follow are left out", () => {
    const state = watch({ after: vs(0), match: (key) => key[1] === "b" });
    assert.deepEqual(pickEvents(state, LOG, read()).map((e) => e.versionstamp), [vs(2)]);
  });
});

Deno.test("pickEvents - since: resumed while the log still holds what followed, else a gap", async (t) => {
  const fresh = 1_000 + CHANGE_RETENTION_MS / 2;
  const cases: [string, string, number, string[]][] = [
    ["an event still in the log", vs(1), fresh, ["set", "delete"]],
    ["the head itself: nothing to miss", vs(3), fresh, []],
    ["an event too old to trust what followed", vs(1), 1_000 + CHANGE_RETENTION_MS, ["gap"]],
    ["an event the log does not hold", vs(9), fresh, ["gap"]],
  ];
  for (const [name, since, readAt, types] of cases) {
    await t.step(name, () => {
      const state = watch({ since });
      const events = pickEvents(state, LOG, read(new Map(), readAt));
      assert.deepEqual(events.map((e) => e.type), types);
      if (types[0] === "gap") assert.deepEqual(events[0], { type: "gap", versionstamp: vs(3) });
      assert.equal(state.after, vs(3));
      assert.equal(state.since, undefined);
    });
  }
});
