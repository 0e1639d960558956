/**
 * apifn's KV store end to end over the KV Connect protocol, against a
 * test-only KV Connect server that enforces a `denokv` server's limits
 * (10 versionstamp checks per atomic write).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvStore } from "../../src/kv/api/store.ts";
import type { KvKey } from "../../src/types.ts";
import { pad, withRemote } from "./_kv_connect.ts";

Deno.test("openKv over KV Connect - set, get, getMany and delete go over the wire", async () => {
  await withRemote(async (store, server) => {
    const keys: KvKey[] = Array.from({ length: 15 }, (_, i) => ["users", pad(i)]);
    for (const [i, key] of keys.entries()) await store.set(key, { n: i, tags: ["a", i] });
    assert.deepEqual(await store.get(["users", "007"]), { n: 7, tags: ["a", 7] });
    const many = await store.getMany([...keys, ["users", "missing"]]);
    assert.equal(many.length, 16);
    assert.deepEqual(
      many.slice(0, 15).map((entry) => entry?.value),
      keys.map((_, i) => ({
        n: i,
        tags: ["a", i],
      })),
    );
    assert.equal(many[15], null);
    await store.delete(["users", "003"]);
    assert.equal(await store.get(["users", "003"]), null);
    assert.equal((await store.list({ prefix: ["users"] })).total, 14);
    assert.ok(server.stats.reads > 0 && server.stats.writes > 0, "nothing went over the wire");
    assert.equal(server.stats.metadataExchanges >= 1, true);
  });
});

Deno.test("openKv over KV Connect - list selectors, cursors and exact totals", async (t) => {
  await withRemote(async (store) => {
    await Promise.all(Array.from({ length: 250 }, (_, i) => store.set(["item", pad(i)], i)));
    await store.set(["other"], "outside the prefix");

    await t.step("pages of 70 give totals 250, 180, 110, 40", async () => {
      const totals: number[] = [];
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list<number>({ prefix: ["item"] }, { limit: 70, cursor });
        totals.push(page.total);
        seen.push(...page.items.map((item) => item.value as number));
        cursor = page.cursor ?? undefined;
      } while (cursor);
      assert.deepEqual(totals, [250, 180, 110, 40]);
      assert.deepEqual(seen, Array.from({ length: 250 }, (_, i) => i));
    });

    const cases: [string, Parameters<KvStore["list"]>[0], boolean, number[]][] = [
      ["prefix + start", { prefix: ["item"], start: ["item", "240"] }, false, [240, 249]],
      ["prefix + end", { prefix: ["item"], end: ["item", "005"] }, false, [0, 4]],
      ["start + end", { start: ["item", "100"], end: ["item", "110"] }, false, [100, 109]],
      ["reverse prefix + start", { prefix: ["item"], start: ["item", "245"] }, true, [249, 245]],
    ];
    for (const [name, selector, reverse, [first, last]] of cases) {
      await t.step(name, async () => {
        const page = await store.list<number>(selector, { reverse, limit: 1000 });
        const count = Math.abs(last! - first!) + 1;
        assert.equal(page.total, count);
        assert.equal(page.items.length, count);
        assert.equal(page.items[0]!.value, first);
        assert.equal(page.items.at(-1)!.value, last);
        assert.equal(page.cursor, null);
      });
    }

    await t.step("entries() streams every live entry (what `apifn kv export` reads)", async () => {
      const keys: KvKey[] = [];
      for await (const entry of store.entries({ prefix: ["item"] })) keys.push(entry.key);
      assert.equal(keys.length, 250);
      assert.deepEqual(keys.at(-1), ["item", "249"]);
    });
  });
});

Deno.test("openKv over KV Connect - TTL follows the injected clock", async () => {
  let now = 1_700_000_000_000;
  await withRemote(async (store) => {
    await store.set(["session", "a"], { user: 1 }, { ttlInSeconds: 10 });
    await store.set(["session", "b"], { user: 2 }, { ttlInSeconds: 60 });
    await store.set(["session", "c"], { user: 3 });
    now += 9_999;
    assert.deepEqual(await store.get(["session", "a"]), { user: 1 });
    now += 1;
    assert.equal(await store.get(["session", "a"]), null);
    assert.equal((await store.list({ prefix: ["session"] })).total, 2);
    assert.deepEqual(await store.sweep(), { expired: 1, orphans: 0 });
    assert.equal((await store.list({ prefix: ["session"] })).total, 2);
    now += 50_000;
    const page = await store.list({ prefix: ["session"] });
    assert.deepEqual(page.items.map((item) => item.key), [["session", "c"]]);
    assert.equal(page.total, 1);
    assert.deepEqual(await store.sweep(), { expired: 1, orphans: 0 });
    assert.equal((await store.list({ prefix: [] })).total, 1);
  }, { now: () => now });
});

Deno.test("openKv over KV Connect - a ~500 KB value is chunked and round-trips", async () => {
  await withRemote(async (store, server) => {
    const text = "0123456789abcdef".repeat(32 * 1024); // 512 KiB
    const value = { text, list: Array.from({ length: 100 }, (_, i) => i) };
    await store.set(["big"], value);
    assert.deepEqual(await store.get(["big"]), value);
    assert.ok(server.stats.writes >= 2, "a large value should take several commits");
    await store.set(["big"], "small now");
    assert.equal(await store.get(["big"]), "small now");
    await store.set(["big"], value);
    await store.delete(["big"]);
    assert.equal(await store.get(["big"]), null);
    assert.equal((await store.list({ prefix: [] })).total, 0);
  });
});

Deno.test("openKv over KV Connect - totals stay exact after overwrites and deletes", async () => {
  await withRemote(async (store) => {
    for (let i = 0; i < 30; i++) await store.set(["c", i % 3, i], i);
    for (let i = 0; i < 10; i++) await store.set(["c", i % 3, i], -i); // overwrites
    for (const i of [0, 3, 4, 29, 99]) await store.delete(["c", i % 3, i]); // 99 never existed
    assert.equal((await store.list({ prefix: ["c"] })).total, 26);
    assert.equal((await store.list({ prefix: ["c", 0] })).total, 8);
    assert.equal((await store.list({ prefix: ["c", 1] })).total, 9);
    assert.equal((await store.list({ prefix: ["c", 2] })).total, 9);
    assert.equal((await store.list({ prefix: [] })).total, 26);
  });
});

Deno.test("openKv over KV Connect - group commit of 200 concurrent sets stays within 10 checks", async () => {
  await withRemote(async (store, server) => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.set(["burst", pad(i)], { i })),
    );
    assert.equal(results.length, 200);
    assert.equal((await store.list({ prefix: ["burst"] })).total, 200);
    const page = await store.list<{ i: number }>({ prefix: ["burst"] }, { limit: 1000 });
    assert.deepEqual(
      page.items.map((item) => item.value?.i),
      Array.from({ length: 200 }, (_, i) => i),
    );
    assert.ok(server.stats.maxChecksSeen > 1, "writes were not grouped");
    assert.ok(store.stats.commits < 200, `${store.stats.commits} commits for 200 writes`);
  });
});
