import assert from "node:assert/strict";
import type { Middleware } from "../../src/middleware/types.ts";
import { fn, memoryApp } from "../_app.ts";

/** A middleware that records its name on `context.state.seen` around `next()`. */
function recorder(name: string): { default: Middleware } {
  return {
    default: async (_request, context, next) => {
      const seen = (context.state.seen ??= []) as string[];
      seen.push(`${name}>`);
      const response = await next();
      seen.push(`<${name}`);
      response.headers.append("x-order", name);
      return response;
    },
  };
}

Deno.test("runChain - middlewares run root first across three folder levels, then the function", async () => {
  const seen: string[][] = [];
  const app = await memoryApp({
    "@api/_middleware.ts": recorder("root"),
    "@api/a/_middleware.ts": recorder("a"),
    "@api/a/b/_middleware.ts": recorder("b"),
    "@api/a/b/leaf.get.ts": fn((_request, context) => {
      (context.state.seen as string[]).push("fn");
      seen.push(context.state.seen as string[]);
      return new Response("leaf");
    }),
    "@api/a/mid.get.ts": fn((_request, context) => context.json(context.state)),
    "@api/top.get.ts": fn(() => new Response("top")),
  });
  try {
    const leaf = await app.fetch(new Request("http://x/api/a/b/leaf"));
    assert.equal(await leaf.text(), "leaf");
    assert.deepEqual(seen[0], ["root>", "a>", "b>", "fn", "<b", "<a", "<root"]);
    assert.equal(leaf.headers.get("x-order"), "b, a, root");
    const mid = await app.fetch(new Request("http://x/api/a/mid"));
    assert.deepEqual(await mid.json(), { seen: ["root>", "a>"] }); // the function ran before "<a"
    assert.equal(mid.headers.get("x-order"), "a, root");
    const top = await app.fetch(new Request("http://x/api/top"));
    assert.equal(top.headers.get("x-order"), "root");
    await top.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("runChain - a middleware answers early, changes the response, hands state down", async (t) => {
  let called = 0;
  const app = await memoryApp({
    "@api/_middleware.ts": {
      default: (async (request, context, next) => {
        if (request.headers.get("authorization") !== "Bearer ok") {
          return new Response("denied", { status: 401 });
        }
        context.state.account = { id: "acc-1" };
        const response = await next();
        const body = await response.json();
        return Response.json({ ...body, wrapped: true }, { status: response.status });
      }) satisfies Middleware,
    },
    "@api/me.get.ts": fn((_request, context) => {
      called++;
      return context.json({ account: context.state.account });
    }),
  });
  try {
    await t.step("early answer: the function does not run", async () => {
      const response = await app.fetch(new Request("http://x/api/me"));
      assert.equal(response.status, 401);
      assert.equal(await response.text(), "denied");
      assert.equal(called, 0);
    });
    await t.step("state reaches the function and the response is changed", async () => {
      const response = await app.fetch(
        new Request("http://x/api/me", { headers: { authorization: "Bearer ok" } }),
      );
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { account: { id: "acc-1" }, wrapped: true });
      assert.equal(called, 1);
    });
  } finally {
    await app.close();
  }
});

Deno.test("runChain - errors in middleware take the 500 JSON path of functions", async (t) => {
  const logged: string[] = [];
  const app = await memoryApp({
    "@api/sync/_middleware.ts": {
      default: () => {
        throw new Error("sync boom");
      },
    },
    "@api/sync/a.get.ts": fn(() => new Response("a")),
    "@api/async/_middleware.ts": {
      default: async () => {
        await Promise.resolve();
        throw new Error("async boom");
      },
    },
    "@api/async/a.get.ts": fn(() => new Response("a")),
    "@api/wrong/_middleware.ts": { default: () => "text" },
    "@api/wrong/a.get.ts": fn(() => new Response("a")),
    "@api/inner/_middleware.ts": {
      default: (async (_request, _context, next) => {
        const response = await next();
        response.headers.set("x-seen-status", String(response.status));
        return response;
      }) satisfies Middleware,
    },
    "@api/inner/a.get.ts": fn(() => {
      throw new Error("function boom");
    }),
  }, { logger: { warn() {}, error: (message) => logged.push(message) } });
  try {
    for (const path of ["sync", "async", "wrong"]) {
      await t.step(`${path}: 500 JSON with the request id`, async () => {
        const response = await app.fetch(new Request(`http://x/api/${path}/a`), {
          requestId: `r-${path}`,
        });
        assert.equal(response.status, 500);
        assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
        assert.deepEqual(await response.json(), {
          error: "Internal Server Error",
          requestId: `r-${path}`,
        });
        assert.ok(logged.some((line) => line.startsWith(`r-${path} GET /api/${path}/a failed`)));
      });
    }
    await t.step("a function's throw reaches the middleware as the 500 response", async () => {
      const response = await app.fetch(new Request("http://x/api/inner/a"));
      assert.equal(response.status, 500);
      assert.equal(response.headers.get("x-seen-status"), "500");
      assert.equal((await response.json()).error, "Internal Server Error");
    });
  } finally {
    await app.close();
  }
});

Deno.test("runChain - in dev the 500 names what went wrong", async () => {
  const app = await memoryApp({
    "@api/_middleware.ts": { default: () => 42 },
    "@api/a.get.ts": fn(() => new Response("a")),
  }, { dev: true });
  try {
    const response = await app.fetch(new Request("http://x/api/a"));
    assert.equal(response.status, 500);
    assert.equal(
      (await response.json()).message,
      "Middleware '@api/_middleware.ts' returned a number instead of a Response",
    );
  } finally {
    await app.close();
  }
});
