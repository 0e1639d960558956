/**
 * Conformance: `total` stays exact through overwrites, deletes, TTL expiry
 * (before and after a sweep), large values, transactions and concurrent
 * writes. Each page's total must equal the number of items that paging from
 * it actually yields.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvStore } from "../../../src/kv/api/store.ts";
import type { KvKey, KvListSelector } from "../../../src/types.ts";
import { bigValue } from "../_big_values.ts";
import { FakeClock, withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

const SELECTORS: KvListSelector[] = [
  { prefix: ["t"] },
  { prefix: ["t", 2] },
  { prefix: ["t"], start: ["t", 1, 30] },
  { prefix: ["t"], end: ["t", 3] },
  { start: ["t", 1, 10], end: ["t", 3, 50] },
  { prefix: ["t", 4], start: ["t", 4, 20], end: ["t", 4, 40] } as KvListSelector,
];

/** The test's own record of what should be live: id → expiry (or `null`). */
type Model = Map<string, { key: KvKey; expiresAt: number | null }>;

function liveIds(model: Model, now: number): Set<string> {
  const ids = new Set<string>();
  for (const [id, { expiresAt }] of model) if (expiresAt === null || now < expiresAt) ids.add(id);
  return ids;
}

/** `selector` with its leading `"t"` replaced by `base` (the same shapes under another prefix). */
function rebase(selector: KvListSelector, base: KvKey): KvListSelector {
  const move = (k: KvKey | undefined) => k && [...base, ...k.slice(1)];
  const { prefix, start, end } = selector as { prefix?: KvKey; start?: KvKey; end?: KvKey };
  return Object.fromEntries(
    Object.entries({ prefix: move(prefix), start: move(start), end: move(end) })
      .filter(([, k]) => k !== undefined),
  ) as KvListSelector;
}

async function checkTotals(
  store: KvStore,
  model: Model,
  now: number,
  base: KvKey = ["t"],
): Promise<void> {
  const all = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.list({ prefix: base }, { limit: 1000, cursor });
    for (const item of page.items) all.add(JSON.stringify(item.key));
    cursor = page.cursor ?? undefined;
  } while (cursor);
  assert.deepEqual([...all].sort(), [...liveIds(model, now)].sort());
  for (const selector of SELECTORS.map((selector) => rebase(selector, base))) {
    for (const reverse of [false, true]) {
      for (const limit of [7, 60]) {
        const totals: number[] = [];
        const sizes: number[] = [];
        let next: string | undefined;
        do {
          const page = await store.list(selector, { limit, reverse, cursor: next });
          totals.push(page.total);
          sizes.push(page.items.length);
          next = page.cursor ?? undefined;
        } while (next);
        const remaining = sizes.map((_, i) => sizes.slice(i).reduce((a, b) => a + b, 0));
        assert.deepEqual(
          totals,
          remaining,
          `${JSON.stringify(selector)} reverse=${reverse} limit=${limit}`,
        );
      }
    }
  }
}

function key(a: number, b: number): KvKey {
  return ["t", a, b];
}

/**
 * Cases for totals.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { totalCases } from "./totals.ts";
 *
 * assert.ok(totalCases.length > 0);
 * ```
 */
