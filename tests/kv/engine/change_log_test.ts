import assert from "node:assert/strict";
import { type Backend, LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { CommitPlan } from "../../../src/kv/engine/commit_plan.ts";
import { commitLogged } from "../../../src/kv/engine/change_log.ts";
import {
  decodeChanges,
  LATE_COMMIT_MS,
  type LoggedChange,
} from "../../../src/kv/layout/changes.ts";
import type { StoredRecord } from "../../../src/kv/layout/records.ts";
import { ABSENT } from "../../../src/kv/engine/states.ts";

const record = (text: string): StoredRecord => ({ v: new TextEncoder().encode(`"${text}"`) });

async function withBackend(body: (backend: Backend) => Promise<void>): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  try {
    await body({ kv, limits: LOCAL_LIMITS });
  } finally {
    kv.close();
  }
}

async function readLog(kv: Deno.Kv): Promise<LoggedChange[]> {
  const log: LoggedChange[] = [];
  for await (const entry of kv.list({ prefix: ["l"] })) log.push(...decodeChanges(entry));
  return log;
}

function plan(names: string[]): CommitPlan {
  const plan = new CommitPlan(LOCAL_LIMITS);
  for (const name of names) {
    const key = ["k", name];
    assert.ok(plan.add(key, ABSENT, [{ type: "set", key, record: record(name) }], { now: 0 }));
  }
  return plan;
}

Deno.test("commitLogged - logs each changed key in the record's commit and moves the head", async () => {
  await withBackend(async (backend) => {
    const result = await commitLogged(backend, plan(["a", "b"]), () => 42);
    assert.ok(result.ok);
    const log = await readLog(backend.kv);
    assert.deepEqual(log, [
      { key: ["k", "a"], deleted: false, at: 42, versionstamp: result.versionstamp },
      { key: ["k", "b"], deleted: false, at: 42, versionstamp: result.versionstamp },
    ]);
    const head = await backend.kv.get(["h"]);
    assert.deepEqual([head.value, head.versionstamp], [42, result.versionstamp]);
  });
});

Deno.test("commitLogged - a write that changes nothing logs nothing", async () => {
  await withBackend(async (backend) => {
    const noop = new CommitPlan(LOCAL_LIMITS);
    assert.ok(noop.add(["gone"], ABSENT, [{ type: "delete", key: ["gone"] }], { now: 0 }));
    assert.equal(noop.log.changes.length, 0);
    assert.ok((await commitLogged(backend, noop, () => 1)).ok);
    assert.equal((await readLog(backend.kv)).length, 0);
    assert.equal((await backend.kv.get(["h"])).versionstamp, null);
  });
});

Deno.test("commitLogged - a commit that returned late logs its changes again, later", async () => {
  await withBackend(async (backend) => {
    // The clock jumps past LATE_COMMIT_MS while the first commit is in flight.
    const times = [1_000, 1_000 + LATE_COMMIT_MS + 1, 9_000, 9_000];
    const now = () => times.length > 1 ? times.shift()! : times[0]!;
    const result = await commitLogged(backend, plan(["a"]), now);
    assert.ok(result.ok);
    const log = await readLog(backend.kv);
    assert.deepEqual(log.map((c) => [c.at, c.key, c.deleted]), [
      [1_000, ["k", "a"], false],
      [9_000, ["k", "a"], false],
    ]);
    assert.ok(log[1]!.versionstamp > result.versionstamp, "the second entry is a later commit");
    assert.equal((await backend.kv.get(["h"])).versionstamp, log[1]!.versionstamp);
  });
});

Deno.test("commitLogged - a commit of many long keys spreads its log over entries, in order", async () => {
  await withBackend(async (backend) => {
    const names = Array.from({ length: 50 }, (_, i) => `${i}`.padStart(600, "x"));
    const result = await commitLogged(backend, plan(names), () => 7);
    assert.ok(result.ok);
    const entries = await Array.fromAsync(backend.kv.list({ prefix: ["l"] }));
    assert.ok(entries.length > 1, `${entries.length} entries`);
    const log = entries.flatMap((entry) => decodeChanges(entry));
    assert.deepEqual(log.map((c) => c.key[1]), names);
  });
});
