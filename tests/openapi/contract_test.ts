import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import type { AppOptions } from "../../src/app/options.ts";
import { writeContractProject } from "./_contract.ts";

async function withProject(
  extra: Record<string, string | null>,
  options: AppOptions,
  use: (app: Awaited<ReturnType<typeof createApp>>, warnings: string[]) => Promise<void>,
): Promise<void> {
  const root = await writeContractProject(extra);
  const warnings: string[] = [];
  const logger = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
  try {
    const app = await createApp({ root, kv: ":memory:", logger, ...options });
    try {
      await use(app, warnings);
    } finally {
      await app.close();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function call(
  app: { fetch(request: Request): Promise<Response> },
  path: string,
  init?: RequestInit,
) {
  const response = await app.fetch(new Request(`http://localhost${path}`, init));
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: text === "" ? undefined : JSON.parse(text),
  };
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
});

Deno.test("contract - coverage lists operations with no function and functions with no operation", async () => {
  await withProject({}, {}, async (app) => {
    assert.deepEqual(app.contract?.apis, [{ name: "shop@v1", file: "spec/openapi.yaml" }]);
    assert.deepEqual(app.contract?.withoutFunction, [
      {
        api: "shop@v1",
        method: "GET",
        path: "/api/orders",
        pointer: "spec/openapi.yaml#/paths/~1orders/get",
        mocked: false,
      },
      {
        api: "shop@v1",
        method: "GET",
        path: "/api/stats",
        pointer: "spec/openapi.yaml#/paths/~1stats/get",
        mocked: false,
      },
    ]);
    assert.deepEqual(app.contract?.withoutOperation, [
      { method: "GET", path: "/api/health", file: "@api/health.get.ts" },
    ]);
    // $refs across files are inlined: the document has no $ref left.
    assert.doesNotMatch(JSON.stringify(app.contract?.document), /\$ref/);
    // Without mocking, an operation with no function is not a route.
    assert.equal((await call(app, "/api/orders")).status, 404);
  });
});

Deno.test("contract - requests are checked against the description", async (t) => {
  await withProject({}, {}, async (app) => {
    const problem = (errors: unknown[]) => ({
      status: 400,
      type: "application/problem+json; charset=utf-8",
      errors,
    });
    const cases: Array<[string, string, RequestInit | undefined, unknown]> = [
      ["a good query", "/api/items?limit=3", undefined, { status: 200, body: [{ name: "a" }] }],
      [
        "a bad query",
        "/api/items?limit=11",
        undefined,
        problem([
          { in: "query", name: "limit", detail: "must be <= 10" },
        ]),
      ],
      ["a good body ($ref into another file)", "/api/items", json({ name: "pen" }), {
        status: 201,
        body: { name: "pen" },
      }],
      [
        "a bad body",
        "/api/items",
        json({ name: "far too long" }),
        problem([
          { in: "body", pointer: "/name", detail: "must NOT have more than 8 characters" },
        ]),
      ],
      [
        "a missing body",
        "/api/items",
        { method: "POST" },
        problem([
          { in: "body", pointer: "", detail: "is required" },
        ]),
      ],
      // The description's `itemId` is the file's `id`: matched by position.
      ["a good path parameter", "/api/items/4", undefined, { status: 200, body: { id: "4" } }],
      [
        "a bad path parameter",
        "/api/items/0",
        undefined,
        problem([
          { in: "path", name: "id", detail: "must be >= 1" },
        ]),
      ],
    ];
    for (const [title, path, init, expected] of cases) {
      await t.step(title, async () => {
        const { status, type, body } = await call(app, path, init);
        const got = status === 400 ? { status, type, errors: body.errors } : { status, body };
        assert.deepEqual(got, expected);
      });
    }
  });
});

Deno.test("contract - responses are checked in dev only, and still sent", async (t) => {
  for (const dev of [true, false]) {
    await t.step(dev ? "dev: logged" : "production: not checked", async () => {
      await withProject({}, { dev }, async (app, warnings) => {
        const answer = await call(app, "/api/items?limit=9");
        assert.deepEqual(answer.body, [{ name: "far too long a name" }]);
        const deadline = Date.now() + 10_000;
        while (dev && warnings.length === 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const found = warnings.filter((w) => w.startsWith("The response of"));
        if (!dev) return assert.deepEqual(found, []);
        assert.equal(found.length, 1);
        assert.match(
          found[0]!,
          /^The response of '@api\/items\.get\.ts' \(GET \/api\/items → 200\) does not match the operation GET \/api\/items \('spec\/openapi\.yaml#\/paths\/~1items\/get'\): .*\/0\/name/,
        );
      });
    });
  }
});

Deno.test("contract - the description wins over a file's openapi export, with a warning", async () => {
  const exported = `export const openapi = {
  parameters: [{ name: "limit", in: "query", schema: { type: "string", maxLength: 1 } }],
};
export default (_request, context) => context.json([{ name: "a" }]);
`;
  await withProject({ "@api/items.get.ts": exported }, {}, async (app, warnings) => {
    assert.deepEqual(warnings, [
      "'@api/items.get.ts' exports openapi, but the API description describes GET /api/items " +
      "('spec/openapi.yaml#/paths/~1items/get'): the description wins",
    ]);
    // The export would refuse "10" (maxLength 1); the description accepts it.
    assert.equal((await call(app, "/api/items?limit=10")).status, 200);
    assert.equal((await call(app, "/api/items?limit=x")).status, 400);
  });
});

Deno.test("contract - a method-less file gets each method's operation", async () => {
  const files = {
    "@api/items.get.ts": null,
    "@api/items.post.ts": null,
    "@api/items.ts":
      `export default (request, context) => context.json({ method: request.method });\n`,
  };
  await withProject(files, {}, async (app) => {
    assert.equal((await call(app, "/api/items?limit=11")).status, 400);
    assert.equal((await call(app, "/api/items", json({ name: 1 }))).status, 400);
    assert.deepEqual((await call(app, "/api/items", json({ name: "a" }))).body, { method: "POST" });
    // A method the description does not give the file runs unchecked.
    const put = await call(app, "/api/items?limit=11", { method: "PUT" });
    assert.deepEqual(put.body, { method: "PUT" });
  });
});
