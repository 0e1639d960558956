/**
 * `cors()` and `rateLimit()` inside a real `_middleware.ts` chain: a root middleware with
 * `config = { all: true }` answers the browser's preflight for a route that has only GET (whose
 * OPTIONS apifn would otherwise answer itself), and its headers reach 429s and 404s.
 */
import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";

const MIDDLEWARE = `import { cors, rateLimit } from ${
  JSON.stringify(new URL("../../mod.ts", import.meta.url).href)
};
const allowCors = cors({ origin: "https://app.example", credentials: true, maxAge: 600 });
const limit = rateLimit({ window: 3600, max: 3, key: () => "one-client" });
export const config = { all: true };
export default (request, context, next) => allowCors(request, context, () => limit(request, context, next));
`;

Deno.test("cors - in a root _middleware.ts with config.all: preflights, 429s and 404s carry CORS", async (t) => {
  const root = await Deno.makeTempDir({ prefix: "apifn_cors_chain_" });
  await Deno.mkdir(`${root}/@api/notes`, { recursive: true });
  await Deno.writeTextFile(`${root}/@api/_middleware.ts`, MIDDLEWARE);
  await Deno.writeTextFile(
    `${root}/@api/notes/list.get.ts`,
    "export default (_request, context) => context.json({ notes: [] });\n",
  );
  const app = await createApp({ root, kv: ":memory:", loadEnv: false });
  const origin = "https://app.example";
  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const response = await app.fetch(
      new Request(`http://localhost${path}`, { method, headers: { origin, ...headers } }),
    );
    await response.body?.cancel();
    return response;
  };
  try {
    await t.step("a preflight to a GET-only route: 204 with the CORS answer", async () => {
      const response = await call("OPTIONS", "/api/notes/list", {
        "access-control-request-method": "GET",
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get("access-control-allow-origin"), origin);
      assert.equal(response.headers.get("access-control-allow-credentials"), "true");
      assert.equal(response.headers.get("access-control-max-age"), "600");
      assert.match(response.headers.get("vary") ?? "", /Origin/);
    });
    await t.step("a 404 under the folder carries them too (and counts)", async () => {
      const response = await call("GET", "/api/nothing-here");
      assert.equal(response.status, 404);
      assert.equal(response.headers.get("access-control-allow-origin"), origin);
    });
    await t.step("requests within the limit, then a 429, all with CORS headers", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await call("GET", "/api/notes/list");
        statuses.push(response.status);
        assert.equal(response.headers.get("access-control-allow-origin"), origin);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
    });
  } finally {
    await app.close();
    await Deno.remove(root, { recursive: true });
  }
});
