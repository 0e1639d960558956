import assert from "node:assert/strict";
import { fileIdentity, isOtherFile } from "../../src/kv/file_identity.ts";

Deno.test("fileIdentity - names the file, not the path", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-file-identity-" });
  try {
    const path = `${dir}/kv.sqlite3`;
    await Deno.writeTextFile(path, "a");
    const first = fileIdentity(path);
    await t.step("stable while the file stays", async () => {
      assert.match(first!, /^\d+:\d+$/);
      await Deno.writeTextFile(path, "changed in place");
      assert.equal(fileIdentity(path), first);
    });
    await t.step("a hard link names the same file", async () => {
      await Deno.link(path, `${dir}/link.sqlite3`);
      assert.equal(fileIdentity(`${dir}/link.sqlite3`), first);
    });
    await t.step("another file renamed over the path is another file", async () => {
      assert.equal(isOtherFile(path, first), false);
      await Deno.writeTextFile(`${dir}/other.sqlite3`, "a");
      const other = fileIdentity(`${dir}/other.sqlite3`);
      assert.notEqual(other, first);
      await Deno.rename(`${dir}/other.sqlite3`, path);
      assert.equal(fileIdentity(path), other);
      assert.equal(isOtherFile(path, first), true);
      assert.equal(isOtherFile(path, undefined), false); // no identity taken: never another
    });
    await t.step("a missing path has none", () => {
      assert.equal(fileIdentity(`${dir}/missing.sqlite3`), undefined);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
