import assert from "node:assert/strict";
import { createApp } from "../src/app.ts";
import { createMemoryFs } from "../src/routing/fs.ts";
import type { ApiFunction, ApiFunctionsContext } from "../src/types.ts";
import { fn, memoryApp, quiet } from "./_app.ts";

function get(app: { fetch(r: Request): Promise<Response> }, path: string, init?: RequestInit) {
  return app.fetch(new Request(`http://localhost${path}`, init));
}

Deno.test("createApp - framework answers: 404, 405 with Allow, HEAD, OPTIONS, 400", async (t) => {
  const app = await memoryApp({
    "@api/notes.get.ts": fn((_r, c) => c.json({ list: true })),
    "@api/notes.post.ts": fn((_r, c) => c.status(201).json({ created: true })),
    "@api/notes/[id].get.ts": fn((_r, c) => c.json({ id: c.params.id })),
    "@api/any.ts": fn((r) => new Response(r.method)),
    "@api/custom.options.ts": fn(() => new Response("mine", { status: 200 })),
  });
  const cases: [string, string, number, Record<string, string>, unknown][] = [
    ["GET", "/api/nope", 404, {}, { error: "Not Found" }],
    ["PATCH", "/api/notes", 405, { allow: "GET, POST, HEAD, OPTIONS" }, {
      error: "Method Not Allowed",
    }],
    ["DELETE", "/api/notes/7", 405, { allow: "GET, HEAD, OPTIONS" }, {
      error: "Method Not Allowed",
    }],
    ["GET", "/api/notes/%E0%A4%A", 400, {}, undefined],
  ];
  for (const [method, path, status, headers, body] of cases) {
    await t.step(`${method} ${path} → ${status}`, async () => {
      const response = await get(app, path, { method });
      assert.equal(response.status, status);
      assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
      for (const [name, value] of Object.entries(headers)) {
        assert.equal(response.headers.get(name), value);
      }
      const json = await response.json();
      assert.equal(typeof json.requestId, "string");
      if (body) assert.deepEqual({ error: json.error }, body);
      else assert.equal(typeof json.error, "string");
    });
  }
  await t.step("HEAD runs the GET handler and drops the body", async () => {
    const response = await get(app, "/api/notes/5", { method: "HEAD" });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(await response.text(), "");
  });
  await t.step("OPTIONS without a handler → 204 with Allow", async () => {
    const response = await get(app, "/api/notes", { method: "OPTIONS" });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get("allow"), "GET, POST, HEAD, OPTIONS");
    assert.equal(await response.text(), "");
  });
  await t.step("OPTIONS with a handler runs it", async () => {
    const response = await get(app, "/api/custom", { method: "OPTIONS" });
    assert.equal(await response.text(), "mine");
  });
  await t.step("a method-less file answers every method", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "PROPFIND"]) {
      assert.equal(await (await get(app, "/api/any", { method })).text(), method);
    }
  });
  await t.step("trailing slash matches the same route", async () => {
    assert.deepEqual(await (await get(app, "/api/notes/")).json(), { list: true });
  });
  await app.close();
});

Deno.test("createApp - thrown errors become JSON 500s that leak nothing in production", async (t) => {
  const files = {
    "@api/boom.ts": fn(() => {
      throw new Error("secret at /srv/app/@api/boom.ts");
    }),
    "@api/plain.ts": fn((() => ({ not: "a response" })) as unknown as ApiFunction),
    "@api/nothing.ts": fn((() => undefined) as unknown as ApiFunction),
  };
  for (const dev of [false, true]) {
    await t.step(dev ? "dev mode shows message and stack" : "production hides them", async () => {
      const app = await memoryApp(files, { dev });
      const response = await get(app, "/api/boom");
      assert.equal(response.status, 500);
      const text = await response.text();
      const body = JSON.parse(text);
      assert.equal(typeof body.requestId, "string");
      if (dev) {
        assert.equal(body.message, "secret at /srv/app/@api/boom.ts");
        assert.match(body.stack, /boom/);
      } else {
        assert.deepEqual(Object.keys(body).sort(), ["error", "requestId"]);
        assert.equal(body.error, "Internal Server Error");
        assert.ok(!text.includes("secret") && !text.includes("/srv"));
      }
      const plain = await (await get(app, "/api/plain")).json();
      const nothing = await (await get(app, "/api/nothing")).json();
      if (dev) {
        assert.match(plain.message, /returned a plain object instead of a Response/);
        assert.match(nothing.message, /returned undefined instead of a Response/);
      } else assert.equal(plain.error, "Internal Server Error");
      await app.close();
    });
  }
  await t.step("the request id comes from x-request-id when safe", async () => {
    const app = await memoryApp(files);
    const body = await (await get(app, "/api/boom", { headers: { "x-request-id": "req-42" } }))
      .json();
    assert.equal(body.requestId, "req-42");
    const unsafe = await (await get(app, "/api/boom", { headers: { "x-request-id": "a b\tc" } }))
      .json();
    assert.notEqual(unsafe.requestId, "a b\tc");
    await app.close();
  });
});

