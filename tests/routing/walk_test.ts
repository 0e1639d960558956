import assert from "node:assert/strict";
import { denoFs } from "../../src/routing/fs.ts";
import { scanFolders } from "../../src/routing/scan.ts";
import { formatSegments } from "../../src/routing/segment.ts";
import { walkFolders } from "../../src/routing/walk.ts";
import { diskFixture } from "./_fs_fixture.ts";

Deno.test("walkFolders - follows symbolic links and stops at cycles", async () => {
  await using fixture = await diskFixture({ "@api/a/x.get.ts": {}, "shared/y.post.ts": {} });
  const { root } = fixture;
  await Deno.symlink(`${root}/shared`, `${root}/@api/shared`);
  await Deno.symlink(`${root}/@api`, `${root}/@api/a/loop`);
  const { files, warnings } = await scanFolders(denoFs, { root });
  assert.deepEqual(files.map((f) => `${f.method} ${formatSegments(f.segments)} <- ${f.relative}`), [
    "GET /api/a/x <- @api/a/x.get.ts",
    "POST /api/shared/y <- @api/shared/y.post.ts",
  ]);
  assert.deepEqual(warnings, ["Skipped '@api/a/loop': a symbolic link back to '@api'"]);
});

Deno.test("walkFolders - treats a folder removed during the walk as empty", async () => {
  await using fixture = await diskFixture({ "fns/a.ts": {} });
  const folders = [{ path: "gone", mount: [{ type: "static" as const, value: "gone" }] }];
  const result = await walkFolders(denoFs, { root: fixture.root, folders, warnings: [] });
  assert.deepEqual(result, { files: [], middlewares: [], errors: [] });
});
