/**
 * An independent reference for key order and selector membership, written
 * from Deno KV's tuple encoding (not from `src/kv/layout/keys.ts`), so tests can
 * check the implementation against it.
 *
 * @module
 */
import type { KvKey, KvKeyPart } from "../../src/types.ts";

const encoder = new TextEncoder();

function encodePart(part: KvKeyPart, out: number[]): void {
  if (typeof part === "string") {
    out.push(0x02);
    for (const byte of encoder.encode(part)) {
      out.push(byte);
      if (byte === 0) out.push(0xff);
    }
    out.push(0x00);
  } else if (typeof part === "number") {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, part);
    const bytes = new Uint8Array(view.buffer);
    if (bytes[0]! & 0x80) { for (let i = 0; i < 8; i++) bytes[i] = ~bytes[i]! & 0xff; }
    else bytes[0] = bytes[0]! ^ 0x80;
    out.push(0x21, ...bytes);
  } else out.push(part ? 0x27 : 0x26);
}

/**
 * Deno KV's encoding of a key (strings, numbers, booleans).
 *
 * @param key The key.
 * @returns Its bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeKey } from "./_reference.ts";
 *
 * assert.deepEqual([...encodeKey(["a", true])], [2, 97, 0, 0x27]);
 * ```
 */
export function encodeKey(key: readonly KvKeyPart[]): Uint8Array {
  const out: number[] = [];
  for (const part of key) encodePart(part, out);
  return Uint8Array.from(out);
}

/**
 * Compares two keys by their encoded bytes.
 *
 * @param a A key.
 * @param b Another key.
 * @returns Negative, zero or positive.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { referenceCompare } from "./_reference.ts";
 *
 * assert.ok(referenceCompare(["z"], [1]) < 0);
 * assert.ok(referenceCompare([2], [10]) < 0);
 * ```
 */
export function referenceCompare(a: readonly KvKeyPart[], b: readonly KvKeyPart[]): number {
  const x = encodeKey(a);
  const y = encodeKey(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** A list selector in any of the accepted shapes. */
export interface AnySelector {
  /** Keys strictly under it. */
  prefix?: KvKey;
  /** Inclusive lower bound. */
  start?: KvKey;
  /** Exclusive upper bound. */
  end?: KvKey;
}

/**
 * Whether `key` matches a selector: strictly under `prefix`, at or after
 * `start`, before `end`.
 *
 * @param key The key.
 * @param selector The selector.
 * @returns `true` when it matches.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { matches } from "./_reference.ts";
 *
 * assert.ok(matches(["a", 1], { prefix: ["a"] }));
 * assert.ok(!matches(["a"], { prefix: ["a"] }));
 * assert.ok(!matches(["a", 9], { prefix: ["a"], end: ["a", 5] }));
 * ```
 */
export function matches(key: KvKey, selector: AnySelector): boolean {
  const { prefix, start, end } = selector;
  if (prefix) {
    if (key.length <= prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) {
      if (referenceCompare([key[i]!], [prefix[i]!]) !== 0) return false;
    }
  }
  if (start && referenceCompare(key, start) < 0) return false;
  if (end && referenceCompare(key, end) >= 0) return false;
  return true;
}
