/** A project on disk with every kind of route the document describes (tests/openapi, e2e). */

const FILES: Record<string, string> = {
  "redocly.yaml": `seo:
  title: Shop API
  description: Products and files.
rbac:
  content:
    "/api/admin/**":
      admins: read
`,
  "deno.json": `{ "name": "@acme/shop", "version": "2.1.0", "license": "MIT" }\n`,
  "@api/products.get.ts": `export const openapi = {
  summary: "List products",
  parameters: [{ name: "limit", in: "query", schema: { type: "integer", minimum: 1 } }],
  responses: {
    200: {
      description: "The products",
      content: { "application/json": { schema: { type: "array", items: { type: "string" } } } },
    },
  },
};
export default () => Response.json([]);
`,
  // A Standard Schema validator whose library gives JSON Schema (as zod 4 does).
  "@api/products.post.ts": `const product = {
  "~standard": {
    version: 1,
    vendor: "fake",
    validate: (value) => ({ value }),
    jsonSchema: {
      input: ({ target }) => ({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        required: ["name"],
        properties: { name: { type: "string", maxLength: 100 } },
        description: "converted for " + target,
      }),
    },
  },
};
export const openapi = {
  summary: "Create a product",
  requestBody: { required: true, content: { "application/json": { schema: product } } },
  responses: { 201: { description: "Created" } },
};
export default () => new Response(null, { status: 201 });
`,
  "@api/products/[id].get.ts": `export const openapi = {
  summary: "One product",
  parameters: [
    { name: "id", in: "path", schema: { type: "string", pattern: "^[a-z0-9]+$" } },
  ],
  responses: { 200: { description: "The product" }, 404: { description: "No such product" } },
};
export default () => Response.json({});
`,
  "@api/files/[...path].get.ts": `export default () => new Response("file");\n`,
  "@api/docs/[[...slug]].get.ts": `export default () => new Response("doc");\n`,
  "@api/echo.ts": `export const openapi = {
  operationId: "echo",
  summary: "Echo the request",
  responses: { 200: { description: "The request, echoed" } },
};
export default (request) => new Response(request.body);
`,
  // A Standard Schema validator whose library gives no JSON Schema.
  "@api/admin/stats.get.ts": `export const openapi = {
  summary: "Statistics",
  responses: {
    200: {
      description: "The numbers",
      content: {
        "application/json": {
          schema: { "~standard": { version: 1, vendor: "opaque", validate: (v) => ({ value: v }) } },
        },
      },
    },
  },
};
export default () => Response.json({});
`,
  "@api/a-b.get.ts": `export default () => new Response("a-b");\n`,
  "@api/a/b.get.ts": `export default () => new Response("a/b");\n`,
  "@api/dup1.get.ts":
    `export const openapi = { operationId: "same", summary: "One", responses: { 200: { description: "ok" } } };
export default () => new Response("1");
`,
  "@api/dup2.get.ts":
    `export const openapi = { operationId: "same", summary: "Two", responses: { 200: { description: "ok" } } };
export default () => new Response("2");
`,
};

/** Writes the project into a new temp folder and returns its path. */
export async function writeShop(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "apifn_openapi_" });
  for (const [file, text] of Object.entries(FILES)) {
    const path = `${root}/${file}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
  return root;
}
