import assert from "node:assert/strict";
import { openKv } from "../../../src/kv/engine/open.ts";
import type { KvListEntry } from "../../../src/types.ts";
import { FakeClock } from "../_helpers.ts";
import { readUntil, sanitize, tempStorePath } from "./_watch.ts";

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
