import assert from "node:assert/strict";
import { z } from "zod";
import { compileParameters } from "../../src/openapi/parameters.ts";
import type { OpenApiParameter } from "../../src/openapi/types.ts";

const ID = [{ name: "id", rest: false }];

function check(parameters: OpenApiParameter[], path = ID) {
  const compiled = compileParameters({ parameters }, path);
  assert.ok(compiled);
  return compiled;
}

Deno.test("compileParameters - reads, coerces and checks each location", async (t) => {
  const parameters: OpenApiParameter[] = [
    { name: "id", in: "path", schema: { type: "integer", minimum: 1 } },
    { name: "limit", in: "query", schema: { type: "integer", maximum: 100 } },
    { name: "tag", in: "query", schema: { type: "array", items: { type: "string" } } },
    { name: "X-Dry-Run", in: "header", schema: { type: "boolean" } },
    { name: "theme", in: "cookie", schema: { enum: ["dark", "light"] } },
  ];
  const run = (url: string, params: Record<string, string>, headers: HeadersInit = {}) =>
    check(parameters)(new Request(`http://x${url}`, { headers }), params);
  await t.step("valid input, coerced", async () => {
    const outcome = await run("/?limit=10&tag=a&tag=b", { id: "3" }, {
      "x-dry-run": "true",
      cookie: "theme=dark",
    });
    assert.deepEqual(outcome, {
      values: {
        path: { id: 3 },
        query: { limit: 10, tag: ["a", "b"] },
        header: { "X-Dry-Run": true },
        cookie: { theme: "dark" },
      },
      errors: [],
    });
  });
  await t.step("optional parameters may be absent", async () => {
    assert.deepEqual((await run("/", { id: "1" })).errors, []);
  });
  await t.step("one entry per error, with its location and name", async () => {
    const outcome = await run("/?limit=101&limit=2", { id: "0" }, {
      "x-dry-run": "yes",
      cookie: "theme=blue",
    });
    assert.deepEqual(outcome.errors, [
      { in: "path", name: "id", detail: "must be >= 1" },
      { in: "query", name: "limit", detail: "must be integer" },
      { in: "header", name: "X-Dry-Run", detail: "must be boolean" },
      { in: "cookie", name: "theme", detail: "must be equal to one of the allowed values" },
    ]);
  });
});

Deno.test("compileParameters - a required parameter that is absent is an error", async () => {
  const outcome = await check([
    { name: "x-api-version", in: "header", required: true, schema: { type: "string" } },
    { name: "q", in: "query", required: true },
  ])(new Request("http://x/"), { id: "1" });
  assert.deepEqual(outcome.errors, [
    { in: "header", name: "x-api-version", detail: "is required" },
    { in: "query", name: "q", detail: "is required" },
  ]);
});

Deno.test("compileParameters - array items report their index", async () => {
  const outcome = await check([
    {
      name: "ids",
      in: "query",
      style: "form",
      explode: false,
      schema: {
        type: "array",
        items: { type: "integer" },
        maxItems: 3,
      },
    },
  ])(new Request("http://x/?ids=1,x,3,4"), { id: "1" });
  assert.deepEqual(outcome.errors, [
    { in: "query", name: "ids", detail: "must NOT have more than 3 items" },
    { in: "query", name: "ids", pointer: "/1", detail: "must be integer" },
  ]);
});

Deno.test("compileParameters - a catch-all is its segments, or them joined for a string schema", async () => {
  const rest = [{ name: "path", rest: true }];
  const segments = check([{
    name: "path",
    in: "path",
    schema: {
      type: "array",
      items: { type: "string", pattern: "^[a-z,]+$" },
    },
  }], rest);
  assert.deepEqual((await segments(new Request("http://x/"), { path: ["a,b", "c"] })).values.path, {
    path: ["a,b", "c"],
  });
  const joined = check(
    [{ name: "path", in: "path", schema: { type: "string", maxLength: 3 } }],
    rest,
  );
  assert.deepEqual((await joined(new Request("http://x/"), { path: ["a", "b"] })).values.path, {
    path: "a/b",
  });
  assert.equal((await joined(new Request("http://x/"), { path: ["ab", "cd"] })).errors.length, 1);
});

Deno.test("compileParameters - a Standard Schema gets the string and gives its output", async () => {
  const validate = check([{ name: "page", in: "query", schema: z.coerce.number().int().min(1) }]);
  assert.deepEqual((await validate(new Request("http://x/?page=2"), {})).values.query, { page: 2 });
  const bad = await validate(new Request("http://x/?page=0"), {});
  assert.equal(bad.errors.length, 1);
  assert.equal(bad.errors[0]!.name, "page");
});

Deno.test("compileParameters - refuses what it cannot check, at load", async (t) => {
  const cases: [string, OpenApiParameter[] | unknown[], RegExp][] = [
    [
      "a path parameter not in the file name",
      [{ name: "slug", in: "path" }],
      /parameter 'slug' in path is not in the file name \(its path parameters: 'id'\)/,
    ],
    ["a $ref", [{ $ref: "#/components/parameters/Limit" }], /is a \$ref/],
    ["a duplicate", [{ name: "q", in: "query" }, { name: "q", in: "query" }], /declared twice/],
    ["an unknown location", [{ name: "q", in: "body" }], /'in' must be/],
    [
      "an object parameter",
      [{ name: "f", in: "query", schema: { type: "object" } }],
      /object parameters/,
    ],
    [
      "an unsupported style",
      [{ name: "f", in: "query", style: "deepObject" }],
      /style 'deepObject'/,
    ],
    [
      "a schema that does not compile",
      [{ name: "f", in: "query", schema: { type: 5 } }],
      /does not compile/,
    ],
  ];
  for (const [title, parameters, message] of cases) {
    await t.step(title, () => {
      assert.throws(() => compileParameters({ parameters: parameters as never }, ID), {
        name: "TypeError",
        message,
      });
    });
  }
  await t.step("Accept, Content-Type and Authorization headers are ignored", () => {
    assert.equal(
      compileParameters({ parameters: [{ name: "Accept", in: "header" }] }, ID),
      undefined,
    );
  });
});
