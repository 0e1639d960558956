import assert from "node:assert/strict";
import { createRouteTable } from "../../src/routing/table.ts";
import { outcome, tableOf } from "./_routes.ts";

const BAD = "400 Cannot decode path segment";

Deno.test("RouteTable.match - decodes each segment exactly once, after splitting", async (t) => {
  const table = tableOf(
    "files/[name].get.ts",
    "tree/[...path].get.ts",
    "caf\u00e9.get.ts",
    "hello world.get.ts",
    "100%.get.ts",
  );
  const cases: [string, string][] = [
    ["/files/a%2Fb", 'files/[name].get.ts {"name":"a/b"}'],
    ["/files/a%2f", 'files/[name].get.ts {"name":"a/"}'],
    ["/files/a%252Fb", 'files/[name].get.ts {"name":"a%2Fb"}'],
    ["/files/%25", 'files/[name].get.ts {"name":"%"}'],
    ["/files/%E2%82%AC", 'files/[name].get.ts {"name":"\u20ac"}'],
    ["/files/a+b", 'files/[name].get.ts {"name":"a+b"}'],
    ["/files/%3F%23", 'files/[name].get.ts {"name":"?#"}'],
    ["/tree/a%2Fb/c", 'tree/[...path].get.ts {"path":["a/b","c"]}'],
    ["/caf%C3%A9", "caf\u00e9.get.ts {}"],
    ["/hello%20world", "hello world.get.ts {}"],
    ["/100%25", "100%.get.ts {}"],
    ["/%66iles/x", 'files/[name].get.ts {"name":"x"}'],
    ["/files%2Fx", "404"],
  ];
  for (const [path, expected] of cases) {
    await t.step(path, () => assert.equal(outcome(table, "GET", path), expected));
  }
});

Deno.test("RouteTable.match - answers bad-request for malformed escapes", async (t) => {
  const table = tableOf("files/[name].get.ts", "[...all].ts");
  for (
    const path of ["/files/%", "/files/%zz", "/files/%E0%A4%A", "/files/%C3", "/%FF/x", "/x/%"]
  ) {
    await t.step(path, () => assert.ok(outcome(table, "GET", path).startsWith(BAD)));
  }
  await t.step("message", () => {
    assert.deepEqual(table.match("GET", "/files/%zz"), {
      kind: "bad-request",
      message: "Cannot decode path segment '%zz': malformed percent-encoding",
    });
  });
  await t.step("long segments are shortened in the message", () => {
    const result = table.match("GET", `/${"a".repeat(500)}%`);
    assert.ok(result.kind === "bad-request" && result.message.length < 120);
  });
});

Deno.test("RouteTable.match - ignores one trailing slash and rejects empty segments", async (t) => {
  const table = tableOf("index.get.ts", "api/notes.get.ts", "api/[id].get.ts", "x/[...r].ts");
  const cases: [string, string][] = [
    ["/", "index.get.ts {}"],
    ["/api/notes", "api/notes.get.ts {}"],
    ["/api/notes/", "api/notes.get.ts {}"],
    ["/api/7/", 'api/[id].get.ts {"id":"7"}'],
    ["/x/a/b/", 'x/[...r].ts {"r":["a","b"]}'],
    ["//", "404"],
    ["/api/notes//", "404"],
    ["/api//notes", "404"],
    ["//api/notes", "404"],
    ["/api/", "404"],
    ["/x/a//b", "404"],
    ["", "404"],
    ["api/notes", "404"],
    ["*", "404"],
  ];
  for (const [path, expected] of cases) {
    await t.step(JSON.stringify(path), () => assert.equal(outcome(table, "GET", path), expected));
  }
});

Deno.test("RouteTable.match - is case-sensitive", () => {
  const table = tableOf("Notes.get.ts");
  assert.equal(outcome(table, "GET", "/Notes"), "Notes.get.ts {}");
  assert.equal(outcome(table, "GET", "/notes"), "404");
  assert.equal(outcome(table, "GET", "/NOTES"), "404");
});

Deno.test("RouteTable.match - rest needs a segment, optional rest matches none", async (t) => {
  const table = tableOf("one/[...rest].ts", "any/[[...rest]].ts");
  const cases: [string, string][] = [
    ["/one", "404"],
    ["/one/", "404"],
    ["/one/a", 'one/[...rest].ts {"rest":["a"]}'],
    ["/one/a/b/c", 'one/[...rest].ts {"rest":["a","b","c"]}'],
    ["/any", 'any/[[...rest]].ts {"rest":[]}'],
    ["/any/", 'any/[[...rest]].ts {"rest":[]}'],
    ["/any/a", 'any/[[...rest]].ts {"rest":["a"]}'],
    ["/any/a/b", 'any/[[...rest]].ts {"rest":["a","b"]}'],
  ];
  for (const [path, expected] of cases) {
    await t.step(path, () => assert.equal(outcome(table, "GET", path), expected));
  }
});

Deno.test("RouteTable.match - gives each match its own params", () => {
  const table = tableOf("[...path].ts");
  const first = table.match("GET", "/a/b");
  const second = table.match("GET", "/c");
  assert.ok(first.kind === "route" && second.kind === "route");
  assert.notEqual(first.params, second.params);
  assert.deepEqual(first.params, { path: ["a", "b"] });
  assert.deepEqual(second.params, { path: ["c"] });
});

Deno.test("RouteTable.match - handles paths of 10,000 segments", async (t) => {
  const table = tableOf("api/notes.get.ts", "api/[...rest].post.ts", "[a]/[b]/[c].ts");
  const long = "/api" + "/x%20y".repeat(9_999);
  await t.step("rest param", () => {
    const result = table.match("POST", long);
    assert.equal(result.kind, "route");
    const rest = result.kind === "route" ? result.params.rest : undefined;
    assert.ok(Array.isArray(rest));
    assert.equal(rest.length, 9_999);
    assert.equal(rest[9_998], "x y");
  });
  await t.step("405 on the catch-all", () => {
    assert.equal(outcome(table, "GET", long), "405 POST, OPTIONS");
  });
  await t.step("not found", () => {
    assert.equal(outcome(table, "GET", "/a".repeat(10_000)), "404");
    assert.equal(outcome(table, "GET", "/".repeat(10_000)), "404");
  });
  await t.step("a route of 2,000 segments", () => {
    const segments = Array.from({ length: 2_000 }, (_, i) => ({
      type: "static" as const,
      value: `s${i}`,
    }));
    const deep = createRouteTable([{ method: null, segments, file: "deep.ts", data: "deep" }]);
    const path = segments.map((s) => `/${s.value}`).join("");
    assert.equal(deep.match("GET", path).kind, "route");
    assert.equal(deep.match("GET", path + "/more").kind, "not-found");
  });
});

Deno.test("RouteTable.match - answers not-found from an empty table", () => {
  const table = createRouteTable([]);
  assert.deepEqual(table.match("GET", "/"), { kind: "not-found" });
  assert.deepEqual(table.match("OPTIONS", "/x"), { kind: "not-found" });
  assert.equal(table.routes.length, 0);
});
