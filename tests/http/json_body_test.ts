import assert from "node:assert/strict";
import { createSafeJson, DEFAULT_MAX_JSON_DEPTH, jsonDepth } from "../../src/http/json_body.ts";
import { HttpError } from "../../src/http/errors.ts";

function post(body: BodyInit | null, depth?: number): Request {
  const request = new Request("http://x/", { method: "POST", body });
  request.json = createSafeJson(depth);
  return request;
}

Deno.test("jsonDepth - counts nesting outside strings, stops past the limit", async (t) => {
  const cases: [string, number][] = [
    ["1", 0],
    ["[]", 1],
    ['{"a":{"b":[1,[2]]}}', 4],
    ['["[[[[", "\\"[["]', 1],
    ['"\\\\"', 0],
    ["[]".repeat(1000), 1],
  ];
  for (const [text, depth] of cases) {
    await t.step(text.slice(0, 30), () => assert.equal(jsonDepth(text, 100), depth));
  }
  assert.equal(jsonDepth("[".repeat(1_000_000), 512), 513);
});

Deno.test("createSafeJson - parses JSON like Request.json", async () => {
  assert.deepEqual(await post('{"a":[1,"é"]}').json(), { a: [1, "é"] });
  assert.deepEqual(await post("\uFEFF[1]").json(), [1]); // a BOM is skipped, as in fetch
  const nested = "[".repeat(DEFAULT_MAX_JSON_DEPTH) + "]".repeat(DEFAULT_MAX_JSON_DEPTH);
  assert.equal(Array.isArray(await post(nested).json()), true);
});

Deno.test("createSafeJson - bad bodies reject with HttpError(400)", async (t) => {
  const cases: [string, BodyInit | null, RegExp][] = [
    ["malformed", "{oops", /Cannot parse JSON body/],
    ["empty", "", /Cannot parse JSON body/],
    ["no body", null, /Cannot parse JSON body/],
    ["truncated", '{"a":', /Cannot parse JSON body/],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), /not valid UTF-8/],
    ["lone surrogate bytes", new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]), /not valid UTF-8/],
    ["too deep", "[".repeat(513) + "]".repeat(513), /deeper than 512/],
    ["depth bomb", "[".repeat(100_000), /deeper than 512/],
  ];
  for (const [name, body, message] of cases) {
    await t.step(name, async () => {
      const error = await post(body).json().catch((e) => e);
      assert.ok(error instanceof HttpError);
      assert.equal(error.status, 400);
      assert.match(error.message, message);
    });
  }
  await t.step("a custom depth", async () => {
    await assert.rejects(post("[[[1]]]", 2).json(), /deeper than 2/);
    assert.deepEqual(await post("[[1]]", 2).json(), [[1]]);
  });
  await t.step("an invalid depth throws at creation", () => {
    assert.throws(() => createSafeJson(0), RangeError);
  });
});

Deno.test("createSafeJson - text() and arrayBuffer() are untouched; body errors pass through", async () => {
  assert.equal(await post("{oops").text(), "{oops");
  const limited = post(
    new ReadableStream({
      pull(controller) {
        controller.error(new HttpError(413));
      },
    }),
  );
  await assert.rejects(limited.json(), { status: 413 });
});
