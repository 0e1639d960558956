/**
 * Signed cookies: `setCookie(name, value, { signed: true })` sends `s:<value>.<signature>`,
 * where the signature is the base64url HMAC-SHA256 of `<name>=<value>` under the first cookie
 * secret. Reading, every cookie whose value has that shape is verified against each secret (key
 * rotation) in constant time; `context.cookies` then holds the bare value, or nothing when the
 * signature does not verify. Names listed as signed are also dropped when they arrive unsigned.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";

/** Signs and verifies cookie values. */
export interface CookieSigner {
  /** The value to send for a signed cookie: `s:<value>.<signature>`. */
  sign(name: string, value: string): string;
  /** The bare value of a signed cookie, or `undefined` when it is not validly signed. */
  unsign(name: string, sent: string): string | undefined;
  /**
   * Request cookies as handlers see them: signed values verified and unwrapped, bad ones
   * dropped, unsigned values of required names dropped. Returns `cookies` itself when nothing
   * changes.
   */
  verifyAll(cookies: Record<string, string>): Record<string, string>;
}

/** The smallest cookie secret accepted, in bytes. */
export const MIN_COOKIE_SECRET_BYTES = 32;
const SIGNED = /^s:([^]*)\.([A-Za-z0-9_-]{43})$/;

function mac(secret: string, name: string, value: string): Buffer {
  return createHmac("sha256", secret).update(`${name}=${value}`).digest();
}

function setOwn(target: Record<string, string>, name: string, value: string): void {
  Object.defineProperty(target, name, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Reads cookie secrets: the option (a string or a list), else `APIFN_COOKIE_SECRET` (one secret,
 * or several separated by commas). The first signs; all verify. Returns `undefined` when there
 * is none. Throws a `RangeError` for a secret shorter than 32 bytes and a `TypeError` for a
 * value that is not a string or a list of strings.
 *
 * @param option The `cookieSecret` option.
 * @param env Reads an environment variable (default `Deno.env.get`, `undefined` without permission).
 * @returns The secrets, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cookieSecrets } from "./signed_cookies.ts";
 *
 * const env = (name: string) =>
 *   name === "APIFN_COOKIE_SECRET" ? `${"a".repeat(32)}, ${"b".repeat(32)}` : undefined;
 * assert.deepEqual(cookieSecrets(undefined, env), ["a".repeat(32), "b".repeat(32)]);
 * assert.equal(cookieSecrets(undefined, () => undefined), undefined);
 * assert.throws(() => cookieSecrets("short", env), RangeError);
 * ```
 */
export function cookieSecrets(
  option: string | readonly string[] | undefined,
  env: (name: string) => string | undefined = readEnv,
): string[] | undefined {
  let secrets: readonly unknown[];
  if (option !== undefined) secrets = typeof option === "string" ? [option] : option;
  else {
    const value = env("APIFN_COOKIE_SECRET");
    if (value === undefined || value.trim() === "") return undefined;
    secrets = value.split(",").map((secret) => secret.trim()).filter((secret) => secret !== "");
  }
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new TypeError(
      "Cannot use cookie secret: expected a string or a non-empty list of strings",
    );
  }
  return secrets.map((secret, i) => {
    if (typeof secret !== "string") {
      throw new TypeError(`Cannot use cookie secret ${i + 1}: expected a string`);
    }
    const bytes = new TextEncoder().encode(secret).length;
    if (bytes < MIN_COOKIE_SECRET_BYTES) {
      throw new RangeError(
        `Cannot use cookie secret ${
          i + 1
        }: it has ${bytes} bytes, at least ${MIN_COOKIE_SECRET_BYTES} are needed`,
      );
    }
    return secret;
  });
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/**
 * Creates a signer from secrets (see {@linkcode cookieSecrets}); `required` names are cookies
 * that must be signed: an unsigned value for them is dropped too.
 *
 * @param secrets The secrets; the first signs.
 * @param options `required`: names that must arrive signed.
 * @returns The signer.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCookieSigner } from "./signed_cookies.ts";
 *
 * const old = createCookieSigner(["o".repeat(32)]);
 * const signer = createCookieSigner(["n".repeat(32), "o".repeat(32)], { required: ["sid"] });
 * const sent = signer.sign("sid", "ada");
 * assert.match(sent, /^s:ada\.[\w-]{43}$/);
 * assert.deepEqual(signer.verifyAll({ sid: sent, theme: "dark" }), { sid: "ada", theme: "dark" });
 * assert.deepEqual(signer.verifyAll({ sid: old.sign("sid", "bob") }), { sid: "bob" }); // rotation
 * assert.deepEqual(signer.verifyAll({ sid: sent.replace("ada", "eve") }), {}); // tampered
 * assert.deepEqual(signer.verifyAll({ sid: "eve" }), {}); // required but unsigned
 * ```
 */
export function createCookieSigner(
  secrets: readonly string[],
  options: { required?: readonly string[] } = {},
): CookieSigner {
  if (secrets.length === 0) throw new TypeError("Cannot sign cookies: no secret");
  const keys = [...secrets];
  const required = new Set(options.required ?? []);
  function unsign(name: string, sent: string): string | undefined {
    const match = SIGNED.exec(sent);
    if (match === null) return undefined;
    const value = match[1]!;
    // Compare the canonical text, so no other encoding of the same bytes is accepted.
    const given = Buffer.from(match[2]!, "latin1");
    let ok = false;
    for (const key of keys) {
      const expected = Buffer.from(mac(key, name, value).toString("base64url"), "latin1");
      ok = timingSafeEqual(given, expected) || ok;
    }
    return ok ? value : undefined;
  }
  return {
    sign(name, value) {
      return `s:${value}.${mac(keys[0]!, name, value).toString("base64url")}`;
    },
    unsign,
    verifyAll(cookies) {
      let changed = false;
      for (const name in cookies) {
        if (required.has(name) || cookies[name]!.startsWith("s:")) {
          changed = true;
          break;
        }
      }
      if (!changed) return cookies;
      const out: Record<string, string> = {};
      for (const [name, sent] of Object.entries(cookies)) {
        if (sent.startsWith("s:")) {
          const value = unsign(name, sent);
          if (value !== undefined) setOwn(out, name, value);
        } else if (!required.has(name)) {
          setOwn(out, name, sent);
        }
      }
      return out;
    },
  };
}
