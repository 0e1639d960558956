import assert from "node:assert/strict";
import { decodeValue, encodeValue, MAX_VALUE_BYTES } from "../../../src/kv/layout/values.ts";

const SIZE_MESSAGE =
  /^Value size \(\d+\.\d\d KB\) exceeds the maximum allowed size of 1 MB \(1024 KB\)$/;

Deno.test("encodeValue - stores the UTF-8 JSON text", async (t) => {
  const cases: [string, unknown][] = [
    ["object", { a: 1, b: [true, null, "x"] }],
    ["date", new Date(0)],
    ["undefined property", { a: undefined, b: 1 }],
    ["string with multi-byte characters", "é😀"],
    ["null", null],
    ["number", -0],
  ];
  for (const [name, value] of cases) {
    await t.step(name, () => {
      const { bytes } = encodeValue(value);
      assert.equal(new TextDecoder().decode(bytes), JSON.stringify(value));
      assert.deepEqual(decodeValue(bytes), JSON.parse(JSON.stringify(value)));
    });
  }
});

Deno.test("encodeValue - not serializable values throw 'Value is not JSON serializable:'", async (t) => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const cases: [string, unknown, RegExp][] = [
    ["circular", circular, /^Value is not JSON serializable: .*circular/i],
    ["bigint", { n: 1n }, /^Value is not JSON serializable: .*BigInt/],
    ["function", () => 1, /^Value is not JSON serializable: a function has no JSON form$/],
    ["symbol", Symbol("x"), /^Value is not JSON serializable: a symbol has no JSON form$/],
    ["undefined", undefined, /^Value is not JSON serializable: undefined has no JSON form$/],
  ];
  for (const [name, value, message] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => encodeValue(value),
        (e: Error) => e.constructor === Error && message.test(e.message),
      );
    });
  }
});

Deno.test("encodeValue - the limit is 1,048,576 bytes of UTF-8 JSON", async (t) => {
  assert.equal(MAX_VALUE_BYTES, 1_048_576);
  const cases: [string, unknown, boolean][] = [
    ["ascii at the limit", "x".repeat(MAX_VALUE_BYTES - 2), true],
    ["ascii one over", "x".repeat(MAX_VALUE_BYTES - 1), false],
    ["two-byte at the limit", "é".repeat(MAX_VALUE_BYTES / 2 - 1), true],
    [
      "two-byte two over (same length in UTF-16 units as a fitting ascii string)",
      "é".repeat(MAX_VALUE_BYTES / 2),
      false,
    ],
    ["escapes count as written", "\n".repeat(MAX_VALUE_BYTES / 2), false],
  ];
  for (const [name, value, fits] of cases) {
    await t.step(name, () => {
      if (fits) assert.equal(encodeValue(value).bytes.length, MAX_VALUE_BYTES);
      else {assert.throws(() =>
          encodeValue(value), (e: Error) =>
          e.constructor === Error && SIZE_MESSAGE.test(e.message));}
    });
  }
  await t.step("the message gives the size in KB", () => {
    assert.throws(
      () => encodeValue("x".repeat(2 * MAX_VALUE_BYTES)),
      /^Error: Value size \(2048\.00 KB\)/,
    );
  });
});
