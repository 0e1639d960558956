/**
 * List cursors: opaque base64url strings holding the last key of a page, a
 * fingerprint of the selector and direction they belong to, and the sizes of
 * both sides (to count the cheaper side on the next page).
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import { validateKey } from "./keys.ts";

/** What a cursor carries. */
export interface CursorState {
  /** The last key of the previous page. */
  key: KvKey;
  /** Entries listed before this cursor (all previous pages). */
  before: number;
  /** Entries left after this cursor when it was made. */
  after: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A fingerprint of a selector and direction (FNV-1a, 32 bits, hex).
 *
 * @param parts The validated selector parts.
 * @param reverse The direction.
 * @returns The fingerprint.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectorFingerprint } from "./cursor.ts";
 *
 * assert.notEqual(
 *   selectorFingerprint({ prefix: ["a"] }, false),
 *   selectorFingerprint({ prefix: ["a"] }, true),
 * );
 * ```
 */
export function selectorFingerprint(
  parts: { prefix?: KvKey; start?: KvKey; end?: KvKey },
  reverse: boolean,
): string {
  const text = JSON.stringify([
    parts.prefix ?? null,
    parts.start ?? null,
    parts.end ?? null,
    reverse,
  ]);
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Encodes a cursor.
 *
 * @param state What the cursor carries.
 * @param fingerprint The selector fingerprint it belongs to.
 * @returns The opaque cursor string.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeCursor, encodeCursor } from "./cursor.ts";
 *
 * const cursor = encodeCursor({ key: ["a", 1], before: 10, after: 5 }, "00ff00ff");
 * assert.deepEqual(decodeCursor(cursor, "00ff00ff"), { key: ["a", 1], before: 10, after: 5 });
 * ```
 */
export function encodeCursor(state: CursorState, fingerprint: string): string {
  const body = { v: 1, h: fingerprint, k: state.key, b: state.before, a: state.after };
  const json = JSON.stringify({ ...body, c: checksum(body) });
  return toBase64Url(encoder.encode(json));
}

/** A 53-bit hash (cyrb53) of a cursor's content, so an altered cursor is refused. */
function checksum(
  body: { v?: unknown; h?: unknown; k?: unknown; b?: unknown; a?: unknown },
): string {
  const text = JSON.stringify([body.v, body.h, body.k, body.b, body.a]);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Decodes a cursor made for the selector with `fingerprint`.
 *
 * @param cursor The cursor string.
 * @param fingerprint The fingerprint of the current selector and direction.
 * @returns The cursor's state.
 * @throws {TypeError} When the cursor is garbled or belongs to another selector or direction.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeCursor } from "./cursor.ts";
 *
 * assert.throws(() => decodeCursor("garbage!", "00000000"), TypeError);
 * ```
 */
export function decodeCursor(cursor: unknown, fingerprint: string): CursorState {
  if (typeof cursor !== "string" || cursor.length === 0 || cursor.length > 16_384) {
    throw new TypeError("Cannot use cursor: it must be a cursor string returned by list()");
  }
  let data: { v?: unknown; h?: unknown; k?: unknown; b?: unknown; a?: unknown; c?: unknown };
  try {
    data = JSON.parse(decoder.decode(fromBase64Url(cursor)));
  } catch {
    throw new TypeError(`Cannot use cursor '${cursor.slice(0, 40)}': it is not a list() cursor`);
  }
  if (data === null || typeof data !== "object" || data.v !== 1 || typeof data.h !== "string") {
    throw new TypeError(`Cannot use cursor '${cursor.slice(0, 40)}': it is not a list() cursor`);
  }
  if (data.h !== fingerprint) {
    throw new TypeError(
      "Cannot use cursor: it belongs to a different selector or direction than this list() call",
    );
  }
  if (data.c !== checksum(data)) {
    throw new TypeError(`Cannot use cursor '${cursor.slice(0, 40)}': it was altered`);
  }
  let key: KvKey;
  try {
    key = validateKey(data.k, "cursor key");
  } catch {
    throw new TypeError(`Cannot use cursor '${cursor.slice(0, 40)}': its key is invalid`);
  }
  return { key, before: count(data.b), after: count(data.a) };
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}
