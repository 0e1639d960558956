import assert from "node:assert/strict";
import { createRouteTable } from "../../src/routing/table.ts";
import { definitionOf, outcome, shuffled, tableOf } from "./_routes.ts";

const PRECEDENCE_FILES = [
  "index.ts",
  "about.get.ts",
  "[page].get.ts",
  "[...all].get.ts",
  "[[...opt]].get.ts",
  "users/[id].get.ts",
  "a/b/c.get.ts",
  "a/[x]/d.get.ts",
  "a/[...rest].get.ts",
  "docs/[[...slug]].get.ts",
  "docs/intro.get.ts",
  "[p]/[q]/[r].get.ts",
];

/** `[path, expected outcome]` of GET requests against `PRECEDENCE_FILES`. */
const PRECEDENCE_CASES: [string, string][] = [
  ["/", "index.ts {}"],
  ["/about", "about.get.ts {}"],
  ["/contact", '[page].get.ts {"page":"contact"}'],
  ["/x/y", '[...all].get.ts {"all":["x","y"]}'],
  ["/users/7", 'users/[id].get.ts {"id":"7"}'],
  ["/users/7/posts", '[p]/[q]/[r].get.ts {"p":"users","q":"7","r":"posts"}'],
  ["/users/7/posts/1", '[...all].get.ts {"all":["users","7","posts","1"]}'],
  ["/a/b/c", "a/b/c.get.ts {}"],
  ["/a/b/d", 'a/[x]/d.get.ts {"x":"b"}'],
  ["/a/b/e", 'a/[...rest].get.ts {"rest":["b","e"]}'],
  ["/a/q/d", 'a/[x]/d.get.ts {"x":"q"}'],
  ["/a", '[page].get.ts {"page":"a"}'],
  ["/docs", 'docs/[[...slug]].get.ts {"slug":[]}'],
  ["/docs/intro", "docs/intro.get.ts {}"],
  ["/docs/intro/more", 'docs/[[...slug]].get.ts {"slug":["intro","more"]}'],
  ["/m/n/o", '[p]/[q]/[r].get.ts {"p":"m","q":"n","r":"o"}'],
  ["/a/n/o", 'a/[...rest].get.ts {"rest":["n","o"]}'],
  ["/m/n/o/p", '[...all].get.ts {"all":["m","n","o","p"]}'],
];

Deno.test("createRouteTable - precedence is static, param, rest, optional rest", async (t) => {
  const table = tableOf(...PRECEDENCE_FILES);
  for (const [path, expected] of PRECEDENCE_CASES) {
    await t.step(path, () => assert.equal(outcome(table, "GET", path), expected));
  }
});

Deno.test("createRouteTable - precedence does not depend on definition order", () => {
  const reference = tableOf(...PRECEDENCE_FILES);
  for (let seed = 1; seed <= 25; seed++) {
    const table = tableOf(...shuffled(PRECEDENCE_FILES, seed));
    for (const [path, expected] of PRECEDENCE_CASES) {
      assert.equal(outcome(table, "GET", path), expected, `seed ${seed}, ${path}`);
    }
    assert.deepEqual(table.routes.map((r) => r.file), reference.routes.map((r) => r.file));
  }
});

Deno.test("createRouteTable - a method file wins over the method-less file of its pattern", async (t) => {
  const table = tableOf("hello.ts", "hello.post.ts", "x.get.ts", "x.ts", "y.head.ts", "y.get.ts");
  const cases: [string, string, string][] = [
    ["POST", "/hello", "hello.post.ts {}"],
    ["GET", "/hello", "hello.ts {}"],
    ["DELETE", "/hello", "hello.ts {}"],
    ["HEAD", "/hello", "hello.ts {}"],
    ["OPTIONS", "/hello", "hello.ts {}"],
    ["PROPFIND", "/hello", "hello.ts {}"],
    ["get", "/hello", "hello.ts {}"],
    ["HEAD", "/x", "x.get.ts {}"],
    ["PUT", "/x", "x.ts {}"],
    ["HEAD", "/y", "y.head.ts {}"],
    ["GET", "/y", "y.get.ts {}"],
  ];
  for (const [method, path, expected] of cases) {
    await t.step(`${method} ${path}`, () => assert.equal(outcome(table, method, path), expected));
  }
});

