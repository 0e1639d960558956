import assert from "node:assert/strict";
import { parseDisplayPath, toPathTemplates } from "../../src/openapi/path_template.ts";
import { parseRouteFile } from "../../src/routing/filename.ts";
import { formatSegments } from "../../src/routing/segment.ts";

/** A file in `@api/` → its display path (as `app.routes` shows it) → its templates. */
function templatesOf(file: string) {
  const parsed = parseRouteFile(file)!;
  return toPathTemplates(formatSegments([{ type: "static", value: "api" }, ...parsed.segments]));
}

Deno.test("toPathTemplates - file names to OpenAPI path templates", async (t) => {
  const table: Array<[string, string[], Array<[string, "param" | "rest"]>]> = [
    ["notes.get.ts", ["/api/notes"], []],
    ["index.ts", ["/api"], []],
    ["notes/index.post.ts", ["/api/notes"], []],
    ["notes/[id].get.ts", ["/api/notes/{id}"], [["id", "param"]]],
    ["[org]/[repo]/issues.ts", ["/api/{org}/{repo}/issues"], [["org", "param"], [
      "repo",
      "param",
    ]]],
    ["files/[...path].get.ts", ["/api/files/{path}"], [["path", "rest"]]],
    ["docs/[[...slug]].ts", ["/api/docs", "/api/docs/{slug}"], [["slug", "rest"]]],
    ["feed.xml.get.ts", ["/api/feed.xml"], []],
    ["100%.ts", ["/api/100%25"], []],
    ["a b.ts", ["/api/a%20b"], []],
    ["user@host:1.ts", ["/api/user@host:1"], []],
    ["caf\u00e9.ts", ["/api/caf%C3%A9"], []],
    ["{x}.ts", ["/api/%7Bx%7D"], []],
  ];
  for (const [file, templates, params] of table) {
    await t.step(`${file} → ${templates.join(" + ")}`, () => {
      const got = templatesOf(file);
      assert.deepEqual(got.map((g) => g.template), templates);
      assert.deepEqual(got.at(-1)!.params.map((p) => [p.name, p.kind]), params);
    });
  }
});

Deno.test("toPathTemplates - keys leave parameter names out, so equal patterns share a path", () => {
  assert.equal(templatesOf("[id].get.ts")[0]!.key, templatesOf("[key].put.ts")[0]!.key);
  assert.notEqual(templatesOf("[id].ts")[0]!.key, templatesOf("id.ts")[0]!.key);
  const [without, withRest] = templatesOf("docs/[[...slug]].ts");
  assert.equal(without!.key, templatesOf("docs.ts")[0]!.key);
  assert.deepEqual(without!.params, []);
  assert.equal(withRest!.key, templatesOf("docs/[...all].ts")[0]!.key);
});

Deno.test("parseDisplayPath - refuses what is not a display path", async (t) => {
  for (const path of ["api/x", "/a//b", "/[a", "/a]", "/x[id]", ""]) {
    await t.step(JSON.stringify(path), () => {
      assert.throws(() => parseDisplayPath(path), SyntaxError);
    });
  }
});
