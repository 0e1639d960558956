import assert from "node:assert/strict";
import type { Middleware } from "../../src/middleware/types.ts";
import { createMemoryFs } from "../../src/routing/fs.ts";
import { fn, memoryApp } from "../_app.ts";

const pass: Middleware = (_request, _context, next) => next();

Deno.test("createChains - a route without middleware keeps the synchronous path", async () => {
  const app = await memoryApp({
    "@api/plain.get.ts": fn((_request, context) => context.json({ ok: true })),
    "@api/wrapped/_middleware.ts": { default: pass },
    "@api/wrapped/a.get.ts": fn((_request, context) => context.json({ ok: true })),
  });
  try {
    const plain = app.respond(new Request("http://x/api/plain"));
    assert.ok(plain instanceof Response, "no promise for a route without middleware");
    const wrapped = app.respond(new Request("http://x/api/wrapped/a"));
    assert.ok(wrapped instanceof Promise);
    assert.deepEqual(await (await wrapped).json(), { ok: true });
    assert.deepEqual(await plain.json(), { ok: true });
  } finally {
    await app.close();
  }
});

Deno.test("createChains - middleware files are imported once, lazily, and are not routes", async () => {
  let imports = 0;
  const module = { default: pass };
  const files: Record<string, unknown> = {
    "@api/_middleware.ts": module,
    "@api/a.get.ts": fn(() => new Response("a")),
    "@api/b.get.ts": fn(() => new Response("b")),
    "@api/_helper.ts": { default: () => new Response("not a route") },
  };
  const fs = createMemoryFs(files);
  const app = await memoryApp(files, {
    preload: false,
    fs: {
      ...fs,
      load: (path: string) => {
        if (path.endsWith("_middleware.ts")) imports++;
        return fs.load(path);
      },
    },
  });
  try {
    assert.deepEqual(app.routes.map((r) => [r.path, r.middleware]), [
      ["/api/a", ["@api/_middleware.ts"]],
      ["/api/b", ["@api/_middleware.ts"]],
    ]);
    assert.equal(imports, 0);
    for (const path of ["a", "b", "a"]) {
      const response = await app.fetch(new Request(`http://x/api/${path}`));
      assert.equal(await response.text(), path);
    }
    assert.equal(imports, 1);
  } finally {
    await app.close();
  }
});

Deno.test("createChains - a broken middleware file breaks the routes under it, naming the file", async (t) => {
  const broken = {
    "@api/ok.get.ts": fn(() => new Response("ok")),
    "@api/inner/_middleware.ts": { default: "not a function" },
    "@api/inner/a.get.ts": fn(() => new Response("a")),
  };
  await t.step("production: startup fails", async () => {
    await assert.rejects(
      () => memoryApp(broken),
      {
        message: "Cannot use middleware file '@api/inner/_middleware.ts': its default export " +
          "is a string, not a function (write `export default function (request, context, " +
          "next) { ... }`)",
      },
    );
  });
  await t.step("dev: 500 with the message, other routes unaffected", async () => {
    const warnings: string[] = [];
    const app = await memoryApp(broken, {
      dev: true,
      logger: { warn: (message) => warnings.push(message), error() {} },
    });
    try {
      assert.match(warnings.join("\n"), /'@api\/inner\/_middleware\.ts'/);
      const response = await app.fetch(new Request("http://x/api/inner/a"));
      assert.equal(response.status, 500);
      assert.match((await response.json()).message, /Cannot use middleware file '@api\/inner/);
      const ok = await app.fetch(new Request("http://x/api/ok"));
      assert.equal(await ok.text(), "ok");
    } finally {
      await app.close();
    }
  });
  await t.step("an import error on first request: 500, logged once", async () => {
    const errors: string[] = [];
    const fs = createMemoryFs({ "@api/_middleware.ts": {}, "@api/a.get.ts": {} });
    const app = await memoryApp({}, {
      preload: false,
      logger: { warn() {}, error: (message) => errors.push(message) },
      fs: {
        ...fs,
        load: (path: string) =>
          path.endsWith("_middleware.ts")
            ? Promise.reject(new SyntaxError("Unexpected token '}'"))
            : Promise.resolve(fn(() => new Response("a"))),
      },
    });
    try {
      for (const id of ["r1", "r2"]) {
        const response = await app.fetch(new Request("http://x/api/a"), { requestId: id });
        assert.equal(response.status, 500);
        assert.deepEqual(await response.json(), { error: "Internal Server Error", requestId: id });
      }
      assert.deepEqual(errors, [
        "r1 Cannot load middleware file '@api/_middleware.ts': Unexpected token '}'",
      ]);
    } finally {
      await app.close();
    }
  });
  await t.step("a bad config is refused", async () => {
    await assert.rejects(
      () =>
        memoryApp({
          "@api/_middleware.ts": { default: pass, config: { all: "yes" } },
          "@api/a.get.ts": fn(() => new Response("a")),
        }),
      {
        message:
          "Cannot use middleware file '@api/_middleware.ts': its config.all is a string, not a boolean",
      },
    );
  });
});

Deno.test("createChains - one time limit covers the middlewares and the function", async (t) => {
  let aborted: unknown;
  const files = {
    "@api/slow/_middleware.ts": {
      default: ((_request, context) =>
        new Promise<Response>(() => {
          context.signal.addEventListener("abort", () => aborted = context.signal.reason);
        })) satisfies Middleware,
    },
    "@api/slow/a.get.ts": fn(() => new Response("a")),
    "@api/stalled/_middleware.ts": {},
    "@api/stalled/a.get.ts": fn(() => new Response("a")),
  };
  const fs = createMemoryFs(files);
  const errors: string[] = [];
  const app = await memoryApp(files, {
    limits: { timeoutMs: 50 },
    preload: false,
    logger: { warn() {}, error: (message) => errors.push(message) },
    fs: {
      ...fs,
      load: (path: string) =>
        path.endsWith("stalled/_middleware.ts") ? new Promise(() => {}) : fs.load(path),
    },
  });
  try {
    await t.step("a middleware that never answers: 504, context.signal aborted", async () => {
      const response = await app.fetch(new Request("http://x/api/slow/a"));
      assert.equal(response.status, 504);
      assert.equal((aborted as DOMException).name, "TimeoutError");
      await response.body?.cancel();
    });
    await t.step("a middleware import that never settles: 504 naming the file", async () => {
      const response = await app.fetch(new Request("http://x/api/stalled/a"), { requestId: "r1" });
      assert.equal(response.status, 504);
      assert.deepEqual(await response.json(), { error: "Gateway Timeout", requestId: "r1" });
      assert.deepEqual(errors.filter((line) => line.startsWith("r1 ")), [
        "r1 Cannot load middleware file '@api/stalled/_middleware.ts': its import did not " +
        "finish within 0.05 s (a top-level await that never settles?)",
      ]);
    });
  } finally {
    await app.close();
  }
});

Deno.test("createChains - access rules are decided before any middleware runs", async () => {
  let ran = 0;
  const app = await memoryApp({
    "@api/_middleware.ts": {
      default: ((_request, _context, next) => {
        ran++;
        return next();
      }) satisfies Middleware,
    },
    "@api/secret.get.ts": fn(() => new Response("secret")),
  }, { access: { "/api/secret": { admins: "read" } } });
  try {
    const response = await app.fetch(new Request("http://x/api/secret"));
    assert.equal(response.status, 401);
    assert.equal(ran, 0);
    await response.body?.cancel();
  } finally {
    await app.close();
  }
});
