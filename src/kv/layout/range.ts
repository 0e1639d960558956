/**
 * List selectors as key ranges: every selector becomes "keys strictly under
 * prefix E, from `lower` to `upper`", which maps onto Deno KV selectors and
 * onto the counters kept per prefix.
 *
 * @module
 */
import type { KvKey, KvListSelector } from "../../types.ts";
import { compareKeys, isUnder, validateKey, validatePrefix } from "./keys.ts";
import { dataKey } from "./records.ts";

/** A range of user keys. All keys in it are strictly under `prefix`. */
export interface KeyRange {
  /** The enclosing prefix (its counter bounds the range). */
  prefix: KvKey;
  /** Lower bound, when any. */
  lower?: { key: KvKey; inclusive: boolean };
  /** Exclusive upper bound, when any. */
  upper?: KvKey;
}

/** The selector, validated, plus its range (`null` when nothing can match). */
export interface NormalizedSelector {
  /** The validated selector parts, for cursor fingerprints. */
  parts: { prefix?: KvKey; start?: KvKey; end?: KvKey };
  /** The range, or `null` when empty. */
  range: KeyRange | null;
}

const SHAPE =
  "a selector is {prefix}, {prefix, start}, {prefix, end}, {prefix, start, end} or {start, end}";

/**
 * Validates a list selector and turns it into a key range. `start`/`end`
 * outside the prefix narrow the result to their intersection.
 *
 * @param selector The user's selector.
 * @returns The normalized selector.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeSelector } from "./range.ts";
 *
 * const { range } = normalizeSelector({ prefix: ["notes"], start: ["notes", "b"] });
 * assert.deepEqual(range, { prefix: ["notes"], lower: { key: ["notes", "b"], inclusive: true } });
 * ```
 */
export function normalizeSelector(selector: KvListSelector): NormalizedSelector {
  if (selector === null || typeof selector !== "object" || Array.isArray(selector)) {
    throw new TypeError(`Cannot list: ${SHAPE}`);
  }
  const raw = selector as { prefix?: unknown; start?: unknown; end?: unknown };
  for (const name of Object.keys(raw)) {
    if (name !== "prefix" && name !== "start" && name !== "end") {
      throw new TypeError(`Cannot list: unknown selector field '${name}'; ${SHAPE}`);
    }
  }
  const prefix = raw.prefix === undefined ? undefined : validatePrefix(raw.prefix, "prefix");
  const start = raw.start === undefined ? undefined : validateKey(raw.start, "start key");
  const end = raw.end === undefined ? undefined : validateKey(raw.end, "end key");
  const parts = { prefix, start, end };
  if (prefix === undefined) {
    if (start === undefined || end === undefined) throw new TypeError(`Cannot list: ${SHAPE}`);
    if (compareKeys(start, end) >= 0) return { parts, range: null };
    return {
      parts,
      range: {
        prefix: commonPrefix(start, end),
        lower: { key: start, inclusive: true },
        upper: end,
      },
    };
  }
  const range: KeyRange = { prefix };
  if (start !== undefined) {
    if (isUnder(start, prefix)) range.lower = { key: start, inclusive: true };
    else if (compareKeys(start, prefix) > 0) return { parts, range: null };
  }
  if (end !== undefined) {
    if (isUnder(end, prefix)) range.upper = end;
    else if (compareKeys(end, prefix) <= 0) return { parts, range: null };
  }
  return { parts, range: isEmpty(range) ? null : range };
}

function commonPrefix(a: KvKey, b: KvKey): KvKey {
  const max = Math.min(a.length, b.length) - 1;
  let i = 0;
  while (i < max && compareKeys([a[i]!], [b[i]!]) === 0) i++;
  return a.slice(0, i);
}

function isEmpty(range: KeyRange): boolean {
  if (!range.lower || !range.upper) return false;
  return compareKeys(range.lower.key, range.upper) >= 0;
}

/**
 * Narrows a range to the keys after (or, in reverse, before) a cursor key.
 *
 * @param range The range.
 * @param key The last key of the previous page.
 * @param options `reverse`: the listing direction.
 * @returns The narrowed range, or `null` when empty.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { afterCursor } from "./range.ts";
 *
 * const range = afterCursor({ prefix: ["a"] }, ["a", 5], { reverse: false });
 * assert.deepEqual(range?.lower, { key: ["a", 5], inclusive: false });
 * ```
 */
export function afterCursor(
  range: KeyRange,
  key: KvKey,
  options: { reverse: boolean },
): KeyRange | null {
  const next: KeyRange = { ...range };
  if (options.reverse) next.upper = key;
  else next.lower = { key, inclusive: false };
  return isEmpty(next) ? null : next;
}

/**
 * Whether `key` lies in `range`.
 *
 * @param key A user key.
 * @param range The range.
 * @returns `true` when inside.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { inRange } from "./range.ts";
 *
 * assert.ok(inRange(["a", 1], { prefix: ["a"] }));
 * assert.ok(!inRange(["a"], { prefix: ["a"] }));
 * ```
 */
export function inRange(key: readonly Deno.KvKeyPart[], range: KeyRange): boolean {
  const k = key as KvKey;
  if (!isUnder(k, range.prefix)) return false;
  if (range.lower) {
    const c = compareKeys(k, range.lower.key);
    if (c < 0 || (c === 0 && !range.lower.inclusive)) return false;
  }
  return !range.upper || compareKeys(k, range.upper) < 0;
}

/** Deno KV's smallest key part: `[...k, EMPTY]` is the first key after `k`. */
const EMPTY = new Uint8Array();

/**
 * The Deno KV selector over the records of a range.
 *
 * @param range The range.
 * @returns A Deno KV list selector.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toDenoSelector } from "./range.ts";
 *
 * assert.deepEqual(toDenoSelector({ prefix: ["a"] }), { prefix: ["d", "a"] });
 * ```
 */
export function toDenoSelector(range: KeyRange): Deno.KvListSelector {
  const prefix = dataKey(range.prefix);
  const lower = range.lower &&
    (range.lower.inclusive ? dataKey(range.lower.key) : [...dataKey(range.lower.key), EMPTY]);
  const upper = range.upper && dataKey(range.upper);
  if (lower && upper) return { start: lower, end: upper };
  if (lower) return { prefix, start: lower };
  if (upper) return { prefix, end: upper };
  return { prefix };
}

/**
 * The parts of the range's prefix space outside the range (0 to 2 selectors).
 *
 * @param range The range.
 * @returns Deno KV selectors covering `under(prefix) \ range`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { complementSelectors } from "./range.ts";
 *
 * assert.deepEqual(complementSelectors({ prefix: ["a"] }), []);
 * ```
 */
export function complementSelectors(range: KeyRange): Deno.KvListSelector[] {
  const prefix = dataKey(range.prefix);
  const pieces: Deno.KvListSelector[] = [];
  if (range.lower) {
    const end = range.lower.inclusive
      ? dataKey(range.lower.key)
      : [...dataKey(range.lower.key), EMPTY];
    pieces.push({ prefix, end });
  }
  if (range.upper) pieces.push({ prefix, start: dataKey(range.upper) });
  return pieces;
}
