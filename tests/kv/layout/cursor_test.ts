import assert from "node:assert/strict";
import {
  type CursorState,
  decodeCursor,
  encodeCursor,
  selectorFingerprint,
} from "../../../src/kv/layout/cursor.ts";
import type { KvKey } from "../../../src/types.ts";

const FP = selectorFingerprint({ prefix: ["notes"] }, false);
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(
    /=+$/,
    "",
  );
}

Deno.test("encodeCursor - round trips through decodeCursor as opaque base64url", async (t) => {
  const states: [string, CursorState][] = [
    ["simple", { key: ["notes", "n-1"], before: 10, after: 5 }],
    ["numbers and booleans", { key: ["a", 1.5, -3, true, false], before: 0, after: 0 }],
    ["unicode and NUL", { key: ["é😀\u0000\uFFFF"], before: 1, after: 2 }],
    ["a 2000-byte key", { key: ["x".repeat(1998)], before: 3, after: 4 }],
  ];
  for (const [name, state] of states) {
    await t.step(name, () => {
      const cursor = encodeCursor(state, FP);
      assert.match(cursor, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual(decodeCursor(cursor, FP), state);
    });
  }
});

Deno.test("selectorFingerprint - differs per selector and direction, stable per input", async (t) => {
  const parts: { prefix?: KvKey; start?: KvKey; end?: KvKey }[] = [
    { prefix: ["a"] },
    { prefix: ["b"] },
    { prefix: [1] },
    { prefix: ["1"] },
    { prefix: [] },
    { prefix: ["a"], start: ["a", 1] },
    { prefix: ["a"], end: ["a", 1] },
    { prefix: ["a"], start: ["a", 1], end: ["a", 9] },
    { start: ["a", 1], end: ["a", 9] },
    { start: ["a", 1], end: ["a", 8] },
  ];
  await t.step("all distinct", () => {
    const seen = new Set<string>();
    for (const p of parts) {
      for (const reverse of [false, true]) seen.add(selectorFingerprint(p, reverse));
    }
    assert.equal(seen.size, parts.length * 2);
  });
  await t.step("stable", () => {
    assert.equal(
      selectorFingerprint({ prefix: ["a"], start: ["a", 1] }, true),
      selectorFingerprint({ prefix: ["a"], start: ["a", 1] }, true),
    );
    assert.match(selectorFingerprint({ prefix: ["a"] }, false), /^[0-9a-f]{8}$/);
  });
});

Deno.test("decodeCursor - rejects garbage and foreign cursors with a TypeError", async (t) => {
  const valid = encodeCursor({ key: ["notes", 1], before: 1, after: 1 }, FP);
  const cases: [string, unknown, RegExp][] = [
    ["not a string", 42, /must be a cursor string returned by list\(\)/],
    ["empty", "", /must be a cursor string/],
    ["too long", "A".repeat(16_385), /must be a cursor string/],
    ["not base64url", "ab+/", /is not a list\(\) cursor/],
    ["not JSON", toBase64Url("{nope"), /is not a list\(\) cursor/],
    ["JSON null", toBase64Url("null"), /is not a list\(\) cursor/],
    [
      "wrong version",
      toBase64Url(JSON.stringify({ v: 2, h: FP, k: ["a"] })),
      /is not a list\(\) cursor/,
    ],
    [
      "missing fingerprint",
      toBase64Url(JSON.stringify({ v: 1, k: ["a"] })),
      /is not a list\(\) cursor/,
    ],
    [
      "another selector",
      encodeCursor({ key: ["b", 1], before: 0, after: 0 }, "00000000"),
      /different selector or direction/,
    ],
    [
      "another direction",
      encodeCursor(
        { key: ["notes", 1], before: 0, after: 0 },
        selectorFingerprint({ prefix: ["notes"] }, true),
      ),
      /different selector or direction/,
    ],
    [
      "invalid key",
      encodeCursor({ key: [null] as unknown as KvKey, before: 0, after: 0 }, FP),
      /its key is invalid/,
    ],
    ["empty key", encodeCursor({ key: [], before: 0, after: 0 }, FP), /its key is invalid/],
    [
      "hand-made, without the checksum",
      toBase64Url(JSON.stringify({ v: 1, h: FP, k: ["notes", 2], b: 0, a: 0 })),
      /was altered/,
    ],
    ["truncated", valid.slice(0, -3), /TypeError|cursor/],
  ];
  for (const [name, cursor, message] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => decodeCursor(cursor, FP),
        (e: Error) => e instanceof TypeError && message.test(e.message),
      );
    });
  }
});

Deno.test("decodeCursor - odd counts read as 0", () => {
  const cursor = encodeCursor({ key: ["a"], before: -1, after: 1.5 }, FP);
  assert.deepEqual(decodeCursor(cursor, FP), { key: ["a"], before: 0, after: 0 });
});

Deno.test("decodeCursor - a one-character corruption never decodes to another position", () => {
  const state: CursorState = { key: ["notes", "alice", 42], before: 70, after: 180 };
  const cursor = encodeCursor(state, FP);
  const accepted: string[] = [];
  for (let i = 0; i < cursor.length; i++) {
    for (const ch of BASE64URL) {
      if (ch === cursor[i]) continue;
      const garbled = cursor.slice(0, i) + ch + cursor.slice(i + 1);
      let decoded: CursorState;
      try {
        decoded = decodeCursor(garbled, FP);
      } catch (error) {
        assert.ok(error instanceof TypeError);
        continue;
      }
      if (JSON.stringify(decoded.key) !== JSON.stringify(state.key)) {
        accepted.push(`${garbled} -> ${JSON.stringify(decoded.key)}`);
      }
    }
  }
  assert.deepEqual(accepted.slice(0, 3), [], `${accepted.length} corruptions moved the cursor`);
});