export const totalCases: ConformanceCase[] = [
  {
    name: "list total - exact through every kind of write, expiry and sweep",
    run: async (factory, t) => {
      const clock = new FakeClock();
      const model: Model = new Map();
      const put = (k: KvKey, ttl?: number) =>
        model.set(JSON.stringify(k), { key: k, expiresAt: ttl ? clock.now() + ttl * 1000 : null });
      await withStore(factory, async (store) => {
        await t.step("concurrent sets, some with TTL, some large", async () => {
          const writes: Promise<unknown>[] = [];
          for (let a = 0; a < 5; a++) {
            for (let b = 0; b < 60; b++) {
              const ttl = b % 4 === 0 ? 1 + (b % 3) : undefined;
              const value = b % 29 === 0 ? bigValue(b, 70_000) : { a, b };
              writes.push(store.set(key(a, b), value, ttl ? { ttlInSeconds: ttl } : undefined));
              put(key(a, b), ttl);
            }
          }
          await Promise.all(writes);
          await checkTotals(store, model, clock.now());
        });
        await t.step("overwrites, TTL changes and deletes", async () => {
          const writes: Promise<unknown>[] = [];
          for (let b = 0; b < 60; b += 2) {
            const ttl = b % 8 === 0 ? undefined : b % 6 === 0 ? 2 : undefined;
            writes.push(store.set(key(1, b), "over", ttl ? { ttlInSeconds: ttl } : undefined));
            put(key(1, b), ttl);
            writes.push(store.delete(key(3, b)));
            model.delete(JSON.stringify(key(3, b)));
            writes.push(store.delete(key(9, b)));
          }
          await Promise.all(writes);
          await checkTotals(store, model, clock.now());
        });
        await t.step("transactions", async () => {
          await Promise.all(Array.from({ length: 15 }, (_, i) =>
            store.transaction(async (tx) => {
              const from = key(0, i);
              const value = await tx.get(from);
              await tx.delete(from);
              await tx.set(key(5, i), value ?? "none");
            })));
          for (let i = 0; i < 15; i++) {
            model.delete(JSON.stringify(key(0, i)));
            put(key(5, i));
          }
          await checkTotals(store, model, clock.now());
        });
        await t.step("racing writes to the same keys", async () => {
          const writes: Promise<unknown>[] = [];
          for (let b = 0; b < 60; b++) {
            writes.push(store.set(key(2, b), 1), store.delete(key(2, b)));
            if (b % 3 === 0) writes.push(store.set(key(2, b), 2, { ttlInSeconds: 1 }));
          }
          await Promise.all(writes);
          // Call order between the racing calls is not what this case checks
          // (commit_test does): take the outcome from the store.
          const keys = Array.from({ length: 60 }, (_, b) => key(2, b));
          const outcome = await store.getMany(keys);
          keys.forEach((k, b) => {
            model.delete(JSON.stringify(k));
            if (outcome[b]?.value === 1) put(k);
            if (outcome[b]?.value === 2) put(k, 1);
          });
          await checkTotals(store, model, clock.now());
        });
        for (const ms of [1000, 1000, 1000]) {
          await t.step(`clock +${ms} ms, before and after sweep`, async () => {
            clock.advance(ms);
            await checkTotals(store, model, clock.now());
            await store.sweep();
            await checkTotals(store, model, clock.now());
          });
        }
      }, { now: clock.now });
    },
  },
  {
    name: "list total - exact under prefixes deeper than the counted depth",
    run: async (factory, t) => {
      const clock = new FakeClock();
      const model: Model = new Map();
      // 10 parts: the prefix and its sub-prefixes have no counters of their own.
      const base: KvKey = ["t", 1, 2, 3, 4, 5, 6, 7, 8, 9];
      const deep = (a: number, b: number): KvKey => [...base, a, b];
      await withStore(factory, async (store) => {
        await t.step("sets with TTL, large values, deletes", async () => {
          const writes: Promise<unknown>[] = [];
          for (let a = 0; a < 5; a++) {
            for (let b = 0; b < 40; b++) {
              const ttl = b % 4 === 0 ? 1 : undefined;
              const value = b % 29 === 0 ? bigValue(b, 70_000) : { a, b };
              writes.push(store.set(deep(a, b), value, ttl ? { ttlInSeconds: ttl } : undefined));
              model.set(JSON.stringify(deep(a, b)), {
                key: deep(a, b),
                expiresAt: ttl ? clock.now() + ttl * 1000 : null,
              });
            }
          }
          await Promise.all(writes);
          await Promise.all([0, 5, 10].map((b) => store.delete(deep(3, b))));
          for (const b of [0, 5, 10]) model.delete(JSON.stringify(deep(3, b)));
          await store.set(["t", 1, 2, "beside"], "outside the deep prefix");
          await checkTotals(store, model, clock.now(), base);
        });
        await t.step("after expiry, before and after sweep", async () => {
          clock.advance(1000);
          await checkTotals(store, model, clock.now(), base);
          await store.sweep();
          await checkTotals(store, model, clock.now(), base);
        });
      }, { now: clock.now });
    },
  },
];
