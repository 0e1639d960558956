/**
 * A second SQLite connection on the file Deno KV has open, opened only when it
 * is safe: the path still names the file Deno KV opened (not another one
 * renamed over it, which would share Deno KV's `-wal` and `-shm` files), before
 * and after the connection opens, and the file has the schema apifn knows.
 * Shared by the direct reader (`direct_open.ts`) and the direct writer's
 * worker (`direct_write_worker.ts`).
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { hasKnownSchema } from "./direct_rows.ts";
import { isOtherFile } from "./file_identity.ts";

/** Options of {@linkcode openVerified}. */
export interface OpenVerifiedOptions {
  /** The `fileIdentity` (`file_identity.ts`) of the file Deno KV opened. */
  identity?: string | undefined;
  /** Open read-only. */
  readOnly?: boolean;
  /** `PRAGMA` statements to run once open (e.g. `"busy_timeout = 0"`). */
  pragmas?: readonly string[];
}

/**
 * Opens `path` with `node:sqlite`'s `DatabaseSync`, or answers `undefined`
 * (nothing left open) when the file is another one than `identity`, has
 * another schema, or cannot be opened.
 *
 * @param sqlite `node:sqlite`'s `DatabaseSync` (passed in, so callers load the module as they
 * prefer).
 * @param path The Deno KV SQLite file.
 * @param options Identity, read-only, pragmas.
 * @returns The connection, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { openVerified } from "./direct_file.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * assert.equal(openVerified(DatabaseSync, path), undefined); // empty: not Deno KV's schema
 * (await Deno.openKv(path)).close();
 * const db = openVerified(DatabaseSync, path, { readOnly: true, pragmas: ["busy_timeout = 0"] });
 * assert.ok(db);
 * db.close();
 * assert.equal(openVerified(DatabaseSync, path, { identity: "0:0" }), undefined);
 * await Deno.remove(path);
 * ```
 */
export function openVerified(
  sqlite: typeof DatabaseSync,
  path: string,
  options: OpenVerifiedOptions = {},
): DatabaseSync | undefined {
  const { identity } = options;
  let db: DatabaseSync | undefined;
  try {
    if (isOtherFile(path, identity)) return undefined;
    db = new sqlite(path, { readOnly: options.readOnly ?? false });
    for (const pragma of options.pragmas ?? []) db.exec(`PRAGMA ${pragma}`);
    // The connection has its file open: if the path still names the file Deno KV has, so does
    // this connection.
    if (isOtherFile(path, identity) || !hasKnownSchema(db)) {
      db.close();
      return undefined;
    }
    return db;
  } catch {
    try {
      db?.close();
    } catch {
      // already closed
    }
    return undefined;
  }
}
