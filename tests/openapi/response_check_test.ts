import assert from "node:assert/strict";
import { compileResponses } from "../../src/openapi/response_check.ts";

Deno.test("compileResponses - reports statuses, media types and JSON bodies not declared", async (t) => {
  const check = compileResponses({
    responses: {
      200: {
        description: "OK",
        content: {
          "application/json": {
            schema: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
          },
        },
      },
      "4XX": { description: "Client error", content: { "application/problem+json": {} } },
      201: { description: "Created, no content" },
    },
  });
  assert.ok(check);
  const cases: [string, Response, string[]][] = [
    ["a declared body", Response.json({ id: "a" }), []],
    ["a body off its schema", Response.json({ id: 1 }), ["the body at '/id' must be string"]],
    ["a missing property", Response.json({}), ["the body at '/id' is required"]],
    [
      "a status range",
      new Response("{}", {
        status: 404,
        headers: { "content-type": "application/problem+json" },
      }),
      [],
    ],
    ["a status not declared", new Response(null, { status: 500 }), [
      "status 500 is not declared (declared: 200, 201, 4XX)",
    ]],
    ["a media type not declared", new Response("hi", { status: 200 }), [
      "media type 'text/plain' is not declared for status 200 (declared: application/json)",
    ]],
    ["a JSON body where none is declared", Response.json({}, { status: 201 }), [
      "a JSON body is not declared for status 201 (it declares no content)",
    ]],
    [
      "a body that is not JSON",
      new Response("{", {
        headers: { "content-type": "application/json" },
      }),
      ["the body is not JSON, though its media type is 'application/json'"],
    ],
  ];
  for (const [title, response, expected] of cases) {
    await t.step(title, async () => {
      assert.deepEqual(await check(response), expected);
      // The response is still whole for the client.
      if (response.body !== null) await response.text();
    });
  }
});

Deno.test("compileResponses - a default response covers every status", async () => {
  const check = compileResponses({ responses: { default: { description: "Anything" } } });
  assert.deepEqual(await check!(new Response(null, { status: 418 })), []);
  assert.equal(compileResponses({}), undefined);
});
