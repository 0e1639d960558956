import assert from "node:assert/strict";
import { HttpError } from "../../src/http/errors.ts";
import { createMemoryFs } from "../../src/routing/fs.ts";
import type { ApiFunction } from "../../src/types.ts";
import { fn, memoryApp } from "../_app.ts";

function send(app: { fetch(r: Request): Promise<Response> }, path: string, init?: RequestInit) {
  return app.fetch(new Request(`http://localhost${path}`, init));
}

Deno.test("hardening - odd paths never reach another file and never crash", async (t) => {
  const app = await memoryApp({
    "@api/files/[...path].get.ts": fn((_r, c) => c.json({ file: "files", path: c.params.path })),
    "@api/secret.ts": fn((_r, c) => c.json({ file: "secret" })),
  });
  await t.step("a [...path] value of '..' is just a string", async () => {
    const response = await send(app, "/api/files/..%2F..%2Fsecret.ts");
    assert.deepEqual(await response.json(), { file: "files", path: ["../../secret.ts"] });
    const dots = await send(app, "/api/files/a/.%2E%2Fb/%2E%2E%5Cx");
    assert.deepEqual(await dots.json(), { file: "files", path: ["a", "../b", "..\\x"] });
  });
  await t.step("NUL and control characters are data", async () => {
    const response = await send(app, "/api/files/%00/%0D%0A");
    assert.deepEqual((await response.json()).path, ["\0", "\r\n"]);
  });
  const odd: [string, number[]][] = [
    ["/api/files/../../../etc/passwd", [404]], // the URL parser resolves it to /etc/passwd
    ["/api/%2e%2e/%2e%2e/etc/passwd", [404]],
    ["/api/files/%2e%2e/secret", [200]], // → /api/secret: a real route, reached by its own URL
    ["/api\\files\\..\\..\\x", [404]],
    ["/api/files/%ZZ", [400]],
    ["/api/files/%E0%A4%A", [400]],
    ["/api//secret", [404]],
    ["//api/secret", [404]],
    ["/api/secret%00", [404]],
    ["/api/secret%2F", [404]],
    ["/" + "a".repeat(65_536), [404]],
    ["/api/" + "x/".repeat(10_000), [404]],
  ];
  for (const [path, statuses] of odd) {
    await t.step(`${path.slice(0, 40)} → ${statuses}`, async () => {
      const response = await send(app, path);
      assert.ok(statuses.includes(response.status), `${response.status}`);
      await response.body?.cancel();
    });
  }
  await t.step("10,000 segments into a catch-all", async () => {
    const response = await send(app, "/api/files" + "/s".repeat(10_000));
    assert.equal((await response.json()).path.length, 10_000);
  });
  await app.close();
});

Deno.test("hardening - request.json() answers 400 for bad JSON a handler does not catch", async (t) => {
  const app = await memoryApp({
    "@api/echo.ts": fn(async (request, c) => c.json({ got: await request.json() })),
    "@api/text.post.ts": fn(async (request) => new Response(await request.text())),
  }, { limits: { maxJsonDepth: 64 } });
  const cases: [string, RequestInit, number, RegExp | null][] = [
    ["valid", { method: "POST", body: '{"a":1}' }, 200, null],
    ["malformed", { method: "POST", body: "{a:1}" }, 400, /Cannot parse JSON body/],
    ["empty POST", { method: "POST" }, 400, /Cannot parse JSON body/],
    ["GET", {}, 400, /Cannot parse JSON body/],
    [
      "invalid UTF-8",
      { method: "POST", body: new Uint8Array([0x22, 0xff, 0xfe, 0x22]) },
      400,
      /UTF-8/,
    ],
    [
      "nesting over the configured limit",
      { method: "POST", body: "[".repeat(65) + "]".repeat(65) },
      400,
      /deeper than 64/,
    ],
    ["nesting bomb", { method: "POST", body: "[".repeat(1_000_000) }, 400, /deeper than 64/],
    ["too large", { method: "POST", body: "[" + "1,".repeat(3_000_000) + "1]" }, 413, null],
  ];
  for (const [name, init, status, message] of cases) {
    await t.step(name, async () => {
      const response = await send(app, "/api/echo", init);
      assert.equal(response.status, status);
      const body = await response.json();
      if (message) assert.match(body.error, message);
    });
  }
  await t.step("text() is untouched (replacement characters, no error)", async () => {
    const response = await send(app, "/api/text", {
      method: "POST",
      body: new Uint8Array([0x61, 0xff]),
    });
    assert.equal(await response.text(), "a\uFFFD");
  });
  await app.close();
});