Deno.test("createRouteTable - a method miss tries the other matching patterns", async (t) => {
  const table = tableOf(
    "notes.get.ts",
    "notes/[id].get.ts",
    "notes/[...rest].post.ts",
    "[...all].ts",
    "only/[id].get.ts",
    "only/[...rest].delete.ts",
  );
  const cases: [string, string, string][] = [
    ["GET", "/notes/1", 'notes/[id].get.ts {"id":"1"}'],
    ["POST", "/notes/1", 'notes/[...rest].post.ts {"rest":["1"]}'],
    ["PUT", "/notes/1", '[...all].ts {"all":["notes","1"]}'],
    ["POST", "/notes", '[...all].ts {"all":["notes"]}'],
    ["DELETE", "/only/1", 'only/[...rest].delete.ts {"rest":["1"]}'],
    ["PUT", "/only/1", '[...all].ts {"all":["only","1"]}'],
  ];
  for (const [method, path, expected] of cases) {
    await t.step(`${method} ${path}`, () => assert.equal(outcome(table, method, path), expected));
  }
});

Deno.test("createRouteTable - binds the param names of the route that answers", () => {
  const table = tableOf("[id].get.ts", "[name].post.ts", "[other]/[...path].ts");
  assert.equal(outcome(table, "GET", "/x"), '[id].get.ts {"id":"x"}');
  assert.equal(outcome(table, "POST", "/x"), '[name].post.ts {"name":"x"}');
  assert.equal(outcome(table, "GET", "/x/y"), '[other]/[...path].ts {"other":"x","path":["y"]}');
});

Deno.test("createRouteTable - answers 405 with the methods of every matching pattern", async (t) => {
  const table = tableOf(
    "notes.get.ts",
    "notes.post.ts",
    "notes/[id].delete.ts",
    "[x]/[y].put.ts",
    "h.head.ts",
    "o.options.ts",
    "o.patch.ts",
  );
  const cases: [string, string, string][] = [
    ["PUT", "/notes", "405 GET, POST, HEAD, OPTIONS"],
    ["PROPFIND", "/notes", "405 GET, POST, HEAD, OPTIONS"],
    ["get", "/notes", "405 GET, POST, HEAD, OPTIONS"],
    ["OPTIONS", "/notes", "options GET, POST, HEAD, OPTIONS"],
    ["PATCH", "/notes/1", "405 PUT, DELETE, OPTIONS"],
    ["OPTIONS", "/notes/1", "options PUT, DELETE, OPTIONS"],
    ["GET", "/a/b", "405 PUT, OPTIONS"],
    ["GET", "/h", "405 HEAD, OPTIONS"],
    ["HEAD", "/h", "h.head.ts {}"],
    ["OPTIONS", "/o", "o.options.ts {}"],
    ["GET", "/o", "405 PATCH, OPTIONS"],
    ["GET", "/nothing", "404"],
    ["GET", "/notes/1/2", "404"],
  ];
  for (const [method, path, expected] of cases) {
    await t.step(`${method} ${path}`, () => assert.equal(outcome(table, method, path), expected));
  }
});

Deno.test("createRouteTable - keeps the caller data and copies the segments", () => {
  const definition = { ...definitionOf("notes/[id].get.ts"), data: "payload" };
  const table = createRouteTable([definition]);
  definition.segments[1] = { type: "static", value: "changed" };
  const result = table.match("GET", "/notes/1");
  assert.equal(result.kind, "route");
  assert.equal(result.kind === "route" && result.route.data, "payload");
  assert.equal(result.kind === "route" && result.route, table.routes[0]);
  assert.equal(table.routes[0]?.path, "/notes/[id]");
});

Deno.test("createRouteTable - rejects malformed definitions", async (t) => {
  const cases: [string, unknown][] = [
    ["unknown method", { method: "FETCH", segments: [], file: "f", data: 0 }],
    ["lower-case method", { method: "get", segments: [], file: "f", data: 0 }],
    ["segments not an array", { method: null, segments: "x", file: "f", data: 0 }],
    ["rest not last", {
      method: null,
      segments: [{ type: "rest", name: "a" }, { type: "static", value: "b" }],
      file: "f",
      data: 0,
    }],
    ["duplicate names", {
      method: null,
      segments: [{ type: "param", name: "a" }, { type: "param", name: "a" }],
      file: "f",
      data: 0,
    }],
    ["invalid name", {
      method: null,
      segments: [{ type: "param", name: "a b" }],
      file: "f",
      data: 0,
    }],
    ["empty static", {
      method: null,
      segments: [{ type: "static", value: "" }],
      file: "f",
      data: 0,
    }],
    ["unknown type", {
      method: null,
      segments: [{ type: "regex", name: "a" }],
      file: "f",
      data: 0,
    }],
  ];
  for (const [name, definition] of cases) {
    await t.step(name, () => {
      assert.throws(
        () => createRouteTable([definition as never]),
        (error: unknown) =>
          error instanceof TypeError && error.message.startsWith("Cannot add route from 'f': "),
      );
    });
  }
});
