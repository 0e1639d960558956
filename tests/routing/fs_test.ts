import assert from "node:assert/strict";
import { createMemoryFs, denoFs, type FsAdapter, type FsEntry } from "../../src/routing/fs.ts";
import { diskFixture, FACTORIES, type FsFactory } from "./_fs_fixture.ts";

const FILES = {
  "@api/notes.get.ts": { default: "list" },
  "@api/notes/[id].get.ts": { default: "one" },
  "@api/_util.ts": {},
};

async function list(fs: FsAdapter, path: string): Promise<FsEntry[]> {
  const entries: FsEntry[] = [];
  for await (const entry of fs.readDir(path)) entries.push(entry);
  return entries.sort((a, b) => a.name < b.name ? -1 : 1);
}

/** The behaviour every `FsAdapter` must share, run on memory and on disk. */
function fsConformance(label: string, factory: FsFactory): void {
  Deno.test(`FsAdapter (${label}) - readDir lists files and folders with their kind`, async () => {
    await using fixture = await factory(FILES);
    assert.deepEqual(await list(fixture.fs, `${fixture.root}/@api`), [
      { name: "_util.ts", isFile: true, isDirectory: false, isSymlink: false },
      { name: "notes", isFile: false, isDirectory: true, isSymlink: false },
      { name: "notes.get.ts", isFile: true, isDirectory: false, isSymlink: false },
    ]);
    assert.deepEqual((await list(fixture.fs, `${fixture.root}/@api/notes/`)).map((e) => e.name), [
      "[id].get.ts",
    ]);
  });

  Deno.test(`FsAdapter (${label}) - readDir throws NotFound for a missing folder`, async () => {
    await using fixture = await factory(FILES);
    await assert.rejects(() => list(fixture.fs, `${fixture.root}/missing`), Deno.errors.NotFound);
  });

  Deno.test(`FsAdapter (${label}) - isDirectory tells folders from files and missing paths`, async (t) => {
    await using fixture = await factory(FILES);
    const cases: [string, boolean][] = [
      ["", true],
      ["/@api", true],
      ["/@api/", true],
      ["/@api/notes", true],
      ["/@api/notes.get.ts", false],
      ["/@api/notes.get.ts/x", false],
      ["/missing", false],
      ["/missing/deeper", false],
    ];
    for (const [suffix, expected] of cases) {
      await t.step(suffix || "(root)", async () => {
        assert.equal(await fixture.fs.isDirectory(fixture.root + suffix), expected);
      });
    }
  });

  Deno.test(`FsAdapter (${label}) - realPath resolves a folder inside the root`, async () => {
    await using fixture = await factory(FILES);
    const realPath = fixture.fs.realPath!;
    assert.equal(await realPath(`${fixture.root}/@api`), `${await realPath(fixture.root)}/@api`);
  });
}

for (const [label, factory] of FACTORIES) fsConformance(label, factory);

Deno.test("createMemoryFs - load returns the module object of a file", async () => {
  const handler = () => new Response("hi");
  const fs = createMemoryFs({ "@api/hello.ts": { default: handler } }, { root: "/srv/app/" });
  const module = await fs.load("/srv/app/@api/hello.ts");
  assert.equal(module.default, handler);
  assert.equal(await fs.isDirectory("/srv/app"), true);
  assert.equal(await fs.isDirectory("/project"), false);
});

Deno.test("createMemoryFs - load rejects missing files and non-module values", async () => {
  const fs = createMemoryFs({ "@api/README.md": "# notes", "@api/a.ts": {} });
  await assert.rejects(() => fs.load("/project/@api/b.ts"), Deno.errors.NotFound);
  await assert.rejects(() => fs.load("/project/@api"), Deno.errors.NotFound);
  await assert.rejects(() => fs.load("/project/@api/README.md"), TypeError);
});

Deno.test("createMemoryFs - yields entries in insertion order", async () => {
  const fs = createMemoryFs({ "b.ts": {}, "a.ts": {}, "c/d.ts": {} });
  const names = [];
  for await (const entry of fs.readDir("/project")) names.push(entry.name);
  assert.deepEqual(names, ["b.ts", "a.ts", "c"]);
});

Deno.test("createMemoryFs - rejects malformed keys and roots", async (t) => {
  const cases: [string, Record<string, unknown>, { root?: string }][] = [
    ["absolute key", { "/a.ts": {} }, {}],
    ["empty component", { "a//b.ts": {} }, {}],
    ["dot component", { "./a.ts": {} }, {}],
    ["dot-dot component", { "a/../b.ts": {} }, {}],
    ["file and folder", { "a": {}, "a/b.ts": {} }, {}],
    ["folder then file", { "a/b.ts": {}, "a": {} }, {}],
    ["relative root", { "a.ts": {} }, { root: "project" }],
  ];
  for (const [name, files, options] of cases) {
    await t.step(name, () => assert.throws(() => createMemoryFs(files, options), TypeError));
  }
});

Deno.test("denoFs - follows symbolic links to files and folders", async () => {
  await using fixture = await diskFixture({ "target/x.get.ts": {}, "@api/a.ts": {} });
  const { root } = fixture;
  await Deno.symlink(`${root}/target`, `${root}/@api/linked`);
  await Deno.symlink(`${root}/target/x.get.ts`, `${root}/@api/file.get.ts`);
  await Deno.symlink(`${root}/nowhere`, `${root}/@api/broken.ts`);
  assert.deepEqual(await list(denoFs, `${root}/@api`), [
    { name: "a.ts", isFile: true, isDirectory: false, isSymlink: false },
    { name: "broken.ts", isFile: false, isDirectory: false, isSymlink: true },
    { name: "file.get.ts", isFile: true, isDirectory: false, isSymlink: true },
    { name: "linked", isFile: false, isDirectory: true, isSymlink: true },
  ]);
  assert.equal(await denoFs.isDirectory(`${root}/@api/linked`), true);
  assert.equal(
    await denoFs.realPath!(`${root}/@api/linked`),
    await Deno.realPath(`${root}/target`),
  );
});
