import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { writeContractProject } from "./_contract.ts";

Deno.test("contract mock - operations with no function answer from the description", async (t) => {
  const root = await writeContractProject();
  const app = await createApp({ root, kv: ":memory:", mock: true });
  const call = async (path: string, init?: RequestInit) => {
    const response = await app.fetch(new Request(`http://localhost${path}`, init));
    const text = await response.text();
    return {
      status: response.status,
      mock: response.headers.get("x-apifn-mock"),
      body: text === "" ? undefined : JSON.parse(text),
    };
  };
  try {
    const cases: Array<[string, string, RequestInit | undefined, unknown]> = [
      ["the first 2XX, its first named example", "/api/orders", undefined, {
        status: 200,
        mock: "true",
        body: { orders: [1, 2] },
      }],
      ["Prefer: example=…", "/api/orders", { headers: { prefer: "example=none" } }, {
        status: 200,
        mock: "true",
        body: { orders: [] },
      }],
      ["Prefer: code=… (a component's schema example)", "/api/orders", {
        headers: { prefer: "code=404" },
      }, { status: 404, mock: "true", body: { error: "not here" } }],
      ["Prefer: a code not declared falls back to the 2XX", "/api/orders", {
        headers: { prefer: "code=500" },
      }, { status: 200, mock: "true", body: { orders: [1, 2] } }],
      ["no example: one made from the schema", "/api/stats", undefined, {
        status: 201,
        mock: "true",
        body: { count: 3, tags: ["new"] },
      }],
      ["a function still answers its own operations", "/api/items", undefined, {
        status: 200,
        mock: null,
        body: [{ name: "a" }],
      }],
    ];
    for (const [title, path, init, expected] of cases) {
      await t.step(title, async () => assert.deepEqual(await call(path, init), expected));
    }
    await t.step("mock routes are real routes: 405 with Allow, OPTIONS, HEAD", async () => {
      const post = await app.fetch(new Request("http://localhost/api/orders", { method: "POST" }));
      assert.equal(post.status, 405);
      assert.equal(post.headers.get("allow"), "GET, HEAD, OPTIONS");
      await post.body?.cancel();
      const options = await app.fetch(
        new Request("http://localhost/api/orders", { method: "OPTIONS" }),
      );
      assert.equal(options.status, 204);
      const head = await app.fetch(new Request("http://localhost/api/orders", { method: "HEAD" }));
      assert.deepEqual([head.status, await head.text()], [200, ""]);
    });
    await t.step("the routes and the coverage show the mocks", () => {
      const mocked = app.routes.filter((route) => route.file.startsWith("spec/"));
      assert.deepEqual(mocked, [
        { method: "GET", path: "/api/orders", file: "spec/openapi.yaml#/paths/~1orders/get" },
        { method: "GET", path: "/api/stats", file: "spec/openapi.yaml#/paths/~1stats/get" },
      ]);
      assert.deepEqual(app.contract?.withoutFunction.map((op) => op.mocked), [true, true]);
    });
  } finally {
    await app.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("contract mock - apifn.mock in redocly.yaml turns it on, the option wins", async (t) => {
  const root = await writeContractProject({
    "redocly.yaml": "apis:\n  shop@v1:\n    root: ./spec/openapi.yaml\napifn:\n  mock: true\n",
  });
  try {
    for (const [mock, status] of [[undefined, 200], [false, 404]] as const) {
      await t.step(`mock: ${mock}`, async () => {
        const app = await createApp({
          root,
          kv: ":memory:",
          ...(mock === undefined ? {} : { mock }),
        });
        const response = await app.fetch(new Request("http://localhost/api/orders"));
        await response.body?.cancel();
        assert.equal(response.status, status);
        await app.close();
      });
    }
    await Deno.writeTextFile(`${root}/redocly.yaml`, "apifn:\n  mock: yes please\n");
    await assert.rejects(
      createApp({ root, kv: ":memory:" }),
      {
        name: "TypeError",
        message: "Cannot read redocly.yaml: 'apifn.mock' must be true or false",
      },
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
