import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { EXPIRY_INDEX, narrowExpiryIndex } from "../../src/kv/partial_index.ts";
import { expiryIndexSql } from "./_helpers.ts";

/** Runs `body` with a fresh Deno KV file in a temp dir, removed afterwards. */
async function withKvFile(body: (kv: Deno.Kv, path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-partial-index-" });
  const path = `${dir}/kv.sqlite3`;
  const kv = await Deno.openKv(path);
  try {
    await body(kv, path);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("narrowExpiryIndex - replaces Deno KV's full index once, keeping the rows", async () => {
  await withKvFile(async (kv, path) => {
    await kv.set(["before"], 1);
    assert.match(
      expiryIndexSql(path)!,
      /^CREATE INDEX kv_expiration_ms_idx on kv \(expiration_ms\)$/,
    );
    assert.equal(await narrowExpiryIndex(path), "narrowed");
    assert.match(expiryIndexSql(path)!, /WHERE expiration_ms >= 0$/);
    assert.equal(await narrowExpiryIndex(path), "partial");
    assert.equal((await kv.get(["before"])).value, 1);
    await kv.set(["after"], 2); // Deno KV's open connection writes on with the new schema
    assert.equal((await kv.get(["after"])).value, 2);
  });
});

Deno.test("narrowExpiryIndex - Deno KV's expiry still works on a narrowed file", async (t) => {
  await withKvFile(async (kv, path) => {
    assert.equal(await narrowExpiryIndex(path), "narrowed");
    // Deno KV's own expiry, plain rows, an expiry removed by an overwrite, a deleted row.
    await kv.set(["ttl", 1], "a", { expireIn: 60_000 });
    await kv.set(["ttl", 2], "b", { expireIn: 1 });
    await kv.set(["plain"], "c");
    await kv.set(["was-ttl"], "d", { expireIn: 60_000 });
    await kv.set(["was-ttl"], "e");
    await kv.set(["gone"], "f", { expireIn: 60_000 });
    await kv.delete(["gone"]);
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      await t.step("the index holds exactly the rows with an expiry", () => {
        const all = db.prepare("SELECT count(*) AS n FROM kv NOT INDEXED WHERE expiration_ms >= 0")
          .get();
        const indexed = db.prepare(
          `SELECT count(*) AS n FROM kv INDEXED BY ${EXPIRY_INDEX} WHERE expiration_ms >= 0`,
        ).get();
        assert.equal(all?.n, 2);
        assert.equal(indexed?.n, 2);
        assert.equal(db.prepare("PRAGMA integrity_check").get()?.integrity_check, "ok");
      });
      await t.step("Deno KV's sweep and next-expiry lookups are answered from it", () => {
        const queries = [
          "SELECT expiration_ms FROM kv WHERE expiration_ms >= 0 ORDER BY expiration_ms LIMIT 1",
          "DELETE FROM kv WHERE expiration_ms >= 0 AND expiration_ms <= ? RETURNING k",
        ];
        for (const sql of queries) {
          const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => row.detail);
          assert.ok(
            plan.some((detail) => String(detail).includes(`INDEX ${EXPIRY_INDEX}`)),
            `${sql}: ${plan.join("; ")}`,
          );
        }
      });
    } finally {
      db.close();
    }
    assert.equal((await kv.get(["ttl", 1])).value, "a");
    assert.equal((await kv.get(["was-ttl"])).value, "e");
  });
});

Deno.test("narrowExpiryIndex - leaves files it does not recognise as they are", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-partial-index-" });
  try {
    await t.step("a missing file is not created", async () => {
      assert.equal(await narrowExpiryIndex(`${dir}/missing.sqlite3`), "skipped");
      await assert.rejects(Deno.stat(`${dir}/missing.sqlite3`), Deno.errors.NotFound);
    });
    await t.step("a SQLite file that is not a Deno KV store", async () => {
      const db = new DatabaseSync(`${dir}/other.sqlite3`);
      db.exec("CREATE TABLE t (x)");
      db.close();
      assert.equal(await narrowExpiryIndex(`${dir}/other.sqlite3`), "skipped");
    });
    await t.step("a Deno KV file whose index was defined some other way", async () => {
      const path = `${dir}/custom.sqlite3`;
      (await Deno.openKv(path)).close();
      const db = new DatabaseSync(path);
      const custom = `CREATE INDEX ${EXPIRY_INDEX} ON kv (expiration_ms, version)`;
      db.exec(`DROP INDEX ${EXPIRY_INDEX}; ${custom}`);
      db.close();
      assert.equal(await narrowExpiryIndex(path), "skipped");
      assert.equal(expiryIndexSql(path), custom);
    });
    await t.step("a Deno KV file of another schema version", async () => {
      const path = `${dir}/v2.sqlite3`;
      (await Deno.openKv(path)).close();
      const db = new DatabaseSync(path);
      db.exec("UPDATE migration_state SET version = 4 WHERE k = 0");
      db.close();
      assert.equal(await narrowExpiryIndex(path), "skipped");
      assert.doesNotMatch(expiryIndexSql(path)!, /WHERE/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("narrowExpiryIndex - gives up on a held write lock, leaving the file whole", async () => {
  await withKvFile(async (_kv, path) => {
    const other = new DatabaseSync(path);
    try {
      other.exec("BEGIN IMMEDIATE"); // another connection holds the write lock
      assert.equal(await narrowExpiryIndex(path, { busyTimeout: 50 }), "skipped");
      other.exec("COMMIT");
      assert.doesNotMatch(expiryIndexSql(path)!, /WHERE/);
      assert.equal(other.prepare("PRAGMA integrity_check").get()?.integrity_check, "ok");
    } finally {
      other.close();
    }
    assert.equal(await narrowExpiryIndex(path, { busyTimeout: 50 }), "narrowed");
  });
});

Deno.test("narrowExpiryIndex - waits for another process's write lock, then looks again", async (t) => {
  // A second process takes the write lock, says so, holds it for 800 ms (changing the index or
  // not), then commits. The first look, outside the lock, still sees Deno KV's full index.
  const cases = [
    { name: "the other writer left the index: narrowed", change: "", expected: "narrowed" },
    {
      name: "the other writer narrowed it meanwhile: partial, not replaced twice",
      change: `db.exec("DROP INDEX ${EXPIRY_INDEX}");
               db.exec("CREATE INDEX ${EXPIRY_INDEX} ON kv (expiration_ms) WHERE expiration_ms >= 0");`,
      expected: "partial",
    },
    {
      name: "the other writer defined it its own way: skipped, left as it is",
      change: `db.exec("DROP INDEX ${EXPIRY_INDEX}");
               db.exec("CREATE INDEX ${EXPIRY_INDEX} ON kv (expiration_ms, k)");`,
      expected: "skipped",
    },
  ];
  for (const { name, change, expected } of cases) {
    await t.step(name, async () => {
      await withKvFile(async (_kv, path) => {
        const holder = new Deno.Command(Deno.execPath(), {
          args: [
            "eval",
            `import { DatabaseSync } from "node:sqlite";
             const db = new DatabaseSync(${JSON.stringify(path)});
             db.exec("BEGIN IMMEDIATE");
             console.log("locked");
             await new Promise((ok) => setTimeout(ok, 800));
             ${change}
             db.exec("COMMIT");`,
          ],
          stdout: "piped",
        }).spawn();
        const reader = holder.stdout.getReader();
        try {
          const { value } = await reader.read();
          assert.equal(new TextDecoder().decode(value).trim(), "locked");
          const sqlBefore = expiryIndexSql(path);
          assert.match(sqlBefore!, /^CREATE INDEX kv_expiration_ms_idx on kv \(expiration_ms\)$/);
          const started = performance.now();
          assert.equal(await narrowExpiryIndex(path, { busyTimeout: 10_000 }), expected);
          assert.ok(performance.now() - started > 100, "returned before the lock was released");
        } finally {
          // The holder ends by itself once its hold is over.
          reader.releaseLock();
          await holder.stdout.cancel();
          assert.equal((await holder.status).code, 0);
        }
        const sqlAfter = expiryIndexSql(path)!;
        if (expected === "skipped") assert.match(sqlAfter, /\(expiration_ms, k\)$/);
        else assert.match(sqlAfter, /WHERE expiration_ms >= 0$/);
        // The file is whole whichever way it went.
        const db = new DatabaseSync(path, { readOnly: true });
        try {
          const rows = db.prepare("PRAGMA integrity_check").all();
          assert.deepEqual(rows.map((row) => row.integrity_check), ["ok"]);
        } finally {
          db.close();
        }
      });
    });
  }
});
