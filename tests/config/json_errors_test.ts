import assert from "node:assert/strict";
import { locateJsonError } from "../../src/config/json_errors.ts";

Deno.test("locateJsonError - accepts valid JSON", async (t) => {
  const cases = [
    "{}",
    "[]",
    ' { "a" : [ 1 , -2.5e+3 , true , false , null , "x\\n\\u00e9\\"" ] } ',
    '"just a string"',
    "0",
  ];
  for (const text of cases) {
    await t.step(text, () => {
      JSON.parse(text);
      assert.equal(locateJsonError(text), undefined);
    });
  }
});

Deno.test("locateJsonError - finds the first error", async (t) => {
  const cases: [string, number, string][] = [
    ["", 0, "unexpected end of input"],
    ['{"a": 1', 7, "unexpected end of input"],
    ['{"a": 1 "b": 2}', 8, "expected ',' or '}' after a property value"],
    ["[1 2]", 3, "expected ',' or ']' after an array element"],
    ["{a: 1}", 1, "expected a double-quoted property name"],
    ['{"a" 1}', 5, "expected ':' after a property name"],
    ['{"a": nope}', 6, "unexpected character 'n'"],
    ["[1,]", 3, "unexpected character ']'"],
    ['{"a": 1,}', 8, "expected a double-quoted property name"],
    ['"a\\x"', 2, "invalid escape in string"],
    ['"a\\u12"', 2, "invalid escape in string"],
    ['"a\nb"', 2, "control character in string"],
    ['"open', 5, "unexpected end of input"],
    ["-", 0, "invalid number"],
    ["{} {}", 3, "unexpected text after the JSON value"],
    ["01", 1, "unexpected text after the JSON value"],
  ];
  for (const [text, position, reason] of cases) {
    await t.step(JSON.stringify(text), () => {
      assert.throws(() => JSON.parse(text), SyntaxError);
      assert.deepEqual(locateJsonError(text), { position, reason });
    });
  }
});
