import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { openDirectReader } from "../../src/kv/direct_open.ts";
import { KNOWN_SCHEMA_VERSION } from "../../src/kv/direct_rows.ts";
import { fileIdentity } from "../../src/kv/file_identity.ts";

Deno.test("openDirectReader - no reader for files it cannot read safely", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("a missing file", async () => {
      assert.equal(await openDirectReader(`${dir}/missing.sqlite3`), undefined);
    });
    await t.step("a SQLite file that is not Deno KV's", async () => {
      const db = new DatabaseSync(`${dir}/other.sqlite3`);
      db.exec("CREATE TABLE t (x)");
      db.close();
      assert.equal(await openDirectReader(`${dir}/other.sqlite3`), undefined);
    });
    await t.step("a Deno KV file of another schema version", async () => {
      const path = `${dir}/future.sqlite3`;
      (await Deno.openKv(path)).close();
      const db = new DatabaseSync(path);
      db.exec(`UPDATE migration_state SET version = ${KNOWN_SCHEMA_VERSION + 1} WHERE k = 0`);
      db.close();
      assert.equal(await openDirectReader(path), undefined);
    });
    await t.step("another file than the one Deno KV opened (renamed over the path)", async () => {
      const path = `${dir}/replaced.sqlite3`;
      const kv = await Deno.openKv(path);
      try {
        const opened = fileIdentity(path);
        const right = await openDirectReader(path, { identity: opened });
        assert.ok(right, "the file Deno KV opened is read directly");
        right.close();
        (await Deno.openKv(`${dir}/newer.sqlite3`)).close();
        await Deno.rename(`${dir}/newer.sqlite3`, path);
        assert.equal(await openDirectReader(path, { identity: opened }), undefined);
      } finally {
        kv.close();
      }
    });
    await t.step("a file that is not SQLite", async () => {
      await Deno.writeTextFile(`${dir}/text.sqlite3`, "hello, not a database".repeat(20));
      assert.equal(await openDirectReader(`${dir}/text.sqlite3`), undefined);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
