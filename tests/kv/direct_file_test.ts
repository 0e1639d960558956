import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { openVerified } from "../../src/kv/direct_file.ts";
import { fileIdentity } from "../../src/kv/file_identity.ts";

Deno.test("openVerified - opens only the file Deno KV has, of the schema apifn knows", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-direct-file-" });
  const kvFile = `${dir}/kv.sqlite3`;
  (await Deno.openKv(kvFile)).close();
  const plain = `${dir}/plain.sqlite3`;
  new DatabaseSync(plain).exec("CREATE TABLE t (x)");
  const cases: [string, string, string | undefined, boolean][] = [
    ["a Deno KV file, its own identity", kvFile, fileIdentity(kvFile), true],
    ["a Deno KV file, no identity to compare", kvFile, undefined, true],
    ["a Deno KV file, another file's identity", kvFile, fileIdentity(plain), false],
    ["a SQLite file of another schema", plain, fileIdentity(plain), false],
    ["an empty file", await Deno.makeTempFile({ dir }), undefined, false],
  ];
  try {
    for (const [name, path, identity, opens] of cases) {
      await t.step(name, () => {
        const db = openVerified(DatabaseSync, path, { identity, pragmas: ["busy_timeout = 1234"] });
        assert.equal(db !== undefined, opens);
        if (!db) return;
        assert.deepEqual({ ...db.prepare("PRAGMA busy_timeout").get() }, { timeout: 1234 });
        db.close();
      });
    }
    await t.step("read-only", () => {
      const db = openVerified(DatabaseSync, kvFile, { readOnly: true })!;
      assert.throws(() => db.exec("DELETE FROM kv"), /readonly/);
      db.close();
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
