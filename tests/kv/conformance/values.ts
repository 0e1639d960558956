/**
 * Conformance: values read back as `JSON.parse(JSON.stringify(value))`, and
 * the documented errors for unserializable and oversized values.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { KvStore } from "../../../src/kv/api/store.ts";
import { withStore } from "../_helpers.ts";
import type { ConformanceCase } from "./_case.ts";

const MB = 1_048_576;

function circular(): unknown {
  const a: Record<string, unknown> = { name: "a" };
  a.self = a;
  return a;
}

/** Values that must read back as their JSON round trip. */
const ROUND_TRIPS: [string, unknown][] = [
  ["object", { a: 1, b: "two", c: [true, null] }],
  ["nested", { a: { b: { c: { d: [1, { e: "f" }] } } } }],
  ["date", { at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)) }],
  ["top-level date", new Date(0)],
  ["undefined property", { keep: 1, drop: undefined }],
  ["undefined in array", [1, undefined, 3]],
  ["NaN and Infinity", { n: NaN, i: Infinity }],
  ["negative zero", -0],
  ["toJSON", { toJSON: () => ({ replaced: true }) }],
  ["string", 'héllo 😀 \u0000 "quoted"'],
  ["number", 12.5],
  ["boolean", false],
  ["null", null],
  ["empty object", {}],
  ["empty array", []],
  ["map becomes {}", new Map([["a", 1]])],
];

/** Values that are not serializable. */
const UNSERIALIZABLE: [string, unknown][] = [
  ["circular", circular()],
  ["bigint", 10n],
  ["nested bigint", { a: [1n] }],
  ["function", () => 1],
  ["symbol", Symbol("s")],
  ["undefined", undefined],
];

async function assertUnchanged(store: KvStore): Promise<void> {
  assert.equal(await store.get(["v", "new"]), null);
  assert.deepEqual(await store.get(["v", "old"]), { old: true });
  assert.equal((await store.list({ prefix: ["v"] })).total, 1);
}

/**
 * Cases for values.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { valueCases } from "./values.ts";
 *
 * assert.ok(valueCases.length > 0);
 * ```
 */
export const valueCases: ConformanceCase[] = [
  {
    name: "values - read back as JSON.parse(JSON.stringify(value))",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        for (const [label, value] of ROUND_TRIPS) {
          await t.step(label, async () => {
            const expected = JSON.parse(JSON.stringify(value));
            const entry = await store.set(["rt", label], value);
            assert.deepEqual(entry?.value, expected);
            assert.deepEqual(await store.get(["rt", label]), expected);
            assert.deepEqual((await store.getMany([["rt", label]]))[0]?.value, expected);
            const page = await store.list({ prefix: ["rt"], start: ["rt", label] }, { limit: 1 });
            assert.deepEqual(page.items[0]?.value, expected);
          });
        }
      }),
  },
  {
    name: "values - not serializable: Error 'Value is not JSON serializable:', nothing written",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        await store.set(["v", "old"], { old: true });
        for (const [label, value] of UNSERIALIZABLE) {
          await t.step(label, async () => {
            for (const key of [["v", "new"], ["v", "old"]]) {
              await assert.rejects(store.set(key, value), (e: Error) => {
                assert.ok(e instanceof Error);
                assert.match(e.message, /^Value is not JSON serializable:/);
                return true;
              });
              await assert.rejects(
                store.transaction(async (tx) => {
                  await tx.set(["v", "other"], 1);
                  await tx.set(key, value);
                }),
                /^Error: Value is not JSON serializable:/,
              );
            }
            assert.equal(await store.get(["v", "other"]), null);
            await assertUnchanged(store);
          });
        }
      }),
  },
  {
    name: "values - over 1 MB of UTF-8 JSON: Error 'exceeds the maximum allowed size of 1 MB'",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        await store.set(["v", "old"], { old: true });
        const cases: [string, unknown][] = [
          ["ascii string, 1 byte over", "x".repeat(MB - 1)],
          ["two-byte string, 2 bytes over", "é".repeat(MB / 2)],
          ["object far over", { a: "x".repeat(2 * MB) }],
        ];
        for (const [label, value] of cases) {
          await t.step(label, async () => {
            for (const key of [["v", "new"], ["v", "old"]]) {
              await assert.rejects(store.set(key, value), (e: Error) => {
                assert.ok(e instanceof Error);
                assert.ok(
                  e.message.includes("exceeds the maximum allowed size of 1 MB"),
                  e.message,
                );
                return true;
              });
              await assert.rejects(
                store.transaction((tx) => tx.set(key, value)),
                /exceeds the maximum allowed size of 1 MB/,
              );
            }
            await assertUnchanged(store);
          });
        }
      }),
  },
  {
    name: "values - exactly 1 MB of UTF-8 JSON is accepted",
    run: (factory, t) =>
      withStore(factory, async (store) => {
        const cases: [string, string][] = [
          ["ascii", "x".repeat(MB - 2)],
          ["two-byte", "é".repeat(MB / 2 - 1)],
          ["four-byte", "😀".repeat((MB - 4) / 4) + "ab"],
        ];
        for (const [label, value] of cases) {
          await t.step(label, async () => {
            assert.equal(new TextEncoder().encode(JSON.stringify(value)).length, MB);
            await store.set(["max", label], value);
            assert.equal(await store.get(["max", label]), value);
          });
        }
      }),
  },
];
