import assert from "node:assert/strict";
import {
  compareKeys,
  compareStrings,
  encodedKeySize,
  isUnder,
  MAX_KEY_BYTES,
  validateKey,
  validatePrefix,
} from "../../../src/kv/layout/keys.ts";
import { counterKey, ttlCounterKey } from "../../../src/kv/layout/counters.ts";
import { dataKey, expiryKey } from "../../../src/kv/layout/records.ts";
import type { KvKey, KvKeyPart } from "../../../src/types.ts";
import { randomKey, seededRandom } from "../_random.ts";

Deno.test("validateKey - returns a copy of a valid key", async (t) => {
  const cases: [string, KvKey, KvKey][] = [
    ["strings", ["notes", "a@b.c"], ["notes", "a@b.c"]],
    ["mixed", ["items", 42, true, false, -1.5], ["items", 42, true, false, -1.5]],
    ["negative zero reads as zero", ["n", -0], ["n", 0]],
    ["empty string part", [""], [""]],
  ];
  for (const [name, key, expected] of cases) {
    await t.step(name, () => {
      const copy = validateKey(key);
      assert.deepEqual(copy, expected);
      assert.ok(Object.is(copy[1], expected[1]));
      assert.notEqual(copy, key);
    });
  }
});

Deno.test("validateKey - a bad key is a TypeError naming the part and its index", async (t) => {
  const cases: [string, unknown, RegExp][] = [
    ["not an array", "a", /^Cannot use key 'a': a key must be an array/],
    ["empty", [], /^Cannot use key \[\]: a key must have at least one part$/],
    ["null part", ["a", null], /^Cannot use key: part 1 is null; key parts must be/],
    ["NaN part", [NaN], /^Cannot use key: part 0 is NaN;/],
    ["Infinity part", ["a", "b", Infinity], /^Cannot use key: part 2 is Infinity;/],
    ["bigint part", [1n], /^Cannot use key: part 0 is a bigint \(1n\);/],
    ["nested array", ["a", ["b"]], /^Cannot use key: part 1 is an array;/],
    ["object part", [{}], /^Cannot use key: part 0 is an object;/],
    ["undefined part", ["a", undefined], /^Cannot use key: part 1 is undefined;/],
    ["symbol part", [Symbol("s")], /^Cannot use key: part 0 is a symbol;/],
    ["lone surrogate", ["\uD800"], /^Cannot use key: part 0 is a string with a lone surrogate/],
  ];
  for (const [name, key, message] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => validateKey(key),
        (e: Error) => e instanceof TypeError && message.test(e.message),
      );
    });
  }
  await t.step("the label names the key", () => {
    assert.throws(
      () => validateKey([null], "start key"),
      /^TypeError: Cannot use start key: part 0/,
    );
  });
});

Deno.test("validateKey - over MAX_KEY_BYTES is a RangeError with the size and limit", () => {
  assert.equal(MAX_KEY_BYTES, 2000);
  assert.deepEqual(validateKey(["a".repeat(1998)]), ["a".repeat(1998)]);
  assert.throws(
    () => validateKey(["a".repeat(1999)]),
    (e: Error) =>
      e instanceof RangeError &&
      e.message === "Cannot use key: it is 2001 bytes encoded, more than the limit of 2000 bytes",
  );
  assert.throws(() => validateKey(["a".repeat(3000)]), RangeError);
});

Deno.test("validatePrefix - allows the empty prefix, otherwise like validateKey", () => {
  assert.deepEqual(validatePrefix([]), []);
  assert.deepEqual(validatePrefix(["a", 1]), ["a", 1]);
  assert.throws(() => validatePrefix(["a", null]), /^TypeError: Cannot use prefix: part 1/);
  assert.throws(() => validatePrefix("a"), TypeError);
});

/** Key shapes, each padded with a trailing string part to an exact size. */
const SHAPES: [string, KvKeyPart[]][] = [
  ["one string", []],
  ["number first", [1]],
  ["booleans", [true, false]],
  ["NUL bytes (escaped in the encoding)", ["\u0000\u0000x\u0000"]],
  ["multi-byte", ["é€😀"]],
  ["many numbers", [1.5, -2, 3e100, 0, 7]],
];

