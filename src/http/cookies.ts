/**
 * Reading the `Cookie` header and writing `Set-Cookie` headers with Redocly's
 * `setCookie` semantics (`maxAge` in milliseconds).
 *
 * @module
 */

import type { CookieOptions } from "../types.ts";
import { checkCookieName, checkCookiePart, quoteName } from "./cookie_checks.ts";
import { setOwn } from "./own.ts";

/**
 * Parses a `Cookie` request header into `{ name: value }`. Tolerates spaces and
 * empty pieces, strips surrounding double quotes, keeps the first occurrence of
 * a name, and treats `__proto__` as an ordinary name. Values are not
 * percent-decoded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCookies } from "./cookies.ts";
 *
 * assert.deepEqual(parseCookies('sid=abc; ; theme="dark"; sid=other'), {
 *   sid: "abc",
 *   theme: "dark",
 * });
 * assert.deepEqual(parseCookies(null), {});
 * ```
 */
export function parseCookies(header: string | null): Record<string, string> {
  const result: Record<string, string> = {};
  if (!header) return result;
  for (const piece of header.split(";")) {
    const equals = piece.indexOf("=");
    if (equals === -1) continue;
    const name = piece.slice(0, equals).trim();
    if (name === "" || Object.hasOwn(result, name)) continue;
    let value = piece.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    setOwn(result, name, value);
  }
  return result;
}

/** Options of {@linkcode serializeCookie}. */
export type SerializeCookieOptions = CookieOptions & {
  /** Add `Secure` unless `secure: false` (set when the request was https). */
  secureDefault?: boolean;
  /** Signs the value of a `signed: true` cookie; without it, `signed: true` throws a `TypeError`. */
  sign?: (name: string, value: string) => string;
};

const SAME_SITE: Readonly<Record<string, "Strict" | "Lax" | "None">> = {
  strict: "Strict",
  lax: "Lax",
  none: "None",
};

/**
 * Builds a `Set-Cookie` header value. Defaults: `Path=/`, `HttpOnly`,
 * `SameSite=Lax`, and `Secure` when `secureDefault` is set; `maxAge` is in
 * milliseconds; `sameSite: "None"` forces `Secure`. Throws a `TypeError` for an
 * invalid name, value, domain, path, `maxAge` or `expires`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serializeCookie } from "./cookies.ts";
 *
 * assert.equal(
 *   serializeCookie("sid", "abc", { maxAge: 3_600_000, secureDefault: true }),
 *   "sid=abc; Max-Age=3600; Path=/; HttpOnly; Secure; SameSite=Lax",
 * );
 * ```
 */
export function serializeCookie(
  name: string,
  value: string,
  options: SerializeCookieOptions = {},
): string {
  checkCookieName(name);
  checkCookiePart(name, "value", value);
  if (options.signed) {
    if (options.sign === undefined) {
      throw new TypeError(
        `Cannot set cookie ${
          quoteName(name)
        }: signed cookies need a cookie secret (APIFN_COOKIE_SECRET)`,
      );
    }
    value = options.sign(name, value);
  }
  let header = `${name}=${value}`;
  if (options.maxAge !== undefined) {
    const maxAge = options.maxAge;
    if (typeof maxAge !== "number" || !Number.isFinite(maxAge)) {
      throw new TypeError(
        `Cannot set cookie ${quoteName(name)}: maxAge must be a finite number, got '${
          String(maxAge)
        }'`,
      );
    }
    header += `; Max-Age=${Math.max(0, Math.floor(maxAge / 1000))}`;
  }
  if (options.expires !== undefined) {
    const expires = options.expires;
    if (!(expires instanceof Date) || Number.isNaN(expires.getTime())) {
      throw new TypeError(`Cannot set cookie ${quoteName(name)}: expires must be a valid Date`);
    }
    header += `; Expires=${expires.toUTCString()}`;
  }
  if (options.domain !== undefined) {
    checkCookiePart(name, "domain", options.domain);
    header += `; Domain=${options.domain}`;
  }
  const path = options.path ?? "/";
  checkCookiePart(name, "path", path);
  header += `; Path=${path}`;
  if (options.httpOnly !== false) header += "; HttpOnly";
  const sameSite = normalizeSameSite(name, options.sameSite);
  if (sameSite === "None" || (options.secure ?? options.secureDefault ?? false)) {
    header += "; Secure";
  }
  return `${header}; SameSite=${sameSite}`;
}

function normalizeSameSite(name: string, sameSite: unknown): "Strict" | "Lax" | "None" {
  if (sameSite === undefined) return "Lax";
  const normalized = typeof sameSite === "string" ? SAME_SITE[sameSite.toLowerCase()] : undefined;
  if (normalized === undefined) {
    throw new TypeError(
      `Cannot set cookie ${quoteName(name)}: sameSite must be 'Strict', 'Lax' or 'None', got '${
        String(sameSite)
      }'`,
    );
  }
  return normalized;
}

/** Options of {@linkcode deleteCookieHeader}. */
export type DeleteCookieOptions = {
  /** The `Path` the cookie was set with (default `/`). */
  path?: string;
  /** The `Domain` the cookie was set with. */
  domain?: string;
};

/**
 * Builds a `Set-Cookie` header value that expires the cookie `name` at once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deleteCookieHeader } from "./cookies.ts";
 *
 * assert.equal(
 *   deleteCookieHeader("sid"),
 *   "sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
 * );
 * ```
 */
export function deleteCookieHeader(name: string, options: DeleteCookieOptions = {}): string {
  checkCookieName(name);
  let header = `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  if (options.domain !== undefined) {
    checkCookiePart(name, "domain", options.domain);
    header += `; Domain=${options.domain}`;
  }
  const path = options.path ?? "/";
  checkCookiePart(name, "path", path);
  return `${header}; Path=${path}`;
}
