/**
 * Conformance: list selectors (the documented examples, bounds outside the
 * prefix, the prefix key itself), `limit` and `reverse`.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvKey, KvListSelector } from "../../../src/types.ts";
import { withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

const KEYS: KvKey[] = [
  ["a"],
  ["a", 0],
  ["a", 1],
  ["b"],
  ["b", 0],
  ["b", 0, "x"],
  ["b", 1],
  ["b", 2],
  ["b", 3],
  ["ba", 0],
  ["c", 0],
];

/** `[label, selector, expected keys in forward order]`. */
const SELECTORS: [string, KvListSelector, KvKey[]][] = [
  ["prefix excludes the prefix key and partial parts", { prefix: ["b"] }, [
    ["b", 0],
    ["b", 0, "x"],
    ["b", 1],
    ["b", 2],
    ["b", 3],
  ]],
  ["deeper prefix", { prefix: ["b", 0] }, [["b", 0, "x"]]],
  ["prefix + start (inclusive)", { prefix: ["b"], start: ["b", 1] }, [["b", 1], ["b", 2], [
    "b",
    3,
  ]]],
  ["prefix + end (exclusive)", { prefix: ["b"], end: ["b", 1] }, [["b", 0], ["b", 0, "x"]]],
  ["prefix + start + end", { prefix: ["b"], start: ["b", 0, "x"], end: ["b", 3] }, [
    ["b", 0, "x"],
    ["b", 1],
    ["b", 2],
  ]],
  ["start + end", { start: ["a", 1], end: ["b", 1] }, [["a", 1], ["b"], ["b", 0], ["b", 0, "x"]]],
  ["start + end includes the exact start key", { start: ["b"], end: ["b", 0] }, [["b"]]],
  ["start == end is empty", { start: ["b", 1], end: ["b", 1] }, []],
  ["start > end is empty", { start: ["b", 2], end: ["b", 1] }, []],
  ["start before the prefix: whole prefix", { prefix: ["b"], start: ["a", 9] }, [
    ["b", 0],
    ["b", 0, "x"],
    ["b", 1],
    ["b", 2],
    ["b", 3],
  ]],
  ["start equal to the prefix: whole prefix", { prefix: ["b"], start: ["b"] }, [
    ["b", 0],
    ["b", 0, "x"],
    ["b", 1],
    ["b", 2],
    ["b", 3],
  ]],
  ["start after the prefix: empty", { prefix: ["b"], start: ["ba"] }, []],
  ["end after the prefix: whole prefix", { prefix: ["b"], end: ["c"] }, [
    ["b", 0],
    ["b", 0, "x"],
    ["b", 1],
    ["b", 2],
    ["b", 3],
  ]],
  ["end equal to the prefix: empty", { prefix: ["b"], end: ["b"] }, []],
  ["end before the prefix: empty", { prefix: ["b"], end: ["a", 5] }, []],
  ["start and end around the prefix", { prefix: ["b", 0], start: ["a"], end: ["z"] }, [
    ["b", 0, "x"],
  ]],
  ["start outside, end inside", { prefix: ["b"], start: ["a"], end: ["b", 2] }, [
    ["b", 0],
    ["b", 0, "x"],
    ["b", 1],
  ]],
  ["unknown prefix", { prefix: ["zz"] }, []],
  ["explicitly undefined bounds are absent", {
    prefix: ["b", 0],
    start: undefined,
    end: undefined,
  } as unknown as KvListSelector, [["b", 0, "x"]]],
];

const BAD_SELECTORS: [string, unknown][] = [
  ["empty object", {}],
  ["start only", { start: ["a"] }],
  ["end only", { end: ["a"] }],
  ["prefix not an array", { prefix: "a" }],
  ["bad prefix part", { prefix: ["a", null] }],
  ["bad start part", { prefix: ["a"], start: ["a", NaN] }],
  ["unknown field", { prefix: ["a"], limit: 5 }],
  ["null", null],
  ["array", ["a"]],
];

/**
 * Cases for list selectors.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listSelectorCases } from "./list_selectors.ts";
 *
 * assert.ok(listSelectorCases.length > 0);
 * ```
 */
export const listSelectorCases: ConformanceCase[] = [
  {
    name: "list - selectors, in both directions, with exact totals",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        await Promise.all(KEYS.map((key) => store.set(key, key.join("/"))));
        for (const [label, selector, expected] of SELECTORS) {
          await t.step(label, async () => {
            const forward = await store.list(selector);
            assert.deepEqual(forward.items.map((e) => e.key), expected);
            assert.deepEqual(forward.items.map((e) => e.value), expected.map((k) => k.join("/")));
            assert.equal(forward.total, expected.length);
            assert.equal(forward.cursor, null);
            const back = await store.list(selector, { reverse: true });
            assert.deepEqual(back.items.map((e) => e.key), [...expected].reverse());
            assert.equal(back.total, expected.length);
          });
        }
      }),
  },
  {
    name: "list - Redocly's documented note and date-range examples",
    run: (factory) =>
      withStore(factory, async (store) => {
        const owner = "alice@example.com";
        for (const id of ["note-001", "note-002", "note-003", "note-004"]) {
          await store.set(["notes", owner, id], { id });
        }
        const ids = async (selector: KvListSelector) =>
          (await store.list(selector)).items.map((e) => e.key[2]);
        const prefix = ["notes", owner];
        assert.deepEqual(await ids({ prefix, start: [...prefix, "note-002"] }), [
          "note-002",
          "note-003",
          "note-004",
        ]);
        assert.deepEqual(await ids({ prefix, end: [...prefix, "note-003"] }), [
          "note-001",
          "note-002",
        ]);
        assert.deepEqual(
          await ids({ start: [...prefix, "note-002"], end: [...prefix, "note-004"] }),
          [
            "note-002",
            "note-003",
          ],
        );
        const days = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"];
        for (const day of days) await store.set(["logs", `${day}T12:00:00.000Z`], { day });
        const range = (from?: string, to?: string) => {
          const selector: { prefix: KvKey; start?: KvKey; end?: KvKey } = { prefix: ["logs"] };
          if (from) selector.start = ["logs", from];
          if (to) selector.end = ["logs", to];
          return store.list(selector as KvListSelector);
        };
        const days_ = async (from?: string, to?: string) =>
          (await range(from, to)).items.map((e) => (e.value as { day: string }).day);
        assert.deepEqual(await days_("2026-01-02", "2026-01-04"), days.slice(1, 3));
        assert.deepEqual(await days_("2026-01-02"), days.slice(1));
        assert.deepEqual(await days_(undefined, "2026-01-02"), days.slice(0, 1));
        assert.deepEqual(await days_(), days);
        assert.equal((await range("2026-01-02", "2026-01-04")).total, 2);
      }),
  },
  {
    name: "list - a malformed selector is a TypeError",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        for (const [label, selector] of BAD_SELECTORS) {
          await t.step(label, async () => {
            await assert.rejects(
              async () => await store.list(selector as KvListSelector),
              TypeError,
            );
          });
        }
      }),
  },
];
