/**
 * Random operations for the model-based KV test (fast-check arbitraries)
 * over a small key space, so collisions, prefix keys and bounds outside the
 * prefix happen often.
 *
 * @module
 */
import fc from "fast-check";
import type { KvKey } from "../../src/types.ts";
import type { AnySelector } from "./_reference.ts";

/** A value to store: small JSON, or a large string of `large` characters. */
export type ModelValue = { small: unknown } | { large: number };

/** A write (also used between list pages and in batches). */
export type WriteOp =
  | { type: "set"; key: KvKey; value: ModelValue; ttl?: number }
  | { type: "delete"; key: KvKey };

/** Moving the injected clock forward. */
export type AdvanceOp = { type: "advance"; ms: number };

/** A read or write inside a transaction. */
export type TxOp = WriteOp | { type: "get"; key: KvKey } | { type: "getMany"; keys: KvKey[] };

/** One step of a model run. */
export type ModelOp =
  | WriteOp
  | AdvanceOp
  | { type: "sweep" }
  | { type: "get"; key: KvKey }
  | { type: "getMany"; keys: KvKey[] }
  | {
    type: "list";
    selector: AnySelector;
    limit: number;
    reverse: boolean;
    /** Applied once, after the first page. */
    between: (WriteOp | AdvanceOp)[];
  }
  | { type: "batch"; writes: WriteOp[] }
  | { type: "tx"; ops: TxOp[]; fail: boolean };

const first = fc.constantFrom<string | number>("u", "v", 1);
const second = fc.constantFrom<string | number | boolean>(
  "a",
  "b",
  "ab",
  "",
  0,
  1,
  10,
  -1,
  true,
  false,
);
const third = fc.constantFrom<string | number | boolean>("x", 2, true);

/**
 * A key of 1 to 3 parts from a small space.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import fc from "fast-check";
 * import { keyArb } from "./_model_ops.ts";
 *
 * for (const key of fc.sample(keyArb, 20)) assert.ok(key.length >= 1 && key.length <= 3);
 * ```
 */
export const keyArb: fc.Arbitrary<KvKey> = fc.oneof(
  { arbitrary: fc.tuple(first), weight: 1 },
  { arbitrary: fc.tuple(first, second), weight: 4 },
  { arbitrary: fc.tuple(first, second, third), weight: 4 },
);

const prefixArb: fc.Arbitrary<KvKey> = fc.oneof(fc.tuple(first), fc.tuple(first, second));

/**
 * A list selector of any accepted shape; bounds may lie outside the prefix.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import fc from "fast-check";
 * import { selectorArb } from "./_model_ops.ts";
 *
 * for (const s of fc.sample(selectorArb, 20)) assert.ok(s.prefix || (s.start && s.end));
 * ```
 */
export const selectorArb: fc.Arbitrary<AnySelector> = fc.oneof(
  fc.record({ prefix: prefixArb }),
  fc.record({ prefix: prefixArb, start: keyArb }),
  fc.record({ prefix: prefixArb, end: keyArb }),
  fc.record({ prefix: prefixArb, start: keyArb, end: keyArb }),
  fc.record({ start: keyArb, end: keyArb }),
);

const valueArb: fc.Arbitrary<ModelValue> = fc.oneof(
  {
    arbitrary: fc.record({
      small: fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.constant(null)),
    }),
    weight: 12,
  },
  {
    arbitrary: fc.record({
      small: fc.record({ n: fc.integer(), d: fc.date({ noInvalidDate: true }) }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ large: fc.integer({ min: 62_000, max: 140_000 }) }), weight: 1 },
);

const ttlArb = fc.option(fc.constantFrom(0.001, 0.5, 1, 1.5, 2.25, 10), {
  freq: 2,
  nil: undefined,
});

const writeArb: fc.Arbitrary<WriteOp> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant("set" as const),
      key: keyArb,
      value: valueArb,
      ttl: ttlArb,
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ type: fc.constant("delete" as const), key: keyArb }), weight: 1 },
);

const advanceArb: fc.Arbitrary<AdvanceOp> = fc.record({
  type: fc.constant("advance" as const),
  ms: fc.constantFrom(1, 499, 500, 1000, 1499, 1500, 3000),
});

const txOpArb: fc.Arbitrary<TxOp> = fc.oneof(
  writeArb,
  fc.record({ type: fc.constant("get" as const), key: keyArb }),
  fc.record({ type: fc.constant("getMany" as const), keys: fc.array(keyArb, { maxLength: 4 }) }),
);

/**
 * One model step.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import fc from "fast-check";
 * import { opArb } from "./_model_ops.ts";
 *
 * assert.equal(fc.sample(opArb, 50).length, 50);
 * ```
 */
export const opArb: fc.Arbitrary<ModelOp> = fc.oneof(
  { arbitrary: writeArb, weight: 8 },
  { arbitrary: advanceArb, weight: 2 },
  { arbitrary: fc.record({ type: fc.constant("sweep" as const) }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant("get" as const), key: keyArb }), weight: 2 },
  {
    arbitrary: fc.record({
      type: fc.constant("getMany" as const),
      keys: fc.array(keyArb, { maxLength: 14 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("list" as const),
      selector: selectorArb,
      limit: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(100)),
      reverse: fc.boolean(),
      between: fc.array(fc.oneof(writeArb, advanceArb), { maxLength: 3 }),
    }),
    weight: 4,
  },
  // Keys in one batch are distinct: call order on one key is commit_test's business.
  {
    arbitrary: fc.record({
      type: fc.constant("batch" as const),
      writes: fc.uniqueArray(writeArb, { maxLength: 12, selector: (w) => JSON.stringify(w.key) }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      type: fc.constant("tx" as const),
      ops: fc.array(txOpArb, { maxLength: 6 }),
      fail: fc.boolean(),
    }),
    weight: 2,
  },
);
