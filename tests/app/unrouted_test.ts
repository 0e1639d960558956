import assert from "node:assert/strict";
import type { Middleware } from "../../src/middleware/types.ts";
import { fn, memoryApp } from "../_app.ts";

const tagging: Middleware = async (_request, context, next) => {
  const response = await next();
  response.headers.set("x-mw", `${response.status}`);
  response.headers.set("x-params", JSON.stringify(context.params));
  return response;
};

Deno.test("answerUnrouted - a root middleware with config.all runs for 404, 405, OPTIONS and 400", async (t) => {
  const app = await memoryApp({
    "@api/_middleware.ts": { default: tagging, config: { all: true } },
    "@api/notes.get.ts": fn(() => new Response("notes")),
  });
  try {
    const cases: [string, string, string, number][] = [
      ["404", "GET", "/api/missing", 404],
      ["405", "POST", "/api/notes", 405],
      ["automatic OPTIONS", "OPTIONS", "/api/notes", 204],
      ["400 (bad escape)", "GET", "/api/%E0%A4%A", 400],
      ["a route", "GET", "/api/notes", 200],
    ];
    for (const [name, method, path, status] of cases) {
      await t.step(name, async () => {
        const response = await app.fetch(new Request(`http://x${path}`, { method }));
        assert.equal(response.status, status);
        assert.equal(response.headers.get("x-mw"), String(status));
        assert.equal(response.headers.get("x-params"), "{}");
        if (status === 405) assert.equal(response.headers.get("allow"), "GET, HEAD, OPTIONS");
        await response.body?.cancel();
      });
    }
    await t.step("a path outside the folder's mount runs no middleware", async () => {
      const response = await app.fetch(new Request("http://x/elsewhere"));
      assert.equal(response.status, 404);
      assert.equal(response.headers.get("x-mw"), null);
      await response.body?.cancel();
    });
  } finally {
    await app.close();
  }
});

Deno.test("answerUnrouted - without config.all, or below the root, unrouted answers skip middleware", async (t) => {
  for (
    const [name, files] of [
      ["no config", { "@api/_middleware.ts": { default: tagging } }],
      ["config.all false", { "@api/_middleware.ts": { default: tagging, config: { all: false } } }],
      ["config.all below the root", {
        "@api/notes/_middleware.ts": { default: tagging, config: { all: true } },
      }],
    ] as const
  ) {
    await t.step(name, async () => {
      const app = await memoryApp({
        ...files,
        "@api/notes/index.get.ts": fn(() => new Response("notes")),
      });
      try {
        for (
          const [method, path, status] of [["GET", "/api/nope", 404], [
            "PUT",
            "/api/notes",
            405,
          ]] as const
        ) {
          const response = await app.fetch(new Request(`http://x${path}`, { method }));
          assert.equal(response.status, status);
          assert.equal(response.headers.get("x-mw"), null);
          await response.body?.cancel();
        }
        const routed = await app.fetch(new Request("http://x/api/notes"));
        assert.equal(routed.headers.get("x-mw"), "200");
        await routed.body?.cancel();
      } finally {
        await app.close();
      }
    });
  }
});

Deno.test("answerUnrouted - the root middleware of an extra folder covers that folder's mount", async () => {
  const app = await memoryApp({
    "blog/_middleware.ts": { default: tagging, config: { all: true } },
    "blog/feed.get.ts": fn(() => new Response("feed")),
    "@api/a.get.ts": fn(() => new Response("a")),
  }, { folders: ["/blog"] });
  try {
    const inside = await app.fetch(new Request("http://x/blog/nope"));
    assert.equal(inside.headers.get("x-mw"), "404");
    const api = await app.fetch(new Request("http://x/api/nope"));
    assert.equal(api.headers.get("x-mw"), null);
    assert.deepEqual(app.routes.map((r) => [r.path, r.middleware]), [
      ["/api/a", undefined],
      ["/blog/feed", ["blog/_middleware.ts"]],
    ]);
    await inside.body?.cancel();
    await api.body?.cancel();
  } finally {
    await app.close();
  }
});
