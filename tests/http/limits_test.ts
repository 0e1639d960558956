import assert from "node:assert/strict";
import { HttpError } from "../../src/http/errors.ts";
import { DEFAULT_LIMITS, limitRequestBody, resolveLimits } from "../../src/http/limits.ts";

function chunked(chunks: number[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = chunks[index++];
      if (size === undefined) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
}

function post(body: BodyInit, headers: HeadersInit = {}): Request {
  return new Request("http://localhost/api/upload?x=1", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
}

Deno.test("DEFAULT_LIMITS - matches Redocly's limits", () => {
  assert.deepEqual({ ...DEFAULT_LIMITS }, {
    maxBodyBytes: 5_242_880,
    maxResponseBytes: 5_242_880,
    timeoutMs: 10_000,
  });
});

Deno.test("limitRequestBody - rejects a declared content-length over the limit", async (t) => {
  const cases: [string, string, boolean][] = [
    ["over", "11", true],
    ["equal", "10", false],
    ["under", "3", false],
  ];
  for (const [name, length, throws] of cases) {
    await t.step(name, async () => {
      const request = post("abc", { "content-length": length });
      if (throws) {
        assert.throws(() => limitRequestBody(request, 10), (error: unknown) => {
          assert.ok(error instanceof HttpError);
          assert.equal(error.status, 413);
          return true;
        });
      } else {
        const limited = limitRequestBody(request, 10);
        assert.equal(await limited.request.text(), "abc");
        assert.equal(limited.exceeded(), false);
      }
    });
  }
});

Deno.test("limitRequestBody - enforces the limit while reading a chunked body", async (t) => {
  const cases: [string, number[], number, boolean][] = [
    ["over in the last chunk", [4, 4, 4], 10, true],
    ["over in the first chunk", [20], 10, true],
    ["exactly the limit", [5, 5], 10, false],
    ["under the limit", [1, 2, 3], 10, false],
    ["empty body", [], 0, false],
  ];
  for (const [name, chunks, max, over] of cases) {
    await t.step(name, async () => {
      const limited = limitRequestBody(post(chunked(chunks)), max);
      assert.equal(limited.request.headers.get("content-length"), null);
      if (over) {
        await assert.rejects(limited.request.arrayBuffer(), (error: unknown) => {
          assert.ok(error instanceof HttpError);
          assert.equal(error.status, 413);
          return true;
        });
        assert.equal(limited.exceeded(), true);
      } else {
        const bytes = new Uint8Array(await limited.request.arrayBuffer());
        const total = chunks.reduce((sum, size) => sum + size, 0);
        assert.deepEqual(bytes, new Uint8Array(total).fill(97));
        assert.equal(limited.exceeded(), false);
      }
    });
  }
});

Deno.test("limitRequestBody - keeps the request intact under the limit", async () => {
  const request = new Request("http://localhost/api/notes?a=1", {
    method: "PUT",
    body: JSON.stringify({ title: "é" }),
    headers: { "content-type": "application/json", "x-test": "1" },
  });
  const limited = limitRequestBody(request, 1024);
  assert.notEqual(limited.request, request);
  assert.equal(limited.request.url, "http://localhost/api/notes?a=1");
  assert.equal(limited.request.method, "PUT");
  assert.equal(limited.request.headers.get("x-test"), "1");
  assert.deepEqual(await limited.request.json(), { title: "é" });
  assert.equal(limited.exceeded(), false);
});

Deno.test("limitRequestBody - flags the limit even when the handler swallows the error", async () => {
  const limited = limitRequestBody(post(chunked([8, 8])), 10);
  try {
    await limited.request.text();
  } catch {
    // A careless handler.
  }
  assert.equal(limited.exceeded(), true);
});

Deno.test("limitRequestBody - returns bodiless requests unchanged", async (t) => {
  const cases: [string, Request][] = [
    ["GET", new Request("http://localhost/")],
    ["HEAD", new Request("http://localhost/", { method: "HEAD" })],
    ["POST without body", new Request("http://localhost/", { method: "POST" })],
  ];
  for (const [name, request] of cases) {
    await t.step(name, () => {
      const limited = limitRequestBody(request, 0);
      assert.equal(limited.request, request);
      assert.equal(limited.exceeded(), false);
    });
  }
});

Deno.test("limitRequestBody - rejects a bad limit", async (t) => {
  for (const max of [-1, NaN]) {
    await t.step(`${max}`, () => {
      assert.throws(() => limitRequestBody(new Request("http://localhost/"), max), RangeError);
    });
  }
});

Deno.test("limitRequestBody - a declared length is trusted: no re-streaming, read errors → 400", async () => {
  const broken = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.error(new TypeError("connection reset"));
    },
  });
  const request = new Request("http://localhost/api/x", {
    method: "POST",
    body: broken,
    headers: { "content-length": "10" },
  });
  const limited = limitRequestBody(request, 1024);
  assert.equal(limited.request, request); // the original request, not a copy
  await assert.rejects(limited.request.text(), { status: 400 });
  assert.equal(limited.exceeded(), false);
  // A second read is the handler's own mistake, not a client error: no 400.
  await assert.rejects(limited.request.text(), (error: Error) => !("status" in error));
});

Deno.test("limitRequestBody - leaves a declared-length body unopened until the handler reads it", async () => {
  // Deno.serve hands over small bodies already buffered; touching `request.body` would wrap
  // them in a stream that `json()` then has to drain chunk by chunk.
  const request = post('{"a":1}', { "content-length": "7" });
  const body = Object.getOwnPropertyDescriptor(Request.prototype, "body")!;
  let opened = 0;
  Object.defineProperty(request, "body", {
    get() {
      opened++;
      return body.get!.call(this);
    },
  });
  const limited = limitRequestBody(request, 1024);
  assert.equal(opened, 0);
  assert.deepEqual(await limited.request.json(), { a: 1 });
});

Deno.test("resolveLimits - fills in defaults and refuses bad values", async (t) => {
  await t.step("defaults", () => {
    assert.deepEqual(resolveLimits(), { ...DEFAULT_LIMITS });
    assert.deepEqual(resolveLimits({ maxBodyBytes: 10, timeoutMs: Infinity }), {
      maxBodyBytes: 10,
      maxResponseBytes: 5_242_880,
      timeoutMs: Infinity,
    });
  });
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["negative timeout", { timeoutMs: -5 }, /limits\.timeoutMs '-5'/],
    ["NaN body limit", { maxBodyBytes: NaN }, /limits\.maxBodyBytes 'NaN'/],
    ["negative response limit", { maxResponseBytes: -1 }, /limits\.maxResponseBytes '-1'/],
    ["a string", { timeoutMs: "10s" }, /limits\.timeoutMs '10s'/],
  ];
  for (const [name, given, message] of bad) {
    await t.step(name, () => {
      assert.throws(() => resolveLimits(given as never), (error: unknown) => {
        assert.ok(error instanceof RangeError);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
