import assert from "node:assert/strict";
import { createMemoryFs } from "../../src/routing/fs.ts";
import { scanFolders } from "../../src/routing/scan.ts";
import { createRouteTable } from "../../src/routing/table.ts";
import { outcome, tableOf } from "./_routes.ts";

function conflictMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof Error && !(error instanceof TypeError));
    return error.message;
  }
  assert.fail("expected a conflict error");
}

Deno.test("createRouteTable - reports conflicting files", async (t) => {
  const cases: [string, string[], string][] = [
    ["file and index", ["x.get.ts", "x/index.get.ts"], "GET /x: 'x.get.ts', 'x/index.get.ts'"],
    ["method-less file and index", ["x.ts", "x/index.ts"], "ANY /x: 'x.ts', 'x/index.ts'"],
    ["param names", ["[a].get.ts", "[b].get.ts"], "GET /[a]: '[a].get.ts', '[b].get.ts' (as /[b])"],
    [
      "nested param names",
      ["u/[id]/p.post.ts", "u/[uid]/p.post.ts"],
      "POST /u/[id]/p: 'u/[id]/p.post.ts', 'u/[uid]/p.post.ts' (as /u/[uid]/p)",
    ],
    [
      "rest names",
      ["[...a].ts", "[...b].ts"],
      "ANY /[...a]: '[...a].ts', '[...b].ts' (as /[...b])",
    ],
    [
      "optional rest names",
      ["[[...a]].put.ts", "[[...b]].put.ts"],
      "PUT /[[...a]]: '[[...a]].put.ts', '[[...b]].put.ts' (as /[[...b]])",
    ],
    ["root index", ["index.ts", "index.js"], "ANY /: 'index.js', 'index.ts'"],
  ];
  for (const [name, files, line] of cases) {
    await t.step(name, () => {
      const message = conflictMessage(() => tableOf(...files));
      assert.equal(message, `Cannot build route table: 1 route conflict\n  ${line}`);
    });
  }
});

Deno.test("createRouteTable - lists every conflict and every file", () => {
  const message = conflictMessage(() =>
    tableOf("a.get.ts", "a/index.get.ts", "a.mjs.get.ts", "a.get.js", "b.ts", "b/index.ts", "c.ts")
  );
  const lines = message.split("\n");
  assert.equal(lines[0], "Cannot build route table: 2 route conflicts");
  assert.equal(lines.length, 3);
  assert.ok(
    lines.some((l) =>
      l.includes("'a.get.ts'") && l.includes("'a/index.get.ts'") && l.includes("'a.get.js'")
    ),
  );
  assert.ok(lines.some((l) => l.includes("'b.ts'") && l.includes("'b/index.ts'")));
  assert.ok(!message.includes("c.ts") && !message.includes("a.mjs.get.ts"));
});

Deno.test("createRouteTable - reports the same route from two folders", async () => {
  const fs = createMemoryFs({ "@api/x.get.ts": {}, "api/x.get.ts": {} });
  const { files } = await scanFolders(fs, { root: "/project", folders: ["/api"] });
  const message = conflictMessage(() =>
    createRouteTable(files.map((f) => ({ ...f, data: f.relative })))
  );
  assert.equal(
    message,
    "Cannot build route table: 1 route conflict\n" +
      "  GET /api/x: '/project/@api/x.get.ts', '/project/api/x.get.ts'",
  );
});

Deno.test("createRouteTable - accepts overlaps that are not conflicts", async (t) => {
  const cases: [string, string[]][] = [
    ["method file and method-less file", ["x.ts", "x.get.ts"]],
    ["same position, other methods and names", ["[id].get.ts", "[name].post.ts"]],
    ["GET and HEAD files", ["x.get.ts", "x.head.ts"]],
    ["rest and optional rest", ["[...a].get.ts", "[[...a]].get.ts"]],
    ["param and rest", ["[a].ts", "[...a].ts"]],
    ["file and folder of one name", ["notes.get.ts", "notes/[id].get.ts"]],
  ];
  for (const [name, files] of cases) {
    await t.step(name, () => assert.equal(tableOf(...files).routes.length, files.length));
  }
  await t.step("the method file wins for its method", () => {
    const table = tableOf("x.ts", "x.get.ts");
    assert.equal(outcome(table, "GET", "/x"), "x.get.ts {}");
    assert.equal(outcome(table, "POST", "/x"), "x.ts {}");
  });
});
