import assert from "node:assert/strict";
import {
  abortContext,
  anonymousUser,
  applyContextCookies,
  type ContextInit,
  createContext,
} from "../../src/http/context.ts";
import type { ApiFunctionsContext, KvService } from "../../src/types.ts";

function getKv(): Promise<KvService> {
  return Promise.reject(new Error("no KV in this test"));
}

function make(
  url = "http://localhost:8000/api/x",
  headers: HeadersInit = {},
  init: Partial<ContextInit> = {},
): ApiFunctionsContext {
  return createContext(new Request(url, { headers }), {
    params: {},
    user: anonymousUser(),
    config: {},
    getKv,
    ...init,
  });
}

Deno.test("createContext - exposes the given properties", () => {
  const params = { id: "7", rest: ["a", "b"] };
  const user = anonymousUser();
  const config = { seo: { siteUrl: "https://x" } };
  const context = make("http://localhost:8000/api/notes/7", {}, { params, user, config });
  assert.equal(context.params, params);
  assert.equal(context.user, user);
  assert.equal(context.config, config);
  assert.equal(context.getKv, getKv);
  assert.equal(context.baseUrl, "http://localhost:8000");
});

Deno.test("createContext - computes query and cookies lazily and caches them", async (t) => {
  await t.step("query comes from the given URL on first access", () => {
    const url = new URL("http://localhost/api?a=1");
    const context = make("http://localhost/api?a=1", {}, { url });
    url.search = "?a=2&a=3";
    assert.deepEqual(context.query, { a: ["2", "3"] });
    assert.equal(context.query, context.query);
  });
  await t.step("query from the request URL", () => {
    assert.deepEqual(make("http://localhost/api?q=a+b").query, { q: "a b" });
    assert.deepEqual(make("http://localhost/api").query, {});
  });
  await t.step("cookies", () => {
    const context = make("http://localhost/", { cookie: "authToken=secretToken; a=1" });
    assert.deepEqual(context.cookies, { authToken: "secretToken", a: "1" });
    assert.equal(context.cookies, context.cookies);
    assert.deepEqual(make().cookies, {});
  });
  await t.step("both can be reassigned", () => {
    const context = make();
    context.query = { x: "1" };
    context.cookies = { y: "2" };
    assert.deepEqual([context.query, context.cookies], [{ x: "1" }, { y: "2" }]);
  });
});

Deno.test("createContext - json and text build typed responses", async (t) => {
  const json = "application/json; charset=utf-8";
  const text = "text/plain; charset=utf-8";
  const cases: [string, (c: ApiFunctionsContext) => Response, number, string, string][] = [
    ["json defaults to 200", (c) => c.json({ a: 1 }), 200, json, '{"a":1}'],
    ["json with status", (c) => c.status(201).json([1]), 201, json, "[1]"],
    ["json undefined is null", (c) => c.json(undefined as unknown as object), 200, json, "null"],
    ["text defaults to 200", (c) => c.text("hi"), 200, text, "hi"],
    ["text with code", (c) => c.text("no", 404), 404, text, "no"],
    ["text uses status()", (c) => c.status(418).text("tea"), 418, text, "tea"],
    ["text code beats status()", (c) => c.status(418).text("x", 400), 400, text, "x"],
  ];
  for (const [name, build, status, type, body] of cases) {
    await t.step(name, async () => {
      const response = build(make());
      assert.equal(response.status, status);
      assert.equal(response.headers.get("content-type"), type);
      assert.equal(await response.text(), body);
    });
  }
});

Deno.test("createContext - null-body statuses send no body and do not throw", async (t) => {
  for (const status of [204, 205, 304, 101]) {
    for (const helper of ["json", "text"] as const) {
      await t.step(`${status} ${helper}`, async () => {
        const context = make();
        context.setCookie("a", "b");
        const response = helper === "json"
          ? context.status(status).json({ ignored: true })
          : context.status(status).text("ignored");
        assert.equal(response.status, status);
        assert.equal(response.body, null);
        assert.equal(await response.text(), "");
        assert.equal(response.headers.get("content-type"), null);
        assert.equal(response.headers.get("set-cookie"), "a=b; Path=/; HttpOnly; SameSite=Lax");
      });
    }
  }
  await t.step("text code 204", () => {
    assert.equal(make().text("x", 204).body, null);
  });
  await t.step("other 1xx statuses cannot become Responses", () => {
    assert.throws(() => make().status(103).json({}), {
      name: "RangeError",
      message: "Cannot build a Response with status '103': only 101 and 200 to 599 are supported",
    });
  });
});

