import assert from "node:assert/strict";
import { checkCookieName, checkCookiePart, quoteName } from "../../src/http/cookie_checks.ts";
import { serializeCookie } from "../../src/http/cookies.ts";
import type { SerializeCookieOptions } from "../../src/http/cookies.ts";

Deno.test("quoteName - escapes control characters", async (t) => {
  const cases: [string, string][] = [["sid", "'sid'"], ["a\r\n", "'a\\x0d\\x0a'"], [
    "\x7f",
    "'\\x7f'",
  ]];
  for (const [name, quoted] of cases) {
    await t.step(JSON.stringify(name), () => assert.equal(quoteName(name), quoted));
  }
});

Deno.test("checkCookieName - accepts RFC 6265 tokens only", async (t) => {
  for (const name of ["sid", "__Host-x", "a.b_c~d!#$%&'*+^`|"]) {
    await t.step(`accepts ${name}`, () => checkCookieName(name));
  }
  for (const name of ["", "a b", "a=b", "a;b", "a,b", 'a"b', "a(b)", "a/b", "é", "a\tb"]) {
    await t.step(`rejects ${JSON.stringify(name)}`, () => {
      assert.throws(() => checkCookieName(name), TypeError);
    });
  }
});

Deno.test("checkCookiePart - allows non-ASCII in domain and path but not in values", () => {
  checkCookiePart("a", "path", "/café");
  assert.throws(() => checkCookiePart("a", "value", "café"), TypeError);
});

Deno.test("serializeCookie - rejects invalid input with a TypeError naming the cookie", async (t) => {
  const cases: [string, string, string, SerializeCookieOptions, string][] = [
    ["value with ;", "sid", "a;b", {}, "Cannot set cookie 'sid': value contains ';'"],
    [
      "value with CR",
      "sid",
      "a\rb",
      {},
      "Cannot set cookie 'sid': value contains a control character (U+000D)",
    ],
    [
      "value with LF",
      "sid",
      "a\nSet-Cookie: x=y",
      {},
      "Cannot set cookie 'sid': value contains a control character (U+000A)",
    ],
    [
      "value with NUL",
      "sid",
      "a\0",
      {},
      "Cannot set cookie 'sid': value contains a control character (U+0000)",
    ],
    [
      "value with DEL",
      "sid",
      "a\x7f",
      {},
      "Cannot set cookie 'sid': value contains a control character (U+007F)",
    ],
    [
      "value non-ASCII",
      "sid",
      "café",
      {},
      "Cannot set cookie 'sid': value contains a non-ASCII character (U+00E9)",
    ],
    [
      "name with space",
      "my sid",
      "v",
      {},
      "Cannot set cookie 'my sid': name must be a non-empty token (letters, digits and !#$%&'*+-.^_`|~)",
    ],
    [
      "name with =",
      "a=b",
      "v",
      {},
      "Cannot set cookie 'a=b': name must be a non-empty token (letters, digits and !#$%&'*+-.^_`|~)",
    ],
    [
      "name with ;",
      "a;",
      "v",
      {},
      "Cannot set cookie 'a;': name must be a non-empty token (letters, digits and !#$%&'*+-.^_`|~)",
    ],
    [
      "name with LF",
      "a\n",
      "v",
      {},
      "Cannot set cookie 'a\\x0a': name must be a non-empty token (letters, digits and !#$%&'*+-.^_`|~)",
    ],
    [
      "empty name",
      "",
      "v",
      {},
      "Cannot set cookie '': name must be a non-empty token (letters, digits and !#$%&'*+-.^_`|~)",
    ],
    [
      "domain with ;",
      "sid",
      "v",
      { domain: "a.com; Secure" },
      "Cannot set cookie 'sid': domain contains ';'",
    ],
    [
      "domain with CR",
      "sid",
      "v",
      { domain: "a.com\r" },
      "Cannot set cookie 'sid': domain contains a control character (U+000D)",
    ],
    [
      "path with LF",
      "sid",
      "v",
      { path: "/\n" },
      "Cannot set cookie 'sid': path contains a control character (U+000A)",
    ],
    ["path with ;", "sid", "v", { path: "/;x" }, "Cannot set cookie 'sid': path contains ';'"],
    [
      "maxAge NaN",
      "sid",
      "v",
      { maxAge: NaN },
      "Cannot set cookie 'sid': maxAge must be a finite number, got 'NaN'",
    ],
    [
      "maxAge Infinity",
      "sid",
      "v",
      { maxAge: Infinity },
      "Cannot set cookie 'sid': maxAge must be a finite number, got 'Infinity'",
    ],
    [
      "maxAge string",
      "sid",
      "v",
      { maxAge: "60" as unknown as number },
      "Cannot set cookie 'sid': maxAge must be a finite number, got '60'",
    ],
    [
      "invalid Date",
      "sid",
      "v",
      { expires: new Date(NaN) },
      "Cannot set cookie 'sid': expires must be a valid Date",
    ],
    [
      "expires string",
      "sid",
      "v",
      { expires: "tomorrow" as unknown as Date },
      "Cannot set cookie 'sid': expires must be a valid Date",
    ],
    [
      "bad sameSite",
      "sid",
      "v",
      { sameSite: "Loose" as "Lax" },
      "Cannot set cookie 'sid': sameSite must be 'Strict', 'Lax' or 'None', got 'Loose'",
    ],
    [
      "signed",
      "x",
      "v",
      { signed: true },
      "Cannot set cookie 'x': signed cookies need a cookie secret (APIFN_COOKIE_SECRET)",
    ],
  ];
  for (const [name, cookie, value, options, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => serializeCookie(cookie, value, options), { name: "TypeError", message });
    });
  }
});
