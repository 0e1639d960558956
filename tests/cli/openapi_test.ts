import assert from "node:assert/strict";
import { parse } from "yaml";
import { writeShop } from "../openapi/_project.ts";
import { run } from "./_cli.ts";

Deno.test("apifn openapi - JSON on standard output, the same on every run", async () => {
  const root = await writeShop();
  try {
    const first = await run(["openapi", "--root", root]);
    const second = await run(["openapi", "--root", root]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.stdout, first.stdout);
    const document = JSON.parse(first.stdout);
    assert.equal(document.openapi, "3.1.0");
    assert.equal(document.info.title, "Shop API");
    assert.equal(document.paths["/api/products/{id}"].get.operationId, "getProductsById");
    assert.match(first.stderr, /warning: @api\/dup2\.get\.ts: operationId 'same' is used/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn openapi - --out writes YAML by the file's extension, JSON otherwise", async (t) => {
  const root = await writeShop();
  try {
    const json = JSON.parse((await run(["openapi", "--root", root])).stdout);
    for (const name of ["openapi.yaml", "openapi.YML", "openapi.json", "openapi.txt"]) {
      await t.step(name, async () => {
        const out = `${root}/${name}`;
        const result = await run(["openapi", "--root", root, "--out", out]);
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /wrote .* \(18 operations\)/);
        const text = await Deno.readTextFile(out);
        const yaml = /\.ya?ml$/i.test(name);
        assert.equal(text.trimStart().startsWith("{"), !yaml);
        assert.deepEqual(yaml ? parse(text) : JSON.parse(text), json);
      });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn openapi - a function file that fails to import: exit 1, nothing written", async () => {
  const root = await writeShop();
  try {
    await Deno.writeTextFile(`${root}/@api/broken.get.ts`, "export default (;\n");
    const result = await run(["openapi", "--root", root, "--out", `${root}/o.json`]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^apifn: Cannot write the OpenAPI document:\nCannot load function file '@api\/broken\.get\.ts': /m,
    );
    await assert.rejects(Deno.stat(`${root}/o.json`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn openapi - --help, and a bad flag is a usage error", async () => {
  const help = await run(["openapi", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: apifn openapi \[--root <dir>\] \[--out <file>\]/);
  assert.equal((await run(["openapi", "--yaml"])).code, 2);
});
