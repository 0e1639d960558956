/**
 * Seeded randomness for the KV tests (reproducible runs).
 *
 * @module
 */
import type { KvKey, KvKeyPart } from "../../src/types.ts";

/**
 * A seeded generator of numbers in [0, 1) (mulberry32).
 *
 * @param seed Any 32-bit integer.
 * @returns The generator.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { seededRandom } from "./_random.ts";
 *
 * assert.equal(seededRandom(1)(), seededRandom(1)());
 * ```
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  "",
  "a",
  "ab",
  "b",
  "a\u0000",
  "\u0000",
  "é",
  "\uFFFF",
  "\uE000",
  "😀",
  "Z",
  "10",
  "9",
];
const NUMBERS = [
  0,
  1,
  2,
  10,
  -1,
  -2.5,
  0.5,
  1e300,
  -1e300,
  5e-324,
  -5e-324,
  Number.MAX_SAFE_INTEGER,
];

/**
 * A random key part: an awkward string, number or boolean.
 *
 * @param random The generator.
 * @returns The part.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomPart, seededRandom } from "./_random.ts";
 *
 * assert.ok(["string", "number", "boolean"].includes(typeof randomPart(seededRandom(3))));
 * ```
 */
export function randomPart(random: () => number): KvKeyPart {
  const r = random();
  if (r < 0.45) {
    const base = STRINGS[Math.floor(random() * STRINGS.length)]!;
    return random() < 0.3 ? base + STRINGS[Math.floor(random() * STRINGS.length)]! : base;
  }
  if (r < 0.85) {
    if (random() < 0.5) return NUMBERS[Math.floor(random() * NUMBERS.length)]!;
    return Math.round((random() - 0.5) * 2000) / 8;
  }
  return random() < 0.5;
}

/**
 * A random key of 1 to 3 parts.
 *
 * @param random The generator.
 * @returns The key (never containing `-0`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { randomKey, seededRandom } from "./_random.ts";
 *
 * const key = randomKey(seededRandom(5));
 * assert.ok(key.length >= 1 && key.length <= 3);
 * ```
 */
export function randomKey(random: () => number): KvKey {
  const length = 1 + Math.floor(random() * 3);
  return Array.from({ length }, () => {
    const part = randomPart(random);
    return Object.is(part, -0) ? 0 : part;
  });
}
