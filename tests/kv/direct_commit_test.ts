import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { isLockedError } from "../../src/kv/backend.ts";
import {
  BYTES,
  commitBatch,
  type DirectBatch,
  prepareSqlWriter,
  type SqlWriter,
} from "../../src/kv/direct_commit.ts";
import { encodeKvKey } from "../../src/kv/key_bytes.ts";

async function withFile(
  fn: (kv: Deno.Kv, writer: SqlWriter, path: string) => Promise<void>,
): Promise<void> {
  const path = await Deno.makeTempFile({ prefix: "apifn-direct-commit-", suffix: ".sqlite3" });
  const kv = await Deno.openKv(path);
  const writer = prepareSqlWriter(new DatabaseSync(path));
  try {
    await fn(kv, writer, path);
  } finally {
    writer.db.close();
    kv.close();
    for (const suffix of ["", "-wal", "-shm"]) await Deno.remove(path + suffix).catch(() => {});
  }
}

function batch(parts: Partial<DirectBatch>): DirectBatch {
  return { checks: [], deletes: [], sets: [], sums: [], ...parts };
}

function hex(version: number): string {
  return version.toString(16).padStart(16, "0") + "0000";
}

const k = (...parts: Deno.KvKeyPart[]) => encodeKvKey(parts);
const bytes = (...values: number[]) => new Uint8Array(values);

Deno.test("commitBatch - Deno KV reads what it wrote, with its versionstamps", async () => {
  await withFile(async (kv, writer) => {
    const before = await kv.set(["old"], bytes(9));
    const done = commitBatch(
      writer,
      batch({
        checks: [[k("a"), null], [k("old"), parseInt(before.versionstamp.slice(0, 16), 16)]],
        deletes: [k("old")],
        sets: [[k("a"), bytes(1, 2), BYTES]],
        sums: [[k("n"), 5n]],
      }),
    );
    assert.ok(done.ok);
    const a = await kv.get(["a"]);
    assert.deepEqual(a.value, bytes(1, 2));
    assert.equal(a.versionstamp, hex(done.version));
    assert.ok(a.versionstamp! > before.versionstamp, "versionstamps keep increasing");
    assert.equal((await kv.get(["old"])).value, null);
    assert.equal((await kv.get<Deno.KvU64>(["n"])).value?.value, 5n);
    // Deno KV's next commit comes after it.
    const after = await kv.set(["b"], 1);
    assert.ok(after.versionstamp > a.versionstamp!);
  });
});

Deno.test("commitBatch - sums wrap like Deno KV's sum", async (t) => {
  await withFile(async (kv, writer) => {
    const cases: [string, bigint | undefined, bigint, bigint][] = [
      ["absent: the addend", undefined, 7n, 7n],
      ["adds", 5n, 2n, 7n],
      ["wraps past 2^64", (1n << 64n) - 1n, 2n, 1n],
      ["a negative delta as 2^64 - d", 5n, (1n << 64n) - 1n, 4n],
    ];
    for (const [name, start, addend, expected] of cases) {
      await t.step(name, async () => {
        await kv.delete(["n"]);
        if (start !== undefined) await kv.set(["n"], new Deno.KvU64(start));
        assert.ok(commitBatch(writer, batch({ sums: [[k("n"), addend]] })).ok);
        assert.equal((await kv.get<Deno.KvU64>(["n"])).value?.value, expected);
      });
    }
  });
});

Deno.test("commitBatch - writes nothing when a check fails or a mutation throws", async (t) => {
  await withFile(async (kv, writer) => {
    await kv.set(["taken"], bytes(1));
    await kv.set(["text"], "not a counter");
    const version = () => writer.db.prepare("SELECT version FROM data_version").get();
    const cases: [string, DirectBatch, RegExp | undefined][] = [
      [
        "a key expected absent exists",
        batch({ checks: [[k("taken"), null]], sets: [[k("x"), bytes(1), BYTES]] }),
        undefined,
      ],
      [
        "a key expected at another version",
        batch({ checks: [[k("free"), 1]], sets: [[k("x"), bytes(1), BYTES]] }),
        undefined,
      ],
      [
        "a sum over a value that is not a Deno.KvU64",
        batch({ sets: [[k("x"), bytes(1), BYTES]], sums: [[k("text"), 1n]] }),
        /non-U64/,
      ],
    ];
    for (const [name, input, error] of cases) {
      await t.step(name, async () => {
        const start = version();
        if (error) assert.throws(() => commitBatch(writer, input), error);
        else assert.deepEqual(commitBatch(writer, input), { ok: false });
        assert.equal((await kv.get(["x"])).versionstamp, null);
        assert.deepEqual(version(), start);
        assert.equal(writer.db.isTransaction, false);
      });
    }
  });
});

Deno.test("commitBatch - another writer's lock is reported as 'database is locked'", async () => {
  await withFile(async (kv, writer, path) => {
    writer.db.exec("PRAGMA busy_timeout = 0");
    const other = new DatabaseSync(path);
    other.exec("BEGIN IMMEDIATE");
    try {
      assert.throws(
        () => commitBatch(writer, batch({ sets: [[k("x"), bytes(1), BYTES]] })),
        (error: unknown) => isLockedError(error),
      );
      assert.equal(writer.db.isTransaction, false);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    assert.ok(commitBatch(writer, batch({ sets: [[k("x"), bytes(1), BYTES]] })).ok);
    assert.deepEqual((await kv.get(["x"])).value, bytes(1));
  });
});

Deno.test("commitBatch - a set ifAbsent inserts a new key and fails on an existing one", async () => {
  await withFile(async (kv, writer) => {
    assert.ok(commitBatch(writer, batch({ sets: [[k("a"), bytes(1), BYTES, true]] })).ok);
    assert.deepEqual((await kv.get(["a"])).value, bytes(1));
    const version = (await kv.get(["a"])).versionstamp;
    const again = batch({
      sets: [[k("b"), bytes(2), BYTES, true], [k("a"), bytes(3), BYTES, true]],
    });
    assert.deepEqual(commitBatch(writer, again), { ok: false });
    assert.equal(
      (await kv.get(["b"])).versionstamp,
      null,
      "nothing of the failed commit is written",
    );
    assert.equal((await kv.get(["a"])).versionstamp, version);
    assert.equal(writer.db.isTransaction, false);
  });
});
