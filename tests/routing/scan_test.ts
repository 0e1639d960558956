import assert from "node:assert/strict";
import { createMemoryFs } from "../../src/routing/fs.ts";
import { type RouteFile, scanFolders } from "../../src/routing/scan.ts";
import { formatSegments } from "../../src/routing/segment.ts";
import { FACTORIES, type FsFactory } from "./_fs_fixture.ts";

/** `"METHOD /path <- relative"` per file: compact and complete enough to compare. */
function summary(files: RouteFile[]): string[] {
  return files.map((f) => `${f.method ?? "ANY"} ${formatSegments(f.segments)} <- ${f.relative}`);
}

/** The scanning behaviour shared by every file system, run on memory and on disk. */
function scanConformance(label: string, factory: FsFactory): void {
  function test(name: string, fn: (t: Deno.TestContext) => Promise<void>): void {
    Deno.test(`scanFolders (${label}) - ${name}`, fn);
  }

  test("mounts @api at /api with absolute and relative paths", async () => {
    await using fixture = await factory({
      "@api/notes.get.ts": {},
      "@api/notes/[id].delete.ts": {},
      "@api/index.ts": {},
    });
    const { files, warnings } = await scanFolders(fixture.fs, { root: fixture.root });
    assert.deepEqual(summary(files), [
      "ANY /api <- @api/index.ts",
      "DELETE /api/notes/[id] <- @api/notes/[id].delete.ts",
      "GET /api/notes <- @api/notes.get.ts",
    ]);
    assert.deepEqual(files[1], {
      file: `${fixture.root}/@api/notes/[id].delete.ts`,
      relative: "@api/notes/[id].delete.ts",
      folder: "/@api",
      method: "DELETE",
      segments: [
        { type: "static", value: "api" },
        { type: "static", value: "notes" },
        { type: "param", name: "id" },
      ],
    });
    assert.deepEqual(warnings, []);
  });

  test("mounts extra folders at their own path, whatever the slashes", async (t) => {
    await using fixture = await factory({ "@api/a.ts": {}, "my/fns/hello.post.ts": {} });
    for (const folder of ["/my/fns", "my/fns", "my/fns/", "/my/fns/", "./my//fns", "my\\fns"]) {
      await t.step(folder, async () => {
        const { files, warnings } = await scanFolders(fixture.fs, {
          root: fixture.root,
          folders: [folder],
        });
        assert.deepEqual(summary(files), [
          "ANY /api/a <- @api/a.ts",
          "POST /my/fns/hello <- my/fns/hello.post.ts",
        ]);
        assert.equal(files[1]?.folder, "/my/fns");
        assert.equal(files[1]?.file, `${fixture.root}/my/fns/hello.post.ts`);
        assert.deepEqual(warnings, []);
      });
    }
  });

  test("deduplicates @api and repeated folders", async () => {
    await using fixture = await factory({ "@api/a.ts": {}, "blog/feed.xml.get.ts": {} });
    const { files } = await scanFolders(fixture.fs, {
      root: `${fixture.root}/`,
      folders: ["/@api", "@api/", "/blog", "blog/"],
    });
    assert.deepEqual(summary(files), [
      "ANY /api/a <- @api/a.ts",
      "GET /blog/feed.xml <- blog/feed.xml.get.ts",
    ]);
  });

  test("skips ignored files and folders", async () => {
    await using fixture = await factory({
      "@api/hello.ts": {},
      "@api/_util.ts": {},
      "@api/_lib/[bad][name].ts": {},
      "@api/.hidden/x.ts": {},
      "@api/hello_test.ts": {},
      "@api/hello.test.ts": {},
      "@api/types.d.ts": {},
      "@api/README.md": "# docs",
      "@api/data.json": {},
    });
    const { files } = await scanFolders(fixture.fs, { root: fixture.root });
    assert.deepEqual(summary(files), ["ANY /api/hello <- @api/hello.ts"]);
  });

  test("lists files in name order, whatever the order on the file system", async () => {
    await using fixture = await factory({
      "@api/z.ts": {},
      "@api/b/[id].ts": {},
      "@api/a.get.ts": {},
      "@api/b.ts": {},
      "@api/a.post.ts": {},
      "@api/[slug].ts": {},
      "extra/y.ts": {},
    });
    const { files } = await scanFolders(fixture.fs, { root: fixture.root, folders: ["extra"] });
    assert.deepEqual(files.map((f) => f.relative), [
      "@api/[slug].ts",
      "@api/a.get.ts",
      "@api/a.post.ts",
      "@api/b/[id].ts",
      "@api/b.ts",
      "@api/z.ts",
      "extra/y.ts",
    ]);
  });

  test("reports every invalid file name in one SyntaxError", async () => {
    await using fixture = await factory({
      "@api/ok.ts": {},
      "@api/[a][b].ts": {},
      "@api/x/foo-[id].get.ts": {},
      "blog/[[id]].ts": {},
    });
    await assert.rejects(
      () => scanFolders(fixture.fs, { root: fixture.root, folders: ["blog"] }),
      (error: unknown) => {
        assert.ok(error instanceof SyntaxError);
        const lines = error.message.split("\n");
        assert.equal(lines[0], "Cannot scan function folders: 3 invalid file names");
        assert.equal(lines.length, 4);
        assert.equal(
          lines[1],
          "  Cannot parse route file '@api/[a][b].ts': two parameters in one segment",
        );
        assert.match(lines[2]!, /^ {2}Cannot parse route file '@api\/x\/foo-\[id\]\.get\.ts': /);
        assert.match(lines[3]!, /^ {2}Cannot parse route file 'blog\/\[\[id\]\]\.ts': optional/);
        return true;
      },
    );
  });

  test("refuses a backslash or a control character in a file or folder name", async () => {
    await using fixture = await factory({
      "@api/b/c.get.ts": {},
      "@api/b\\c.get.ts": {},
      "@api/x\\y/z.ts": {},
      "@api/bell\u0007.ts": {},
      "@api/Icon\r": {},
    });
    await assert.rejects(
      () => scanFolders(fixture.fs, { root: fixture.root }),
      (error: unknown) => {
        assert.ok(error instanceof SyntaxError);
        assert.deepEqual(error.message.split("\n"), [
          "Cannot scan function folders: 3 invalid file names",
          "  Cannot parse route file '@api/b\\c.get.ts': a backslash in the name 'b\\c.get.ts'",
          "  Cannot parse route file '@api/bell\\u0007.ts': a control character (U+0007) in the " +
          "name 'bell\\u0007.ts'",
          "  Cannot parse route file '@api/x\\y/z.ts': a backslash in the name 'x\\y'",
        ]);
        return true;
      },
    );
  });

  test("warns about upper-case method suffixes", async () => {
    await using fixture = await factory({ "@api/hello.GET.ts": {}, "@api/x.Post.js": {} });
    const { files, warnings } = await scanFolders(fixture.fs, { root: fixture.root });
    assert.deepEqual(summary(files), [
      "ANY /api/hello.GET <- @api/hello.GET.ts",
      "ANY /api/x.Post <- @api/x.Post.js",
    ]);
    assert.deepEqual(warnings, [
      "Route file '@api/hello.GET.ts' answers every method at '/api/hello.GET': did you mean '.get'?",
      "Route file '@api/x.Post.js' answers every method at '/api/x.Post': did you mean '.post'?",
    ]);
  });

  test("warns about a missing extra folder but not a missing @api", async () => {
    await using fixture = await factory({ "blog/a.ts": {} });
    const { files, warnings } = await scanFolders(fixture.fs, {
      root: fixture.root,
      folders: ["blog", "/later/fns/"],
    });
    assert.deepEqual(summary(files), ["ANY /blog/a <- blog/a.ts"]);
    assert.deepEqual(warnings, ["Function folder '/later/fns' does not exist yet"]);
  });

  test("warns once when no function folder exists", async () => {
    await using fixture = await factory({ "src/a.ts": {} });
    assert.deepEqual(await scanFolders(fixture.fs, { root: fixture.root, folders: ["fns"] }), {
      files: [],
      middlewares: [],
      warnings: ["No function folder exists yet: '/@api', '/fns'"],
      folders: [`${fixture.root}/@api`, `${fixture.root}/fns`],
    });
  });

  test("drops a folder inside another with a warning", async () => {
    await using fixture = await factory({ "blog/a.ts": {}, "blog/api/b.ts": {} });
    const { files, warnings } = await scanFolders(fixture.fs, {
      root: fixture.root,
      folders: ["blog/api", "blog"],
    });
    assert.deepEqual(summary(files), [
      "ANY /blog/a <- blog/a.ts",
      "ANY /blog/api/b <- blog/api/b.ts",
    ]);
    assert.deepEqual(warnings, [
      "Function folder '/blog/api' is inside '/blog': its files are scanned as part of '/blog'",
    ]);
  });

  test("rejects a relative root", async () => {
    await using fixture = await factory({ "@api/a.ts": {} });
    await assert.rejects(() => scanFolders(fixture.fs, { root: "project" }), TypeError);
  });

  test("scans a listed folder whose name starts with a dot", async () => {
    await using fixture = await factory({ ".well-known/security.txt.get.ts": {} });
    const { files } = await scanFolders(fixture.fs, {
      root: fixture.root,
      folders: ["/.well-known"],
    });
    assert.deepEqual(summary(files), [
      "GET /.well-known/security.txt <- .well-known/security.txt.get.ts",
    ]);
  });
}

for (const [label, factory] of FACTORIES) scanConformance(label, factory);

Deno.test("scanFolders - accepts Windows roots and writes POSIX paths", async () => {
  const fs = createMemoryFs({ "fns/v1/a.ts": {} }, { root: "C:/proj" });
  const { files } = await scanFolders(fs, { root: "C:\\proj\\", folders: ["fns\\v1"] });
  assert.deepEqual(files.map((f) => [f.file, f.relative, f.folder]), [
    ["C:/proj/fns/v1/a.ts", "fns/v1/a.ts", "/fns/v1"],
  ]);
});
