/**
 * KV key validation, encoded size and ordering (the same order as Deno KV:
 * string < number < false < true; strings by UTF-8 bytes, numbers numerically).
 *
 * @module
 */
import type { KvKey, KvKeyPart } from "../../types.ts";

/**
 * The largest encoded size of a user key, in bytes. Deno KV allows 2048 bytes
 * per key; apifn keeps the rest for its own prefixes (data, expiry index).
 */
export const MAX_KEY_BYTES = 2000;

/**
 * Checks that `key` is a valid KV key and returns a copy (with `-0` read as `0`).
 *
 * @param key The key to check.
 * @param label How to name the key in messages (default `key`).
 * @returns A validated copy of the key.
 * @throws {TypeError} When the key is not a non-empty array of strings, finite numbers and booleans.
 * @throws {RangeError} When the encoded key is longer than {@linkcode MAX_KEY_BYTES}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateKey } from "./keys.ts";
 *
 * assert.deepEqual(validateKey(["notes", 1, true]), ["notes", 1, true]);
 * assert.throws(() => validateKey(["notes", null]), TypeError);
 * ```
 */
export function validateKey(key: unknown, label = "key"): KvKey {
  if (!Array.isArray(key)) {
    throw new TypeError(`Cannot use ${label} ${describe(key)}: a key must be an array of parts`);
  }
  if (key.length === 0) {
    throw new TypeError(`Cannot use ${label} []: a key must have at least one part`);
  }
  const copy: KvKey = new Array(key.length);
  for (let i = 0; i < key.length; i++) copy[i] = validatePart(key[i], i, label);
  const size = encodedKeySize(copy);
  if (size > MAX_KEY_BYTES) {
    throw new RangeError(
      `Cannot use ${label}: it is ${size} bytes encoded, more than the limit of ${MAX_KEY_BYTES} bytes`,
    );
  }
  return copy;
}

/**
 * Checks a key prefix: like {@linkcode validateKey}, but an empty array is allowed.
 *
 * @param prefix The prefix to check.
 * @param label How to name the prefix in messages.
 * @returns A validated copy.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { validatePrefix } from "./keys.ts";
 *
 * assert.deepEqual(validatePrefix([]), []);
 * ```
 */
export function validatePrefix(prefix: unknown, label = "prefix"): KvKey {
  if (Array.isArray(prefix) && prefix.length === 0) return [];
  return validateKey(prefix, label);
}

function validatePart(part: unknown, index: number, label: string): KvKeyPart {
  switch (typeof part) {
    case "string":
      if (!part.isWellFormed()) {
        throw new TypeError(
          `Cannot use ${label}: part ${index} is a string with a lone surrogate (not well-formed Unicode)`,
        );
      }
      return part;
    case "number":
      if (!Number.isFinite(part)) {
        throw new TypeError(
          `Cannot use ${label}: part ${index} is ${part}; key parts must be strings, finite numbers or booleans`,
        );
      }
      return part === 0 ? 0 : part;
    case "boolean":
      return part;
    default:
      throw new TypeError(
        `Cannot use ${label}: part ${index} is ${
          describe(part)
        }; key parts must be strings, finite numbers or booleans`,
      );
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "bigint") return `a bigint (${value}n)`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `'${value}'`;
  return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
}

/**
 * The size of a key in Deno KV's tuple encoding, in bytes.
 *
 * @param key A valid key.
 * @returns The encoded size.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodedKeySize } from "./keys.ts";
 *
 * assert.equal(encodedKeySize(["ab", 1, true]), 4 + 9 + 1);
 * ```
 */
export function encodedKeySize(key: readonly unknown[]): number {
  let size = 0;
  for (const part of key) {
    if (typeof part === "string") size += 2 + utf8Length(part);
    else if (typeof part === "number") size += 9;
    else if (typeof part === "boolean") size += 1;
    else if (part instanceof Uint8Array) size += 2 + part.length;
    else size += 9;
  }
  return size;
}

/** UTF-8 length of a well-formed string, NUL counted twice (Deno KV escapes it). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += code === 0 ? 2 : 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function typeRank(part: KvKeyPart): number {
  if (typeof part === "string") return 0;
  if (typeof part === "number") return 1;
  return part ? 3 : 2;
}

/**
 * Compares two strings by their UTF-8 bytes (which is code point order).
 *
 * @param a A string.
 * @param b Another string.
 * @returns Negative, zero or positive.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareStrings } from "./keys.ts";
 *
 * assert.ok(compareStrings("\uFFFF", "\u{1F600}") < 0);
 * ```
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800–0xDFFF) stand for code points above 0xFFFF, which
    // sort after every other BMP character in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Compares two key parts in Deno KV order.
 *
 * @param a A key part.
 * @param b Another key part.
 * @returns Negative, zero or positive.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { comparePart } from "./keys.ts";
 *
 * assert.ok(comparePart("z", 1) < 0);
 * assert.ok(comparePart(2, 10) < 0);
 * ```
 */
export function comparePart(a: KvKeyPart, b: KvKeyPart): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return compareStrings(a as string, b as string);
  if (ra === 1) return (a as number) - (b as number);
  return 0;
}

/**
 * Compares two keys in Deno KV order (a key sorts before its extensions).
 *
 * @param a A key.
 * @param b Another key.
 * @returns Negative, zero or positive.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareKeys } from "./keys.ts";
 *
 * assert.ok(compareKeys(["a"], ["a", 1]) < 0);
 * assert.ok(compareKeys(["b"], ["a", 1]) > 0);
 * ```
 */
export function compareKeys(a: readonly KvKeyPart[], b: readonly KvKeyPart[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = comparePart(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * Whether `key` is strictly under `prefix` (longer, and starting with it).
 *
 * @param key A key.
 * @param prefix A prefix.
 * @returns `true` when `key` extends `prefix`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isUnder } from "./keys.ts";
 *
 * assert.ok(isUnder(["a", 1], ["a"]));
 * assert.ok(!isUnder(["a"], ["a"]));
 * ```
 */
export function isUnder(key: readonly KvKeyPart[], prefix: readonly KvKeyPart[]): boolean {
  if (key.length <= prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (comparePart(key[i]!, prefix[i]!) !== 0) return false;
  }
  return true;
}
