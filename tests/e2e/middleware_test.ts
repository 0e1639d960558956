import assert from "node:assert/strict";
import { startServer } from "./_server.ts";

/** Three folder levels of middleware, each appending to `context.state.trail` and a header. */
const FILES: Record<string, string> = {
  "@api/_middleware.ts": `
export const config = { all: true };
export default async function root(request, context, next) {
  context.state.trail = ["root"];
  const response = await next();
  response.headers.append("x-chain", "root");
  return response;
}
`,
  "@api/shop/_middleware.ts": `
export default function shop(request, context, next) {
  if (request.headers.get("x-key") !== "open-sesame") {
    return Response.json({ error: "no key" }, { status: 401 });
  }
  context.state.trail.push("shop");
  return next();
}
`,
  "@api/shop/cart/_middleware.ts": `
export default async function cart(request, context, next) {
  if (request.headers.get("x-fail") === "1") throw new Error("cart middleware failed");
  context.state.trail.push("cart");
  const response = await next();
  const body = await response.json();
  return Response.json({ ...body, changedBy: "cart" }, response);
}
`,
  "@api/shop/cart/items.get.ts": `
export default (request, context) => context.json({ trail: context.state.trail });
`,
  "@api/open.get.ts":
    `export default (request, context) => context.json({ trail: context.state.trail });`,
};

Deno.test("middleware end to end - order, early answers, state, errors and config.all over a real port", async (t) => {
  const root = await Deno.makeTempDir({ prefix: "apifn_mw_e2e_" });
  for (const [name, text] of Object.entries(FILES)) {
    await Deno.mkdir(`${root}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
    await Deno.writeTextFile(`${root}/${name}`, text);
  }
  const server = await startServer("start", ["--root", root, "--kv", ":memory:"]);
  const key = { "x-key": "open-sesame" };
  try {
    await t.step(
      "three levels run root first, state reaches the function, the response is changed",
      async () => {
        const response = await fetch(`${server.url}/api/shop/cart/items`, { headers: key });
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), {
          trail: ["root", "shop", "cart"],
          changedBy: "cart",
        });
        assert.equal(response.headers.get("x-chain"), "root");
      },
    );
    await t.step("an early answer skips the rest of the chain", async () => {
      const response = await fetch(`${server.url}/api/shop/cart/items`);
      assert.equal(response.status, 401);
      assert.deepEqual(await response.json(), { error: "no key" });
      assert.equal(response.headers.get("x-chain"), "root");
    });
    await t.step("a route outside the sub-folders runs the root only", async () => {
      const response = await fetch(`${server.url}/api/open`);
      assert.deepEqual(await response.json(), { trail: ["root"] });
    });
    await t.step("a throw in a middleware is a 500 JSON", async () => {
      const response = await fetch(`${server.url}/api/shop/cart/items`, {
        headers: { ...key, "x-fail": "1" },
      });
      assert.equal(response.status, 500);
      const body = await response.json();
      assert.equal(body.error, "Internal Server Error");
      assert.equal(typeof body.requestId, "string");
      assert.equal(response.headers.get("x-chain"), "root");
    });
    await t.step("config.all: the root middleware answers around 404 and 405", async () => {
      const missing = await fetch(`${server.url}/api/nope`);
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get("x-chain"), "root");
      await missing.body?.cancel();
      const wrong = await fetch(`${server.url}/api/open`, { method: "DELETE" });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.get("x-chain"), "root");
      await wrong.body?.cancel();
    });
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
  assert.match(server.output(), /cart middleware failed/);
});
