import assert from "node:assert/strict";
import { z } from "zod";
import { compileSchema } from "../../src/openapi/schema_check.ts";

Deno.test("compileSchema - JSON Schema issues point at the value that is wrong", async (t) => {
  const check = compileSchema({
    type: "object",
    required: ["title"],
    additionalProperties: false,
    properties: {
      title: { type: "string", maxLength: 3 },
      "a/b~c": { type: "integer" },
      tags: { type: "array", items: { type: "string", format: "email" } },
    },
  });
  const cases: [string, unknown, unknown][] = [
    ["a valid value", { title: "abc" }, { value: { title: "abc" } }],
    ["a missing property", {}, { issues: [{ pointer: "/title", detail: "is required" }] }],
    ["an extra property", { title: "a", x: 1 }, {
      issues: [{ pointer: "/x", detail: "is not allowed" }],
    }],
    ["every error, escaped", { title: "abcd", "a/b~c": "x", tags: ["no"] }, {
      issues: [
        { pointer: "/title", detail: "must NOT have more than 3 characters" },
        { pointer: "/a~1b~0c", detail: "must be integer" },
        { pointer: "/tags/0", detail: 'must match format "email"' },
      ],
    }],
    ["the value itself", [], { issues: [{ pointer: "", detail: "must be object" }] }],
  ];
  for (const [title, value, expected] of cases) {
    await t.step(title, () => assert.deepEqual(check(value), expected));
  }
});

Deno.test("compileSchema - draft 2020-12 keywords are understood", async () => {
  const check = compileSchema({ type: "array", prefixItems: [{ type: "integer" }], items: false });
  assert.deepEqual(check([1]), { value: [1] });
  assert.equal((await check([1, 2])).issues?.length, 1);
  assert.equal((await check(["x"])).issues?.[0]?.pointer, "/0");
});

Deno.test("compileSchema - a schema Ajv cannot compile throws", () => {
  assert.throws(() => compileSchema({ type: "nope" }), /type/);
  assert.throws(() => compileSchema({ $ref: "#/components/schemas/Missing" }), /Missing/);
});

Deno.test("compileSchema - a Standard Schema gives its output, and issues with JSON pointers", async () => {
  const check = compileSchema(z.object({ title: z.string().max(3), n: z.number().default(1) }));
  assert.deepEqual(await check({ title: "a" }), { value: { title: "a", n: 1 } });
  const bad = await check({ title: "abcd", n: "x" });
  assert.deepEqual(bad.issues?.map((issue) => issue.pointer), ["/title", "/n"]);
  const tokens = compileSchema({
    "~standard": {
      version: 1,
      vendor: "test",
      validate: () => Promise.resolve({ issues: [{ message: "no", path: [{ key: "a/b" }, 0] }] }),
    },
  });
  assert.deepEqual(await tokens(1), { issues: [{ pointer: "/a~1b/0", detail: "no" }] });
});
