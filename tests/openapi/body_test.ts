import assert from "node:assert/strict";
import { z } from "zod";
import { compileRequestBody } from "../../src/openapi/body.ts";
import { createSafeJson } from "../../src/http/json_body.ts";
import type { OpenApiRequestBody } from "../../src/openapi/types.ts";

const NOTE = {
  type: "object",
  required: ["title"],
  properties: { title: { type: "string", maxLength: 5 } },
};

function compile(requestBody: OpenApiRequestBody) {
  const check = compileRequestBody({ requestBody });
  assert.ok(check);
  return check;
}

function post(body: BodyInit | null, type?: string): Request {
  const request = new Request("http://x/", {
    method: "POST",
    body,
    headers: type === undefined ? {} : { "content-type": type },
  });
  request.json = createSafeJson(4);
  return request;
}

Deno.test("compileRequestBody - checks a JSON body against its schema", async (t) => {
  const check = compile({ required: true, content: { "application/json": { schema: NOTE } } });
  const cases: [string, Request, unknown][] = [
    ["valid", post('{"title":"hi"}', "application/json"), {
      parsed: true,
      value: { title: "hi" },
      errors: [],
    }],
    ["with a charset", post('{"title":"hi"}', "Application/JSON; charset=utf-8"), {
      parsed: true,
      value: { title: "hi" },
      errors: [],
    }],
    ["over maxLength", post('{"title":"toolong"}', "application/json"), {
      parsed: true,
      value: { title: "toolong" },
      errors: [{ in: "body", pointer: "/title", detail: "must NOT have more than 5 characters" }],
    }],
    ["missing", post(null), {
      parsed: false,
      errors: [{ in: "body", pointer: "", detail: "is required" }],
    }],
    ["not JSON", post("{", "application/json"), {
      parsed: false,
      errors: [{
        in: "body",
        pointer: "",
        detail:
          "Cannot parse JSON body: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
      }],
    }],
    ["nested too deep", post("[[[[[1]]]]]", "application/json"), {
      parsed: false,
      errors: [{
        in: "body",
        pointer: "",
        detail: "Cannot parse JSON body: it nests deeper than 4 levels",
      }],
    }],
  ];
  for (const [title, request, expected] of cases) {
    await t.step(title, async () => assert.deepEqual(await check(request), expected));
  }
});

Deno.test("compileRequestBody - an optional body may be left out", async () => {
  const check = compile({ content: { "application/json": { schema: NOTE } } });
  assert.deepEqual(await check(post(null)), { parsed: false, errors: [] });
});

Deno.test("compileRequestBody - a media type not declared is a 415 problem", async (t) => {
  const check = compile({ content: { "application/json": { schema: NOTE } } });
  for (
    const [title, type, detail] of [
      ["another type", "text/plain;charset=UTF-8", "must be one of: application/json"],
      ["no content type", undefined, "is required: application/json"],
    ] as const
  ) {
    await t.step(title, async () => {
      // Bytes: a string body would get `text/plain` from the Request constructor.
      await assert.rejects(check(post(new TextEncoder().encode('{"title":"x"}'), type)), {
        name: "HttpError",
        status: 415,
        errors: [{ in: "header", name: "content-type", detail }],
      });
    });
  }
});

Deno.test("compileRequestBody - JSON variants and wildcards; other media types are not read", async () => {
  const check = compile({
    content: {
      "application/merge-patch+json": { schema: { type: "object" } },
      "text/*": {},
    },
  });
  assert.deepEqual(await check(post("[]", "application/merge-patch+json")), {
    parsed: true,
    value: [],
    errors: [{ in: "body", pointer: "", detail: "must be object" }],
  });
  const text = post("hello", "text/csv");
  assert.deepEqual(await check(text), { parsed: false, errors: [] });
  assert.equal(await text.text(), "hello");
});

Deno.test("compileRequestBody - a zod schema checks and gives its output", async () => {
  const check = compile({
    content: { "application/json": { schema: z.object({ n: z.number().default(3) }) } },
  });
  assert.deepEqual(await check(post("{}", "application/json")), {
    parsed: true,
    value: { n: 3 },
    errors: [],
  });
  const bad = await check(post('{"n":"x"}', "application/json"));
  assert.equal(bad.errors[0]?.pointer, "/n");
});

Deno.test("compileRequestBody - refuses a body it cannot check, at load", () => {
  assert.throws(() => compileRequestBody({ requestBody: { $ref: "#/x" } }), /\$ref/);
  assert.throws(() => compileRequestBody({ requestBody: {} as never }), /no 'content'/);
  assert.throws(
    () =>
      compileRequestBody({
        requestBody: { content: { "application/json": { schema: { type: 1 } } } },
      }),
    /'application\/json' body schema does not compile/,
  );
});
