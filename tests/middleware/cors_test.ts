import assert from "node:assert/strict";
import { cors, type CorsOptions } from "../../src/middleware/cors.ts";
import { runMiddleware } from "./_run.ts";

const APP = "https://app.example";
const EVIL = "https://evil.example";
const CORS_HEADERS = [
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-max-age",
  "access-control-expose-headers",
];

function preflightRequest(origin: string | null, requestHeaders?: string): Request {
  const headers = new Headers({ "access-control-request-method": "PUT" });
  if (origin !== null) headers.set("origin", origin);
  if (requestHeaders) headers.set("access-control-request-headers", requestHeaders);
  return new Request("http://localhost/api/notes/1", { method: "OPTIONS", headers });
}

/** The CORS headers and `Vary` of a response, absent ones left out. */
function corsHeaders(response: Response): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of [...CORS_HEADERS, "vary"]) {
    const value = response.headers.get(name);
    if (value !== null) found[name] = value;
  }
  return found;
}

Deno.test("cors - preflight matrix: answered with 204 without calling next", async (t) => {
  const cases: {
    name: string;
    options: CorsOptions;
    origin?: string;
    requestHeaders?: string;
    expected: Record<string, string>;
  }[] = [
    {
      name: "allowed origin: reflected, default methods, requested headers reflected",
      options: { origin: [APP, "https://other.example"] },
      requestHeaders: "content-type, x-trace",
      expected: {
        "access-control-allow-origin": APP,
        "access-control-allow-methods": "GET, HEAD, PUT, PATCH, POST, DELETE",
        "access-control-allow-headers": "content-type, x-trace",
        vary: "Origin, Access-Control-Request-Headers",
      },
    },
    {
      name: "disallowed origin: no CORS headers, Vary: Origin",
      options: { origin: APP, credentials: true, maxAge: 600, headers: ["content-type"] },
      origin: EVIL,
      requestHeaders: "content-type",
      expected: { vary: "Origin" },
    },
    {
      name: "credentials: the origin reflected, never *",
      options: { origin: /^https:\/\/[a-z]+\.example$/, credentials: true },
      expected: {
        "access-control-allow-origin": APP,
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": "GET, HEAD, PUT, PATCH, POST, DELETE",
        vary: "Origin, Access-Control-Request-Headers",
      },
    },
    {
      name: "any origin: *, and no Vary: Origin",
      options: { origin: "*", headers: ["content-type", "authorization"] },
      requestHeaders: "x-other",
      expected: {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, HEAD, PUT, PATCH, POST, DELETE",
        "access-control-allow-headers": "content-type, authorization",
      },
    },
    {
      name: "configured methods, headers and maxAge",
      options: { origin: APP, methods: ["GET", "PUT"], headers: ["x-api-key"], maxAge: 86400 },
      requestHeaders: "x-api-key",
      expected: {
        "access-control-allow-origin": APP,
        "access-control-allow-methods": "GET, PUT",
        "access-control-allow-headers": "x-api-key",
        "access-control-max-age": "86400",
        vary: "Origin",
      },
    },
    {
      name: "maxAge 0 is sent (no caching)",
      options: { origin: (origin) => origin.endsWith(".example"), maxAge: 0, headers: [] },
      expected: {
        "access-control-allow-origin": APP,
        "access-control-allow-methods": "GET, HEAD, PUT, PATCH, POST, DELETE",
        "access-control-max-age": "0",
        vary: "Origin",
      },
    },
    {
      name: "a predicate that refuses",
      options: { origin: () => false },
      expected: { vary: "Origin" },
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const request = preflightRequest(c.origin ?? APP, c.requestHeaders);
      const { response, nextCalled } = await runMiddleware(cors(c.options), request);
      assert.equal(nextCalled, false);
      assert.equal(response.status, 204);
      assert.equal(await response.text(), "");
      assert.deepEqual(corsHeaders(response), c.expected);
    });
  }
});