Deno.test("createApp - files without a callable default export", async (t) => {
  const files = {
    "@api/named.get.ts": { handler: () => new Response("x") },
    "@api/object.get.ts": { default: { not: "callable" } },
    "@api/[slug].get.ts": fn((_r, c) => c.text(`slug ${c.params.slug}`)),
  };
  for (const preload of [true, false]) {
    await t.step(`production (preload ${preload}): not routed, warned`, async () => {
      const warnings: string[] = [];
      const app = await memoryApp(files, {
        preload,
        logger: { warn: (m) => warnings.push(m), error() {} },
      });
      // With the file unrouted, the dynamic route serves the path.
      assert.equal(await (await get(app, "/api/named")).text(), "slug named");
      assert.equal(await (await get(app, "/api/object")).text(), "slug object");
      assert.ok(
        warnings.some((w) => w.includes("@api/named.get.ts") && /no default export/.test(w)),
      );
      assert.ok(warnings.some((w) => w.includes("@api/object.get.ts") && /not a function/.test(w)));
      await app.close();
    });
    await t.step(`dev (preload ${preload}): the path answers 500 explaining why`, async () => {
      const app = await memoryApp(files, { preload, dev: true });
      const response = await get(app, "/api/named");
      assert.equal(response.status, 500);
      assert.match((await response.json()).error, /'@api\/named\.get\.ts'.*no default export/);
      await app.close();
    });
  }
});

Deno.test("createApp - startup errors name every file involved", async (t) => {
  await t.step("route conflicts", async () => {
    await assert.rejects(
      memoryApp({
        "@api/x.get.ts": fn(() => new Response()),
        "@api/x/index.get.ts": fn(() => new Response()),
      }),
      (error: Error) =>
        error.message.includes("@api/x.get.ts") && error.message.includes("@api/x/index.get.ts"),
    );
  });
  await t.step("unparseable names", async () => {
    await assert.rejects(
      memoryApp({ "@api/[a][b].ts": fn(() => new Response()), "@api/[].ts": {} }),
      (error: Error) => error.message.includes("[a][b].ts") && error.message.includes("[].ts"),
    );
  });
  await t.step("a file that fails to import (production)", async () => {
    const root = await Deno.makeTempDir();
    await Deno.mkdir(`${root}/@api`);
    await Deno.writeTextFile(`${root}/@api/broken.ts`, "export default function (\n");
    await Deno.writeTextFile(`${root}/@api/ok.ts`, "export default () => new Response('ok');");
    await assert.rejects(
      createApp({ root, kv: ":memory:", logger: quiet }),
      /Cannot load function file '@api\/broken\.ts'/,
    );
    // In dev mode the broken route answers 500 with the error; the rest keeps working.
    const app = await createApp({ root, kv: ":memory:", logger: quiet, dev: true });
    assert.equal(await (await get(app, "/api/ok")).text(), "ok");
    const broken = await get(app, "/api/broken");
    assert.equal(broken.status, 500);
    assert.match((await broken.json()).message, /broken\.ts/);
    await app.close();
    await Deno.remove(root, { recursive: true });
  });
});