Deno.test("hardening - production never shows stacks or messages; dev does", async (t) => {
  const files = {
    "@api/boom.ts": fn(() => {
      throw new Error("db password is hunter2");
    }),
    "@api/broken.ts": fn(() => new Response()),
    "@api/bad.ts": fn(() => {
      throw new HttpError(502, "upstream said hunter2");
    }),
  };
  for (const dev of [false, true]) {
    await t.step(dev ? "dev" : "production", async () => {
      const fs = createMemoryFs(files);
      const load = (path: string) =>
        path.endsWith("broken.ts")
          ? Promise.reject(new Error("import failed: secret path /srv/x"))
          : fs.load(path);
      const app = await memoryApp(files, { dev, preload: false, fs: { ...fs, load } });
      for (const path of ["/api/boom", "/api/broken", "/api/bad"]) {
        const response = await send(app, path);
        assert.ok(response.status >= 500);
        const text = await response.text();
        const json = JSON.parse(text);
        if (dev) assert.match(text, /hunter2|secret path/);
        else {
          assert.deepEqual(Object.keys(json).sort(), ["error", "requestId"], path);
          assert.doesNotMatch(text, /hunter2|secret path|stack|at /);
        }
      }
      await app.close();
    });
  }
});

Deno.test("hardening - CR/LF can never inject a header", async (t) => {
  const attempts: [string, ApiFunction][] = [
    ["cookie value", (_r, c) => c.setCookie("a", "x\r\nSet-Cookie: admin=1").json({})],
    ["cookie name", (_r, c) => c.setCookie("a\r\nX-Evil: 1", "x").json({})],
    ["cookie path", (_r, c) => c.setCookie("a", "x", { path: "/\r\nX-Evil: 1" }).json({})],
    ["cookie domain", (_r, c) => c.setCookie("a", "x", { domain: "x\nX-Evil: 1" }).json({})],
    ["signed cookie value", (_r, c) => c.setCookie("a", "x\r\n", { signed: true }).json({})],
    ["redirect", (_r, c) => c.redirect("/ok\r\nX-Evil: 1")],
    ["redirect with LF only", (_r, c) => c.redirect("https://x/\nX-Evil: 1")],
    ["HttpError header", () => {
      throw new HttpError(429, "slow", { headers: { "retry-after": "1\r\nX-Evil: 1" } });
    }],
  ];
  const files = Object.fromEntries(
    attempts.map(([, handler], i) => [`@api/t${i}.ts`, fn(handler)]),
  );
  const app = await memoryApp(files, { cookieSecret: "c".repeat(32) });
  for (const [name] of attempts) {
    await t.step(name, async () => {
      const i = attempts.findIndex(([n]) => n === name);
      const response = await send(app, `/api/t${i}`);
      assert.equal(response.status, 500);
      assert.equal(response.headers.get("x-evil"), null);
      assert.equal(response.headers.get("set-cookie"), null);
      assert.equal(response.headers.get("location"), null);
      await response.body?.cancel();
    });
  }
  await t.step("an unsafe x-request-id is not echoed", async () => {
    const response = await send(app, "/api/nope", { headers: { "x-request-id": "a b<script>" } });
    assert.notEqual((await response.json()).requestId, "a b<script>");
  });
  await app.close();
});
