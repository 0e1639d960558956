import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { openKv } from "../../../src/kv/engine/open.ts";
import { KvStore } from "../../../src/kv/api/store.ts";
import type { KvListEntry } from "../../../src/types.ts";
import { FakeClock } from "../_helpers.ts";

/** Generous: a busy machine may be slow, and a watch that never fires fails instead of hanging. */
const DEADLINE_MS = 20_000;
const sanitize = { sanitizeOps: true, sanitizeResources: true };

/** Reads `reader` until `found` accepts a value; fails after the deadline or at the end. */
async function readUntil<T>(
  reader: ReadableStreamDefaultReader<T>,
  found: (value: T) => boolean,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen: T[] = [];
  const search = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`The watch ended before ${what}; saw ${JSON.stringify(seen)}`);
      seen.push(value);
      if (found(value)) return value;
    }
  })();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No ${what} within ${DEADLINE_MS} ms; saw ${JSON.stringify(seen)}`)),
      DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([search, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function tempStorePath(): Promise<{ path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-watch-" });
  return {
    path: `${dir}/kv.sqlite3`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test(
  "Deno.Kv.watch - sees a write made through the store on the same file",
  sanitize,
  async () => {
    await using tmp = await tempStorePath();
    const store = await openKv(tmp.path, { sweepIntervalMs: 0 });
    const plain = await Deno.openKv(tmp.path);
    const reader = plain.watch([["d", "notes", 1]]).getReader();
    try {
      await store.set(["notes", 1], { text: "hello" });
      const [entry] = await readUntil(reader, ([e]) => e?.versionstamp !== null, "write");
      // An inline value without a TTL is its JSON's bytes.
      assert.ok(entry!.value instanceof Uint8Array);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(entry!.value)), { text: "hello" });
    } finally {
      await reader.cancel();
      plain.close();
      await store.close();
    }
  },
);

type Seen = (KvListEntry | null)[];
const A = ["notes", 1];
const B = ["notes", 2];
const big = (c: string) => c.repeat(200_000);

Deno.test(
  "KvStore.watch - reports each change of a watched key with its decoded value",
  sanitize,
  async (t) => {
    await using tmp = await tempStorePath();
    const clock = new FakeClock();
    const store = await openKv(tmp.path, { sweepIntervalMs: 0, now: clock.now });
    const other = await openKv(tmp.path, { sweepIntervalMs: 0, now: clock.now });
    const reader = store.watch([A, B]).getReader();
    const cases: { name: string; write: () => Promise<unknown>; expect: Seen }[] = [
      { name: "current values first", write: async () => {}, expect: [null, null] },
      {
        name: "set",
        write: () => store.set(A, { n: 1 }),
        expect: [{ key: A, value: { n: 1 } }, null],
      },
      {
        name: "overwrite",
        write: () => store.set(A, "two"),
        expect: [{ key: A, value: "two" }, null],
      },
      {
        name: "large value, reassembled",
        write: () => store.set(B, big("x")),
        expect: [{ key: A, value: "two" }, { key: B, value: big("x") }],
      },
      {
        name: "large value replaced by another large value",
        write: () => store.set(B, big("y")),
        expect: [{ key: A, value: "two" }, { key: B, value: big("y") }],
      },
      {
        name: "large value replaced by a small one",
        write: () => store.set(B, 3),
        expect: [{ key: A, value: "two" }, { key: B, value: 3 }],
      },
      { name: "delete", write: () => store.delete(A), expect: [null, { key: B, value: 3 }] },
      {
        name: "transaction commit (both keys at once)",
        write: () =>
          store.transaction(async (tx) => {
            const n = (await tx.get<number>(B))!;
            await tx.set(A, n + 1);
            await tx.delete(B);
          }),
        expect: [{ key: A, value: 4 }, null],
      },
      {
        name: "write from another store on the same file",
        write: () => other.set(B, "from other"),
        expect: [{ key: A, value: 4 }, { key: B, value: "from other" }],
      },
      {
        name: "set with a TTL",
        write: () => store.set(B, "brief", { ttlInSeconds: 1 }),
        expect: [{ key: A, value: 4 }, { key: B, value: "brief" }],
      },
      {
        name: "an expired record reads null at the next write",
        write: () => {
          clock.advance(1000);
          return store.set(A, 5);
        },
        expect: [{ key: A, value: 5 }, null],
      },
      {
        name: "the sweep of the expired record is no change; the next write is",
        write: async () => {
          assert.equal((await store.sweep()).expired, 1);
          await store.set(A, 6);
        },
        expect: [{ key: A, value: 6 }, null],
      },
    ];
    try {
      for (const c of cases) {
        await t.step(c.name, async () => {
          const next = readUntil(reader, () => true, c.name);
          await c.write();
          // One commit per step, read before the next: exactly one new report, the final state.
          assert.deepEqual(await next, c.expect);
        });
      }
    } finally {
      await reader.cancel();
      await other.close();
      await store.close();
    }
  },
);

/** A store whose Deno KV watches are counted while open (the store closes `kv`). */
async function trackedStore(path: string): Promise<{ store: KvStore; open: () => number }> {
  (await openKv(path)).close(); // the current layout
  const kv = await Deno.openKv(path);
  let open = 0;
  const watch = (keys: Deno.KvKey[]) => {
    const reader = kv.watch(keys).getReader();
    open++;
    let ended = false;
    const end = () => ended || (ended = true, open--);
    return new ReadableStream<Deno.KvEntryMaybe<unknown>[]>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) (end(), controller.close());
        else controller.enqueue(value);
      },
      cancel: (reason) => (end(), reader.cancel(reason)),
    }, { highWaterMark: 0 });
  };
  const proxy = new Proxy(kv, {
    get: (target, name) => {
      if (name === "watch") return watch;
      const value = Reflect.get(target, name, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const store = new KvStore({ kv: proxy, limits: LOCAL_LIMITS }, { sweepIntervalMs: 0 });
  return { store, open: () => open };
}

Deno.test("KvStore.watch - cancelling the stream stops Deno KV's watch", sanitize, async (t) => {
  await using tmp = await tempStorePath();
  const { store, open } = await trackedStore(tmp.path);
  try {
    await t.step("after a report", async () => {
      const reader = store.watch([A]).getReader();
      assert.deepEqual(await readUntil(reader, () => true, "first report"), [null]);
      assert.equal(open(), 1);
      await reader.cancel();
      assert.equal(open(), 0);
    });
    await t.step("while a read waits for a change", async () => {
      const reader = store.watch([A]).getReader();
      await readUntil(reader, () => true, "first report");
      const waiting = reader.read();
      await reader.cancel();
      assert.deepEqual(await waiting, { done: true, value: undefined });
      assert.equal(open(), 0);
    });
  } finally {
    await store.close();
  }
});

Deno.test("KvStore.watch - close() ends every open watch", sanitize, async () => {
  await using tmp = await tempStorePath();
  const { store, open } = await trackedStore(tmp.path);
  const waiting = store.watch([A]).getReader();
  await readUntil(waiting, () => true, "first report");
  const pending = waiting.read();
  const unread = store.watch([B, A]).getReader();
  await store.close();
  assert.deepEqual(await pending, { done: true, value: undefined });
  assert.deepEqual(await unread.read(), { done: true, value: undefined });
  assert.equal(open(), 0);
  assert.throws(() => store.watch([A]), /closed/);
});

Deno.test("KvStore.watch - rejects bad keys, naming them", async (t) => {
  await using tmp = await tempStorePath();
  const store = await openKv(tmp.path, { sweepIntervalMs: 0 });
  const cases: { name: string; keys: unknown; error: ErrorConstructor; message: RegExp }[] = [
    { name: "not an array", keys: "notes", error: TypeError, message: /keys must be an array/ },
    { name: "no keys", keys: [], error: RangeError, message: /Cannot watch 0 keys/ },
    {
      name: "more than 10 keys",
      keys: Array.from({ length: 11 }, (_, i) => ["k", i]),
      error: RangeError,
      message: /Cannot watch 11 keys: pass 1 to 10/,
    },
    { name: "a key not an array", keys: [A, "b"], error: TypeError, message: /key at index 1/ },
    { name: "an empty key", keys: [[]], error: TypeError, message: /key at index 0 \[\]/ },
    { name: "a bad part", keys: [["a", null]], error: TypeError, message: /key at index 0/ },
  ];
  try {
    for (const c of cases) {
      await t.step(c.name, () => {
        assert.throws(
          () => store.watch(c.keys as Deno.KvKey[] as never),
          (e: unknown) => e instanceof c.error && c.message.test((e as Error).message),
        );
      });
    }
  } finally {
    await store.close();
  }
});
