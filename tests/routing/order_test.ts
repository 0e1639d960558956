import assert from "node:assert/strict";
import { compareRoutes } from "../../src/routing/order.ts";
import { definitionOf, shuffled, tableOf } from "./_routes.ts";

Deno.test("createRouteTable - lists routes in match order", () => {
  const files = [
    "notes/[id].ts",
    "notes/[id].put.ts",
    "notes/[id].get.ts",
    "notes.post.ts",
    "notes.get.ts",
    "[...all].ts",
    "[[...opt]].get.ts",
    "[page].get.ts",
    "about.ts",
    "index.get.ts",
    "zebra/x.ts",
  ];
  const expected = [
    ["GET", "/", "index.get.ts"],
    ["ANY", "/about", "about.ts"],
    ["GET", "/notes", "notes.get.ts"],
    ["POST", "/notes", "notes.post.ts"],
    ["GET", "/notes/[id]", "notes/[id].get.ts"],
    ["PUT", "/notes/[id]", "notes/[id].put.ts"],
    ["ANY", "/notes/[id]", "notes/[id].ts"],
    ["ANY", "/zebra/x", "zebra/x.ts"],
    ["GET", "/[page]", "[page].get.ts"],
    ["ANY", "/[...all]", "[...all].ts"],
    ["GET", "/[[...opt]]", "[[...opt]].get.ts"],
  ];
  for (let seed = 1; seed <= 10; seed++) {
    const table = tableOf(...shuffled(files, seed));
    assert.deepEqual(table.routes.map((r) => [r.method ?? "ANY", r.path, r.file]), expected);
    assert.ok(Object.isFrozen(table.routes));
  }
});

Deno.test("compareRoutes - orders ties by method, then path, then file", () => {
  const a = definitionOf("[a].get.ts");
  const b = definitionOf("[b].post.ts");
  const c = definitionOf("[c].ts");
  const sorted = [c, b, a].sort(compareRoutes).map((d) => d.file);
  assert.deepEqual(sorted, ["[a].get.ts", "[b].post.ts", "[c].ts"]);
  assert.equal(compareRoutes(a, a), 0);
  assert.ok(compareRoutes(definitionOf("x/[a].get.ts"), definitionOf("x/[b].get.ts")) < 0);
});
