/**
 * Small statistics and formatting helpers for the benchmark reports.
 *
 * @module
 */

/**
 * The median of some numbers (the mean of the middle two for an even count).
 *
 * @param values The numbers (not modified).
 * @returns The median, or `NaN` for none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { median } from "./stats.ts";
 *
 * assert.equal(median([3, 1, 2]), 2);
 * assert.equal(median([4, 1, 3, 2]), 2.5);
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A percentile by nearest rank.
 *
 * @param values The numbers (not modified).
 * @param p The percentile, 0 to 100.
 * @returns The value at that rank, or `NaN` for none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentile } from "./stats.ts";
 *
 * const values = Array.from({ length: 100 }, (_, i) => i + 1);
 * assert.equal(percentile(values, 50), 50);
 * assert.equal(percentile(values, 99), 99);
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/**
 * A number with thousands separators and a fixed number of decimals.
 *
 * @param value The number.
 * @param decimals Decimals to show (default 0).
 * @returns The text, e.g. `12,345`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fmt } from "./stats.ts";
 *
 * assert.equal(fmt(12345.678), "12,346");
 * assert.equal(fmt(0.456, 2), "0.46");
 * ```
 */
export function fmt(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/**
 * A ratio with a PASS/MISS verdict against a minimum.
 *
 * @param ratio The measured ratio.
 * @param target The minimum to pass (or, with `atMost`, the maximum).
 * @param options `atMost`: pass when `ratio <= target` instead.
 * @returns E.g. `0.97× (target ≥ 0.95: PASS)`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { verdict } from "./stats.ts";
 *
 * assert.equal(verdict(0.971, 0.95), "0.97× (target ≥ 0.95: PASS)");
 * assert.equal(verdict(3.5, 3, { atMost: true }), "3.50× (target ≤ 3: MISS)");
 * ```
 */
export function verdict(ratio: number, target: number, options: { atMost?: boolean } = {}): string {
  const pass = options.atMost ? ratio <= target : ratio >= target;
  return `${fmt(ratio, 2)}× (target ${options.atMost ? "≤" : "≥"} ${target}: ${
    pass ? "PASS" : "MISS"
  })`;
}
