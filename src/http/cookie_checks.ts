/**
 * Validation helpers shared by the cookie serializers.
 *
 * @module
 */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// deno-lint-ignore no-control-regex
const CONTROL_OR_SEMICOLON = /[\x00-\x1f\x7f;]/;
// deno-lint-ignore no-control-regex
const CONTROL_SEMICOLON_OR_NON_ASCII = /[\x00-\x1f\x7f;]|[^\x00-\x7f]/;

/**
 * Quotes a cookie name for an error message, escaping control characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quoteName } from "./cookie_checks.ts";
 *
 * assert.equal(quoteName("a\nb"), "'a\\x0ab'");
 * ```
 */
export function quoteName(name: string): string {
  // deno-lint-ignore no-control-regex
  const printable = String(name).replace(/[\x00-\x1f\x7f]/g, (char) => {
    return `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `'${printable}'`;
}

/**
 * Throws a `TypeError` unless `name` is an RFC 6265 token.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkCookieName } from "./cookie_checks.ts";
 *
 * checkCookieName("sid");
 * assert.throws(() => checkCookieName("a b"), TypeError);
 * ```
 */
export function checkCookieName(name: string): void {
  if (typeof name !== "string" || !TOKEN.test(name)) {
    throw new TypeError(
      `Cannot set cookie ${quoteName(name)}: name must be a non-empty token ` +
        "(letters, digits and !#$%&'*+-.^_`|~)",
    );
  }
}

/**
 * Throws a `TypeError` when `value` holds a control character, `;` or (for a
 * cookie value) a non-ASCII character.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkCookiePart } from "./cookie_checks.ts";
 *
 * checkCookiePart("sid", "value", "abc");
 * assert.throws(() => checkCookiePart("sid", "value", "a;b"), {
 *   message: "Cannot set cookie 'sid': value contains ';'",
 * });
 * ```
 */
export function checkCookiePart(
  name: string,
  part: "value" | "domain" | "path",
  value: string,
): void {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot set cookie ${quoteName(name)}: ${part} must be a string`);
  }
  const pattern = part === "value" ? CONTROL_SEMICOLON_OR_NON_ASCII : CONTROL_OR_SEMICOLON;
  const found = pattern.exec(value);
  if (found) {
    throw new TypeError(
      `Cannot set cookie ${quoteName(name)}: ${part} contains ${describe(found[0])}`,
    );
  }
}

function describe(char: string): string {
  if (char === ";") return "';'";
  const code = char.codePointAt(0)!;
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  return code < 0x80 ? `a control character (U+${hex})` : `a non-ASCII character (U+${hex})`;
}
