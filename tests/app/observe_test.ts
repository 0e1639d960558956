import assert from "node:assert/strict";
import type { ResponseInfo } from "../../src/app.ts";
import { SNAPSHOT_BYTES } from "../../src/app/observe.ts";
import { fn, memoryApp, within } from "../_app.ts";

/** An app whose hook records into `seen`, resolving `next()` with each report. */
async function observed(files: Record<string, unknown>, options = {}) {
  const seen: ResponseInfo[] = [];
  let wake = Promise.withResolvers<void>();
  const app = await memoryApp(files, {
    onResponse(info) {
      seen.push(info);
      wake.resolve();
    },
    ...options,
  });
  async function next(): Promise<ResponseInfo> {
    while (seen.length === 0) {
      await within(wake.promise, "the onResponse report");
      wake = Promise.withResolvers();
    }
    return seen.shift()!;
  }
  return { app, next };
}

Deno.test("onResponse - reports method, URL, status, user, file and both bodies", async (t) => {
  const { app, next } = await observed({
    "@api/echo.post.ts": fn(async (request, context) =>
      context.status(201).json({ got: await request.text() })
    ),
    "@api/big.get.ts": fn(() => new Response("x".repeat(SNAPSHOT_BYTES + 10))),
  }, { authenticate: () => ({ email: "ada@example.com" }) });
  await t.step("a routed request", async () => {
    const response = await app.fetch(
      new Request("http://localhost/api/echo?a=1", {
        method: "POST",
        body: "hello",
        headers: { authorization: "Bearer secret" },
      }),
    );
    // The client still gets the whole body: the snapshot read a copy.
    assert.deepEqual(await response.json(), { got: "hello" });
    const info = await next();
    assert.equal(info.method, "POST");
    assert.equal(info.url, "http://localhost/api/echo?a=1");
    assert.equal(info.status, 201);
    assert.equal(info.user?.email, "ada@example.com");
    assert.equal(info.file, "@api/echo.post.ts");
    assert.ok(info.durationMs >= 0);
    assert.deepEqual(info.request.body, { text: "hello", bytes: 5, truncated: false });
    assert.deepEqual(info.response.body, { text: '{"got":"hello"}', bytes: 15, truncated: false });
    assert.ok(
      info.request.headers.some(([n, v]) => n === "authorization" && v === "Bearer secret"),
    );
  });
  await t.step("a body over 64 KB is cut in the snapshot only", async () => {
    const response = await app.fetch(new Request("http://localhost/api/big"));
    assert.equal((await response.text()).length, SNAPSHOT_BYTES + 10);
    const info = await next();
    assert.equal(info.response.body?.bytes, SNAPSHOT_BYTES);
    assert.equal(info.response.body?.truncated, true);
    assert.equal(info.request.body, undefined);
  });
  await t.step("an unrouted request has no file and no user", async () => {
    assert.equal((await app.fetch(new Request("http://localhost/nope"))).status, 404);
    const info = await next();
    assert.equal(info.status, 404);
    assert.equal(info.file, undefined);
    assert.equal(info.user, undefined);
  });
  await app.close();
});

Deno.test("onResponse - a failing hook is logged and the answer is unchanged", async () => {
  const errors: string[] = [];
  const reported = Promise.withResolvers<void>();
  const app = await memoryApp({ "@api/a.get.ts": fn(() => new Response("ok")) }, {
    onResponse() {
      throw new Error("hook broke");
    },
    logger: {
      warn() {},
      error(message) {
        errors.push(message);
        reported.resolve();
      },
    },
  });
  assert.equal(await (await app.respond(new Request("http://localhost/api/a"))).text(), "ok");
  await within(reported.promise, "the hook failure report");
  assert.deepEqual(errors, ["The onResponse hook failed"]);
  await app.close();
});

Deno.test("onResponse - without a hook a synchronous function answers synchronously", async () => {
  const app = await memoryApp({ "@api/a.get.ts": fn(() => new Response("ok")) });
  await app.fetch(new Request("http://localhost/api/a")); // imported now
  assert.ok(app.respond(new Request("http://localhost/api/a")) instanceof Response);
  await app.close();
});
