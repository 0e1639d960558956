import assert from "node:assert/strict";
import type { KvStore } from "../../src/kv/api/store.ts";
import { openKv, storeBackend } from "../../src/kv/engine/open.ts";
import { withRemote } from "../kv/_kv_connect.ts";
import { JobQueue } from "../../src/jobs/queue.ts";
import { manualClock } from "./_clock.ts";

const payload = new TextEncoder().encode('{"to":"a"}');
const fields = { name: "mail", payload, attempts: 2, backoff: [100] };

async function exercise(t: Deno.TestContext, kv: KvStore): Promise<void> {
  const clock = manualClock(1_000_000);
  const queue = new JobQueue(storeBackend(kv)!, clock);
  await t.step("a delayed message is not due before its delay", async () => {
    const message = await queue.add(fields, 500);
    const [entry] = await queue.peek(10);
    assert.equal(entry!.key[2], clock.now() + 500);
    assert.equal(entry!.value.id, message!.id);
    assert.equal(entry!.value.leased, false);
  });
  await t.step("of two claims of one read, exactly one wins", async () => {
    clock.advance(500);
    const [entry] = await queue.peek(10);
    const claims = await Promise.all([queue.claim(entry!, 1000), queue.claim(entry!, 1000)]);
    assert.equal(claims.filter(Boolean).length, 1);
    const lease = claims.find(Boolean)!;
    assert.equal(lease.message.runs, 1);
    assert.deepEqual(lease.key, ["j", "q", clock.now() + 1000, entry!.value.id]);
  });
  await t.step("a lease that ends is due again; the old holder can no longer finish", async () => {
    const [held] = await queue.peek(10);
    const stale = { key: held!.key, versionstamp: held!.versionstamp, message: held!.value };
    clock.advance(1000);
    const again = await queue.claim((await queue.peek(10))[0]!, 1000);
    assert.equal(again!.message.runs, 2);
    assert.equal(await queue.finish(stale), false);
    assert.equal(await queue.renew(again!, 1000), true);
  });
  await t.step("a failure after the last attempt moves it to the dead letters", async () => {
    const [held] = await queue.peek(10);
    const lease = { key: held!.key, versionstamp: held!.versionstamp, message: held!.value };
    assert.equal(await queue.bury(lease, new Error("mail server down")), true);
    assert.deepEqual(await queue.peek(10), []);
    const [dead] = await queue.dead();
    assert.match(dead!.error, /^Error: mail server down/);
    assert.equal(dead!.runs, 2);
    assert.deepEqual(dead!.payload, payload);
  });
  await t.step("revive puts a dead letter back with all its attempts; drop deletes", async () => {
    const [dead] = await queue.dead();
    assert.equal(await queue.revive(dead!.id), true);
    assert.equal(await queue.revive(dead!.id), false);
    const [entry] = await queue.peek(10);
    assert.equal(entry!.value.runs, 0);
    const lease = await queue.claim(entry!, 1000);
    assert.equal(await queue.retry(lease!, new Error("again"), 100), true);
    const [retried] = await queue.peek(10);
    assert.equal(retried!.key[2], clock.now() + 100);
    assert.match(retried!.value.error!, /again/);
    assert.equal(await queue.bury(retried!, new Error("x")), true);
    assert.equal(await queue.drop(dead!.id), true);
    assert.equal(await queue.drop(dead!.id), false);
    assert.deepEqual(await queue.dead(), []);
  });
}

Deno.test("JobQueue - claims, leases, retries and dead letters", async (t) => {
  const kv = await openKv(":memory:", { sweepIntervalMs: 0 });
  await exercise(t, kv);
  await kv.close();
});

Deno.test("JobQueue - the same over KV Connect (no Deno KV queue there)", async (t) => {
  await withRemote((store) => exercise(t, store));
});
