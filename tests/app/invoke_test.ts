import assert from "node:assert/strict";
import type { ApiFunction } from "../../src/types.ts";
import { fn, memoryApp, within } from "../_app.ts";
import { isTickerRunning } from "../../src/http/deadline.ts";

const sync: ApiFunction = (_request, context) => context.json({ ok: true });

Deno.test("invoke - a function that answers synchronously is answered without a promise", async (t) => {
  const app = await memoryApp({
    "@api/sync.ts": fn(sync),
    "@api/async.ts": fn(async (_request, context) => {
      await Promise.resolve();
      return context.json({ ok: true });
    }),
    "@api/thenable.ts": fn(
      (() => ({
        then(resolve: (value: Response) => void) {
          resolve(Response.json({ thenable: true }));
        },
      })) as unknown as ApiFunction,
    ),
    "@api/cookie.ts": fn((_request, context) => {
      context.setCookie("seen", "1");
      return new Response("hi");
    }),
    "@api/throws.ts": fn(() => {
      throw new Error("boom");
    }),
    "@api/wrong.ts": fn((() => "text") as unknown as ApiFunction),
  }, { preload: true });
  try {
    const cases: [string, string, "sync" | "async", number, (r: Response) => Promise<void>][] = [
      [
        "sync",
        "GET /api/sync",
        "sync",
        200,
        async (r) => assert.deepEqual(await r.json(), { ok: true }),
      ],
      ["HEAD of a sync function", "HEAD /api/sync", "sync", 200, async (r) => {
        assert.equal(r.body, null);
        assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8");
        await Promise.resolve();
      }],
      [
        "async",
        "GET /api/async",
        "async",
        200,
        async (r) => assert.deepEqual(await r.json(), { ok: true }),
      ],
      ["a thenable", "GET /api/thenable", "async", 200, async (r) => {
        assert.deepEqual(await r.json(), { thenable: true });
      }],
      ["cookies on a Response built by hand", "GET /api/cookie", "sync", 200, async (r) => {
        assert.equal(r.headers.get("set-cookie"), "seen=1; Path=/; HttpOnly; SameSite=Lax");
        await r.body?.cancel();
      }],
      ["a synchronous throw", "GET /api/throws", "sync", 500, async (r) => {
        assert.equal((await r.json()).error, "Internal Server Error");
      }],
      ["not a Response", "GET /api/wrong", "sync", 500, async (r) => await r.body?.cancel()],
      ["no route", "GET /api/none", "sync", 404, async (r) => await r.body?.cancel()],
    ];
    for (const [name, line, kind, status, check] of cases) {
      await t.step(name, async () => {
        const [method, path] = line.split(" ");
        const answer = app.respond(new Request(`http://localhost${path}`, { method }));
        assert.equal(answer instanceof Promise, kind === "async", `${name}: ${kind}`);
        const response = await answer;
        assert.equal(response.status, status);
        await check(response);
      });
    }
  } finally {
    await app.close();
  }
});

Deno.test("invoke - the first call of a function not yet imported, and an async user, take the promise path", async () => {
  const files = { "@api/sync.ts": fn(sync) };
  const lazy = await memoryApp(files, { preload: false });
  const first = lazy.respond(new Request("http://localhost/api/sync"));
  assert.ok(first instanceof Promise);
  assert.equal((await first).status, 200);
  assert.ok(lazy.respond(new Request("http://localhost/api/sync")) instanceof Response);
  await lazy.close();
  const authenticated = await memoryApp(files, {
    preload: true,
    authenticate: () => Promise.resolve(null),
  });
  const answer = authenticated.respond(new Request("http://localhost/api/sync"));
  assert.ok(answer instanceof Promise);
  assert.equal((await answer).status, 200);
  await authenticated.close();
});

Deno.test("invoke - fetch() always returns a promise", async () => {
  const app = await memoryApp({ "@api/sync.ts": fn(sync) }, { preload: true });
  const answer = app.fetch(new Request("http://localhost/api/sync"));
  assert.ok(answer instanceof Promise);
  assert.equal((await answer).status, 200);
  await app.close();
});

Deno.test("invoke - a slow async function gets 504 and its late answer is dropped", async () => {
  let finish = () => {};
  const app = await memoryApp({
    "@api/slow.ts": fn(async (_request, context) => {
      await new Promise<void>((resolve) => finish = resolve);
      return context.json({ late: true });
    }),
  }, { preload: true, limits: { timeoutMs: 20 } });
  const response = await app.respond(new Request("http://localhost/api/slow"));
  assert.equal(response.status, 504);
  assert.equal((await response.json()).error, "Gateway Timeout");
  finish();
  for (let i = 0; isTickerRunning(); i++) {
    assert.ok(i < 2000, "the deadline ticker stops");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await app.close();
});

Deno.test("invoke - context.signal aborts at the time limit and when the request is aborted", async (t) => {
  const seen: Record<string, Promise<unknown>> = {};
  const app = await memoryApp({
    "@api/wait/[id].ts": fn((_request, context) => {
      const { promise, resolve } = Promise.withResolvers<unknown>();
      seen[context.params.id as string] = promise;
      context.signal.addEventListener("abort", () => resolve(context.signal.reason));
      return new Promise<Response>(() => {}); // answers only by its time limit
    }),
  }, { preload: true, limits: { timeoutMs: 20 } });
  await t.step("the time limit: a TimeoutError after the 504", async () => {
    const response = await app.fetch(new Request("http://localhost/api/wait/a"));
    assert.equal(response.status, 504);
    await response.body?.cancel();
    const reason = await within(seen.a!, "the abort") as DOMException;
    assert.equal(reason.name, "TimeoutError");
    assert.equal(reason.message, "Function timed out after 0.02 s");
  });
  await t.step("the request's signal (the client disconnecting) aborts it first", async () => {
    const controller = new AbortController();
    const answer = app.fetch(
      new Request("http://localhost/api/wait/b", { signal: controller.signal }),
    );
    assert.ok(seen.b); // the function ran synchronously; no timer can fire before the abort
    controller.abort(new DOMException("The request has been cancelled.", "AbortError"));
    const reason = await within(seen.b!, "the abort") as DOMException;
    assert.equal(reason.name, "AbortError");
    await (await answer).body?.cancel();
  });
  for (let i = 0; isTickerRunning(); i++) {
    assert.ok(i < 2000, "the deadline ticker stops");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await app.close();
});