Deno.test("cors - requests that are not preflights run the chain", async (t) => {
  const cases: {
    name: string;
    options: CorsOptions;
    request: Request;
    expected: Record<string, string>;
  }[] = [
    {
      name: "OPTIONS without Access-Control-Request-Method: an ordinary request",
      options: { origin: APP, maxAge: 600 },
      request: new Request("http://localhost/api/x", {
        method: "OPTIONS",
        headers: { origin: APP },
      }),
      expected: { "access-control-allow-origin": APP, vary: "Origin" },
    },
    {
      name: "OPTIONS with Access-Control-Request-Method but no Origin: not CORS",
      options: { origin: APP },
      request: preflightRequest(null),
      expected: { vary: "Origin" },
    },
    {
      name: "simple request from an allowed origin, credentials and exposed headers",
      options: { origin: [APP], credentials: true, exposeHeaders: ["ratelimit", "x-total"] },
      request: new Request("http://localhost/api/x", { headers: { origin: APP } }),
      expected: {
        "access-control-allow-origin": APP,
        "access-control-allow-credentials": "true",
        "access-control-expose-headers": "ratelimit, x-total",
        vary: "Origin",
      },
    },
    {
      name: "simple request from a disallowed origin: the answer, without CORS headers",
      options: { origin: [APP], credentials: true, exposeHeaders: ["x-total"] },
      request: new Request("http://localhost/api/x", { method: "POST", headers: { origin: EVIL } }),
      expected: { vary: "Origin" },
    },
    {
      name: "same-origin request (no Origin): Vary: Origin for caches",
      options: { origin: APP },
      request: new Request("http://localhost/api/x"),
      expected: { vary: "Origin" },
    },
    {
      name: "any origin: * without Vary",
      options: { origin: "*" },
      request: new Request("http://localhost/api/x", { headers: { origin: EVIL } }),
      expected: { "access-control-allow-origin": "*" },
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const { response, nextCalled } = await runMiddleware(cors(c.options), c.request, {
        handler: () => new Response("from the function", { status: 201 }),
      });
      assert.equal(nextCalled, true);
      assert.equal(response.status, 201);
      assert.equal(await response.text(), "from the function");
      assert.deepEqual(corsHeaders(response), c.expected);
    });
  }
});

Deno.test("cors - headers are added to immutable responses and merged into Vary", async () => {
  const middleware = cors({ origin: APP });
  const request = new Request("http://localhost/api/x", { headers: { origin: APP } });
  const redirected = await runMiddleware(middleware, request, {
    handler: () => Response.redirect("http://localhost/elsewhere", 307),
  });
  assert.equal(redirected.response.status, 307);
  assert.equal(redirected.response.headers.get("location"), "http://localhost/elsewhere");
  assert.equal(redirected.response.headers.get("access-control-allow-origin"), APP);
  const varied = await runMiddleware(middleware, request, {
    handler: () => new Response("x", { headers: { vary: "Accept-Encoding" } }),
  });
  assert.equal(varied.response.headers.get("vary"), "Accept-Encoding, Origin");
});

Deno.test("cors - bad options are refused when the middleware is made", async (t) => {
  const cases: { options: unknown; error: typeof TypeError; message: RegExp }[] = [
    {
      options: { origin: "*", credentials: true },
      error: TypeError,
      message: /"\*" and credentials/,
    },
    {
      options: { origin: "https://app.example/" },
      error: TypeError,
      message: /'https:\/\/app\.example\/'/,
    },
    {
      options: { origin: ["https://a.example", "a.example"] },
      error: TypeError,
      message: /'a\.example'/,
    },
    { options: { origin: "null" }, error: TypeError, message: /origin 'null'/ },
    { options: { origin: 42 }, error: TypeError, message: /origin 42/ },
    { options: {}, error: TypeError, message: /origin undefined/ },
    {
      options: { origin: APP, methods: ["GET POST"] },
      error: TypeError,
      message: /methods \["GET POST"\]/,
    },
    {
      options: { origin: APP, headers: "content-type" },
      error: TypeError,
      message: /headers 'content-type'/,
    },
    {
      options: { origin: APP, credentials: "yes" },
      error: TypeError,
      message: /credentials 'yes'/,
    },
    { options: { origin: APP, maxAge: -1 }, error: RangeError, message: /maxAge -1/ },
    { options: { origin: APP, maxAge: 1.5 }, error: RangeError, message: /maxAge 1\.5/ },
    { options: { origin: APP, maxAge: "600" }, error: TypeError, message: /maxAge '600'/ },
    { options: null, error: TypeError, message: /options null/ },
  ];
  for (const c of cases) {
    await t.step(JSON.stringify(c.options), () => {
      assert.throws(() => cors(c.options as CorsOptions), (error: Error) => {
        assert.ok(error instanceof c.error, `${error.name}: ${error.message}`);
        assert.match(error.message, /^Cannot create cors middleware with /);
        assert.match(error.message, c.message);
        return true;
      });
    });
  }
});
