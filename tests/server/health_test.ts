import assert from "node:assert/strict";
import { shadowedRoutes, withHealth } from "../../src/server/health.ts";
import type { KvService } from "../../src/types.ts";

const goodKv = { list: () => Promise.resolve({ items: [], total: 0, cursor: null }) };
const good = { getKv: () => Promise.resolve(goodKv as unknown as KvService) };
const broken = {
  getKv: () => Promise.reject(new Error("Cannot open KV store '/x/kv.db': file is not a database")),
};
const app = () => new Response("app");

Deno.test("withHealth - answers only its own path", async (t) => {
  const handler = withHealth(app, good, { dev: false });
  for (
    const [url, health] of [
      ["http://x/_apifn/health", true],
      ["http://x/_apifn/health?probe=1", true],
      ["http://x/_apifn/health/", true],
      ["http://x:8000/_apifn/health", true],
      ["http://x/_apifn/healthz", false],
      ["http://x/_apifn/health/x", false],
      ["http://x/api/_apifn/health", false],
      ["http://x/", false],
    ] as const
  ) {
    await t.step(url, async () => {
      const response = await handler(new Request(url), undefined);
      assert.equal(await response.text() !== "app", health);
    });
  }
});

Deno.test("withHealth - 200 with a store that reads, 503 without (the reason in dev only)", async (t) => {
  await t.step("good store", async () => {
    const response = await withHealth(app, good, { dev: false })(
      new Request("http://x/_apifn/health"),
      undefined,
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.deepEqual(await response.json(), { status: "ok", kv: "ok" });
  });
  for (const dev of [false, true]) {
    await t.step(`broken store, dev ${dev}`, async () => {
      const response = await withHealth(app, broken, { dev })(
        new Request("http://x/_apifn/health"),
        undefined,
      );
      assert.equal(response.status, 503);
      const body = await response.json();
      assert.deepEqual([body.status, body.kv], ["unavailable", "unavailable"]);
      assert.equal(body.error?.includes("file is not a database") ?? false, dev);
    });
  }
  await t.step("HEAD has no body", async () => {
    const response = await withHealth(app, good, { dev: false })(
      new Request("http://x/_apifn/health", { method: "HEAD" }),
      undefined,
    );
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "");
  });
  await t.step("POST → 405 with Allow", async () => {
    const response = await withHealth(app, good, { dev: false })(
      new Request("http://x/_apifn/health", { method: "POST" }),
      undefined,
    );
    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "GET, HEAD");
    assert.equal((await response.json()).error, "Method Not Allowed");
  });
});

Deno.test("shadowedRoutes - finds the user routes GET /_apifn/health would reach", async (t) => {
  for (
    const [method, path, shadowed] of [
      ["GET", "/_apifn/health", true],
      ["*", "/_apifn/[name]", true],
      ["GET", "/[...all]", true],
      ["GET", "/[[...all]]", true],
      ["GET", "/_apifn/[[...rest]]", true],
      ["GET", "/_apifn/health/[[...rest]]", true],
      ["POST", "/_apifn/health", false],
      ["GET", "/_apifn/health/[id]", false],
      ["GET", "/api/[...all]", false],
      ["GET", "/[a]/[b]/[c]", false],
    ] as const
  ) {
    await t.step(`${method} ${path}`, () => {
      const routes = [{ method, path, file: "f.ts" }];
      assert.equal(shadowedRoutes(routes).length, shadowed ? 1 : 0);
    });
  }
});
