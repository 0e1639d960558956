import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";

Deno.test("app.routes - a route shows its openapi summary once its file is imported", async () => {
  const root = await Deno.makeTempDir({ prefix: "apifn_route_info_" });
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(
    `${root}/@api/notes.get.ts`,
    `export const openapi = { summary: "List notes", responses: { 200: { description: "OK" } } };
export default (_request, context) => context.json([]);
`,
  );
  await Deno.writeTextFile(
    `${root}/@api/plain.get.ts`,
    "export default () => new Response('x');\n",
  );
  const app = await createApp({ root, kv: ":memory:", loadEnv: false, preload: true });
  try {
    const rows = Object.fromEntries(app.routes.map((route) => [route.path, route.summary]));
    assert.deepEqual(rows, { "/api/notes": "List notes", "/api/plain": undefined });
  } finally {
    await app.close();
    await Deno.remove(root, { recursive: true });
  }
});
