/**
 * Deno KV's SQLite schema indexes every row's `expiration_ms` column
 * (`kv_expiration_ms_idx`), though only rows written with Deno KV's own
 * `expireIn` have one (`-1` means none) and Deno KV only ever looks up rows
 * with `expiration_ms >= 0`. So each new key is written twice: into the `kv`
 * table and into that index, at the key's place in both. apifn never uses
 * `expireIn` (its TTLs have their own index), so for its stores that second
 * write is pure cost: with random keys (UUIDs) it is one more B-tree page per
 * key per commit.
 *
 * {@linkcode narrowExpiryIndex} replaces that index, once per file, with the
 * same index restricted to `WHERE expiration_ms >= 0`. Deno KV's two queries
 * on it (its expiry sweep and its next-expiry lookup) both state
 * `expiration_ms >= 0`, so SQLite still answers them from the index, and a
 * file stays a plain Deno KV store that `Deno.openKv` opens as before.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { hasKnownSchema } from "./direct_rows.ts";
import { isOtherFile } from "./file_identity.ts";

/** The index's name in Deno KV's schema. */
export const EXPIRY_INDEX = "kv_expiration_ms_idx";

/** Deno KV's definition of the index (its schema migration 3), as `sqlite_master` stores it. */
const FULL = `CREATE INDEX ${EXPIRY_INDEX} on kv (expiration_ms)`;
/** The partial index that replaces it. */
const PARTIAL = `CREATE INDEX ${EXPIRY_INDEX} ON kv (expiration_ms) WHERE expiration_ms >= 0`;

/**
 * What {@linkcode narrowExpiryIndex} did: `"narrowed"` (replaced the full index now),
 * `"partial"` (found it already partial), or `"skipped"` (left the file as it was: not Deno KV's
 * schema version 3, an index it does not recognise, missing, read-only, locked for too long, or
 * no `node:sqlite`).
 */
export type NarrowResult = "narrowed" | "partial" | "skipped";

function indexSql(db: DatabaseSync): string | undefined {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
    .get(EXPIRY_INDEX) as { sql: string | null } | undefined;
  return row?.sql ?? undefined;
}

function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.replace(/\s+/g, " ").toLowerCase() === b.toLowerCase();
}

function narrow(db: DatabaseSync): NarrowResult {
  if (!hasKnownSchema(db)) return "skipped";
  if (same(indexSql(db), PARTIAL)) return "partial";
  // Take the write lock first, then look again: another process may have narrowed it meanwhile.
  db.exec("BEGIN IMMEDIATE");
  try {
    const sql = indexSql(db);
    if (same(sql, PARTIAL)) {
      db.exec("COMMIT");
      return "partial";
    }
    if (!same(sql, FULL)) {
      db.exec("ROLLBACK");
      return "skipped";
    }
    db.exec(`DROP INDEX ${EXPIRY_INDEX}`);
    db.exec(PARTIAL);
    db.exec("COMMIT");
    return "narrowed";
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/**
 * Replaces Deno KV's expiry index in a SQLite file with its partial form (see the module doc), in
 * one transaction, unless it already is. Call it after `Deno.openKv` has opened (and so created or
 * migrated) the file. It never throws: a file it cannot change keeps working as before, only
 * without the saving.
 *
 * @param path The Deno KV SQLite file.
 * @param options `busyTimeout`: how long to wait for another connection's write lock, in
 * milliseconds (default 100; the wait blocks this thread, and a file left as it is gets narrowed
 * at a later open). `identity`: the `fileIdentity` (`file_identity.ts`) of the file Deno KV opened; another
 * file found at the path (renamed over it) is skipped, before and after opening it.
 * @returns What it did.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { narrowExpiryIndex } from "./partial_index.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * const kv = await Deno.openKv(path);
 * assert.equal(await narrowExpiryIndex(path), "narrowed");
 * assert.equal(await narrowExpiryIndex(path), "partial");
 * await kv.set(["a"], 1, { expireIn: 60_000 }); // Deno KV works on as before
 * assert.equal((await kv.get(["a"])).value, 1);
 * kv.close();
 * await Deno.remove(path);
 * ```
 */
export async function narrowExpiryIndex(
  path: string,
  options: { busyTimeout?: number; identity?: string | undefined } = {},
): Promise<NarrowResult> {
  const { identity } = options;
  let db: DatabaseSync | undefined;
  try {
    // Opening a missing path would create an empty database there.
    if (!(await Deno.stat(path)).isFile || isOtherFile(path, identity)) return "skipped";
    const sqlite = await import("node:sqlite");
    db = new sqlite.DatabaseSync(path, { timeout: options.busyTimeout ?? 100 });
    // The connection has its file open now: is it still the one Deno KV has?
    if (isOtherFile(path, identity)) return "skipped";
    return narrow(db);
  } catch {
    return "skipped";
  } finally {
    try {
      db?.close();
    } catch {
      // already closed
    }
  }
}
