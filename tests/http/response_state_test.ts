import assert from "node:assert/strict";
import { checkStatus, ResponseState } from "../../src/http/response_state.ts";

function state(url = "http://localhost/", headers: HeadersInit = {}): ResponseState {
  return new ResponseState(new Request(url, { headers }));
}

Deno.test("checkStatus - accepts integers from 100 to 599", async (t) => {
  for (const code of [100, 200, 599]) await t.step(`${code}`, () => checkStatus(code));
  for (const code of [99, 600, 1.5, NaN, Infinity]) {
    await t.step(`rejects ${code}`, () => {
      assert.throws(() => checkStatus(code), {
        name: "RangeError",
        message: `Cannot set status '${code}': expected an integer from 100 to 599`,
      });
    });
  }
});

Deno.test("ResponseState - parses the URL once, reusing a given one", () => {
  const url = new URL("http://localhost/given");
  const reused = new ResponseState(new Request("http://localhost/other"), url);
  assert.equal(reused.url, url);
  const parsed = state("http://localhost/x?y=1");
  assert.equal(parsed.url.pathname, "/x");
  assert.equal(parsed.url, parsed.url);
});

Deno.test("ResponseState - redirect validates code and URL", async (t) => {
  const ok: [string, string, number, string][] = [
    ["relative path", "/login", 302, "/login"],
    ["relative dots", "../up?x=1", 301, "../up?x=1"],
    ["absolute other origin", "https://other.example/", 303, "https://other.example/"],
    ["307", "/a", 307, "/a"],
    ["308", "/a", 308, "/a"],
    ["non-ASCII percent-encoded", "/café?q=€", 302, "/caf%C3%A9?q=%E2%82%AC"],
  ];
  for (const [name, url, code, location] of ok) {
    await t.step(name, async () => {
      const response = state().redirect(url, code);
      assert.equal(response.status, code);
      assert.equal(response.headers.get("location"), location);
      assert.equal(response.headers.get("content-type"), null);
      assert.equal(await response.text(), "");
    });
  }
  for (const code of [200, 300, 304, 404, 399]) {
    await t.step(`code ${code}`, () => {
      assert.throws(() => state().redirect("/x", code), {
        name: "RangeError",
        message: `Cannot redirect with status '${code}': expected 301, 302, 303, 307 or 308`,
      });
    });
  }
  const bad: [string, string, RegExp][] = [
    ["CR", "/a\rb", /^Cannot redirect to '\/a\\rb': the URL contains a control character$/],
    ["LF", "/a\nSet-Cookie: x=y", /control character/],
    ["NUL", "/a\0", /control character/],
    ["tab", "/\t/evil.example", /control character/],
    ["protocol-relative", "//evil.example/", /protocol-relative URLs are not allowed/],
    ["slash backslash", "/\\evil.example", /protocol-relative/],
    ["backslash slash", "\\/evil.example", /protocol-relative/],
    ["backslashes", "\\\\evil.example", /protocol-relative/],
    ["leading spaces", "  //evil.example", /protocol-relative/],
    ["lone surrogate", "/\ud800", /lone surrogate/],
    ["not a string", 42 as unknown as string, /must be a string/],
  ];
  for (const [name, url, message] of bad) {
    await t.step(name, () => {
      assert.throws(() => state().redirect(url, 302), { name: "TypeError", message });
    });
  }
});

Deno.test("ResponseState - records cookies by name in first-set order", () => {
  const s = state();
  s.setCookie("a", "1");
  s.setCookie("b", "2", { maxAge: 60_000 });
  s.setCookie("a", "3");
  s.deleteCookie("c");
  s.deleteCookie("b");
  assert.deepEqual(s.respond("{}", 200, "application/json").headers.getSetCookie(), [
    "a=3; Path=/; HttpOnly; SameSite=Lax",
    "b=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
    "c=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
  ]);
});

Deno.test("ResponseState - redirects carry cookies", () => {
  const s = state();
  s.setCookie("sid", "s");
  const response = s.redirect("/home", 302);
  assert.deepEqual(response.headers.getSetCookie(), ["sid=s; Path=/; HttpOnly; SameSite=Lax"]);
});

Deno.test("ResponseState - invalid cookies throw when set", () => {
  assert.throws(() => state().setCookie("sid", "a;b"), {
    name: "TypeError",
    message: "Cannot set cookie 'sid': value contains ';'",
  });
  assert.throws(() => state().deleteCookie("a b"), TypeError);
});

Deno.test("ResponseState - defaults Secure from the request scheme", async (t) => {
  const cases: [string, string, HeadersInit, boolean][] = [
    ["http", "http://localhost/", {}, false],
    ["https URL", "https://example.com/", {}, true],
    ["x-forwarded-proto https", "http://localhost/", { "x-forwarded-proto": "https" }, true],
    ["x-forwarded-proto list", "http://localhost/", { "x-forwarded-proto": "HTTPS, http" }, true],
    ["x-forwarded-proto http", "http://localhost/", { "x-forwarded-proto": "http" }, false],
    [
      "x-forwarded-proto http, https",
      "http://localhost/",
      { "x-forwarded-proto": "http, https" },
      false,
    ],
  ];
  for (const [name, url, headers, secure] of cases) {
    await t.step(name, () => {
      const s = state(url, headers);
      s.setCookie("a", "b");
      const expected = `a=b; Path=/; HttpOnly; ${secure ? "Secure; " : ""}SameSite=Lax`;
      assert.equal(s.respond("x", 200, "text/plain").headers.get("set-cookie"), expected);
    });
  }
  await t.step("secure false on https", () => {
    const s = state("https://example.com/");
    s.setCookie("a", "b", { secure: false });
    const header = s.respond("x", 200, "text/plain").headers.get("set-cookie");
    assert.equal(header, "a=b; Path=/; HttpOnly; SameSite=Lax");
  });
});
