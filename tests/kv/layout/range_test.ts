import assert from "node:assert/strict";
import {
  afterCursor,
  complementSelectors,
  inRange,
  type KeyRange,
  normalizeSelector,
  toDenoSelector,
} from "../../../src/kv/layout/range.ts";
import type { KvKey, KvListSelector } from "../../../src/types.ts";
import { randomKey, seededRandom } from "../_random.ts";
import { type AnySelector, matches, referenceCompare } from "../_reference.ts";

Deno.test("normalizeSelector - turns selectors into ranges", async (t) => {
  const cases: [string, AnySelector, KeyRange | null][] = [
    ["prefix", { prefix: ["a"] }, { prefix: ["a"] }],
    ["prefix + start inside", { prefix: ["a"], start: ["a", 1] }, {
      prefix: ["a"],
      lower: { key: ["a", 1], inclusive: true },
    }],
    ["prefix + end inside", { prefix: ["a"], end: ["a", 1] }, { prefix: ["a"], upper: ["a", 1] }],
    ["start before the prefix is dropped", { prefix: ["b"], start: ["a", 9] }, { prefix: ["b"] }],
    ["end after the prefix is dropped", { prefix: ["b"], end: ["c"] }, { prefix: ["b"] }],
    ["start after the prefix: empty", { prefix: ["b"], start: ["c"] }, null],
    ["end at the prefix: empty", { prefix: ["b"], end: ["b"] }, null],
    ["crossed bounds: empty", { prefix: ["b"], start: ["b", 5], end: ["b", 2] }, null],
    ["start + end share a prefix", { start: ["a", 1], end: ["a", 5] }, {
      prefix: ["a"],
      lower: { key: ["a", 1], inclusive: true },
      upper: ["a", 5],
    }],
    ["start + end without a common prefix", { start: ["a"], end: ["b"] }, {
      prefix: [],
      lower: { key: ["a"], inclusive: true },
      upper: ["b"],
    }],
    ["start == end: empty", { start: ["a"], end: ["a"] }, null],
  ];
  for (const [name, selector, expected] of cases) {
    await t.step(name, () => {
      assert.deepEqual(normalizeSelector(selector as KvListSelector).range, expected);
    });
  }
});

Deno.test("normalizeSelector - rejects malformed selectors with a TypeError", async (t) => {
  const cases: [string, unknown][] = [
    ["null", null],
    ["array", [["a"]]],
    ["empty", {}],
    ["start only", { start: ["a"] }],
    ["end only", { end: ["a"] }],
    ["unknown field", { prefix: ["a"], reverse: true }],
    ["bad prefix", { prefix: "a" }],
    ["bad end", { prefix: ["a"], end: [] }],
  ];
  for (const [name, selector] of cases) {
    await t.step(name, () => {
      assert.throws(() => normalizeSelector(selector as KvListSelector), TypeError);
    });
  }
});

Deno.test("afterCursor - narrows past the cursor key in the listing direction", () => {
  const range: KeyRange = {
    prefix: ["a"],
    lower: { key: ["a", 1], inclusive: true },
    upper: ["a", 9],
  };
  assert.deepEqual(afterCursor(range, ["a", 4], { reverse: false }), {
    prefix: ["a"],
    lower: { key: ["a", 4], inclusive: false },
    upper: ["a", 9],
  });
  assert.deepEqual(afterCursor(range, ["a", 4], { reverse: true }), {
    prefix: ["a"],
    lower: { key: ["a", 1], inclusive: true },
    upper: ["a", 4],
  });
  assert.equal(afterCursor(range, ["a", 1], { reverse: true }), null);
});

function randomSelector(random: () => number): AnySelector {
  const key = () => randomKey(random);
  const shape = Math.floor(random() * 4);
  const prefix = key().slice(0, 1 + Math.floor(random() * 2));
  if (shape === 0) return { prefix };
  if (shape === 1) {
    return { prefix, start: random() < 0.6 ? [...prefix, ...key()].slice(0, 3) : key() };
  }
  if (shape === 2) {
    return { prefix, end: random() < 0.6 ? [...prefix, ...key()].slice(0, 3) : key() };
  }
  return { start: key(), end: key() };
}

Deno.test("ranges - match the reference definition and Deno KV's own listing", async () => {
  const random = seededRandom(99);
  const keys = new Map<string, KvKey>();
  // A small alphabet so prefixes collide often.
  const small = seededRandom(5);
  while (keys.size < 400) {
    const k = randomKey(small).map((
      p,
    ) => (typeof p === "string" ? [...p].slice(0, 1).join("") : p));
    keys.set(JSON.stringify(k), k);
  }
  const all = [...keys.values()].sort(referenceCompare);
  const kv = await Deno.openKv(":memory:");
  try {
    await Promise.all(all.map((k) => kv.set(["d", ...k], 0)));
    await kv.set(["c"], 0);
    await kv.set(["e"], 0);
    for (let i = 0; i < 300; i++) {
      const selector = randomSelector(random);
      const expected = all.filter((k) => matches(k, selector));
      const { range } = normalizeSelector(selector as KvListSelector);
      const label = JSON.stringify(selector);
      assert.deepEqual(range ? all.filter((k) => inRange(k, range)) : [], expected, label);
      if (!range) continue;
      const listed: KvKey[] = [];
      for await (const e of kv.list(toDenoSelector(range))) listed.push(e.key.slice(1) as KvKey);
      assert.deepEqual(listed, expected, `toDenoSelector ${label}`);
      const outside: KvKey[] = [];
      for (const s of complementSelectors(range)) {
        for await (const e of kv.list(s)) outside.push(e.key.slice(1) as KvKey);
      }
      const under = all.filter((k) => matches(k, { prefix: range.prefix }));
      assert.deepEqual(
        [...outside, ...listed].sort(referenceCompare),
        under,
        `complementSelectors ${label}`,
      );
    }
  } finally {
    kv.close();
  }
});
