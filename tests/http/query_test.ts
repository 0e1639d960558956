import assert from "node:assert/strict";
import { parseQuery } from "../../src/http/query.ts";

Deno.test("parseQuery - parses values, arrays and encodings", async (t) => {
  const cases: [string, string, Record<string, string | string[]>][] = [
    ["no query", "/users", {}],
    ["lone question mark", "/users?", {}],
    ["single value", "/users?active=true", { active: "true" }],
    ["values stay strings", "/users?n=42&flag", { n: "42", flag: "" }],
    ["repeated key becomes array", "/users?tag=a&tag=b&tag=c", { tag: ["a", "b", "c"] }],
    ["array keeps order among others", "/x?a=1&b=2&a=3", { a: ["1", "3"], b: "2" }],
    ["plus decodes to space", "/x?q=hello+world", { q: "hello world" }],
    ["percent decoding", "/x?q=caf%C3%A9%20%26%3D&k%20ey=1", { q: "café &=", "k ey": "1" }],
    ["empty value", "/x?a=&b=", { a: "", b: "" }],
    ["empty key", "/x?=v", { "": "v" }],
    ["brackets are not special", "/x?a[]=1&a[]=2", { "a[]": ["1", "2"] }],
    ["hash is ignored", "/x?a=1#b=2", { a: "1" }],
  ];
  for (const [name, path, expected] of cases) {
    await t.step(name, () => {
      assert.deepEqual(parseQuery(new URL(path, "http://localhost")), expected);
    });
  }
});

Deno.test("parseQuery - returns a plain object", () => {
  const query = parseQuery(new URL("http://localhost/?a=1"));
  assert.equal(Object.getPrototypeOf(query), Object.prototype);
  assert.deepEqual(parseQuery(new URL("http://localhost/")), {});
});

Deno.test("parseQuery - cannot pollute prototypes", async (t) => {
  const cases: [string, string, [string, string | string[]][]][] = [
    ["__proto__", "__proto__=x", [["__proto__", "x"]]],
    ["__proto__ repeated", "__proto__=x&__proto__=y", [["__proto__", ["x", "y"]]]],
    ["constructor", "constructor=x", [["constructor", "x"]]],
    ["toString twice", "toString=a&toString=b", [["toString", ["a", "b"]]]],
    ["mixed", "a=1&__proto__=p&hasOwnProperty=2", [["a", "1"], ["__proto__", "p"], [
      "hasOwnProperty",
      "2",
    ]]],
  ];
  for (const [name, search, expected] of cases) {
    await t.step(name, () => {
      const query = parseQuery(new URL(`http://localhost/?${search}`));
      assert.equal(Object.getPrototypeOf(query), Object.prototype);
      assert.deepEqual(Object.entries(query), expected);
      assert.equal(({} as Record<string, unknown>).x, undefined);
      assert.equal(Object.getPrototypeOf({}), Object.prototype);
      assert.equal(typeof Object.prototype.toString, "function");
    });
  }
});
