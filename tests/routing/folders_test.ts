import assert from "node:assert/strict";
import { resolveFolders } from "../../src/routing/folders.ts";

Deno.test("resolveFolders - puts @api first and mounts it at /api", () => {
  const { folders, warnings } = resolveFolders(["/docs/changelog", "/@api", "blog"]);
  assert.deepEqual(folders, [
    { path: "@api", mount: [{ type: "static", value: "api" }] },
    {
      path: "docs/changelog",
      mount: [{ type: "static", value: "docs" }, { type: "static", value: "changelog" }],
    },
    { path: "blog", mount: [{ type: "static", value: "blog" }] },
  ]);
  assert.deepEqual(warnings, []);
});

Deno.test("resolveFolders - normalizes slashes, dots and backslashes", async (t) => {
  for (
    const folder of [
      "/my/fns",
      "my/fns",
      "my/fns/",
      "/my/fns/",
      "./my//fns",
      "my\\fns",
      "my/x/../fns",
    ]
  ) {
    await t.step(folder, () => {
      assert.deepEqual(resolveFolders([folder]).folders.map((f) => f.path), ["@api", "my/fns"]);
    });
  }
});

Deno.test("resolveFolders - rejects folders outside the root or equal to it", async (t) => {
  for (const folder of ["../x", "/../x", "a/../../x", "/", ".", "", "a/.."]) {
    await t.step(JSON.stringify(folder), () => {
      assert.throws(() => resolveFolders([folder]), TypeError);
    });
  }
  await t.step("not a string", () => assert.throws(() => resolveFolders([42 as never]), TypeError));
  await t.step("not an array", () => assert.throws(() => resolveFolders("x" as never), TypeError));
});

Deno.test("resolveFolders - drops folders nested in another with a warning", () => {
  const { folders, warnings } = resolveFolders(["@api/v2", "blog/api", "blog"]);
  assert.deepEqual(folders.map((f) => f.path), ["@api", "blog"]);
  assert.deepEqual(warnings, [
    "Function folder '/@api/v2' is inside '/@api': its files are scanned as part of '/@api'",
    "Function folder '/blog/api' is inside '/blog': its files are scanned as part of '/blog'",
  ]);
});