Deno.test("createContext - status validates the code", async (t) => {
  for (const code of [99, 600, 200.5, NaN]) {
    await t.step(`${code}`, () => {
      assert.throws(() => make().status(code), {
        name: "RangeError",
        message: `Cannot set status '${code}': expected an integer from 100 to 599`,
      });
      assert.throws(() => make().text("x", code), RangeError);
    });
  }
});

Deno.test("createContext - methods chain and work destructured", async () => {
  const context = make();
  assert.equal(context.status(200), context);
  assert.equal(context.setCookie("a", "1"), context);
  assert.equal(context.deleteCookie("b"), context);
  const { status, json, text, redirect, setCookie } = make();
  setCookie("x", "y");
  const response = (status(202), json({ ok: true }));
  assert.equal(response.status, 202);
  assert.deepEqual(await response.json(), { ok: true });
  assert.equal(response.headers.get("set-cookie"), "x=y; Path=/; HttpOnly; SameSite=Lax");
  assert.equal(text("t").status, 202);
  assert.equal(redirect("/next").headers.get("location"), "/next");
});

Deno.test("createContext - redirect ignores status() and validates its input", async (t) => {
  await t.step("default 302", async () => {
    const response = make().status(500).redirect("/login");
    assert.equal(response.status, 302);
    assert.equal(response.headers.get("location"), "/login");
    assert.equal(await response.text(), "");
  });
  await t.step("explicit code", () => {
    assert.equal(make().redirect("https://other.example/", 308).status, 308);
  });
  await t.step("bad code", () => assert.throws(() => make().redirect("/x", 200), RangeError));
  await t.step("header injection", () => {
    assert.throws(() => make().redirect("/a\r\nSet-Cookie: x=y"), TypeError);
  });
  await t.step("protocol-relative", () => {
    assert.throws(() => make().redirect("//evil.example/"), TypeError);
  });
});

Deno.test("createContext - applies cookies to helper responses", async (t) => {
  await t.step("several cookies, later ones replace earlier ones", () => {
    const context = make();
    context.setCookie("a", "1").setCookie("b", "2", { maxAge: 60_000 }).setCookie("a", "3");
    context.deleteCookie("c");
    const response = context.status(200).json({});
    assert.deepEqual(response.headers.getSetCookie(), [
      "a=3; Path=/; HttpOnly; SameSite=Lax",
      "b=2; Max-Age=60; Path=/; HttpOnly; SameSite=Lax",
      "c=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
    ]);
  });
  await t.step("deleteCookie replaces a set cookie", () => {
    const response = make().setCookie("a", "1").deleteCookie("a").text("x");
    assert.deepEqual(response.headers.getSetCookie(), [
      "a=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
    ]);
  });
  await t.step("redirect carries cookies", () => {
    const response = make().setCookie("sid", "s").redirect("/home");
    assert.deepEqual(response.headers.getSetCookie(), ["sid=s; Path=/; HttpOnly; SameSite=Lax"]);
  });
  await t.step("invalid cookie throws at setCookie", () => {
    assert.throws(() => make().setCookie("sid", "a;b"), {
      name: "TypeError",
      message: "Cannot set cookie 'sid': value contains ';'",
    });
  });
  await t.step("Secure default from https", () => {
    const response = make("https://example.com/").setCookie("a", "b").json({});
    assert.equal(response.headers.get("set-cookie"), "a=b; Path=/; HttpOnly; Secure; SameSite=Lax");
  });
  await t.step("secure false on https", () => {
    const response = make("https://example.com/").setCookie("a", "b", { secure: false }).json({});
    assert.equal(response.headers.get("set-cookie"), "a=b; Path=/; HttpOnly; SameSite=Lax");
  });
});

