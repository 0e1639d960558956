import assert from "node:assert/strict";
import { denoLoader } from "../../src/app/modules.ts";
import { openApiLoader, resolveOpenApi, withOpenApi } from "../../src/server/openapi.ts";

const source = {
  app: { routes: [{ method: "GET", path: "/api/a", file: "@api/a.get.ts" }] },
  root: "/p",
  load: () => Promise.resolve({ openapi: { summary: "A" } }),
  dev: false,
  warn: () => {},
};
const app = () => new Response("app");

Deno.test("withOpenApi - answers only its own paths", async (t) => {
  const handler = withOpenApi(app, source);
  for (
    const [url, ours] of [
      ["http://x/_apifn/openapi.json", true],
      ["http://x/_apifn/openapi.json?x=1", true],
      ["http://x:8000/_apifn/docs", true],
      ["http://x/_apifn/redoc.standalone.js", true],
      ["http://x/_apifn/docs/", false],
      ["http://x/_apifn/openapi.yaml", false],
      ["http://x/_apifn/health", false],
      ["http://x/api/_apifn/docs", false],
      ["http://x/", false],
    ] as const
  ) {
    await t.step(url, async () => {
      const response = await handler(new Request(url), undefined);
      const text = await response.text();
      assert.equal(text !== "app", ours);
    });
  }
});

Deno.test("withOpenApi - the document follows the app's routes", async () => {
  const routes = [...source.app.routes];
  const handler = withOpenApi(app, {
    ...source,
    app: {
      get routes() {
        return routes;
      },
    },
  });
  const read = async () =>
    await (await handler(new Request("http://x/_apifn/openapi.json"), undefined)).json();
  assert.equal((await read()).paths["/api/a"].get.summary, "A");
  routes.push({ method: "POST", path: "/api/b", file: "@api/b.post.ts" });
  assert.deepEqual(Object.keys((await read()).paths), ["/api/a", "/api/b"]);
});

Deno.test("withOpenApi - a document that cannot be built is a 500 (details in dev only)", async (t) => {
  for (const dev of [false, true]) {
    await t.step(`dev ${dev}`, async () => {
      const broken = { routes: [{ method: "GET", path: "no-slash", file: "x.ts" }] };
      const handler = withOpenApi(app, { ...source, app: broken, dev });
      const response = await handler(new Request("http://x/_apifn/openapi.json"), undefined);
      assert.equal(response.status, 500);
      assert.equal((await response.text()).includes("no-slash"), dev);
    });
  }
});

Deno.test("resolveOpenApi and openApiLoader - the option and the loader", () => {
  assert.equal(resolveOpenApi(undefined, false), false);
  assert.equal(resolveOpenApi(true, false), true);
  assert.throws(() => resolveOpenApi("on", false), TypeError, "Cannot use openapi 'on'");
  assert.equal(openApiLoader({}, "/p"), denoLoader);
  assert.notEqual(openApiLoader({ dev: true }, "/p"), denoLoader);
  const module = { default: () => new Response("x"), openapi: {} };
  const load = openApiLoader({
    manifest: { version: 1, functions: [{ file: "@api/x.ts", module }], folders: [], config: {} },
  }, "/p");
  return load("/p/@api/x.ts").then((loaded) => assert.equal(loaded, module));
});
