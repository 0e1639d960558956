import assert from "node:assert/strict";
import {
  createVersionedLoader,
  denoLoader,
  fileUrl,
  loadFunction,
  type ModuleLoader,
} from "../../src/app/modules.ts";
import { denoFs } from "../../src/routing/fs.ts";
import { scanFolders } from "../../src/routing/scan.ts";
import { ODD_NAMES, writeOddProject } from "./_odd_names.ts";

Deno.test("fileUrl - escapes characters a URL path cannot carry", async (t) => {
  const cases: [string, string][] = [
    ["/p/@api/notes.get.ts", "file:///p/@api/notes.get.ts"],
    ["/p/@api/[id].ts", "file:///p/@api/%5Bid%5D.ts"],
    ["/p/a#b?c%d.ts", "file:///p/a%23b%3Fc%25d.ts"],
    ["/p/sp ace.ts", "file:///p/sp%20ace.ts"],
    ["/p/b\\c.ts", "file:///p/b%5Cc.ts"],
    ["/p/%41.ts", "file:///p/%2541.ts"],
    ["/p/x%2Fy.ts", "file:///p/x%252Fy.ts"],
    ["/p/caf\u00e9.ts", "file:///p/caf%C3%A9.ts"],
  ];
  for (const [path, href] of cases) {
    await t.step(path, () => assert.equal(fileUrl(path).href, href));
  }
  await t.step("a relative path is refused", () => {
    assert.throws(() => fileUrl("p/a.ts"), { name: "TypeError", message: /'p\/a\.ts'/ });
  });
});

Deno.test("loadFunction - checks the default export", async (t) => {
  const cases: [string, Record<string, unknown>, RegExp | null][] = [
    ["a function", { default: () => new Response() }, null],
    ["no default export", { handler: () => new Response() }, /no default export/],
    ["a string default", { default: "x" }, /default export is a string, not a function/],
    ["a null default", { default: null }, /default export is null, not a function/],
  ];
  for (const [name, module, problem] of cases) {
    await t.step(name, async () => {
      const loaded = await loadFunction(() => Promise.resolve(module), "/p/x.ts", {
        relative: "@api/x.ts",
      });
      if (problem === null) assert.equal(loaded.ok, true);
      else {
        assert.ok(!loaded.ok && loaded.kind === "no-default");
        assert.match(loaded.message, /^Function file '@api\/x\.ts' is not routed: /);
        assert.match(loaded.message, problem);
      }
    });
  }
  await t.step("an import error", async () => {
    const loaded = await loadFunction(
      () => Promise.reject(new SyntaxError("Unexpected eof")),
      "/p/x.ts",
      {
        relative: "@api/x.ts",
      },
    );
    assert.ok(!loaded.ok && loaded.kind === "import-error");
    assert.equal(loaded.message, "Cannot load function file '@api/x.ts': Unexpected eof");
  });
});

Deno.test("function loaders - every route file imports exactly the file it was scanned from", async (t) => {
  await using project = await writeOddProject();
  const { files } = await scanFolders(denoFs, { root: project.root });
  assert.deepEqual(files.map((file) => file.relative).sort(), [...ODD_NAMES].sort());
  const loaders: [string, ModuleLoader][] = [
    ["denoLoader", denoLoader],
    ["createVersionedLoader", createVersionedLoader()],
  ];
  for (const [name, load] of loaders) {
    await t.step(name, async () => {
      for (const file of files) assert.equal((await load(file.file)).self, file.relative);
    });
  }
});

Deno.test("loadFunction - wraps a function in its openapi operation, and only then", async (t) => {
  const handler = () => new Response();
  const load = (module: Record<string, unknown>) =>
    loadFunction(() => Promise.resolve(module), "/p/x.ts", { relative: "@api/x.ts" });
  await t.step("no openapi: the default export itself, nothing to pay", async () => {
    const loaded = await load({ default: handler });
    assert.ok(loaded.ok);
    assert.equal(loaded.handler, handler);
    assert.equal(loaded.operation, undefined);
  });
  await t.step("an openapi export: the operation, and the handler around it", async () => {
    const openapi = { parameters: [{ name: "q", in: "query", required: true }] };
    const loaded = await load({ default: handler, openapi });
    assert.ok(loaded.ok);
    assert.notEqual(loaded.handler, handler);
    assert.equal(loaded.operation, openapi);
    assert.throws(
      () => loaded.handler(new Request("http://x/"), { params: {} } as never),
      { status: 400, errors: [{ in: "query", name: "q", detail: "is required" }] },
    );
  });
  await t.step("an openapi export that is not an object", async () => {
    const loaded = await load({ default: handler, openapi: "GET /x" });
    assert.ok(!loaded.ok && loaded.kind === "import-error");
    assert.equal(
      loaded.message,
      "Cannot use the openapi export of '@api/x.ts': it must be an OpenAPI Operation Object",
    );
  });
});
