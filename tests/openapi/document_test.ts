import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { denoLoader } from "../../src/app/modules.ts";
import { buildOpenApiDocument } from "../../src/openapi/document.ts";
import type {
  OpenApiDocument,
  OpenApiOperation,
  OpenApiParameter,
} from "../../src/openapi/types.ts";
import { writeShop } from "./_project.ts";

async function shopDocument(reverse = false) {
  const root = await writeShop();
  const app = await createApp({ root, preload: false, kv: ":memory:", loadEnv: false });
  const warnings: string[] = [];
  const routes = reverse ? [...app.routes].reverse() : app.routes;
  const document = await buildOpenApiDocument({
    root,
    routes,
    load: denoLoader,
    warn: (w) => warnings.push(w),
  });
  await app.close();
  await Deno.remove(root, { recursive: true });
  return { document, warnings };
}

function parameters(document: OpenApiDocument, path: string, method = "get") {
  const item = document.paths?.[path] as Record<string, { parameters?: OpenApiParameter[] }>;
  return item[method]?.parameters ?? [];
}

Deno.test("buildOpenApiDocument - every route, from the scan and the files' openapi exports", async (t) => {
  const { document, warnings } = await shopDocument();
  await t.step("paths and ids", () => {
    const ids = Object.entries(document.paths!).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) =>
        `${method} ${path} ${(op as OpenApiOperation).operationId}`
      )
    );
    assert.deepEqual(ids, [
      "get /api/a-b getAB",
      "get /api/a/b getAB2",
      "get /api/admin/stats getAdminStats",
      "get /api/docs getDocs",
      "get /api/docs/{slug} getDocsBySlug",
      "get /api/dup1 same",
      "get /api/dup2 getDup2",
      "get /api/echo echoGet",
      "post /api/echo echoPost",
      "put /api/echo echoPut",
      "patch /api/echo echoPatch",
      "delete /api/echo echoDelete",
      "head /api/echo echoHead",
      "options /api/echo echoOptions",
      "get /api/files/{path} getFilesByPath",
      "get /api/products getProducts",
      "post /api/products postProducts",
      "get /api/products/{id} getProductsById",
    ]);
  });
  await t.step("a catch-all is one documented path parameter", () => {
    const [rest] = parameters(document, "/api/files/{path}");
    assert.equal(rest?.name, "path");
    assert.equal(rest?.in, "path");
    assert.equal(rest?.required, true);
    assert.match(rest?.description ?? "", /one or more segments/);
    assert.equal((rest as unknown as Record<string, unknown>)["x-apifn-catch-all"], true);
    assert.deepEqual(parameters(document, "/api/docs"), []);
  });
  await t.step("a declared path parameter is merged with the file name's", () => {
    const [id, ...rest] = parameters(document, "/api/products/{id}");
    assert.deepEqual(id, {
      name: "id",
      in: "path",
      required: true,
      schema: { type: "string", pattern: "^[a-z0-9]+$" },
    });
    assert.deepEqual(rest, []);
  });
  await t.step("undeclared path parameters are added", () => {
    assert.deepEqual(parameters(document, "/api/docs/{slug}").map((p) => p.name), ["slug"]);
  });
  await t.step("Standard Schema validators become JSON Schema, or {} with a warning", () => {
    const post = document.paths!["/api/products"]!.post!;
    const body = post.requestBody as { content: Record<string, { schema: unknown }> };
    assert.deepEqual(
      (body.content["application/json"]!.schema as { required: string[] }).required,
      [
        "name",
      ],
    );
    assert.match(JSON.stringify(body), /converted for draft-2020-12/);
    const stats = document.paths!["/api/admin/stats"]!.get!;
    const response = stats.responses!["200"] as { content: Record<string, { schema: unknown }> };
    assert.deepEqual(response.content["application/json"]!.schema, {});
  });
  await t.step("summaries, tags, error responses", () => {
    const files = document.paths!["/api/files/{path}"]!.get!;
    assert.equal(files.summary, "GET /api/files/{path}");
    assert.equal(files.description, "Served by `@api/files/[...path].get.ts`.");
    assert.deepEqual(files.tags, ["files"]);
    assert.deepEqual(Object.keys(files.responses!), ["default", "4XX", "5XX"]);
    assert.deepEqual(document.tags?.map((tag) => tag.name), [
      "a",
      "a-b",
      "admin",
      "docs",
      "dup1",
      "dup2",
      "echo",
      "files",
      "products",
    ]);
  });
  await t.step("a route behind an access rule needs a user", () => {
    assert.deepEqual(document.paths!["/api/admin/stats"]!.get!.security, [{ apifnUser: [] }]);
    assert.equal(document.paths!["/api/products"]!.get!.security, undefined);
    assert.equal(document.components?.securitySchemes?.apifnUser?.type, "http");
  });
  await t.step("info from redocly.yaml and deno.json", () => {
    assert.deepEqual(document.info, {
      title: "Shop API",
      version: "2.1.0",
      description: "Products and files.",
      license: { name: "MIT", identifier: "MIT" },
    });
  });
  await t.step("what was left out is said", () => {
    assert.deepEqual(warnings.sort(), [
      "@api/admin/stats.get.ts: a schema from 'opaque' gives no JSON Schema: shown as any value",
      "@api/dup2.get.ts: operationId 'same' is used by another operation: derived instead",
    ]);
  });
});

Deno.test("buildOpenApiDocument - the same document whatever the order of the routes", async () => {
  const first = await shopDocument();
  const second = await shopDocument(true);
  assert.equal(JSON.stringify(second.document), JSON.stringify(first.document));
});

Deno.test("buildOpenApiDocument - a file that fails to import is described from its name", async () => {
  const warnings: string[] = [];
  const document = await buildOpenApiDocument({
    root: "/p",
    routes: [{ method: "GET", path: "/api/x", file: "@api/x.get.ts" }],
    load: () => Promise.reject(new Error("boom")),
    info: { title: "t", version: "1" },
    warn: (w) => warnings.push(w),
  });
  assert.equal(document.paths?.["/api/x"]?.get?.operationId, "getX");
  assert.match(warnings[0]!, /^@api\/x\.get\.ts: not imported, so described from its name only/);
});

Deno.test("buildOpenApiDocument - an openapi export that is not an object is ignored", async () => {
  const warnings: string[] = [];
  const document = await buildOpenApiDocument({
    root: "/p",
    routes: [{ method: "GET", path: "/api/x", file: "@api/x.get.ts" }],
    load: () => Promise.resolve({ openapi: "get things" }),
    info: { title: "t", version: "1" },
    warn: (w) => warnings.push(w),
  });
  assert.equal(document.paths?.["/api/x"]?.get?.summary, "GET /api/x");
  assert.deepEqual(warnings, [
    "@api/x.get.ts: its `openapi` export is not an Operation Object: ignored",
  ]);
});
