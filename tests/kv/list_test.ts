import assert from "node:assert/strict";
import { type Backend, LOCAL_LIMITS } from "../../src/kv/backend.ts";
import { openDirectReader } from "../../src/kv/direct_open.ts";
import { listPage } from "../../src/kv/list.ts";
import { KvStore } from "../../src/kv/store.ts";
import { countingReads } from "./_helpers.ts";

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

Deno.test("listPage - a file store with direct reads lists a first page without a Deno KV read", async (t) => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const { kv: proxy, reads } = countingReads(await Deno.openKv(path));
  const backend: Backend = {
    kv: proxy,
    limits: LOCAL_LIMITS,
    reader: await openDirectReader(path),
  };
  const store = new KvStore(backend, { sweepIntervalMs: 0 });
  try {
    for (let i = 0; i < 30; i++) await store.set(["items", i], { i });
    await store.set(["items", 30], "x".repeat(100_000)); // a large value (chunks)
    await t.step("first page and total: no Deno KV read", async () => {
      reads.length = 0;
      const page = await listPage(backend, { prefix: ["items"] }, { limit: 10, now });
      assert.deepEqual(
        page.items.map((item) => item.value),
        [...Array(10).keys()].map((i) => ({ i })),
      );
      assert.equal(page.total, 31);
      assert.deepEqual(reads, []);
    });
    await t.step("a page reaching the large value reads its chunks directly too", async () => {
      reads.length = 0;
      const page = await listPage(backend, { prefix: ["items"] }, { limit: 5, reverse: true, now });
      assert.equal(page.items[0]!.value, "x".repeat(100_000));
      assert.deepEqual(reads, []);
    });
    await t.step("expired entries not yet swept: subtracted exactly", async () => {
      for (let i = 0; i < 4; i++) await store.set(["ttl", i], i, i < 3 ? { ttlInSeconds: 1 } : {});
      reads.length = 0;
      const later = () => Date.now() + 5_000;
      const page = await listPage(backend, { prefix: ["ttl"] }, { limit: 2, now: later });
      assert.deepEqual(page.items.map((item) => item.key[1]), [3]);
      assert.equal(page.total, 1);
      assert.deepEqual(reads, ["list"], "the page directly, the expiry index through Deno KV");
    });
    await t.step("page 2 by cursor and its total (a count scan): no Deno KV read", async () => {
      const first = await listPage(backend, { prefix: ["items"] }, { limit: 25, now });
      reads.length = 0;
      const second = await listPage(backend, { prefix: ["items"] }, {
        limit: 2,
        cursor: first.cursor!,
        now,
      });
      assert.deepEqual(second.items.map((item) => item.key[1]), [25, 26]);
      assert.equal(second.total, 6); // 25..30
      assert.deepEqual(reads, []);
    });
    await t.step("a long count scan lets timers run meanwhile", async () => {
      for (let i = 0; i < 10_000; i += 1000) {
        await Promise.all([...Array(1000).keys()].map((j) => store.set(["many", i + j], i + j)));
      }
      // Five pages of 1,000 in: the next total scans one side of 5,000 keys.
      let first = await listPage(backend, { prefix: ["many"] }, { limit: 1000, now });
      for (let page = 1; page < 5; page++) {
        first = await listPage(backend, { prefix: ["many"] }, {
          limit: 1000,
          cursor: first.cursor!,
          now,
        });
      }
      let ticks = 0;
      const timer = setInterval(() => ticks++, 0);
      reads.length = 0;
      try {
        const second = await listPage(backend, { prefix: ["many"] }, {
          limit: 10,
          cursor: first.cursor!,
          now,
        });
        assert.equal(second.total, 5000);
      } finally {
        clearInterval(timer);
      }
      assert.deepEqual(reads, [], "the scan was direct");
      assert.ok(ticks > 0, "a timer ran during the scan of 5,000 keys");
    });
    await t.step("a row Deno KV must decide: the same page, listed through Deno KV", async () => {
      const raw = await Deno.openKv(path);
      await raw.set(["d", "items", 5.5], new Uint8Array([49]), { expireIn: 60_000 });
      raw.close();
      reads.length = 0;
      const page = await listPage(backend, { prefix: ["items"] }, { limit: 7, now });
      assert.deepEqual(page.items.map((item) => item.key[1]), [0, 1, 2, 3, 4, 5, 5.5]);
      assert.deepEqual(reads, ["list"]);
      // A count scan that meets it counts that side again through Deno KV: the same page and
      // total as with no direct reads at all.
      const options = { limit: 2, cursor: page.cursor!, now };
      reads.length = 0;
      const next = await listPage(backend, { prefix: ["items"] }, options);
      assert.ok(reads.includes("list"), "the scan went through Deno KV");
      const viaKv = await listPage(
        { kv: proxy, limits: LOCAL_LIMITS },
        { prefix: ["items"] },
        options,
      );
      assert.deepEqual(next, viaKv);
      assert.deepEqual(next.items.map((item) => item.key[1]), [6, 7]);
    });
  } finally {
    await store.close();
    await Deno.remove(path);
  }
});
