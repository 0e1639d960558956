import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  ABSENT,
  type DirectReader,
  KNOWN_SCHEMA_VERSION,
  openDirectReader,
  UNANSWERED,
  Unanswered,
} from "../../src/kv/direct_read.ts";
import { seededRandom } from "./_random.ts";

/** A fresh Deno KV file, a direct reader on it, and clean-up. */
async function withFile(
  body: (kv: Deno.Kv, reader: DirectReader, path: string) => Promise<void>,
): Promise<void> {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const kv = await Deno.openKv(path);
  const reader = await openDirectReader(path);
  try {
    assert.ok(reader, "a Deno KV file of this Deno has the known schema");
    await body(kv, reader, path);
  } finally {
    reader?.close();
    kv.close();
    await Deno.remove(path);
  }
}

Deno.test("openDirectReader - returns what Deno KV returns, for each kind of value", async (t) => {
  await withFile(async (kv, reader) => {
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

Deno.test("openDirectReader - sees every commit at once, from this connection or another", async () => {
  await withFile(async (kv, reader, path) => {
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

Deno.test("openDirectReader - leaves to Deno KV what it does not decode", async (t) => {
  await withFile(async (kv, reader) => {
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

Deno.test("openDirectReader - no reader for files it cannot read safely", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("a missing file", async () => {
      assert.equal(await openDirectReader(`${dir}/missing.sqlite3`), undefined);
    });
    await t.step("a SQLite file that is not Deno KV's", async () => {
      const db = new DatabaseSync(`${dir}/other.sqlite3`);
      db.exec("CREATE TABLE t (x)");
      db.close();
      assert.equal(await openDirectReader(`${dir}/other.sqlite3`), undefined);
    });
    await t.step("a Deno KV file of another schema version", async () => {
      const path = `${dir}/future.sqlite3`;
      (await Deno.openKv(path)).close();
      const db = new DatabaseSync(path);
      db.exec(`UPDATE migration_state SET version = ${KNOWN_SCHEMA_VERSION + 1} WHERE k = 0`);
      db.close();
      assert.equal(await openDirectReader(path), undefined);
    });
    await t.step("a file that is not SQLite", async () => {
      await Deno.writeTextFile(`${dir}/text.sqlite3`, "hello, not a database".repeat(20));
      assert.equal(await openDirectReader(`${dir}/text.sqlite3`), undefined);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DirectReader.list - yields what Deno.Kv.list yields, per selector and direction", async (t) => {
  await withFile(async (kv, reader) => {
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

Deno.test("DirectReader.list - stops with Unanswered where Deno KV must decide", async (t) => {
  await withFile(async (kv, reader) => {
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
