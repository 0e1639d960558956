/**
 * KV value encoding: values are stored as their UTF-8 JSON text, so what
 * comes back equals `JSON.parse(JSON.stringify(value))`.
 *
 * @module
 */

/** The largest JSON size of a value: 1 MB (1,048,576 bytes of UTF-8). */
export const MAX_VALUE_BYTES = 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A value ready to store: its JSON bytes. */
export interface EncodedValue {
  /** The UTF-8 bytes of the value's JSON text. */
  bytes: Uint8Array;
}

/**
 * Serializes a value to JSON bytes, enforcing the 1 MB limit.
 *
 * @param value Any JSON-serializable value.
 * @returns The encoded value.
 * @throws {Error} `Value is not JSON serializable: …` or `Value size (… KB) exceeds the maximum allowed size of 1 MB (1024 KB)`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeValue, encodeValue } from "./values.ts";
 *
 * const encoded = encodeValue({ at: new Date(0) });
 * assert.deepEqual(decodeValue(encoded.bytes), { at: "1970-01-01T00:00:00.000Z" });
 * assert.throws(() => encodeValue(10n), /^Error: Value is not JSON serializable/);
 * ```
 */
export function encodeValue(value: unknown): EncodedValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new Error(`Value is not JSON serializable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (text === undefined) {
    throw new Error(`Value is not JSON serializable: ${describe(value)} has no JSON form`);
  }
  const bytes = encoder.encode(text);
  if (bytes.length > MAX_VALUE_BYTES) {
    const kb = (bytes.length / 1024).toFixed(2);
    throw new Error(
      `Value size (${kb} KB) exceeds the maximum allowed size of 1 MB (1024 KB)`,
    );
  }
  return { bytes };
}

function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  return String(value);
}

/**
 * Parses stored JSON bytes back into a value.
 *
 * @param bytes The UTF-8 JSON bytes.
 * @returns The value.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeValue } from "./values.ts";
 *
 * assert.deepEqual(decodeValue(new TextEncoder().encode("[1,2]")), [1, 2]);
 * ```
 */
export function decodeValue(bytes: Uint8Array): unknown {
  return JSON.parse(decoder.decode(bytes));
}
