import assert from "node:assert/strict";
import type { AppManifest } from "../../src/app/manifest.ts";
import { manifestWarnings, renderManifest } from "../../src/app/manifest_gen.ts";
import { createApp } from "../../src/app.ts";
import { fileUrl } from "../../src/app/modules.ts";
import { ODD_NAMES, writeOddProject } from "./_odd_names.ts";

Deno.test("renderManifest - each import names exactly the file it was scanned from", async (t) => {
  await using project = await writeOddProject();
  for (const out of ["apifn.manifest.ts", "gen/deep/apifn.manifest.ts"]) {
    await t.step(out, async () => {
      const { text, path, files } = await renderManifest(project.root, { out });
      assert.deepEqual([...files].sort(), [...ODD_NAMES].sort());
      await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
      await Deno.writeTextFile(path, text);
      const manifest = (await import(fileUrl(path).href)).default as AppManifest;
      assert.equal(manifest.functions.length, ODD_NAMES.length);
      for (const fn of manifest.functions) {
        assert.ok("load" in fn);
        assert.equal((await fn.load()).self, fn.file);
      }
    });
  }
});

Deno.test("renderManifest - lists middleware files as literal imports; the app runs them", async () => {
  const root = await Deno.makeTempDir({ prefix: "apifn_gen_mw_" });
  try {
    const files: Record<string, string> = {
      "@api/_middleware.ts": "export default async (_r, ctx, next) => {\n" +
        "  ctx.state.trail = ['root'];\n  const res = await next();\n" +
        "  res.headers.set('x-mw', 'root');\n  return res;\n};\n" +
        "export const config = { all: true };\n",
      "@api/notes/_middleware.ts": "export default (_r, ctx, next) => {\n" +
        "  ctx.state.trail.push('notes');\n  return next();\n};\n",
      "@api/notes/[id].get.ts": "export default (_r, ctx) => ctx.json(ctx.state);\n",
    };
    for (const [name, text] of Object.entries(files)) {
      await Deno.mkdir(`${root}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(`${root}/${name}`, text);
    }
    const { text, path, files: functions, middlewares } = await renderManifest(root);
    assert.deepEqual(functions, ["@api/notes/[id].get.ts"]);
    assert.deepEqual(middlewares, ["@api/_middleware.ts", "@api/notes/_middleware.ts"]);
    assert.match(text, /load: \(\) => import\("\.\/@api\/_middleware\.ts"\)/);
    assert.match(text, /load: \(\) => import\("\.\/@api\/notes\/_middleware\.ts"\)/);
    await Deno.writeTextFile(path, text);
    const manifest = (await import(fileUrl(path).href)).default as AppManifest;
    assert.deepEqual(await manifestWarnings(root, { path, manifest }), []);
    // The app reads nothing from the folders: the modules come from the manifest.
    const app = await createApp({ root: "/elsewhere", manifest, kv: ":memory:", loadEnv: false });
    try {
      const response = await app.fetch(new Request("http://x/api/notes/1"));
      assert.deepEqual(await response.json(), { trail: ["root", "notes"] });
      assert.equal(response.headers.get("x-mw"), "root");
      const missing = await app.fetch(new Request("http://x/api/nope"));
      assert.equal(missing.status, 404);
      assert.equal(missing.headers.get("x-mw"), "root"); // config.all came through the manifest
      await missing.body?.cancel();
      assert.deepEqual(app.routes[0]?.middleware, [
        "@api/_middleware.ts",
        "@api/notes/_middleware.ts",
      ]);
    } finally {
      await app.close();
    }
    await Deno.mkdir(`${root}/@api/notes/sub`);
    await Deno.writeTextFile(`${root}/@api/notes/sub/_middleware.ts`, "export default 1;\n");
    assert.deepEqual(await manifestWarnings(root, { path, manifest }), [
      "'@api/notes/sub/_middleware.ts' is not in the manifest (run 'apifn gen')",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
