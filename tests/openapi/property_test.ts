import assert from "node:assert/strict";
import fc from "fast-check";
import { memoryApp } from "../_app.ts";

const SCHEMA = {
  type: "object",
  required: ["title"],
  additionalProperties: false,
  properties: {
    title: { type: "string", minLength: 1, maxLength: 20 },
    count: { type: "integer", minimum: 0, maximum: 100 },
    tags: { type: "array", maxItems: 3, items: { type: "string" } },
  },
};

/** Bodies the schema accepts (titles of any code points, lengths counted in code points). */
const valid = fc.record({
  title: fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
  count: fc.integer({ min: 0, max: 100 }),
  tags: fc.array(fc.string(), { maxLength: 3 }),
}, { requiredKeys: ["title"] });

/** Bodies the schema refuses: a valid one broken in one way, or not an object at all. */
const invalid = fc.oneof(
  valid.map(({ title: _, ...rest }) => rest),
  fc.tuple(valid, fc.string({ unit: "binary", minLength: 21, maxLength: 40 }))
    .map(([body, title]) => ({ ...body, title })),
  fc.tuple(valid, fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)))
    .map(([body, title]) => ({ ...body, title })),
  fc.tuple(valid, fc.oneof(fc.integer({ min: 101 }), fc.integer({ max: -1 }), fc.constant(1.5)))
    .map(([body, count]) => ({ ...body, count })),
  fc.tuple(valid, fc.array(fc.string(), { minLength: 4, maxLength: 6 }))
    .map(([body, tags]) => ({ ...body, tags })),
  fc.tuple(
    valid,
    fc.string({ minLength: 1 }).filter((k) => !["title", "count", "tags"].includes(k)),
  )
    .map(([body, key]) => ({ ...body, [key]: 1 })),
  fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.string(), fc.double(), fc.constant(null)),
);

Deno.test("openapi - generated valid bodies are never rejected, invalid ones never reach the function", async (t) => {
  const received: unknown[] = [];
  const app = await memoryApp({
    "@api/items.post.ts": {
      openapi: {
        requestBody: { required: true, content: { "application/json": { schema: SCHEMA } } },
      },
      default: async (request: Request) => {
        received.push(await request.json());
        return new Response(null, { status: 204 });
      },
    },
  });
  const post = (body: unknown) =>
    app.fetch(
      new Request("http://localhost/api/items", {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      }),
    );
  try {
    await t.step("valid bodies", async () => {
      await fc.assert(
        fc.asyncProperty(valid, async (body) => {
          received.length = 0;
          const response = await post(body);
          assert.equal(response.status, 204, await response.text());
          assert.deepEqual(received, [JSON.parse(JSON.stringify(body))]);
        }),
        { numRuns: 300 },
      );
    });
    await t.step("invalid bodies", async () => {
      await fc.assert(
        fc.asyncProperty(invalid, async (body) => {
          received.length = 0;
          const response = await post(body);
          assert.equal(response.status, 400);
          const problem = await response.json();
          assert.ok(problem.errors.length >= 1);
          assert.ok(problem.errors.every((e: { in: string }) => e.in === "body"));
          assert.deepEqual(received, []);
        }),
        { numRuns: 300 },
      );
    });
  } finally {
    await app.close();
  }
});
