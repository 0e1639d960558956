import assert from "node:assert/strict";
import { withDirectReader } from "./_helpers.ts";
import { ABSENT, UNANSWERED } from "../../src/kv/direct_rows.ts";

Deno.test("DirectReader - returns what Deno KV returns, for each kind of value", async (t) => {
  await withDirectReader(async (kv, reader) => {
    const cases: [string, unknown][] = [
      ["bytes (apifn's inline record)", new Uint8Array([123, 125])],
      ["object with bytes and expiry (apifn's TTL record)", { v: new Uint8Array([49]), e: 5 }],
      ["object of a large value", { b: "id", n: 3, s: 190000 }],
      ["string", "text"],
      ["null", null],
      ["Deno.KvU64 (apifn's counters)", new Deno.KvU64(2n ** 63n + 5n)],
    ];
    for (const [name, value] of cases) {
      await t.step(name, async () => {
        await kv.set(["k", name], value);
        assert.deepEqual(reader.read(["k", name]), (await kv.get(["k", name])).value);
      });
    }
  });
});

Deno.test("DirectReader - sees every commit at once, from this connection or another", async () => {
  await withDirectReader(async (kv, reader, path) => {
    assert.equal(reader.read(["a"]), ABSENT);
    await kv.set(["a"], new Uint8Array([1]));
    assert.deepEqual(reader.read(["a"]), new Uint8Array([1]));
    assert.equal(reader.answered, 2);
    const other = await Deno.openKv(path); // as another process would
    try {
      for (let i = 2; i < 50; i++) {
        await other.set(["a"], new Uint8Array([i]));
        assert.deepEqual(reader.read(["a"]), new Uint8Array([i]));
      }
      await other.delete(["a"]);
      assert.equal(reader.read(["a"]), ABSENT);
    } finally {
      other.close();
    }
  });
});

Deno.test("DirectReader - leaves to Deno KV what it does not decode", async (t) => {
  await withDirectReader(async (kv, reader) => {
    await t.step("a row with Deno KV's own expireIn", async () => {
      await kv.set(["ttl"], new Uint8Array([1]), { expireIn: 60_000 });
      assert.equal(reader.read(["ttl"]), UNANSWERED);
    });
    await t.step("a key with a bigint part", () => {
      assert.equal(reader.read(["n", 1n]), UNANSWERED);
    });
    await t.step("none of these counts as answered", () => assert.equal(reader.answered, 0));
    await t.step("after close", () => {
      reader.close();
      reader.close();
      assert.equal(reader.read(["ttl"]), UNANSWERED);
    });
  });
});

Deno.test("DirectReader.getMany - equals Deno.Kv.getMany, in order, for any number of keys", async (t) => {
  await withDirectReader(async (kv, reader) => {
    for (let i = 0; i < 300; i += 2) {
      await kv.set(["m", i], i % 4 ? new Uint8Array([i % 256]) : { i });
    }
    await kv.set(["m", "u64"], new Deno.KvU64(9n));
    const cases: [string, Deno.KvKey[]][] = [
      ["one present", [["m", 2]]],
      ["one absent", [["m", 1]]],
      ["mixed, out of order, repeated", [["m", 8], ["m", 3], ["m", "u64"], ["m", 8], ["m", 0]]],
      [
        "250 keys (chunks of 100 in one read transaction)",
        [...Array(250).keys()].map((i) => ["m", 249 - i]),
      ],
      ["none", []],
    ];
    for (const [name, keys] of cases) {
      await t.step(name, async () => {
        const expected: Deno.KvEntryMaybe<unknown>[] = [];
        for (let i = 0; i < keys.length; i += 10) {
          expected.push(...await kv.getMany(keys.slice(i, i + 10)));
        }
        assert.deepEqual(reader.getMany(keys), expected);
      });
    }
    await t.step(
      "a row with Deno KV's own expireIn: the whole read is left to Deno KV",
      async () => {
        await kv.set(["m", 1], "soon gone", { expireIn: 60_000 });
        assert.equal(reader.getMany([["m", 0], ["m", 1]]), UNANSWERED);
      },
    );
    await t.step("closed", () => {
      reader.close();
      assert.equal(reader.getMany([["m", 0]]), UNANSWERED);
    });
  });
});
