import assert from "node:assert/strict";
import { z } from "zod";
import { memoryApp } from "../_app.ts";
import { readValidated } from "../../src/openapi/validate.ts";
import type { OpenApiOperation } from "../../src/openapi/types.ts";
import type { ApiFunctionsContext } from "../../src/types.ts";

const CREATE: OpenApiOperation = {
  parameters: [
    { name: "id", in: "path", schema: { type: "integer" } },
    { name: "notify", in: "query", schema: { type: "boolean" } },
  ],
  requestBody: {
    required: true,
    content: {
      "application/json": {
        schema: {
          type: "object",
          required: ["title"],
          properties: { title: { type: "string", maxLength: 10 } },
        },
      },
    },
  },
  responses: { 201: { description: "Created" } },
};

function post(url: string, body: string, headers: HeadersInit = {}): Request {
  return new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

Deno.test("openapi - a request that fails is one 400 problem and never reaches the function", async () => {
  let calls = 0;
  const app = await memoryApp({
    "@api/lists/[id].post.ts": {
      openapi: CREATE,
      default: () => (calls++, new Response(null, { status: 201 })),
    },
  });
  try {
    const response = await app.fetch(post("/api/lists/x?notify=maybe", '{"title":"far too long"}'));
    assert.equal(response.status, 400);
    assert.equal(response.headers.get("content-type"), "application/problem+json; charset=utf-8");
    const body = await response.json();
    assert.deepEqual({ ...body, requestId: "-" }, {
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "The request does not match the operation (3 errors)",
      errors: [
        { in: "path", name: "id", detail: "must be integer" },
        { in: "query", name: "notify", detail: "must be boolean" },
        { in: "body", pointer: "/title", detail: "must NOT have more than 10 characters" },
      ],
      requestId: "-",
    });
    assert.equal(typeof body.requestId, "string");
    assert.doesNotMatch(JSON.stringify(body), /at |stack/);
    assert.equal(calls, 0);
    const good = await app.fetch(post("/api/lists/7?notify=true", '{"title":"ok"}'));
    assert.equal(good.status, 201);
    assert.equal(calls, 1);
  } finally {
    await app.close();
  }
});

Deno.test("openapi - the function gets the checked body parsed, and the strings it always got", async () => {
  const seen: unknown[] = [];
  const app = await memoryApp({
    "@api/lists/[id].post.ts": {
      openapi: CREATE,
      default: async (request: Request, context: ApiFunctionsContext) => {
        const first = await request.json();
        seen.push(first === await request.json(), context.params, context.query);
        return context.status(201).json({ first, input: readValidated(context) });
      },
    },
  });
  try {
    const response = await app.fetch(post("/api/lists/7?notify=false", '{"title":"ok"}'));
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), {
      first: { title: "ok" },
      input: {
        params: { id: 7 },
        query: { notify: false },
        headers: {},
        cookies: {},
        body: { title: "ok" },
      },
    });
    assert.deepEqual(seen, [true, { id: "7" }, { notify: "false" }]);
  } finally {
    await app.close();
  }
});

Deno.test("openapi - a zod 4 schema checks the body and the function gets its output", async () => {
  const app = await memoryApp({
    "@api/todos.post.ts": {
      openapi: {
        requestBody: {
          content: {
            "application/json": {
              schema: z.object({ title: z.string().min(1), done: z.boolean().default(false) }),
            },
          },
        },
      },
      default: async (request: Request) => Response.json(await request.json()),
    },
  });
  try {
    const ok = await app.fetch(post("/api/todos", '{"title":"a"}'));
    assert.deepEqual(await ok.json(), { title: "a", done: false });
    const bad = await app.fetch(post("/api/todos", '{"title":"","done":"no"}'));
    assert.equal(bad.status, 400);
    assert.deepEqual((await bad.json()).errors.map((e: { pointer: string }) => e.pointer), [
      "/title",
      "/done",
    ]);
  } finally {
    await app.close();
  }
});

Deno.test("openapi - an openapi export that cannot be compiled fails like a broken import", async (t) => {
  const files = {
    "@api/items/[id].get.ts": {
      openapi: { parameters: [{ name: "slug", in: "path" }] },
      default: () => new Response("never"),
    },
  };
  const message = "Cannot use the openapi export of '@api/items/[id].get.ts': parameter 'slug' " +
    "in path is not in the file name (its path parameters: 'id')";
  await t.step("start refuses to start", async () => {
    await assert.rejects(memoryApp(files), { message });
  });
  await t.step("dev answers 500 with the message", async () => {
    const app = await memoryApp(files, { dev: true });
    try {
      const response = await app.fetch(new Request("http://localhost/api/items/1"));
      assert.equal(response.status, 500);
      assert.equal((await response.json()).message, message);
    } finally {
      await app.close();
    }
  });
});

Deno.test("openapi - dev reports a response the operation does not declare; start does not check", async (t) => {
  const files = {
    "@api/lists/[id].post.ts": {
      openapi: CREATE,
      default: () => Response.json({ oops: true }, { status: 200 }),
    },
  };
  for (const dev of [true, false]) {
    await t.step(dev ? "dev" : "start", async () => {
      const warnings: string[] = [];
      const logger = { warn: (message: string) => warnings.push(message), error() {} };
      const app = await memoryApp(files, { dev, logger });
      try {
        const response = await app.fetch(post("/api/lists/1", '{"title":"a"}'));
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), { oops: true });
        // The check runs beside the response: wait (generously) for the report in dev.
        for (let i = 0; i < 1000 && dev && warnings.length === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.deepEqual(
          warnings,
          dev
            ? [
              "The response of '@api/lists/[id].post.ts' (POST /api/lists/1 → 200) does not " +
              "match its openapi operation: status 200 is not declared (declared: 201)",
            ]
            : [],
        );
      } finally {
        await app.close();
      }
    });
  }
});
