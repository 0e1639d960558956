import assert from "node:assert/strict";
import { withDirectReader } from "./_helpers.ts";
import { Unanswered } from "../../src/kv/direct_rows.ts";
import { seededRandom } from "./_random.ts";

Deno.test("listRows - yields what Deno.Kv.list yields, per selector and direction", async (t) => {
  await withDirectReader(async (kv, reader) => {
    const random = seededRandom(7);
    const values = [
      new Uint8Array([1, 0]),
      { v: new Uint8Array([2]), e: 9 },
      new Deno.KvU64(3n),
      "s",
    ];
    for (let i = 0; i < 60; i++) {
      const key = [
        "p",
        i % 3 === 0 ? Math.floor(random() * 1000) - 500 : `k\0${i}é`,
        random() < 0.5,
      ];
      await kv.set(key, values[i % values.length]);
    }
    await kv.set(["p", new Uint8Array([0])], new Deno.KvU64(60n));
    await kv.set(["q"], "outside");
    const selectors: [string, Deno.KvListSelector][] = [
      ["prefix", { prefix: ["p"] }],
      ["prefix and start", { prefix: ["p"], start: ["p", 0] }],
      ["prefix and end", { prefix: ["p"], end: ["p", "k\0"] }],
      ["start and end", { start: ["p", -100], end: ["q"] }],
      ["everything", { prefix: [] }],
      ["empty range", { prefix: ["none"] }],
    ];
    for (const [name, selector] of selectors) {
      for (const reverse of [false, true]) {
        for (const batchSize of [1, 7, 100]) {
          await t.step(`${name}, reverse ${reverse}, batches of ${batchSize}`, async () => {
            const expected = await Array.fromAsync(kv.list(selector, { reverse, batchSize }));
            const direct = [...reader.list(selector, { reverse, batchSize })!];
            assert.deepEqual(direct, expected);
          });
        }
      }
    }
  });
});

Deno.test("listRows - stops with Unanswered where Deno KV must decide", async (t) => {
  await withDirectReader(async (kv, reader) => {
    await kv.set(["a", 1], "fine");
    await kv.set(["a", 2], "expires", { expireIn: 60_000 });
    await t.step("a row with Deno KV's own expireIn", () => {
      const entries = reader.list({ prefix: ["a"] }, { reverse: false, batchSize: 10 })!;
      const seen: unknown[] = [];
      assert.throws(() => {
        for (const entry of entries) seen.push(entry.value);
      }, Unanswered);
      assert.deepEqual(seen, ["fine"]);
    });
    await t.step("a bigint in a bound", () => {
      const entries = reader.list({ prefix: ["a", 1n] }, { reverse: false, batchSize: 10 })!;
      assert.throws(() => [...entries], Unanswered);
    });
    await t.step("closed", () => {
      reader.close();
      assert.equal(reader.list({ prefix: ["a"] }, { reverse: false, batchSize: 10 }), undefined);
    });
  });
});
