/**
 * Large self-describing values: `{ id, fill, sum }`, where `sum` is a
 * checksum of `fill`, so a torn or mixed value is detectable.
 *
 * @module
 */

/** A self-describing large value. */
export interface BigValue {
  /** Which write produced it. */
  id: number;
  /** The payload. */
  fill: string;
  /** FNV-1a checksum of `fill` and `id`. */
  sum: number;
}

function checksum(id: number, fill: string): number {
  let hash = 0x811c9dc5 ^ id;
  for (let i = 0; i < fill.length; i++) {
    hash ^= fill.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Builds a value of about `chars` characters whose content depends on `id`.
 *
 * @param id The write's id.
 * @param chars Length of `fill` in UTF-16 units (one less if it would split a pair).
 * @param options `alphabet`: characters to cycle through (multi-byte ones make UTF-8 larger).
 * @returns The value.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { bigValue, isWhole } from "./_big_values.ts";
 *
 * const value = bigValue(3, 1000);
 * assert.equal(value.fill.length, 1000);
 * assert.ok(isWhole(value));
 * assert.ok(!isWhole({ ...value, fill: value.fill.slice(1) }));
 * ```
 */
export function bigValue(id: number, chars: number, options: { alphabet?: string } = {}): BigValue {
  const alphabet = [...(options.alphabet ?? "abcdefghijklmnopqrstuvwxyz0123456789")];
  const unit = Array.from({ length: 97 }, (_, i) => alphabet[(i * 7 + id) % alphabet.length]!)
    .join("");
  let fill = unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
  // Never end on half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(fill)) fill = fill.slice(0, -1);
  return { id, fill, sum: checksum(id, fill) };
}

/**
 * Whether a value read back is a whole {@linkcode BigValue}.
 *
 * @param value What a read returned.
 * @returns `true` when the checksum matches.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isWhole } from "./_big_values.ts";
 *
 * assert.ok(!isWhole(null));
 * ```
 */
export function isWhole(value: unknown): value is BigValue {
  if (value === null || typeof value !== "object") return false;
  const v = value as Partial<BigValue>;
  return typeof v.id === "number" && typeof v.fill === "string" && v.sum === checksum(v.id, v.fill);
}
