import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  byteString,
  COLUMNS,
  decodeRow,
  loadDecoders,
  type RangeRow,
  UNANSWERED,
  versionstamp,
} from "../../src/kv/direct_rows.ts";
import { encodeKvKey } from "../../src/kv/key_bytes.ts";

Deno.test("decodeRow - each encoding and what is left to Deno KV", async (t) => {
  await loadDecoders();
  const le = (n: number) => new Uint8Array([n, 0, 0, 0, 0, 0, 0, 0]);
  const cases: [string, { v: Uint8Array; v_encoding: number; expiration_ms: number }, unknown][] = [
    [
      "bytes",
      { v: new Uint8Array([1, 2]), v_encoding: 3, expiration_ms: -1 },
      new Uint8Array([1, 2]),
    ],
    ["little-endian u64", { v: le(7), v_encoding: 2, expiration_ms: -1 }, new Deno.KvU64(7n)],
    [
      "u64 of the wrong length",
      { v: new Uint8Array(4), v_encoding: 2, expiration_ms: -1 },
      UNANSWERED,
    ],
    [
      "V8 bytes that do not decode",
      { v: new Uint8Array([1]), v_encoding: 1, expiration_ms: -1 },
      UNANSWERED,
    ],
    ["an unknown encoding", { v: new Uint8Array(), v_encoding: 9, expiration_ms: -1 }, UNANSWERED],
    ["Deno KV's own expiry", { v: new Uint8Array(), v_encoding: 3, expiration_ms: 0 }, UNANSWERED],
  ];
  for (const [name, row, expected] of cases) {
    await t.step(name, () => assert.deepEqual(decodeRow(row), expected));
  }
});

Deno.test("decodeRow and versionstamp - equal what Deno KV returns for the same rows", async () => {
  await loadDecoders();
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const kv = await Deno.openKv(path);
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const values = [
      new Uint8Array([0, 255]),
      { nested: [1, "two", null] },
      "text",
      3.5,
      null,
      new Deno.KvU64(1n << 60n),
    ];
    const keys: Deno.KvKey[] = values.map((_, i) => ["v", i]);
    for (let i = 0; i < values.length; i++) await kv.set(keys[i]!, values[i]);
    // Several keys in one commit share a version.
    assert.ok((await kv.atomic().set(["w", 1], 1).set(["w", 2], 2).commit()).ok);
    keys.push(["w", 1], ["w", 2]);
    // Deno KV ignores the `seq` column; a row whose `seq` is set keeps Deno KV's versionstamp.
    const writer = new DatabaseSync(path);
    writer.prepare("UPDATE kv SET seq = 7 WHERE k = ?").run(encodeKvKey(["w", 2]));
    writer.close();
    const select = db.prepare(`${COLUMNS} WHERE k = ?`);
    for (const key of keys) {
      const entry = await kv.get(key);
      const row = select.get(encodeKvKey(key)) as unknown as RangeRow;
      assert.ok(row, `a row for ${Deno.inspect(key)}`);
      assert.deepEqual(decodeRow(row), entry.value);
      assert.equal(versionstamp(row), entry.versionstamp);
      assert.equal(byteString(row.k), byteString(encodeKvKey(key)));
      // A versionstamp from the row passes Deno KV's own check.
      const check = await kv.atomic().check({ key, versionstamp: versionstamp(row) }).commit();
      assert.ok(check.ok, `Deno KV accepts the versionstamp of ${Deno.inspect(key)}`);
    }
  } finally {
    db.close();
    kv.close();
    await Deno.remove(path);
  }
});

Deno.test("byteString - one char per byte, distinct for distinct bytes", () => {
  assert.equal(byteString(new Uint8Array([97, 0, 255])), "a\0\xff");
  assert.notEqual(byteString(new Uint8Array([1, 2])), byteString(new Uint8Array([1, 2, 0])));
});
