/**
 * Signed cookies without a configured secret. In dev, a random secret is generated once and
 * kept in `<root>/.apifn/cookie-secret` (mode 0600; `.apifn/` is git-ignored), so
 * `setCookie(…, { signed: true })` just works. Outside dev, `signed: true` answers a 500 that
 * names the setting, and startup warns about the function files that use it.
 *
 * @module
 */

import { HttpError } from "../http/errors.ts";
import { encodeBase64Url } from "./base64url.ts";
import {
  type CookieSigner,
  createCookieSigner,
  MIN_COOKIE_SECRET_BYTES,
} from "./signed_cookies.ts";

/** Where the dev secret is kept, relative to the project root. */
export const DEV_COOKIE_SECRET_FILE = ".apifn/cookie-secret";

/**
 * The dev cookie secret of a project: read from `<root>/.apifn/cookie-secret`, or created
 * there (32 random bytes, base64url) when missing. The file is written whole under a temporary
 * name and linked into place, so concurrent processes agree on one secret; `.apifn/.gitignore`
 * (`*`) keeps the folder out of git. Synchronous: it runs on the first signed cookie.
 *
 * @param root The project root.
 * @returns The secret.
 * @throws {RangeError} When the file holds fewer than 32 bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { devCookieSecret } from "./cookie_secret.ts";
 *
 * const root = await Deno.makeTempDir();
 * const secret = devCookieSecret(root);
 * assert.equal(devCookieSecret(root), secret); // kept
 * assert.equal(await Deno.readTextFile(`${root}/.apifn/.gitignore`), "*\n");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export function devCookieSecret(root: string): string {
  const dir = `${root}/.apifn`;
  const path = `${root}/${DEV_COOKIE_SECRET_FILE}`;
  const existing = readIfPresent(path);
  if (existing !== undefined) return checked(existing, path);
  Deno.mkdirSync(dir, { recursive: true });
  try {
    Deno.writeTextFileSync(`${dir}/.gitignore`, "*\n", { createNew: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = encodeBase64Url(bytes);
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  Deno.writeTextFileSync(temporary, `${secret}\n`, { mode: 0o600 });
  try {
    Deno.linkSync(temporary, path);
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    return checked(Deno.readTextFileSync(path), path); // another process was first
  } finally {
    Deno.removeSync(temporary);
  }
  return secret;
}

function readIfPresent(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function checked(text: string, path: string): string {
  const secret = text.trim();
  const bytes = new TextEncoder().encode(secret).length;
  if (bytes < MIN_COOKIE_SECRET_BYTES) {
    throw new RangeError(
      `Cannot use cookie secret file '${path}': it has ${bytes} bytes, at least ${MIN_COOKIE_SECRET_BYTES} are needed`,
    );
  }
  return secret;
}

/**
 * A signer whose secrets are loaded on first use (signing, or reading a signed cookie), so a
 * project that never signs a cookie never creates the dev secret.
 *
 * @param load Returns the secrets; called once.
 * @param options `required`: names that must arrive signed.
 * @returns The signer.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lazyCookieSigner } from "./cookie_secret.ts";
 *
 * let loads = 0;
 * const signer = lazyCookieSigner(() => (loads++, ["k".repeat(32)]));
 * assert.deepEqual(signer.verifyAll({ theme: "dark" }), { theme: "dark" });
 * assert.equal(loads, 0);
 * const sent = signer.sign("sid", "ada");
 * assert.deepEqual(signer.verifyAll({ sid: sent }), { sid: "ada" });
 * assert.equal(loads, 1);
 * ```
 */
export function lazyCookieSigner(
  load: () => readonly string[],
  options: { required?: readonly string[] } = {},
): CookieSigner {
  let signer: CookieSigner | undefined;
  const get = () => signer ??= createCookieSigner(load(), options);
  const required = new Set(options.required ?? []);
  return {
    sign: (name, value) => get().sign(name, value),
    unsign: (name, sent) => get().unsign(name, sent),
    verifyAll(cookies) {
      if (signer !== undefined) return signer.verifyAll(cookies);
      for (const name in cookies) {
        if (required.has(name) || cookies[name]!.startsWith("s:")) return get().verifyAll(cookies);
      }
      return cookies;
    },
  };
}

/**
 * The signer of an app without a cookie secret outside dev: request cookies are left as they
 * are, and signing throws an `HttpError` 500 whose message (shown to clients) names the
 * setting.
 *
 * @returns The signer.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { missingCookieSecret } from "./cookie_secret.ts";
 *
 * const signer = missingCookieSecret();
 * assert.deepEqual(signer.verifyAll({ sid: "s:x.y" }), { sid: "s:x.y" });
 * assert.throws(() => signer.sign("sid", "ada"), { status: 500, message: /APIFN_COOKIE_SECRET/ });
 * ```
 */
export function missingCookieSecret(): CookieSigner {
  const fail = (name: string): never => {
    throw new HttpError(
      500,
      `Cannot set cookie '${name}': signed cookies need a cookie secret ` +
        "(set APIFN_COOKIE_SECRET, at least 32 bytes, or the cookieSecret option)",
      { expose: true },
    );
  };
  return { sign: fail, unsign: () => undefined, verifyAll: (cookies) => cookies };
}

const SIGNED_TRUE = /\bsigned\s*:\s*true\b/;

/**
 * The function files whose source mentions `signed: true` (a file that cannot be read is
 * skipped), for the startup warning of an app without a cookie secret.
 *
 * @param root The project root.
 * @param files Function files, relative to the root.
 * @returns The files that use signed cookies.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findSignedCookieUse } from "./cookie_secret.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/a.ts`, "ctx.setCookie('sid', id, { signed: true });");
 * await Deno.writeTextFile(`${root}/b.ts`, "ctx.setCookie('theme', 'dark');");
 * assert.deepEqual(await findSignedCookieUse(root, ["a.ts", "b.ts", "gone.ts"]), ["a.ts"]);
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function findSignedCookieUse(
  root: string,
  files: readonly string[],
): Promise<string[]> {
  const found: string[] = [];
  for (const file of new Set(files)) {
    try {
      if (SIGNED_TRUE.test(await Deno.readTextFile(`${root}/${file}`))) found.push(file);
    } catch {
      // not on disk (a manifest, an in-memory file system) or not readable: nothing to say
    }
  }
  return found;
}
