import assert from "node:assert/strict";
import { fileUrl, loadFunction } from "../../src/app/modules.ts";

Deno.test("fileUrl - escapes characters a URL path cannot carry", async (t) => {
  const cases: [string, string][] = [
    ["/p/@api/notes.get.ts", "file:///p/@api/notes.get.ts"],
    ["/p/@api/[id].ts", "file:///p/@api/%5Bid%5D.ts"],
    ["/p/a#b?c%d.ts", "file:///p/a%23b%3Fc%25d.ts"],
    ["/p/sp ace.ts", "file:///p/sp%20ace.ts"],
  ];
  for (const [path, href] of cases) {
    await t.step(path, () => assert.equal(fileUrl(path).href, href));
  }
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
