/**
 * Deno KV's binary key encoding (the FoundationDB tuple layer), for reading a
 * SQLite store directly: the bytes of a key as Deno KV stores them in its
 * `kv.k` column, so a row can be found without a round trip through Deno KV.
 *
 * @module
 */

const STRING = 0x02;
const BYTES = 0x01;
const NUMBER = 0x21;
const FALSE = 0x26;
const TRUE = 0x27;

const encoder = new TextEncoder();
const float = new DataView(new ArrayBuffer(8));

/** A growable byte buffer, reused between calls (the result is always a copy). */
let scratch = new Uint8Array(256);

function reserve(used: number, more: number): void {
  if (used + more <= scratch.length) return;
  const next = new Uint8Array(Math.max(scratch.length * 2, used + more));
  next.set(scratch.subarray(0, used));
  scratch = next;
}

/** Writes `bytes` with each 0x00 escaped as 0x00 0xff, then the 0x00 terminator. */
function writeEscaped(used: number, bytes: Uint8Array): number {
  reserve(used, bytes.length * 2 + 1);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    scratch[used++] = byte;
    if (byte === 0) scratch[used++] = 0xff;
  }
  scratch[used++] = 0;
  return used;
}

function writeString(used: number, part: string): number {
  // ASCII without NUL, the common case, needs no intermediate array.
  reserve(used, part.length + 2);
  let ascii = true;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code === 0 || code > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    scratch[used++] = STRING;
    return writeEscaped(used, encoder.encode(part));
  }
  scratch[used++] = STRING;
  for (let i = 0; i < part.length; i++) scratch[used++] = part.charCodeAt(i);
  scratch[used++] = 0;
  return used;
}

function writeNumber(used: number, part: number): number {
  // Deno KV canonicalizes NaN's bit patterns; apifn never stores NaN: refuse rather than guess.
  if (Number.isNaN(part)) throw new TypeError("Cannot encode KV key part NaN: not supported");
  reserve(used, 9);
  float.setFloat64(0, part);
  scratch[used++] = NUMBER;
  // Negative numbers: every bit flipped; others: the sign bit flipped. Byte order then sorts.
  const negative = (float.getUint8(0) & 0x80) !== 0;
  for (let i = 0; i < 8; i++) {
    const byte = float.getUint8(i);
    scratch[used++] = negative ? byte ^ 0xff : i === 0 ? byte ^ 0x80 : byte;
  }
  return used;
}

/**
 * Encodes a Deno KV key the way Deno KV stores it. Strings, numbers (as
 * 64-bit floats, `-0` distinct from `0`), booleans and `Uint8Array`s are
 * supported; `bigint` and `NaN` parts are not.
 *
 * @param key The key's parts.
 * @returns The encoded bytes (a fresh array).
 * @throws {TypeError} When a part is a `bigint`, `NaN` or not a Deno KV key part.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeKvKey } from "./key_bytes.ts";
 *
 * assert.deepEqual(encodeKvKey(["d", true]), new Uint8Array([2, 100, 0, 0x27]));
 * assert.deepEqual(encodeKvKey(["a\0"]), new Uint8Array([2, 97, 0, 0xff, 0]));
 * assert.deepEqual(encodeKvKey([1]), new Uint8Array([0x21, 0xbf, 0xf0, 0, 0, 0, 0, 0, 0]));
 * assert.throws(() => encodeKvKey([1n]), TypeError);
 * ```
 */