Deno.test("createApp - body size and time limits", async (t) => {
  const app = await memoryApp({
    "@api/echo.post.ts": fn(async (r, c) => c.json({ size: (await r.text()).length })),
    "@api/swallow.post.ts": fn(async (r, c) => {
      try {
        await r.text();
      } catch {
        return c.status(400).json({ error: "bad body" });
      }
      return c.json({ ok: true });
    }),
    "@api/slow.ts": fn(() =>
      new Promise<Response>((r) => setTimeout(() => r(new Response()), 300))
    ),
  }, { limits: { maxBodyBytes: 1000, timeoutMs: 50 } });
  await t.step("under the limit passes", async () => {
    const response = await get(app, "/api/echo", { method: "POST", body: "x".repeat(1000) });
    assert.deepEqual(await response.json(), { size: 1000 });
  });
  await t.step("Content-Length over the limit → 413", async () => {
    const response = await get(app, "/api/echo", { method: "POST", body: "x".repeat(1001) });
    assert.equal(response.status, 413);
    assert.equal((await response.json()).error, "Payload Too Large");
  });
  await t.step("a streamed body over the limit → 413, even when the handler catches", async () => {
    for (const path of ["/api/echo", "/api/swallow"]) {
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(300));
          controller.close();
        },
      });
      const response = await get(app, path, { method: "POST", body: stream });
      assert.equal(response.status, 413, path);
      await response.body?.cancel();
    }
  });
  await t.step("a function running over the limit → 504", async () => {
    const response = await get(app, "/api/slow");
    assert.equal(response.status, 504);
    await response.body?.cancel();
    await new Promise((r) => setTimeout(r, 300)); // let the slow handler finish
  });
  await app.close();
  await t.step("bad limits fail createApp with a RangeError naming the value", async () => {
    for (const limits of [{ timeoutMs: -1 }, { maxBodyBytes: NaN }, { maxJsonDepth: 0 }]) {
      await assert.rejects(memoryApp({}, { limits }), RangeError);
    }
  });
});

Deno.test("createApp - context: params, query, cookies, user, config, baseUrl", async () => {
  let seen: ApiFunctionsContext | undefined;
  const app = await memoryApp({
    "@api/orgs/[orgId]/files/[...path].get.ts": fn((_r, c) => {
      seen = c;
      return c.setCookie("visited", "1").status(202).json({ ok: true });
    }),
    "@api/native.ts": fn((_r, c) => {
      c.setCookie("native", "yes", { maxAge: 3600000 });
      return new Response("native");
    }),
  }, { config: { seo: { title: "x" } } });
  const response = await get(app, "/api/orgs/acme/files/a%2Fb/c?tag=1&tag=2&q=a+b", {
    headers: { cookie: "session=abc; theme=dark" },
  });
  assert.equal(response.status, 202);
  assert.match(response.headers.get("set-cookie")!, /^visited=1; Path=\/; HttpOnly; SameSite=Lax$/);
  assert.deepEqual(seen!.params, { orgId: "acme", path: ["a/b", "c"] });
  assert.deepEqual(seen!.query, { tag: ["1", "2"], q: "a b" });
  assert.deepEqual(seen!.cookies, { session: "abc", theme: "dark" });
  assert.deepEqual(seen!.user, {
    teams: ["anonymous"],
    claims: {},
    email: undefined,
    idpAccessToken: undefined,
    idpId: undefined,
    idpIdToken: undefined,
    isAuthenticated: false,
  });
  assert.deepEqual(seen!.config, { seo: { title: "x" } });
  assert.equal(seen!.baseUrl, "http://localhost");
  const native = await get(app, "/api/native");
  assert.equal(await native.text(), "native");
  assert.match(native.headers.get("set-cookie")!, /^native=yes; Max-Age=3600;/);
  await app.close();
});

Deno.test("createApp - authenticate() fills context.user", async () => {
  const app = await memoryApp({
    "@api/me.ts": fn((_r, c) => c.json(c.user)),
  }, {
    authenticate: (request) =>
      request.headers.get("authorization") === "Bearer good"
        ? { email: "ada@example.com", teams: ["admins"], claims: { sub: "1" } }
        : null,
  });
  const me = await (await get(app, "/api/me", { headers: { authorization: "Bearer good" } }))
    .json();
  assert.deepEqual(me, {
    teams: ["admins", "authenticated"],
    claims: { sub: "1" },
    email: "ada@example.com",
    isAuthenticated: true,
  });
  const anonymous = await (await get(app, "/api/me")).json();
  assert.deepEqual(anonymous, { teams: ["anonymous"], claims: {}, isAuthenticated: false });
  await app.close();
});

