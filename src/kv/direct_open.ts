/**
 * Opening a direct reader (`direct_read.ts`) on a Deno KV SQLite file, only
 * when it is safe: the file Deno KV has (not another one renamed over the
 * path), of the schema the reader knows. `node:sqlite` and `node:v8` are
 * loaded when the first reader opens, so a runtime without them just reads
 * through Deno KV.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { type DirectReader, SqliteDirectReader } from "./direct_read.ts";
import { hasKnownSchema, loadDecoders } from "./direct_rows.ts";
import { isOtherFile } from "./file_identity.ts";

/**
 * Opens a direct reader on a Deno KV SQLite file that Deno KV has already
 * opened (so the file exists in WAL mode with its current schema).
 *
 * @param path The file.
 * @param options `identity`: the `fileIdentity` (`file_identity.ts`) of the file Deno KV
 * opened; the reader is refused if the path names another file by the time it
 * has opened its own (replaced meanwhile).
 * @returns The reader, or `undefined` when the file cannot be read this way
 * (no permission, not the Deno KV schema {@linkcode hasKnownSchema} accepts, another file than
 * `identity`, no `node:sqlite`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openDirectReader } from "./direct_open.ts";
 * import { ABSENT } from "./direct_rows.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * const kv = await Deno.openKv(path);
 * await kv.set(["a", 1], new Uint8Array([7]));
 * const reader = (await openDirectReader(path))!;
 * assert.deepEqual(reader.read(["a", 1]), new Uint8Array([7]));
 * assert.equal(reader.read(["a", 2]), ABSENT);
 * await kv.set(["a", 2], { n: 2 });
 * assert.deepEqual(reader.read(["a", 2]), { n: 2 });
 * reader.close();
 * kv.close();
 * await Deno.remove(path);
 * ```
 */
export async function openDirectReader(
  path: string,
  options: { identity?: string | undefined } = {},
): Promise<DirectReader | undefined> {
  const { identity } = options;
  let db: DatabaseSync | undefined;
  try {
    const [sqlite] = await Promise.all([import("node:sqlite"), loadDecoders()]);
    if (isOtherFile(path, identity)) return undefined;
    db = new sqlite.DatabaseSync(path, { readOnly: true });
    // A lock SQLite would wait on with its busy handler: answer
    // UNANSWERED at once and let Deno KV wait on its own thread instead of stalling this one.
    // (SQLite's own short WAL retries, e.g. while another process runs WAL recovery after a
    // crash, still wait here: a reader cannot opt out of them.)
    db.exec("PRAGMA busy_timeout = 0");
    // The connection has its file open: if the path still names the file Deno KV has, so does
    // this connection.
    if (isOtherFile(path, identity) || !hasKnownSchema(db)) {
      db.close();
      return undefined;
    }
    return new SqliteDirectReader(db);
  } catch {
    try {
      db?.close();
    } catch {
      // already closed
    }
    return undefined;
  }
}
