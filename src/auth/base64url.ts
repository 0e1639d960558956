/**
 * Strict base64url (RFC 4648 §5, no padding), as JWTs and signed cookies use it.
 *
 * @module
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes as base64url without padding.
 *
 * @param bytes The bytes.
 * @returns The text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeBase64Url } from "./base64url.ts";
 *
 * assert.equal(encodeBase64Url(new Uint8Array([251, 255])), "-_8");
 * ```
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! +
      ALPHABET[n & 63]!;
  }
  const left = bytes.length - i;
  if (left === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (left === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/**
 * Decodes unpadded base64url. Throws a `SyntaxError` for any other character, for padding, for
 * a length that no encoding produces, and for non-canonical text (unused bits set).
 *
 * @param text The text.
 * @returns The bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeBase64Url } from "./base64url.ts";
 *
 * assert.deepEqual(decodeBase64Url("-_8"), new Uint8Array([251, 255]));
 * assert.throws(() => decodeBase64Url("a+b="), SyntaxError);
 * ```
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const rest = text.length % 4;
  // With 2 or 3 characters left, the unused low bits of the last one must be zero (canonical).
  const unused = rest === 2 ? 15 : rest === 3 ? 3 : 0;
  if (
    !BASE64URL.test(text) || rest === 1 ||
    (unused !== 0 && (ALPHABET.indexOf(text[text.length - 1]!) & unused) !== 0)
  ) {
    const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
    throw new SyntaxError(`Cannot decode base64url '${shown}': invalid character or length`);
  }
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
