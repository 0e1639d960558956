import assert from "node:assert/strict";
import { deleteCookieHeader, parseCookies, serializeCookie } from "../../src/http/cookies.ts";
import type { SerializeCookieOptions } from "../../src/http/cookies.ts";

Deno.test("parseCookies - reads the Cookie header", async (t) => {
  const cases: [string, string | null, [string, string][]][] = [
    ["null header", null, []],
    ["empty header", "", []],
    ["one cookie", "sid=abc", [["sid", "abc"]]],
    ["spaces and empty pieces", " a = 1 ;; ;b=2; ", [["a", "1"], ["b", "2"]]],
    ["quoted value", 'theme="dark mode"', [["theme", "dark mode"]]],
    ["lone quote kept", 'q="', [["q", '"']]],
    ["empty value", "a=; b=2", [["a", ""], ["b", "2"]]],
    ["first occurrence wins", "sid=first; sid=second", [["sid", "first"]]],
    ["equals inside value", "token=a=b==", [["token", "a=b=="]]],
    ["piece without equals skipped", "flag; a=1", [["a", "1"]]],
    ["empty name skipped", "=x; a=1", [["a", "1"]]],
    ["no percent decoding", "a=hello%20world", [["a", "hello%20world"]]],
    ["__proto__ is an own key", "__proto__=x; constructor=y", [["__proto__", "x"], [
      "constructor",
      "y",
    ]]],
  ];
  for (const [name, header, expected] of cases) {
    await t.step(name, () => {
      const cookies = parseCookies(header);
      assert.equal(Object.getPrototypeOf(cookies), Object.prototype);
      assert.deepEqual(Object.entries(cookies), expected);
      assert.equal(Object.getPrototypeOf({}), Object.prototype);
    });
  }
});

Deno.test("serializeCookie - applies Redocly defaults and options", async (t) => {
  const cases: [string, string, string, SerializeCookieOptions | undefined, string][] = [
    ["defaults", "sid", "abc", undefined, "sid=abc; Path=/; HttpOnly; SameSite=Lax"],
    [
      "https default adds Secure",
      "sid",
      "abc",
      { secureDefault: true },
      "sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax",
    ],
    [
      "secure false beats the https default",
      "sid",
      "abc",
      { secureDefault: true, secure: false },
      "sid=abc; Path=/; HttpOnly; SameSite=Lax",
    ],
    [
      "secure true on http",
      "a",
      "b",
      { secure: true },
      "a=b; Path=/; HttpOnly; Secure; SameSite=Lax",
    ],
    [
      "SameSite=None forces Secure",
      "a",
      "b",
      { sameSite: "None", secure: false },
      "a=b; Path=/; HttpOnly; Secure; SameSite=None",
    ],
    ["SameSite=Strict", "a", "b", { sameSite: "Strict" }, "a=b; Path=/; HttpOnly; SameSite=Strict"],
    ["httpOnly false", "a", "b", { httpOnly: false }, "a=b; Path=/; SameSite=Lax"],
    [
      "maxAge ms to s",
      "a",
      "b",
      { maxAge: 3_600_000 },
      "a=b; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax",
    ],
    ["maxAge floors", "a", "b", { maxAge: 1999 }, "a=b; Max-Age=1; Path=/; HttpOnly; SameSite=Lax"],
    [
      "maxAge negative is 0",
      "a",
      "b",
      { maxAge: -5000 },
      "a=b; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
    ],
    [
      "maxAge tiny negative is 0",
      "a",
      "b",
      { maxAge: -1 },
      "a=b; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
    ],
    [
      "expires",
      "a",
      "b",
      { expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) },
      "a=b; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/; HttpOnly; SameSite=Lax",
    ],
    [
      "domain and path",
      "a",
      "b",
      { domain: "example.com", path: "/api" },
      "a=b; Domain=example.com; Path=/api; HttpOnly; SameSite=Lax",
    ],
    ["empty value", "a", "", undefined, "a=; Path=/; HttpOnly; SameSite=Lax"],
    [
      "stable order with everything",
      "sid",
      "v1",
      {
        sameSite: "Strict",
        secure: true,
        httpOnly: true,
        path: "/p",
        domain: "d.example",
        expires: new Date(0),
        maxAge: 60_000,
      },
      "sid=v1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=d.example; Path=/p; " +
      "HttpOnly; Secure; SameSite=Strict",
    ],
  ];
  for (const [name, cookie, value, options, expected] of cases) {
    await t.step(name, () => {
      assert.equal(serializeCookie(cookie, value, options), expected);
    });
  }
});

Deno.test("serializeCookie - accepts sameSite in any case", () => {
  const options = { sameSite: "none" as "None" };
  assert.equal(serializeCookie("a", "b", options), "a=b; Path=/; HttpOnly; Secure; SameSite=None");
});

Deno.test("deleteCookieHeader - expires the cookie", async (t) => {
  const cases: [string, string, { path?: string; domain?: string } | undefined, string][] = [
    ["default", "sid", undefined, "sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"],
    [
      "path and domain",
      "sid",
      { path: "/api", domain: "example.com" },
      "sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=example.com; Path=/api",
    ],
  ];
  for (const [name, cookie, options, expected] of cases) {
    await t.step(name, () => assert.equal(deleteCookieHeader(cookie, options), expected));
  }
  await t.step("validates the name", () => {
    assert.throws(() => deleteCookieHeader("a b"), { name: "TypeError", message: /'a b'/ });
  });
  await t.step("validates the path", () => {
    assert.throws(() => deleteCookieHeader("a", { path: "/\r\n" }), {
      name: "TypeError",
      message: "Cannot set cookie 'a': path contains a control character (U+000D)",
    });
  });
});
