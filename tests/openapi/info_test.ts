import assert from "node:assert/strict";
import { basename } from "node:path";
import { readInfo } from "../../src/openapi/info.ts";

Deno.test("readInfo - from redocly.yaml and deno.json, with fallbacks", async (t) => {
  const table: Array<[string, Record<string, string>, Record<string, unknown> | "fallback"]> = [
    ["nothing: the folder's name and 0.0.0", {}, "fallback"],
    ["deno.json name and version", { "deno.json": '{ "name": "@a/b", "version": "3.0.0" }' }, {
      title: "@a/b",
      version: "3.0.0",
    }],
    ["deno.jsonc with comments", { "deno.jsonc": '{\n// c\n"version": "1.0.0", }' }, {
      version: "1.0.0",
    }],
    ["seo.title wins over the name", {
      "redocly.yaml": "seo:\n  title: Notes\n  description: Notes API\n",
      "deno.json": '{ "name": "@a/b", "license": "Apache-2.0" }',
    }, {
      title: "Notes",
      version: "0.0.0",
      description: "Notes API",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    }],
    ["a license that is not an SPDX id has no identifier", {
      "deno.json": '{ "license": "see LICENSE file" }',
    }, { license: { name: "see LICENSE file" } }],
  ];
  for (const [title, files, expected] of table) {
    await t.step(title, async () => {
      const root = await Deno.makeTempDir({ prefix: "apifn_info_" });
      for (const [name, text] of Object.entries(files)) {
        await Deno.writeTextFile(`${root}/${name}`, text);
      }
      const info = await readInfo(root);
      if (expected === "fallback") {
        assert.deepEqual(info, { title: basename(root), version: "0.0.0" });
      } else {
        for (const [key, value] of Object.entries(expected)) {
          assert.deepEqual(info[key as keyof typeof info], value);
        }
      }
      await Deno.remove(root, { recursive: true });
    });
  }
});
