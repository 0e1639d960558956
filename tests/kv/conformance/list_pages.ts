/**
 * Conformance: paging with cursors, `total` from the cursor onward, `limit`
 * validation and defaults.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvStore } from "../../../src/kv/api/store.ts";
import type { KvKey, KvListSelector } from "../../../src/types.ts";
import { numberedKeys, withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

/** Fills `["p", 0..n-1]` (plus neighbours outside the prefix). */
async function fill(store: KvStore, n: number): Promise<void> {
  await Promise.all([
    ...numberedKeys(["p"], n).map((key) => store.set(key, key[1])),
    store.set(["o", 1], "before"),
    store.set(["p"], "the prefix key"),
    store.set(["q", 1], "after"),
  ]);
}

/** Follows cursors to the end; returns the page totals and all item values. */
async function pages(
  store: KvStore,
  selector: KvListSelector,
  options: { limit: number; reverse?: boolean },
): Promise<{ totals: number[]; values: unknown[]; sizes: number[] }> {
  const totals: number[] = [];
  const values: unknown[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await store.list(selector, { ...options, cursor });
    totals.push(page.total);
    sizes.push(page.items.length);
    values.push(...page.items.map((e) => e.value));
    if (page.cursor === null) return { totals, values, sizes };
    assert.equal(typeof page.cursor, "string");
    cursor = page.cursor;
  }
  throw new Error("cursor never became null");
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** `[label, selector, expected values in forward order]`, over `["p", 0..249]`. */
const PAGED: [string, KvListSelector, number[]][] = [
  ["prefix", { prefix: ["p"] }, range(0, 250)],
  ["prefix + start", { prefix: ["p"], start: ["p", 20] }, range(20, 250)],
  ["prefix + end", { prefix: ["p"], end: ["p", 230] }, range(0, 230)],
  [
    "prefix + start + end",
    { prefix: ["p"], start: ["p", 20], end: ["p", 230] } as KvListSelector,
    range(
      20,
      230,
    ),
  ],
  ["start + end", { start: ["p", 5], end: ["p", 215] }, range(5, 215)],
];

function expectedTotals(count: number, limit: number): number[] {
  const totals: number[] = [];
  for (let left = count; left > 0 || totals.length === 0; left -= limit) {
    totals.push(Math.max(left, 0));
  }
  return totals;
}

/**
 * Cases for paging.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listPageCases } from "./list_pages.ts";
 *
 * assert.ok(listPageCases.length > 0);
 * ```
 */
export const listPageCases: ConformanceCase[] = [
  {
    name: "list - 250 entries in pages of 70: totals 250, 180, 110, 40, cursor null at the end",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        await fill(store, 250);
        for (const [label, selector, expected] of PAGED) {
          for (const reverse of [false, true]) {
            await t.step(`${label}${reverse ? ", reverse" : ""}`, async () => {
              const got = await pages(store, selector, { limit: 70, reverse });
              assert.deepEqual(got.values, reverse ? [...expected].reverse() : expected);
              assert.deepEqual(got.totals, expectedTotals(expected.length, 70));
            });
          }
        }
        const exact = await pages(store, { prefix: ["p"], end: ["p", 210] }, { limit: 70 });
        assert.deepEqual(exact.totals, [210, 140, 70], "a full last page still ends with null");
      }),
  },
  {
    name: "list - totals follow deletes and inserts made between pages",
    run: (factory) =>
      withStore(factory, async (store) => {
        await fill(store, 250);
        for (const reverse of [false, true]) {
          const first = await store.list({ prefix: ["p"] }, { limit: 70, reverse });
          assert.equal(first.total, 250);
          const behind = reverse ? range(240, 250) : range(0, 10);
          const ahead = reverse ? range(100, 110) : range(140, 150);
          await Promise.all([...behind, ...ahead].map((i) => store.delete(["p", i])));
          await store.set(["p", reverse ? -1 : 1000], "new");
          const second = await store.list({ prefix: ["p"] }, {
            limit: 70,
            reverse,
            cursor: first.cursor!,
          });
          assert.equal(second.total, 180 - 10 + 1);
          assert.deepEqual(second.items[0]?.value, reverse ? 179 : 70);
          const rest = [second];
          while (rest.at(-1)!.cursor) {
            rest.push(
              await store.list({ prefix: ["p"] }, {
                limit: 70,
                reverse,
                cursor: rest.at(-1)!.cursor!,
              }),
            );
          }
          assert.equal(rest.reduce((n, page) => n + page.items.length, 0), 171);
          await Promise.all([...behind, ...ahead].map((i) => store.set(["p", i], i)));
          await store.delete(["p", reverse ? -1 : 1000]);
        }
      }),
  },
  {
    name: "list - limit outside 1..1000 or not an integer is a RangeError",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        for (const limit of [0, -1, 1001, 1.5, NaN, Infinity, "10"]) {
          await t.step(Deno.inspect(limit), async () => {
            await assert.rejects(
              async () => await store.list({ prefix: ["p"] }, { limit: limit as number }),
              RangeError,
            );
          });
        }
      }),
  },
  {
    name: "list - limit defaults to 100 and goes up to 1000",
    run: (factory) =>
      withStore(factory, async (store) => {
        await fill(store, 1100);
        const byDefault = await store.list({ prefix: ["p"] });
        assert.equal(byDefault.items.length, 100);
        assert.equal(byDefault.total, 1100);
        assert.notEqual(byDefault.cursor, null);
        const big = await store.list({ prefix: ["p"] }, { limit: 1000 });
        assert.deepEqual(big.items.map((e) => e.value), range(0, 1000));
        const last = await store.list({ prefix: ["p"] }, { limit: 1000, cursor: big.cursor! });
        assert.deepEqual(last.items.map((e) => e.value), range(1000, 1100));
        assert.equal(last.total, 100);
        assert.equal(last.cursor, null);
        const one = await store.list({ prefix: ["p"] }, { limit: 1, reverse: true });
        assert.deepEqual(one.items.map((e) => e.key), [["p", 1099]] as KvKey[]);
        const exact = await store.list({ prefix: ["p"], start: ["p", 100] }, { limit: 1000 });
        assert.equal(exact.items.length, 1000);
        assert.equal(exact.cursor, null, "no cursor when the page holds the last entry");
      }),
  },
];
