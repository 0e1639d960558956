import assert from "node:assert/strict";
import { type Backend, LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { listPage } from "../../../src/kv/api/list.ts";
import { KvStore } from "../../../src/kv/api/store.ts";
import { countingReads } from "../_helpers.ts";

async function withStore(
  body: (store: KvStore, backend: Backend, reads: string[]) => Promise<void>,
  options: { now?: () => number } = {},
): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  const { kv: proxy, reads } = countingReads(kv);
  const backend: Backend = { kv: proxy, limits: LOCAL_LIMITS };
  const store = new KvStore(backend, { sweepIntervalMs: 0, ...options });
  try {
    await body(store, backend, reads);
  } finally {
    await store.close();
  }
}

const now = () => Date.now();

Deno.test("listPage - a forward first page of a prefix and its total take one read", async (t) => {
  await withStore(async (store, backend, reads) => {
    for (let i = 0; i < 30; i++) await store.set(["items", i], { i });
    // Sub-collections put their own counters inside the listed range: they are skipped.
    for (let i = 0; i < 5; i++) await store.set(["items", 3, "notes", i], i);
    await store.set(["other", 1], 1);
    const cases: [string, () => Promise<unknown>, number, string[]][] = [
      ["first page", () => listPage(backend, { prefix: ["items"] }, { limit: 10, now }), 35, [
        "list",
      ]],
      ["whole store", () => listPage(backend, { prefix: [] }, { limit: 10, now }), 36, ["list"]],
      ["empty prefix", () => listPage(backend, { prefix: ["none"] }, { limit: 10, now }), 0, [
        "list",
      ]],
      // Reverse and bounded pages read the counters separately (in parallel with the page).
      [
        "reverse",
        () => listPage(backend, { prefix: ["items"] }, { limit: 10, reverse: true, now }),
        35,
        ["list", "getMany"],
      ],
    ];
    for (const [name, run, total, expected] of cases) {
      await t.step(name, async () => {
        reads.length = 0;
        const page = await run() as { total: number; items: { key: unknown[] }[] };
        assert.equal(page.total, total);
        assert.ok(
          page.items.every((item) => item.key.every((part) => !(part instanceof Uint8Array))),
        );
        assert.deepEqual(reads, expected);
      });
    }
  });
});

Deno.test("listPage - the first page's items skip every counter key", async () => {
  await withStore(async (store, backend) => {
    await store.set(["a"], 0);
    await store.set(["a", "b"], 1);
    await store.set(["a", "b", "c"], 2);
    await store.set(["a", "c"], 3);
    const page = await listPage(backend, { prefix: [] }, { limit: 100, now });
    assert.deepEqual(page.items.map((item) => item.key), [
      ["a"],
      ["a", "b"],
      ["a", "b", "c"],
      ["a", "c"],
    ]);
    assert.equal(page.total, 4);
    const small = await listPage(backend, { prefix: ["a"] }, { limit: 1, now });
    assert.deepEqual(small.items.map((item) => item.key), [["a", "b"]]);
    assert.equal(small.total, 3);
    assert.notEqual(small.cursor, null);
  });
});

Deno.test("listPage - with TTL entries the total stays exact past expiry", async () => {
  let clock = 1_000_000;
  const now = () => clock;
  await withStore(async (store, backend, reads) => {
    for (let i = 0; i < 6; i++) {
      await store.set(["s", i], i, i < 3 ? { ttlInSeconds: 1 } : {});
    }
    clock += 500;
    assert.equal((await listPage(backend, { prefix: ["s"] }, { limit: 2, now })).total, 6);
    clock += 1_000;
    reads.length = 0;
    const later = await listPage(backend, { prefix: ["s"] }, { limit: 2, now });
    assert.equal(later.total, 3);
    assert.deepEqual(later.items.map((item) => item.key), [["s", 3], ["s", 4]]);
    assert.deepEqual(reads, ["list", "list"], "the page, then the expiry index");
    // Entries without a TTL under another prefix need no expiry scan.
    await store.set(["plain", 1], 1);
    reads.length = 0;
    assert.equal((await listPage(backend, { prefix: ["plain"] }, { limit: 2, now })).total, 1);
    assert.deepEqual(reads, ["list"]);
  }, { now });
});

Deno.test("KvStore.list - entries plain Deno KV wrote in apifn's space are skipped alike by pages and totals", async (t) => {
  const kv = await Deno.openKv(":memory:");
  const store = new KvStore({ kv, limits: LOCAL_LIMITS }, { sweepIntervalMs: 0 });
  try {
    for (let i = 0; i < 5; i++) await store.set(["notes", i], { i });
    const foreign: [Deno.KvKey, unknown][] = [
      [["d", "notes", 2n], new Uint8Array([49])], // a bigint part
      [["d", "notes", 1.5, 7n], new Uint8Array([49])],
      [["d", "notes", "plain"], { title: "a plain Deno KV object" }],
      [["d", "notes", "number"], 42],
      [["d", "notes", Number.NaN], new Uint8Array([49])],
    ];
    for (const [key, value] of foreign) await kv.set(key, value);
    const cases: [string, { limit: number; reverse?: boolean }][] = [
      ["one page", { limit: 100 }],
      ["pages of 2", { limit: 2 }],
      ["reverse pages of 2", { limit: 2, reverse: true }],
    ];
    for (const [name, options] of cases) {
      await t.step(name, async () => {
        const keys: unknown[] = [];
        const totals: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.list({ prefix: ["notes"] }, { ...options, cursor });
          keys.push(...page.items.map((item) => item.key));
          totals.push(page.total);
          cursor = page.cursor ?? undefined;
        } while (cursor);
        const expected = [0, 1, 2, 3, 4].map((i) => ["notes", i]);
        assert.deepEqual(keys, options.reverse ? expected.reverse() : expected);
        assert.equal(totals[0], 5);
      });
    }
    await t.step("a start/end range and the whole store", async () => {
      const ranged = await store.list({ start: ["notes", 1], end: ["notes", true] });
      assert.deepEqual(ranged.items.map((item) => item.key), [1, 2, 3, 4].map((i) => ["notes", i]));
      assert.equal(ranged.total, 4);
      assert.equal((await store.list({ prefix: [] }, { limit: 1 })).total, 5);
    });
    await t.step("entries() (export) skips them too", async () => {
      const all = [];
      for await (const entry of store.entries()) all.push(entry.key);
      assert.equal(all.length, 5);
    });
  } finally {
    await store.close();
  }
});