Deno.test("createApp - getKv() opens one store, shared by requests, closed by close()", async () => {
  const app = await memoryApp({
    "@api/count.post.ts": fn(async (_r, c) => {
      const kv = await c.getKv();
      const n = await kv.transaction(async (tx) => {
        const next = ((await tx.get<number>(["n"])) ?? 0) + 1;
        await tx.set(["n"], next);
        return next;
      });
      return c.json({ n });
    }),
  });
  const results = await Promise.all(
    Array.from(
      { length: 20 },
      async () => (await (await get(app, "/api/count", { method: "POST" })).json()).n,
    ),
  );
  assert.deepEqual(results.sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
  assert.equal(await app.getKv(), await app.getKv());
  const kv = await app.getKv();
  await app.close();
  await assert.rejects(kv.get(["n"]), /closed/);
});

Deno.test("createApp - project on disk: redocly.yaml folders and config, .env, process.env", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  await Deno.mkdir(`${root}/blog`);
  await Deno.mkdir(`${root}/my/fns`, { recursive: true });
  await Deno.writeTextFile(
    `${root}/redocly.yaml`,
    "seo:\n  siteUrl: https://example.com\napiFunctions:\n  folders:\n    - /@api\n    - /blog/\n",
  );
  await Deno.writeTextFile(
    `${root}/.env`,
    "APIFN_TEST_FROM_DOTENV=dotenv\nAPIFN_TEST_REAL=dotenv\n",
  );
  Deno.env.set("APIFN_TEST_REAL", "real");
  await Deno.writeTextFile(
    `${root}/@api/env.get.ts`,
    "export default (_r, c) => c.json({ dotenv: process.env.APIFN_TEST_FROM_DOTENV, real: process.env.APIFN_TEST_REAL, site: c.config.seo.siteUrl });",
  );
  await Deno.writeTextFile(
    `${root}/blog/feed.xml.get.ts`,
    "export default () => new Response('<rss/>', { headers: { 'content-type': 'application/rss+xml' } });",
  );
  await Deno.writeTextFile(`${root}/my/fns/hello.ts`, "export default () => new Response('hi');");
  const app = await createApp({ root, folders: ["my/fns"], kv: ":memory:", logger: quiet });
  try {
    assert.deepEqual(await (await get(app, "/api/env")).json(), {
      dotenv: "dotenv",
      real: "real",
      site: "https://example.com",
    });
    assert.equal(await (await get(app, "/blog/feed.xml")).text(), "<rss/>");
    assert.equal(await (await get(app, "/my/fns/hello", { method: "PUT" })).text(), "hi");
    assert.deepEqual(app.routes.map((r) => `${r.method} ${r.path}`).sort(), [
      "* /my/fns/hello",
      "GET /api/env",
      "GET /blog/feed.xml",
    ]);
  } finally {
    await app.close();
    Deno.env.delete("APIFN_TEST_REAL");
    Deno.env.delete("APIFN_TEST_FROM_DOTENV");
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("createApp - reload() picks up added, edited and deleted files; keeps the table on conflict", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api`);
  const write = (name: string, text: string) =>
    Deno.writeTextFile(
      `${root}/@api/${name}`,
      `export default () => new Response(${JSON.stringify(text)});`,
    );
  await write("a.get.ts", "a1");
  const app = await createApp({ root, kv: ":memory:", dev: true, logger: quiet });
  try {
    assert.equal(await (await get(app, "/api/a")).text(), "a1");
    await write("b.get.ts", "b1");
    await write("a.get.ts", "a2 (edited)");
    await app.reload();
    assert.equal(await (await get(app, "/api/b")).text(), "b1");
    assert.equal(await (await get(app, "/api/a")).text(), "a2 (edited)");
    await Deno.remove(`${root}/@api/b.get.ts`);
    await Deno.mkdir(`${root}/@api/a`);
    await write("a/index.get.ts", "conflict");
    await assert.rejects(
      app.reload(),
      /a\.get\.ts[\s\S]*a\/index\.get\.ts|a\/index\.get\.ts[\s\S]*a\.get\.ts/,
    );
    // The last good table stays in use.
    assert.equal(await (await get(app, "/api/b")).text(), "b1");
    await Deno.remove(`${root}/@api/a`, { recursive: true });
    await app.reload();
    assert.equal((await get(app, "/api/b")).status, 404);
    assert.deepEqual(app.routes.map((r) => r.path), ["/api/a"]);
  } finally {
    await app.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("createApp - a store that fails to open is opened again on the next use", async () => {
  const root = await Deno.makeTempDir();
  await Deno.writeTextFile(`${root}/blocker`, "a file where the store's folder should be");
  const app = await createApp({
    root: "/project",
    fs: createMemoryFs({}),
    kv: `${root}/blocker/kv.sqlite3`,
    logger: quiet,
  });
  try {
    await assert.rejects(app.getKv());
    await Deno.remove(`${root}/blocker`);
    const kv = await app.getKv();
    await kv.set(["ok"], true);
    assert.equal(await kv.get(["ok"]), true);
  } finally {
    await app.close();
    await Deno.remove(root, { recursive: true });
  }
});
