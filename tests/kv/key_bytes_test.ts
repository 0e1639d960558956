import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { decodeKvKey, encodeKvKey, selectorBounds } from "../../src/kv/key_bytes.ts";
import { randomPart, seededRandom } from "./_random.ts";

Deno.test("encodeKvKey - writes each kind of part as Deno KV does", async (t) => {
  const cases: [string, Deno.KvKey, number[]][] = [
    ["ascii string", ["ab"], [0x02, 0x61, 0x62, 0x00]],
    ["empty string", [""], [0x02, 0x00]],
    ["string with NUL", ["a\0b"], [0x02, 0x61, 0x00, 0xff, 0x62, 0x00]],
    ["non-ascii string", ["é"], [0x02, 0xc3, 0xa9, 0x00]],
    ["positive number", [1], [0x21, 0xbf, 0xf0, 0, 0, 0, 0, 0, 0]],
    ["zero", [0], [0x21, 0x80, 0, 0, 0, 0, 0, 0, 0]],
    ["negative zero", [-0], [0x21, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ["negative number", [-1], [0x21, 0x40, 0x0f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ["false, true", [false, true], [0x26, 0x27]],
    ["bytes with 0x00", [new Uint8Array([0, 1])], [0x01, 0x00, 0xff, 0x01, 0x00]],
    ["several parts", ["d", 2], [0x02, 0x64, 0x00, 0x21, 0xc0, 0, 0, 0, 0, 0, 0, 0]],
  ];
  for (const [name, key, bytes] of cases) {
    await t.step(name, () => assert.deepEqual(encodeKvKey(key), new Uint8Array(bytes)));
  }
});

Deno.test("encodeKvKey - a long key grows the buffer and each result is a separate copy", () => {
  const long = "x".repeat(5000);
  const first = encodeKvKey([long, "\0".repeat(300)]);
  assert.equal(first.length, 5002 + 602);
  const second = encodeKvKey(["a"]);
  assert.deepEqual(second, new Uint8Array([2, 97, 0]));
  assert.equal(first[1], 0x78, "the first result is not overwritten by the second call");
});

Deno.test("encodeKvKey - a NaN part is a TypeError (Deno KV canonicalizes NaN)", () => {
  assert.throws(() => encodeKvKey([NaN]), /^TypeError: Cannot encode KV key part NaN/);
});

Deno.test("encodeKvKey - a bigint part is a TypeError naming it", () => {
  assert.throws(
    () => encodeKvKey(["a", 5n]),
    (error) =>
      error instanceof TypeError && /^Cannot encode KV key part 1 \(5n\)/.test(error.message),
  );
});

Deno.test("encodeKvKey - finds exactly the rows Deno KV wrote for 500 random keys", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const kv = await Deno.openKv(path);
  const random = seededRandom(91);
  const keys: Deno.KvKey[] = [];
  for (let i = 0; i < 500; i++) {
    const key: Deno.KvKeyPart[] = [];
    const parts = 1 + Math.floor(random() * 4);
    for (let p = 0; p < parts; p++) {
      const r = random();
      if (r < 0.1) key.push(-0);
      else if (r < 0.2) key.push(new Uint8Array([0, Math.floor(random() * 256), 0]));
      else if (r < 0.25) key.push(Number.MIN_VALUE * Math.floor(random() * 10 - 5));
      else key.push(randomPart(random));
    }
    keys.push(key);
  }
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    for (let i = 0; i < keys.length; i += 100) {
      const atomic = kv.atomic();
      for (const key of keys.slice(i, i + 100)) atomic.set(key, 1);
      assert.ok((await atomic.commit()).ok);
    }
    const find = db.prepare("SELECT count(*) AS n FROM kv WHERE k = ?");
    for (const key of keys) {
      const found = find.get(encodeKvKey(key)) as { n: number };
      assert.equal(found.n, 1, `no row for ${Deno.inspect(key)}`);
    }
    // And Deno KV's order is the byte order of the encodings.
    const listed: Uint8Array[] = [];
    for await (const entry of kv.list({ prefix: [] })) listed.push(encodeKvKey(entry.key));
    const sorted = [...listed].sort(compareBytes);
    assert.deepEqual(listed, sorted);
    // decodeKvKey reads back every stored key as Deno KV does.
    const rows = db.prepare("SELECT k FROM kv ORDER BY k").all() as { k: Uint8Array }[];
    const keysListed = (await Array.fromAsync(kv.list({ prefix: [] }))).map((entry) => entry.key);
    assert.deepEqual(rows.map((row) => decodeKvKey(row.k)), keysListed);
  } finally {
    db.close();
    kv.close();
    await Deno.remove(path);
  }
});

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

Deno.test("decodeKvKey - bytes that are not a supported key are a TypeError", async (t) => {
  const cases: [string, number[], RegExp][] = [
    ["unterminated string", [0x02, 0x61], /unterminated part/],
    ["truncated number", [0x21, 0x80, 0], /truncated number/],
    ["bigint part", [0x15, 0x01], /unsupported part type 0x15/],
    ["invalid UTF-8", [0x02, 0xff, 0xfe, 0x00], /./],
  ];
  for (const [name, bytes, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => decodeKvKey(new Uint8Array(bytes)), (error) => {
        return error instanceof TypeError && message.test(error.message);
      });
    });
  }
});

Deno.test("selectorBounds - the byte range of each kind of selector", async (t) => {
  const p = [2, 112, 0]; // "p"
  const cases: [string, Deno.KvListSelector, number[], number[]][] = [
    ["prefix", { prefix: ["p"] }, [...p, 0x00], [...p, 0xff]],
    ["prefix and start", { prefix: ["p"], start: ["p", true] }, [...p, 0x27], [...p, 0xff]],
    ["prefix and end", { prefix: ["p"], end: ["p", false] }, [...p, 0x00], [...p, 0x26]],
    ["start and end", { start: ["p"], end: ["q"] }, p, [2, 113, 0]],
    ["empty prefix", { prefix: [] }, [0x00], [0xff]],
  ];
  for (const [name, selector, lower, upper] of cases) {
    await t.step(name, () => {
      assert.deepEqual(selectorBounds(selector), [new Uint8Array(lower), new Uint8Array(upper)]);
    });
  }
});
