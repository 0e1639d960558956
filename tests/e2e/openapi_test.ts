import assert from "node:assert/strict";
import { startServer } from "./_server.ts";

/** A project whose functions declare operations (one with a zod 4 schema). */
async function project(): Promise<string> {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/@api/items`, { recursive: true });
  await Deno.writeTextFile(
    `${root}/@api/items/[id].get.ts`,
    `export const openapi = {
      parameters: [
        { name: "id", in: "path", schema: { type: "integer", minimum: 1 } },
        { name: "fields", in: "query", schema: { type: "array", items: { enum: ["a", "b"] } } },
        { name: "x-api-version", in: "header", required: true, schema: { enum: ["1", "2"] } },
      ],
      responses: { 200: { description: "OK" } },
    };
    export default (_request, context) => context.json({ params: context.params, query: context.query });`,
  );
  await Deno.writeTextFile(
    `${root}/@api/items.post.ts`,
    `export const openapi = {
      requestBody: {
        required: true,
        content: { "application/json": { schema: {
          type: "object", required: ["title"], properties: { title: { type: "string", maxLength: 10 } },
        } } },
      },
      responses: { 201: { description: "Created" } },
    };
    export default async (request, context) => context.status(201).json(await request.json());`,
  );
  await Deno.writeTextFile(
    `${root}/@api/todos.post.ts`,
    `import { z } from "npm:zod@^4.6.7";
    export const openapi = {
      requestBody: { content: { "application/json": { schema: z.object({
        title: z.string().min(1),
        done: z.boolean().default(false),
      }) } } },
    };
    export default async (request, context) => context.json(await request.json());`,
  );
  await Deno.writeTextFile(
    `${root}/@api/teapot.get.ts`,
    `export const openapi = { responses: { 200: { description: "OK" } } };
    export default () => Response.json({ short: "stout" }, { status: 418 });`,
  );
  return root;
}

async function answer(response: Response) {
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: await response.json(),
  };
}

Deno.test("openapi over a real port - a good and a bad request per kind of input", async (t) => {
  const root = await project();
  const server = await startServer("start", ["--root", root, "--kv", ":memory:"]);
  const get = (path: string, headers: HeadersInit = { "x-api-version": "1" }) =>
    fetch(`${server.url}${path}`, { headers }).then(answer);
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }).then(answer);
  const problem = (errors: unknown[]) => ({
    status: 400,
    type: "application/problem+json; charset=utf-8",
    errors,
  });
  const strip = ({ status, type, body }: Awaited<ReturnType<typeof answer>>) => ({
    status,
    type,
    errors: body.errors,
  });
  try {
    await t.step("all good: the function gets the strings", async () => {
      assert.deepEqual(await get("/api/items/3?fields=a&fields=b"), {
        status: 200,
        type: "application/json; charset=utf-8",
        body: { params: { id: "3" }, query: { fields: ["a", "b"] } },
      });
    });
    await t.step("a bad path parameter", async () => {
      assert.deepEqual(
        strip(await get("/api/items/0")),
        problem([
          { in: "path", name: "id", detail: "must be >= 1" },
        ]),
      );
    });
    await t.step("a bad query parameter", async () => {
      assert.deepEqual(
        strip(await get("/api/items/3?fields=a&fields=c")),
        problem([
          {
            in: "query",
            name: "fields",
            pointer: "/1",
            detail: "must be equal to one of the allowed values",
          },
        ]),
      );
    });
    await t.step("a bad header, and a missing required one", async () => {
      assert.deepEqual(
        strip(await get("/api/items/3", { "x-api-version": "3" })),
        problem([
          {
            in: "header",
            name: "x-api-version",
            detail: "must be equal to one of the allowed values",
          },
        ]),
      );
      assert.deepEqual(
        strip(await get("/api/items/3", {})),
        problem([
          { in: "header", name: "x-api-version", detail: "is required" },
        ]),
      );
    });
    await t.step("a body within and over maxLength", async () => {
      assert.deepEqual(await post("/api/items", { title: "ten chars!" }), {
        status: 201,
        type: "application/json; charset=utf-8",
        body: { title: "ten chars!" },
      });
      const over = await post("/api/items", { title: "eleven chars" });
      assert.deepEqual(
        strip(over),
        problem([
          { in: "body", pointer: "/title", detail: "must NOT have more than 10 characters" },
        ]),
      );
      assert.equal(over.body.detail, "The request does not match the operation (1 error)");
      assert.equal(over.body.title, "Bad Request");
    });
    await t.step("a zod 4 schema", async () => {
      assert.deepEqual((await post("/api/todos", { title: "x" })).body, {
        title: "x",
        done: false,
      });
      const bad = await post("/api/todos", { title: "" });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: { pointer: string }) => e.pointer), ["/title"]);
    });
  } finally {
    await server.stop();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("openapi over a real port - a response violation is logged in dev, not checked under start", async (t) => {
  const root = await project();
  try {
    for (const mode of ["dev", "start"] as const) {
      await t.step(mode, async () => {
        const server = await startServer(mode, ["--root", root, "--kv", ":memory:"]);
        const line = "The response of '@api/teapot.get.ts' (GET /api/teapot → 418) does not " +
          "match its openapi operation: status 418 is not declared (declared: 200)";
        try {
          const response = await fetch(`${server.url}/api/teapot`);
          assert.equal(response.status, 418);
          assert.deepEqual(await response.json(), { short: "stout" });
          if (mode === "dev") {
            // Reported beside the response: wait for the line, with a generous deadline.
            for (let i = 0; i < 300 && !server.output().includes(line); i++) {
              await new Promise((resolve) => setTimeout(resolve, 100));
            }
          }
        } finally {
          await server.stop();
        }
        assert.equal(server.output().includes(line), mode === "dev", server.output());
      });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
