/**
 * Opening a direct reader (`direct_read.ts`) on a Deno KV SQLite file, only
 * when it is safe: the file Deno KV has (not another one renamed over the
 * path), of the schema the reader knows. `node:sqlite` and `node:v8` are
 * loaded when the first reader opens, so a runtime without them just reads
 * through Deno KV.
 *
 * @module
 */
import { type DirectReader, SqliteDirectReader } from "./direct_read.ts";
import { openVerified } from "./direct_file.ts";
import { loadDecoders } from "./direct_rows.ts";

/**
 * Opens a direct reader on a Deno KV SQLite file that Deno KV has already
 * opened (so the file exists in WAL mode with its current schema).
 *
 * @param path The file.
 * @param options `identity`: the `fileIdentity` (`file_identity.ts`) of the file Deno KV
 * opened; the reader is refused if the path names another file by the time it
 * has opened its own (replaced meanwhile).
 * @returns The reader, or `undefined` when the file cannot be read this way
 * (no permission, not the Deno KV schema `hasKnownSchema` (`direct_rows.ts`) accepts, another file than
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
  let sqlite: typeof import("node:sqlite");
  try {
    [sqlite] = await Promise.all([import("node:sqlite"), loadDecoders()]);
  } catch {
    return undefined; // no `node:sqlite` here: reads go through Deno KV
  }
  const db = openVerified(sqlite.DatabaseSync, path, {
    identity: options.identity,
    readOnly: true,
    // A lock SQLite would wait on with its busy handler: answer UNANSWERED at once and let Deno
    // KV wait on its own thread instead of stalling this one. (SQLite's own short WAL retries,
    // e.g. while another process runs WAL recovery after a crash, still wait here: a reader
    // cannot opt out of them.)
    pragmas: ["busy_timeout = 0"],
  });
  return db && new SqliteDirectReader(db);
}