function padTo(parts: KvKeyPart[], size: number): KvKeyPart[] {
  const base = encodedKeySize([...parts, ""]);
  return [...parts, "a".repeat(size - base)];
}

Deno.test("encodedKeySize - agrees with Deno KV's real 2048-byte key limit", async (t) => {
  const kv = await Deno.openKv(":memory:");
  try {
    for (const [name, parts] of SHAPES) {
      await t.step(name, async () => {
        const fits = padTo(parts, 2048);
        assert.equal(encodedKeySize(fits), 2048);
        await kv.set(fits, 1);
        const over = padTo(parts, 2049);
        await assert.rejects(kv.set(over, 1), /Key too large for write \(max 2048 bytes\)/);
      });
    }
  } finally {
    kv.close();
  }
});

Deno.test("MAX_KEY_BYTES - a key at exactly the limit fits every Deno KV key the layout derives", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    for (const [, parts] of SHAPES) {
      const key = validateKey(padTo(parts, MAX_KEY_BYTES));
      assert.equal(encodedKeySize(key), MAX_KEY_BYTES);
      const derived = [
        dataKey(key),
        expiryKey(8.64e15, key),
        counterKey(key),
        ttlCounterKey(key),
        [...dataKey(key), new Uint8Array()],
      ];
      for (const raw of derived) await kv.set(raw, null);
      await kv.get(expiryKey(8.64e15, key));
    }
  } finally {
    kv.close();
  }
});

Deno.test("compareKeys - agrees with Deno KV's list order on random keys", async () => {
  const random = seededRandom(20261127);
  const keys = new Map<string, KvKey>();
  while (keys.size < 600) {
    const key = randomKey(random);
    keys.set(JSON.stringify(key), key);
  }
  const kv = await Deno.openKv(":memory:");
  try {
    await Promise.all([...keys.values()].map((key) => kv.set(key, 0)));
    const listed: Deno.KvKey[] = [];
    for await (const entry of kv.list({ prefix: [] })) listed.push(entry.key);
    const sorted = [...keys.values()].sort(compareKeys);
    assert.deepEqual(sorted, listed);
    const reversed = [...keys.values()].sort((a, b) => compareKeys(b, a));
    assert.deepEqual(reversed, [...listed].reverse());
  } finally {
    kv.close();
  }
});

Deno.test("compareStrings - orders by UTF-8 bytes", async (t) => {
  const encoder = new TextEncoder();
  const bytes = (s: string) => [...encoder.encode(s)];
  function byteOrder(a: string, b: string): number {
    const x = bytes(a);
    const y = bytes(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  }
  await t.step("\\uFFFF sorts before an astral character", () => {
    assert.ok(compareStrings("\uFFFF", "😀") < 0);
    assert.ok(compareStrings("\uE000", "\u{10000}") < 0);
    assert.ok(compareStrings("a", "a\u0000") < 0);
  });
  await t.step("random strings", () => {
    const random = seededRandom(7);
    const alphabet = ["a", "b", "\u0000", "é", "\uFFFF", "\uE000", "😀", "\u{10FFFF}", "\u{1F600}"];
    for (let i = 0; i < 3000; i++) {
      const make = () =>
        Array.from(
          { length: Math.floor(random() * 4) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join("");
      const [a, b] = [make(), make()];
      assert.equal(Math.sign(compareStrings(a, b)), Math.sign(byteOrder(a, b)), `${a} vs ${b}`);
    }
  });
});

Deno.test("isUnder - a key is under a strictly shorter matching prefix", async (t) => {
  const cases: [KvKey, KvKey, boolean][] = [
    [["a", 1], ["a"], true],
    [["a", 1], [], true],
    [["a"], ["a"], false],
    [["alice"], ["a"], false],
    [["a", 1, 2], ["a", 1], true],
    [["a", 1], ["a", "1"], false],
    [["a"], ["a", 1], false],
  ];
  for (const [key, prefix, expected] of cases) {
    await t.step(`${JSON.stringify(key)} under ${JSON.stringify(prefix)}`, () => {
      assert.equal(isUnder(key, prefix), expected);
    });
  }
});
