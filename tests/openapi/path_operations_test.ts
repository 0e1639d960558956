import assert from "node:assert/strict";
import type { RouteInfo } from "../../src/app/routes.ts";
import { listPathOperations } from "../../src/openapi/path_operations.ts";

function list(routes: RouteInfo[]): string[] {
  return listPathOperations(routes).map((o) => `${o.method} ${o.path.template} ${o.route.file}`);
}

Deno.test("listPathOperations - a method-less file gets every method it serves", async (t) => {
  await t.step("alone: all seven", () => {
    assert.deepEqual(list([{ method: "*", path: "/api/echo", file: "echo.ts" }]), [
      "GET /api/echo echo.ts",
      "POST /api/echo echo.ts",
      "PUT /api/echo echo.ts",
      "PATCH /api/echo echo.ts",
      "DELETE /api/echo echo.ts",
      "HEAD /api/echo echo.ts",
      "OPTIONS /api/echo echo.ts",
    ]);
  });
  await t.step("beside method files: the rest (HEAD goes to the GET file)", () => {
    assert.deepEqual(
      list([
        { method: "*", path: "/api/echo", file: "echo.ts" },
        { method: "GET", path: "/api/echo", file: "echo.get.ts" },
        { method: "DELETE", path: "/api/echo", file: "echo.delete.ts" },
      ]),
      [
        "GET /api/echo echo.get.ts",
        "POST /api/echo echo.ts",
        "PUT /api/echo echo.ts",
        "PATCH /api/echo echo.ts",
        "DELETE /api/echo echo.delete.ts",
        "OPTIONS /api/echo echo.ts",
      ],
    );
  });
  await t.step("method files only: no HEAD, no automatic OPTIONS", () => {
    assert.deepEqual(list([{ method: "GET", path: "/api/a", file: "a.get.ts" }]), [
      "GET /api/a a.get.ts",
    ]);
  });
});

Deno.test("listPathOperations - catch-alls and precedence follow the route table", async (t) => {
  await t.step("an optional catch-all answers its base path only for methods left free", () => {
    assert.deepEqual(
      list([
        { method: "*", path: "/docs/[[...slug]]", file: "docs/[[...slug]].ts" },
        { method: "GET", path: "/docs", file: "docs.get.ts" },
      ]).filter((line) => !line.includes("{slug}")),
      [
        "GET /docs docs.get.ts",
        "POST /docs docs/[[...slug]].ts",
        "PUT /docs docs/[[...slug]].ts",
        "PATCH /docs docs/[[...slug]].ts",
        "DELETE /docs docs/[[...slug]].ts",
        "OPTIONS /docs docs/[[...slug]].ts",
      ],
    );
  });
  await t.step(
    "a catch-all beside a parameter shares its path (OpenAPI names do not count)",
    () => {
      const operations = listPathOperations([
        { method: "GET", path: "/f/[id]", file: "f/[id].get.ts" },
        { method: "POST", path: "/f/[...rest]", file: "f/[...rest].post.ts" },
      ]);
      assert.deepEqual(operations.map((o) => [o.method, o.path.template, o.route.file, o.params]), [
        ["GET", "/f/{id}", "f/[id].get.ts", [{ name: "id", kind: "param" }]],
        ["POST", "/f/{id}", "f/[...rest].post.ts", [{ name: "rest", kind: "rest" }]],
      ]);
    },
  );
  await t.step("equal patterns with other parameter names are one path", () => {
    const operations = listPathOperations([
      { method: "GET", path: "/n/[id]", file: "n/[id].get.ts" },
      { method: "PUT", path: "/n/[key]", file: "n/[key].put.ts" },
    ]);
    assert.deepEqual(operations.map((o) => [o.method, o.path.template, o.params[0]?.name]), [
      ["GET", "/n/{id}", "id"],
      ["PUT", "/n/{id}", "key"],
    ]);
  });
  await t.step("sorted by path, then method, whatever the input order", () => {
    const routes: RouteInfo[] = [
      { method: "POST", path: "/b", file: "b.post.ts" },
      { method: "GET", path: "/a", file: "a.get.ts" },
      { method: "GET", path: "/b", file: "b.get.ts" },
    ];
    assert.deepEqual(list(routes), list([...routes].reverse()));
    assert.deepEqual(list(routes), ["GET /a a.get.ts", "GET /b b.get.ts", "POST /b b.post.ts"]);
  });
});