Deno.test("applyContextCookies - adds pending cookies to handler-built responses", async (t) => {
  await t.step("no cookies returns the same response", () => {
    const response = new Response("x");
    assert.equal(applyContextCookies(make(), response), response);
  });
  await t.step("native response is mutated in place", async () => {
    const context = make().setCookie("a", "1").setCookie("b", "2");
    const response = new Response("body", { status: 201, headers: { "x-custom": "1" } });
    const result = applyContextCookies(context as ApiFunctionsContext, response);
    assert.equal(result, response);
    assert.deepEqual(result.headers.getSetCookie(), [
      "a=1; Path=/; HttpOnly; SameSite=Lax",
      "b=2; Path=/; HttpOnly; SameSite=Lax",
    ]);
    assert.equal(await result.text(), "body");
    assert.equal(applyContextCookies(context as ApiFunctionsContext, result), result);
    assert.equal(result.headers.getSetCookie().length, 2);
  });
  await t.step("immutable Response.redirect is copied", () => {
    const context = make().setCookie("a", "1") as ApiFunctionsContext;
    const original = Response.redirect("http://localhost/next", 307);
    const result = applyContextCookies(context, original);
    assert.notEqual(result, original);
    assert.equal(result.status, 307);
    assert.equal(result.headers.get("location"), "http://localhost/next");
    assert.equal(result.headers.get("set-cookie"), "a=1; Path=/; HttpOnly; SameSite=Lax");
  });
  await t.step("immutable fetch response is copied with its body", async () => {
    const context = make().deleteCookie("old") as ApiFunctionsContext;
    const original = await fetch("data:text/plain,hello");
    const result = applyContextCookies(context, original);
    assert.notEqual(result, original);
    assert.equal(result.headers.get("content-type"), "text/plain");
    assert.match(String(result.headers.get("set-cookie")), /^old=; Max-Age=0/);
    assert.equal(await result.text(), "hello");
  });
  await t.step("helper responses are not given duplicates", () => {
    const context = make();
    const response = context.setCookie("a", "1").json({});
    assert.equal(applyContextCookies(context, response), response);
    assert.equal(response.headers.getSetCookie().length, 1);
  });
  await t.step("an unknown context leaves the response alone", () => {
    const response = new Response("x");
    const fake = { ...make().setCookie("a", "1") } as ApiFunctionsContext;
    assert.equal(applyContextCookies(fake, response), response);
    assert.equal(response.headers.get("set-cookie"), null);
  });
  await t.step("the state is not visible on the context", () => {
    const context = make().setCookie("a", "1") as ApiFunctionsContext;
    assert.deepEqual(Object.getOwnPropertySymbols(context), []);
    assert.deepEqual(Object.keys(context).sort(), [
      "config",
      "deleteCookie",
      "getKv",
      "json",
      "params",
      "redirect",
      "setCookie",
      "status",
      "text",
      "user",
    ]);
    for (const lazy of ["query", "cookies", "baseUrl"]) assert.ok(lazy in context, lazy);
    assert.equal(JSON.stringify(context).includes("a=1"), false);
  });
});

Deno.test("anonymousUser - returns a fresh anonymous user", () => {
  const user = anonymousUser();
  assert.deepEqual(user, {
    teams: ["anonymous"],
    claims: {},
    email: undefined,
    idpAccessToken: undefined,
    idpId: undefined,
    idpIdToken: undefined,
    isAuthenticated: false,
  });
  user.teams.push("x");
  assert.deepEqual(anonymousUser().teams, ["anonymous"]);
  assert.notEqual(anonymousUser(), anonymousUser());
});

Deno.test("context.signal - made on first read, follows the request, aborted by abortContext", async (t) => {
  const signalOf = (request: Request) =>
    createContext(request, { params: {}, user: anonymousUser(), config: {}, getKv });
  await t.step("a prototype getter: not an own property, the same signal on every read", () => {
    const context = make();
    assert.equal(Object.hasOwn(context, "signal"), false);
    assert.equal(context.signal, context.signal);
    assert.equal(context.signal.aborted, false);
  });
  await t.step("the request's abort (a client disconnect) aborts it, with its reason", () => {
    const controller = new AbortController();
    const context = signalOf(new Request("http://localhost/", { signal: controller.signal }));
    const signal = context.signal;
    controller.abort(new DOMException("gone", "AbortError"));
    assert.equal(signal.aborted, true);
    assert.equal(signal.reason.message, "gone");
  });
  await t.step("a request aborted before the first read gives an aborted signal", () => {
    const context = signalOf(new Request("http://localhost/", { signal: AbortSignal.abort() }));
    assert.equal(context.signal.aborted, true);
  });
  await t.step("abortContext before or after the first read", () => {
    const reason = new DOMException("Function timed out after 1 s", "TimeoutError");
    const before = make();
    abortContext(before, reason);
    assert.equal(before.signal.reason, reason);
    const after = make();
    const signal = after.signal;
    abortContext(after, reason);
    assert.equal(signal.reason, reason);
    abortContext({ ...after }, new Error("not a context made by createContext: ignored"));
    abortContext(after, new Error("already aborted: the first reason stays"));
    assert.equal(signal.reason, reason);
  });
});
