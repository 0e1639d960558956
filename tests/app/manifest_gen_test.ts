import assert from "node:assert/strict";
import type { AppManifest } from "../../src/app/manifest.ts";
import { renderManifest } from "../../src/app/manifest_gen.ts";
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
