import assert from "node:assert/strict";
import { errorResponse, HttpError, statusText } from "../../src/http/errors.ts";

Deno.test("HttpError - defaults the message to the status text", async (t) => {
  const cases: [number, string][] = [
    [400, "Bad Request"],
    [401, "Unauthorized"],
    [403, "Forbidden"],
    [404, "Not Found"],
    [405, "Method Not Allowed"],
    [408, "Request Timeout"],
    [413, "Payload Too Large"],
    [415, "Unsupported Media Type"],
    [422, "Unprocessable Entity"],
    [429, "Too Many Requests"],
    [431, "Request Header Fields Too Large"],
    [500, "Internal Server Error"],
    [501, "Not Implemented"],
    [502, "Bad Gateway"],
    [503, "Service Unavailable"],
    [504, "Gateway Timeout"],
    [418, "HTTP error 418"],
  ];
  for (const [status, text] of cases) {
    await t.step(`${status}`, () => {
      const error = new HttpError(status);
      assert.equal(error.message, text);
      assert.equal(statusText(status), text);
      assert.equal(error.status, status);
      assert.equal(error.name, "HttpError");
      assert.ok(error instanceof Error);
    });
  }
});

Deno.test("HttpError - exposes client errors only by default", async (t) => {
  const cases: [number, boolean | undefined, boolean][] = [
    [400, undefined, true],
    [499, undefined, true],
    [500, undefined, false],
    [504, undefined, false],
    [404, false, false],
    [503, true, true],
  ];
  for (const [status, expose, expected] of cases) {
    await t.step(`${status} expose=${expose}`, () => {
      assert.equal(new HttpError(status, "m", { expose }).expose, expected);
    });
  }
});

Deno.test("HttpError - keeps message, headers and cause", () => {
  const cause = new Error("root");
  const error = new HttpError(429, "Slow down", { headers: { "retry-after": "5" }, cause });
  assert.equal(error.message, "Slow down");
  assert.equal(error.headers.get("retry-after"), "5");
  assert.equal(error.cause, cause);
});

Deno.test("HttpError - rejects statuses outside 400 to 599", async (t) => {
  for (const status of [399, 600, 200, 404.5, NaN, -1]) {
    await t.step(`${status}`, () => {
      assert.throws(() => new HttpError(status), {
        name: "RangeError",
        message:
          `Cannot create HttpError with status '${status}': expected an integer from 400 to 599`,
      });
    });
  }
});

async function read(response: Response): Promise<Record<string, unknown>> {
  assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
  return await response.json();
}

Deno.test("errorResponse - answers HttpErrors with their status, headers and message", async (t) => {
  const cases: {
    name: string;
    error: HttpError;
    dev: boolean;
    status: number;
    message: string;
  }[] = [
    {
      name: "4xx in production",
      error: new HttpError(404, "No note 7"),
      dev: false,
      status: 404,
      message: "No note 7",
    },
    {
      name: "5xx in production",
      error: new HttpError(503, "db at 10.0.0.3 down"),
      dev: false,
      status: 503,
      message: "Service Unavailable",
    },
    {
      name: "5xx in dev",
      error: new HttpError(503, "db at 10.0.0.3 down"),
      dev: true,
      status: 503,
      message: "db at 10.0.0.3 down",
    },
    {
      name: "unexposed 4xx in production",
      error: new HttpError(403, "team x only", { expose: false }),
      dev: false,
      status: 403,
      message: "Forbidden",
    },
    {
      name: "exposed 5xx in production",
      error: new HttpError(504, "Function timed out after 10 s", { expose: true }),
      dev: false,
      status: 504,
      message: "Function timed out after 10 s",
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const response = errorResponse(c.error, { dev: c.dev, requestId: "req-1" });
      assert.equal(response.status, c.status);
      assert.deepEqual(await read(response), { error: c.message, requestId: "req-1" });
    });
  }
  await t.step("headers", async () => {
    const error = new HttpError(405, undefined, { headers: { allow: "GET, POST" } });
    const response = errorResponse(error, { dev: false, requestId: "r" });
    assert.equal(response.headers.get("allow"), "GET, POST");
    await read(response);
  });
});

Deno.test("errorResponse - hides unexpected errors in production", async (t) => {
  const error = new Error("password=hunter2 at /home/app/secret.ts");
  const cases: [string, unknown][] = [
    ["Error", error],
    ["TypeError", new TypeError("x is /srv/app/@api/notes.ts")],
    ["string", "boom /etc/passwd"],
    ["object", { secret: "/root/key" }],
    ["null", null],
  ];
  for (const [name, thrown] of cases) {
    await t.step(name, async () => {
      const response = errorResponse(thrown, { dev: false, requestId: "abc" });
      assert.equal(response.status, 500);
      const text = await response.text();
      assert.deepEqual(JSON.parse(text), { error: "Internal Server Error", requestId: "abc" });
      for (const leak of ["hunter2", "/", "secret", "at "]) assert.ok(!text.includes(leak), leak);
    });
  }
});

Deno.test("errorResponse - shows message and stack of unexpected errors in dev", async (t) => {
  await t.step("Error", async () => {
    const error = new Error("db down");
    const body = await read(errorResponse(error, { dev: true, requestId: "r" }));
    assert.equal(body.error, "Internal Server Error");
    assert.equal(body.requestId, "r");
    assert.equal(body.message, "db down");
    assert.equal(body.stack, error.stack);
    assert.match(String(body.stack), /errors_test\.ts/);
  });
  const cases: [string, unknown, string][] = [
    ["string", "plain", "plain"],
    ["number", 42, "42"],
    ["undefined", undefined, "undefined"],
    ["unprintable", Object.create(null), "[value cannot be converted to a string]"],
  ];
  for (const [name, thrown, message] of cases) {
    await t.step(name, async () => {
      const response = errorResponse(thrown, { dev: true, requestId: "r" });
      assert.equal(response.status, 500);
      const body = await read(response);
      assert.equal(body.message, message);
      assert.equal(body.error, "Internal Server Error");
    });
  }
});

Deno.test("errorResponse - an HttpError with errors is an RFC 9457 problem", async (t) => {
  const errors = [
    { in: "body" as const, pointer: "/title", detail: "must be string" },
    { in: "query" as const, name: "limit", detail: "must be integer" },
  ];
  await t.step("a client error: every member, and the entries", async () => {
    const response = errorResponse(
      new HttpError(400, "2 errors", { errors, headers: { "x-a": "1" } }),
      { dev: false, requestId: "r1" },
    );
    assert.equal(response.status, 400);
    assert.equal(response.headers.get("content-type"), "application/problem+json; charset=utf-8");
    assert.equal(response.headers.get("x-a"), "1");
    assert.deepEqual(await response.json(), {
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "2 errors",
      errors,
      requestId: "r1",
    });
  });
  await t.step("an error not exposed: no detail and no entries in production", async () => {
    const error = new HttpError(503, "db down", { errors });
    const body = await errorResponse(error, { dev: false, requestId: "r2" }).json();
    assert.deepEqual(body, {
      type: "about:blank",
      title: "Service Unavailable",
      status: 503,
      detail: "Service Unavailable",
      errors: [],
      requestId: "r2",
    });
    const dev = await errorResponse(error, { dev: true, requestId: "r3" }).json();
    assert.deepEqual([dev.detail, dev.errors], ["db down", errors]);
    assert.equal("stack" in dev, false);
  });
  await t.step("an HttpError without errors keeps the JSON error body", () => {
    const response = errorResponse(new HttpError(400), { dev: false, requestId: "r4" });
    assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
  });
});
