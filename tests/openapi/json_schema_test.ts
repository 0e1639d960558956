import assert from "node:assert/strict";
import { z } from "zod";
import { isStandardSchema, toJsonSchema } from "../../src/openapi/json_schema.ts";

function standard(extra: Record<string, unknown>, jsonSchema?: unknown) {
  return {
    ...extra,
    "~standard": {
      version: 1 as const,
      vendor: "test",
      validate: (value: unknown) => ({ value }),
      ...(jsonSchema === undefined ? {} : { jsonSchema }),
    },
  };
}

Deno.test("toJsonSchema - a JSON Schema is given back as it is", () => {
  const schema = { type: "object", properties: { a: { type: "integer" } } };
  assert.equal(toJsonSchema(schema), schema);
  assert.equal(toJsonSchema(true), true);
  assert.equal(isStandardSchema(schema), false);
});

Deno.test("toJsonSchema - zod 4 gives draft 2020-12, its input or its output", () => {
  const schema = z.object({ title: z.string().max(200), done: z.boolean().default(false) });
  assert.equal(isStandardSchema(schema), true);
  const input = toJsonSchema(schema) as Record<string, unknown>;
  assert.equal(input.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.deepEqual(input.required, ["title"]);
  assert.deepEqual((input.properties as Record<string, unknown>).title, {
    type: "string",
    maxLength: 200,
  });
  const output = toJsonSchema(schema, { io: "output" }) as Record<string, unknown>;
  assert.deepEqual(output.required, ["title", "done"]);
});

Deno.test("toJsonSchema - other libraries: the jsonSchema interface, toJsonSchema(), or nothing", async (t) => {
  await t.step("the Standard JSON Schema interface, asked for draft 2020-12", () => {
    const targets: string[] = [];
    const schema = standard({}, {
      input: (options: { target: string }) => (targets.push(options.target), { type: "string" }),
      output: () => ({ type: "number" }),
    });
    assert.deepEqual(toJsonSchema(schema), { type: "string" });
    assert.deepEqual(toJsonSchema(schema, { io: "output" }), { type: "number" });
    assert.deepEqual(targets, ["draft-2020-12"]);
  });
  await t.step("a toJsonSchema() method (arktype)", () => {
    assert.deepEqual(toJsonSchema(standard({ toJsonSchema: () => ({ type: "integer" }) })), {
      type: "integer",
    });
  });
  await t.step("neither: undefined", () => {
    assert.equal(toJsonSchema(standard({})), undefined);
  });
  await t.step("a conversion that fails is a TypeError naming the library", () => {
    const schema = z.string().transform((s) => s.length);
    assert.throws(() => toJsonSchema(schema, { io: "output" }), {
      name: "TypeError",
      message: /^Cannot convert a zod schema to JSON Schema: /,
    });
  });
});
