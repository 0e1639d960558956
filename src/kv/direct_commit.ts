/**
 * One atomic commit written straight into a Deno KV SQLite file, with the
 * statements Deno KV itself runs for a commit (schema version 3): the
 * versionstamp checks, one bump of `data_version`, then deletes, sets and
 * `sum`s, all in one `BEGIN IMMEDIATE` transaction. A file written this way
 * stays a plain Deno KV store; Deno KV (in this process or another) reads the
 * rows, versionstamps and counters as if it had written them.
 *
 * The SQL side of the direct writer (`direct_write.ts`), which runs it on a
 * worker thread.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Deno KV's `v_encoding` of a little-endian `Deno.KvU64`. */
const LE64 = 2;
/** Deno KV's `v_encoding` of raw bytes (a `Uint8Array` value). */
export const BYTES = 3;
const U64_MASK = (1n << 64n) - 1n;

/** A commit in the form the SQL needs: encoded keys, encoded values, versions as numbers. */
export interface DirectBatch {
  /** Encoded key and the commit version it must have (`null`: it must be absent). */
  checks: [key: Uint8Array, version: number | null][];
  /** Encoded keys to delete. */
  deletes: Uint8Array[];
  /**
   * Encoded key, encoded value, its Deno KV `v_encoding`, and whether the key must be absent (a
   * check for "absent" folded into the insert: the commit fails, writing nothing, if it exists).
   */
  sets: [key: Uint8Array, value: Uint8Array, encoding: number, ifAbsent?: boolean][];
  /** Encoded key of a `Deno.KvU64` and the unsigned 64-bit addend (wrapping, as `sum`). */
  sums: [key: Uint8Array, addend: bigint][];
}

/** The outcome of {@linkcode commitBatch}: written at `version`, or a check failed. */
export type DirectResult = { ok: true; version: number } | { ok: false };

/** A connection with its statements prepared. */
export interface SqlWriter {
  /** The connection. */
  db: DatabaseSync;
  /** The prepared statements. */
  statements: Record<"check" | "bump" | "del" | "set" | "insert" | "value", StatementSync>;
}

/**
 * Prepares the statements of {@linkcode commitBatch} on a read-write connection
 * to a Deno KV file of schema version 3.
 *
 * @param db The connection.
 * @returns The writer.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { prepareSqlWriter } from "./direct_commit.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * (await Deno.openKv(path)).close();
 * const writer = prepareSqlWriter(new DatabaseSync(path));
 * assert.ok(writer.statements.set);
 * writer.db.close();
 * await Deno.remove(path);
 * ```
 */
export function prepareSqlWriter(db: DatabaseSync): SqlWriter {
  return {
    db,
    statements: {
      check: db.prepare("SELECT version FROM kv WHERE k = ?"),
      bump: db.prepare(
        "UPDATE data_version SET version = version + ? WHERE k = 0 RETURNING version",
      ),
      del: db.prepare("DELETE FROM kv WHERE k = ?"),
      set: db.prepare(
        "INSERT INTO kv (k, v, v_encoding, version, expiration_ms) VALUES (?1, ?2, ?3, ?4, -1) " +
          "ON CONFLICT(k) DO UPDATE SET v = ?2, v_encoding = ?3, version = ?4, expiration_ms = -1",
      ),
      insert: db.prepare(
        "INSERT INTO kv (k, v, v_encoding, version, expiration_ms) VALUES (?, ?, ?, ?, -1) " +
          "ON CONFLICT(k) DO NOTHING",
      ),
      value: db.prepare("SELECT v, v_encoding FROM kv WHERE k = ?"),
    },
  };
}

/**
 * Commits `batch` in one transaction: nothing is written when a check fails
 * (`{ ok: false }`: a versionstamp check, or a key set `ifAbsent` that exists) or anything throws (a `sum` over a value that is not a
 * `Deno.KvU64`, SQLite errors such as `database is locked`).
 *
 * @param writer From {@linkcode prepareSqlWriter}.
 * @param batch The commit.
 * @returns The commit version, or `{ ok: false }`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { BYTES, commitBatch, prepareSqlWriter } from "./direct_commit.ts";
 * import { encodeKvKey } from "./key_bytes.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * const kv = await Deno.openKv(path);
 * const writer = prepareSqlWriter(new DatabaseSync(path));
 * const key = encodeKvKey(["a"]);
 * const value = new Uint8Array([1]);
 * const done = commitBatch(writer, {
 *   checks: [[key, null]],
 *   deletes: [],
 *   sets: [[key, value, BYTES]],
 *   sums: [[encodeKvKey(["n"]), 2n]],
 * });
 * assert.ok(done.ok);
 * assert.deepEqual((await kv.get(["a"])).value, value);
 * assert.equal((await kv.get<Deno.KvU64>(["n"])).value?.value, 2n);
 * assert.deepEqual(commitBatch(writer, { checks: [[key, null]], deletes: [key], sets: [], sums: [] }), { ok: false });
 * writer.db.close();
 * kv.close();
 * await Deno.remove(path);
 * ```
 */
export function commitBatch(writer: SqlWriter, batch: DirectBatch): DirectResult {
  const { db, statements } = writer;
  db.exec("BEGIN IMMEDIATE");
  let settled = false;
  try {
    for (const [key, expected] of batch.checks) {
      const row = statements.check.get(key) as { version: number } | undefined;
      if ((row?.version ?? null) !== expected) {
        settled = true;
        db.exec("ROLLBACK");
        return { ok: false };
      }
    }
    // As Deno KV: each commit moves the version forward by a random 1–9.
    const bumped = statements.bump.get(1 + Math.floor(Math.random() * 9)) as { version: number };
    const version = bumped.version;
    for (const key of batch.deletes) statements.del.run(key);
    for (const [key, value, encoding, ifAbsent] of batch.sets) {
      if (!ifAbsent) statements.set.run(key, value, encoding, version);
      else if (statements.insert.run(key, value, encoding, version).changes !== 1) {
        settled = true;
        db.exec("ROLLBACK");
        return { ok: false };
      }
    }
    for (const [key, addend] of batch.sums) {
      const row = statements.value.get(key) as { v: Uint8Array; v_encoding: number } | undefined;
      let current = 0n;
      if (row !== undefined) {
        if (row.v_encoding !== LE64 || row.v.length !== 8) {
          throw new TypeError(
            "Failed to perform 'sum' mutation on a non-U64 value in the database",
          );
        }
        current = new DataView(row.v.buffer, row.v.byteOffset, 8).getBigUint64(0, true);
      }
      const sum = new Uint8Array(8);
      new DataView(sum.buffer).setBigUint64(0, (current + addend) & U64_MASK, true);
      statements.set.run(key, sum, LE64, version);
    }
    db.exec("COMMIT");
    settled = true;
    return { ok: true, version };
  } finally {
    if (!settled && db.isTransaction) db.exec("ROLLBACK");
  }
}
