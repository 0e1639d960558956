import assert from "node:assert/strict";
import { LOCAL_LIMITS } from "../../../src/kv/engine/backend.ts";
import { openKv } from "../../../src/kv/engine/open.ts";
import { KvStore } from "../../../src/kv/api/store.ts";
import { readUntil, sanitize, tempStorePath } from "./_watch.ts";

const A = ["notes", 1];
const B = ["notes", 2];

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