export function encodeKvKey(key: readonly Deno.KvKeyPart[]): Uint8Array {
  let used = 0;
  for (let i = 0; i < key.length; i++) {
    const part = key[i];
    switch (typeof part) {
      case "string":
        used = writeString(used, part);
        break;
      case "number":
        used = writeNumber(used, part);
        break;
      case "boolean":
        reserve(used, 1);
        scratch[used++] = part ? TRUE : FALSE;
        break;
      default:
        if (part instanceof Uint8Array) {
          reserve(used, 1);
          scratch[used++] = BYTES;
          used = writeEscaped(used, part);
          break;
        }
        throw new TypeError(
          `Cannot encode KV key part ${i} (${
            typeof part === "bigint" ? `${part}n` : typeof part
          }): only strings, numbers, booleans and Uint8Arrays are supported`,
        );
    }
  }
  return scratch.slice(0, used);
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Reads an escaped run from `at` to its 0x00 terminator; returns the bytes and the next offset. */
function readEscaped(bytes: Uint8Array, at: number): [Uint8Array, number] {
  const out: number[] = [];
  for (;;) {
    if (at >= bytes.length) throw new TypeError("Cannot decode KV key: unterminated part");
    const byte = bytes[at++]!;
    if (byte !== 0) out.push(byte);
    else if (bytes[at] === 0xff) {
      out.push(0);
      at++;
    } else return [new Uint8Array(out), at];
  }
}

function readString(bytes: Uint8Array, at: number): [string, number] {
  // ASCII without escapes, the common case, is read in place.
  let end = at;
  while (end < bytes.length && bytes[end]! > 0 && bytes[end]! < 0x80) end++;
  if (bytes[end] === 0 && bytes[end + 1] !== 0xff) {
    return [
      String.fromCharCode.apply(null, bytes.subarray(at, end) as unknown as number[]),
      end + 1,
    ];
  }
  const [raw, next] = readEscaped(bytes, at);
  return [decoder.decode(raw), next];
}

/**
 * Decodes a key encoded by Deno KV (the inverse of {@linkcode encodeKvKey}).
 *
 * @param bytes The encoded key.
 * @returns The key's parts.
 * @throws {TypeError} On a `bigint` part or bytes that are not a key.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeKvKey, encodeKvKey } from "./key_bytes.ts";
 *
 * const key = ["notes", -1.5, true, new Uint8Array([0])];
 * assert.deepEqual(decodeKvKey(encodeKvKey(key)), key);
 * ```
 */
export function decodeKvKey(bytes: Uint8Array): Deno.KvKeyPart[] {
  const key: Deno.KvKeyPart[] = [];
  let at = 0;
  while (at < bytes.length) {
    const tag = bytes[at++];
    if (tag === STRING) {
      const [part, next] = readString(bytes, at);
      key.push(part);
      at = next;
    } else if (tag === NUMBER) {
      if (at + 8 > bytes.length) throw new TypeError("Cannot decode KV key: truncated number");
      const positive = (bytes[at]! & 0x80) !== 0;
      for (let i = 0; i < 8; i++) {
        const byte = bytes[at + i]!;
        float.setUint8(i, positive ? (i === 0 ? byte ^ 0x80 : byte) : byte ^ 0xff);
      }
      key.push(float.getFloat64(0));
      at += 8;
    } else if (tag === FALSE || tag === TRUE) {
      key.push(tag === TRUE);
    } else if (tag === BYTES) {
      const [part, next] = readEscaped(bytes, at);
      key.push(part);
      at = next;
    } else {
      throw new TypeError(`Cannot decode KV key: unsupported part type 0x${tag!.toString(16)}`);
    }
  }
  return key;
}

/**
 * The byte range `[start, end)` Deno KV reads for a list selector.
 *
 * @param selector `{ prefix }`, `{ prefix, start }`, `{ prefix, end }` or `{ start, end }`.
 * @returns The encoded lower (inclusive) and upper (exclusive) bounds.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectorBounds } from "./key_bytes.ts";
 *
 * assert.deepEqual(selectorBounds({ prefix: ["a"] }), [
 *   new Uint8Array([2, 97, 0, 0]),
 *   new Uint8Array([2, 97, 0, 0xff]),
 * ]);
 * ```
 */
export function selectorBounds(selector: Deno.KvListSelector): [Uint8Array, Uint8Array] {
  const within = (prefix: Deno.KvKey, last: number) => {
    const bytes = encodeKvKey(prefix);
    const out = new Uint8Array(bytes.length + 1);
    out.set(bytes);
    out[bytes.length] = last;
    return out;
  };
  const { prefix, start, end } = selector as {
    prefix?: Deno.KvKey;
    start?: Deno.KvKey;
    end?: Deno.KvKey;
  };
  const lower = start ? encodeKvKey(start) : within(prefix!, 0x00);
  const upper = end ? encodeKvKey(end) : within(prefix!, 0xff);
  return [lower, upper];
}
