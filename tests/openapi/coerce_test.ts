import assert from "node:assert/strict";
import { arrayStyle, coerceParameter, coerceScalar } from "../../src/openapi/coerce.ts";

Deno.test("coerceScalar - turns strings into the declared type, or leaves them for the validator", async (t) => {
  const cases: [string, unknown, unknown][] = [
    ["20", { type: "integer" }, 20],
    ["-3", { type: "integer" }, -3],
    ["0", { type: "integer" }, 0],
    ["007", { type: "integer" }, "007"],
    ["2.5", { type: "integer" }, "2.5"],
    ["1e3", { type: "integer" }, "1e3"],
    ["", { type: "integer" }, ""],
    ["2.5", { type: "number" }, 2.5],
    ["-1e3", { type: "number" }, -1000],
    ["Infinity", { type: "number" }, "Infinity"],
    ["true", { type: "boolean" }, true],
    ["false", { type: "boolean" }, false],
    ["1", { type: "boolean" }, "1"],
    ["TRUE", { type: "boolean" }, "TRUE"],
    ["null", { type: ["integer", "null"] }, null],
    ["5", { type: ["integer", "null"] }, 5],
    ["5", { type: "string" }, "5"],
    ["5", { enum: ["5"] }, "5"],
    ["5", undefined, "5"],
  ];
  for (const [raw, schema, expected] of cases) {
    await t.step(`${JSON.stringify(raw)} as ${JSON.stringify(schema)}`, () => {
      assert.deepEqual(coerceScalar(raw, schema as never), expected);
    });
  }
});

Deno.test("arrayStyle - follows OpenAPI's style and explode defaults per location", async (t) => {
  const cases: [string, string | undefined, boolean | undefined, string][] = [
    ["query", undefined, undefined, "repeat"],
    ["query", "form", true, "repeat"],
    ["query", "form", false, ","],
    ["query", "spaceDelimited", false, " "],
    ["query", "pipeDelimited", false, "|"],
    ["path", undefined, undefined, ","],
    ["header", "simple", true, ","],
    ["cookie", undefined, undefined, ","],
  ];
  for (const [where, style, explode, expected] of cases) {
    await t.step(`${where} ${style} ${explode}`, () => {
      assert.equal(arrayStyle(where, style, explode), expected);
    });
  }
  await t.step("refuses styles it does not read", () => {
    assert.throws(() => arrayStyle("query", "deepObject", true), {
      name: "TypeError",
      message: "style 'deepObject' is not supported for query parameters",
    });
    assert.throws(() => arrayStyle("path", "matrix", false), TypeError);
    assert.throws(() => arrayStyle("header", "pipeDelimited", false), TypeError);
  });
});

Deno.test("coerceParameter - builds arrays from repeated keys or separated lists", async (t) => {
  const integers = { type: "array", items: { type: "integer" } };
  const booleans = { type: "array", items: { type: "boolean" } };
  const cases: [string, string[], unknown, "repeat" | "," | " " | "|", unknown][] = [
    ["repeated keys", ["1", "2", "3"], integers, "repeat", [1, 2, 3]],
    ["one repeated key", ["1"], integers, "repeat", [1]],
    ["a comma list", ["1,2"], integers, ",", [1, 2]],
    ["a pipe list", ["true|false"], booleans, "|", [true, false]],
    ["a space list", ["1 2"], integers, " ", [1, 2]],
    ["an empty list", [""], integers, ",", []],
    ["a bad item stays a string", ["1,x"], integers, ",", [1, "x"]],
    ["untyped items stay strings", ["a,b"], { type: "array" }, ",", ["a", "b"]],
    ["a scalar", ["7"], { type: "integer" }, "repeat", 7],
    ["a repeated scalar stays a list", ["7", "8"], { type: "integer" }, "repeat", ["7", "8"]],
  ];
  for (const [title, values, schema, style, expected] of cases) {
    await t.step(title, () => {
      assert.deepEqual(coerceParameter(values, schema as never, style), expected);
    });
  }
});
