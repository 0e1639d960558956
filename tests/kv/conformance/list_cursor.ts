/**
 * Conformance: cursors are bound to their selector and direction, and a
 * garbled cursor is a TypeError, never a wrong page.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvListSelector } from "../../../src/types.ts";
import { numberedKeys, withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Selectors that must not accept each other's cursors. */
const OTHERS: [string, KvListSelector, boolean][] = [
  ["same selector, reverse", { prefix: ["c"] }, true],
  ["another prefix", { prefix: ["d"] }, false],
  ["a deeper prefix", { prefix: ["c", 1] }, false],
  ["prefix + start", { prefix: ["c"], start: ["c", 3] }, false],
  ["prefix + end", { prefix: ["c"], end: ["c", 50] }, false],
  ["start + end", { start: ["c", 0], end: ["c", 99] }, false],
  ["the empty prefix", { prefix: [] }, false],
];

/**
 * Cases for cursors.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listCursorCases } from "./list_cursor.ts";
 *
 * assert.ok(listCursorCases.length > 0);
 * ```
 */
export const listCursorCases: ConformanceCase[] = [
  {
    name: "list cursor - rejected with a TypeError by another selector or direction",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        await Promise.all([
          ...numberedKeys(["c"], 40).map((k) => store.set(k, 1)),
          ...numberedKeys(["d"], 40).map((k) => store.set(k, 1)),
        ]);
        const { cursor } = await store.list({ prefix: ["c"] }, { limit: 5 });
        assert.equal(typeof cursor, "string");
        for (const [label, selector, reverse] of OTHERS) {
          await t.step(label, async () => {
            await assert.rejects(
              async () => await store.list(selector, { limit: 5, reverse, cursor: cursor! }),
              TypeError,
            );
          });
        }
        await t.step("a different limit is fine", async () => {
          const page = await store.list({ prefix: ["c"] }, { limit: 7, cursor: cursor! });
          assert.deepEqual(page.items.map((e) => e.key[1]), [5, 6, 7, 8, 9, 10, 11]);
          assert.equal(page.total, 35);
        });
        await t.step("the cursor's key may have been deleted", async () => {
          await store.delete(["c", 4]);
          const page = await store.list({ prefix: ["c"] }, { limit: 2, cursor: cursor! });
          assert.deepEqual(page.items.map((e) => e.key[1]), [5, 6]);
        });
      }),
  },
  {
    name: "list cursor - garbage is a TypeError",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        await store.set(["c", 1], 1);
        const garbage: unknown[] = [
          "",
          "!",
          "not a cursor",
          "eyJ2IjoxfQ",
          btoa("{}"),
          "A".repeat(40),
          42,
          {},
        ];
        for (const cursor of garbage) {
          await t.step(Deno.inspect(cursor), async () => {
            await assert.rejects(
              async () => await store.list({ prefix: ["c"] }, { cursor: cursor as string }),
              TypeError,
            );
          });
        }
      }),
  },
  {
    name: "list cursor - any one-character corruption is a TypeError or the very same page",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        await Promise.all(numberedKeys(["c"], 30).map((k) => store.set(k, k[1])));
        const selectors: KvListSelector[] = [
          { prefix: ["c"] },
          { start: ["c", 2], end: ["c", 28] },
        ];
        for (const selector of selectors) {
          await t.step(JSON.stringify(selector), async () => {
            const { cursor } = await store.list(selector, { limit: 10 });
            const expected = await store.list(selector, { limit: 10, cursor: cursor! });
            const wrong: string[] = [];
            for (let i = 0; i < cursor!.length; i++) {
              for (const ch of BASE64URL) {
                if (ch === cursor![i]) continue;
                const garbled = cursor!.slice(0, i) + ch + cursor!.slice(i + 1);
                try {
                  const got = await store.list(selector, { limit: 10, cursor: garbled });
                  if (JSON.stringify(got.items) !== JSON.stringify(expected.items)) {
                    wrong.push(`${garbled} -> ${JSON.stringify(got.items.map((e) => e.key))}`);
                  }
                } catch (error) {
                  assert.ok(error instanceof TypeError, `${garbled}: ${error}`);
                }
              }
            }
            assert.deepEqual(
              wrong.slice(0, 3),
              [],
              `${wrong.length} garbled cursors gave a wrong page`,
            );
          });
        }
      }),
  },
];
