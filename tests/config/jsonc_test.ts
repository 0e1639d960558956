import assert from "node:assert/strict";
import { lineAt, stripJsonc } from "../../src/config/jsonc.ts";

Deno.test("stripJsonc - blanks comments and trailing commas only", async (t) => {
  const cases: [string, string, unknown][] = [
    ["plain JSON", '{"a": [1, 2]}', { a: [1, 2] }],
    ["line comment", '{"a": 1 // one\n}', { a: 1 }],
    ["block comment", '{/* x\n y */"a": 1}', { a: 1 }],
    ["trailing comma in object", '{"a": 1,}', { a: 1 }],
    ["trailing comma in array", "[1, 2 ,\n]", [1, 2]],
    ["trailing comma before a comment", '{"a": 1, // c\n /* d */ }', { a: 1 }],
    ["markers inside strings", '{"u": "http://x/*y*/", "c": ",}"}', {
      u: "http://x/*y*/",
      c: ",}",
    }],
    ["escaped quote in string", '{"q": "a\\"//b"}', { q: 'a"//b' }],
    ["comment at end of file", '{"a": 1}\n// bye', { a: 1 }],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, () => {
      const stripped = stripJsonc(text);
      assert.equal(stripped.length, text.length);
      assert.deepEqual(JSON.parse(stripped), expected);
      assert.equal(stripped.split("\n").length, text.split("\n").length);
    });
  }
  await t.step("an unterminated block comment is blanked to the end", () => {
    assert.equal(stripJsonc("1 /* open\nx"), "1        \n ");
  });
  await t.step("a comma before a value stays", () => {
    assert.equal(stripJsonc("[1, /* c */ 2]"), "[1,         2]");
  });
});

Deno.test("lineAt - counts lines before a position", async (t) => {
  const cases: [string, number, number][] = [
    ["a", 0, 1],
    ["a\nb", 2, 2],
    ["a\nb\n", 4, 3],
    ["a\n\nb", 100, 3],
  ];
  for (const [text, position, line] of cases) {
    await t.step(`${JSON.stringify(text)} at ${position}`, () => {
      assert.equal(lineAt(text, position), line);
    });
  }
});
