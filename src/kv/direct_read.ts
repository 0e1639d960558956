/**
 * Direct reads of a Deno KV SQLite file: a second, read-only SQLite
 * connection (`node:sqlite`) on the calling thread. Deno KV answers every
 * read on its own thread and hands the result back through the event loop;
 * reading the row here skips that round trip, which is most of the cost of a
 * point read.
 *
 * The file is Deno KV's and the connection never writes to it. SQLite's WAL
 * mode gives each statement the last committed state (Deno KV's commits from
 * this process or any other included), as a read through Deno KV would. Only
 * the schema this was written against (Deno KV's SQLite schema version 3) is
 * read; anything else, and any row this code is not sure how to decode, is
 * left to Deno KV.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { deserialize } from "node:v8";
import { encodeKvKey } from "./key_bytes.ts";

/** {@linkcode DirectReader.read}'s answer when the key has no row. */
export const ABSENT: unique symbol = Symbol("absent");
/** {@linkcode DirectReader.read}'s answer when it cannot decide: ask Deno KV. */
export const UNANSWERED: unique symbol = Symbol("unanswered");

/** The Deno KV SQLite schema (its `migration_state` version) this reader understands. */
export const KNOWN_SCHEMA_VERSION = 3;

// Deno KV's `v_encoding` column.
const V8 = 1;
const BYTES = 3;

interface Row {
  v: Uint8Array;
  v_encoding: number;
  expiration_ms: number;
}

/** A read-only connection that answers point reads of a Deno KV file synchronously. */
export interface DirectReader {
  /**
   * Reads one key's value as Deno KV would return it.
   *
   * @param key The Deno KV key.
   * @returns The value; {@linkcode ABSENT} when there is no row;
   * {@linkcode UNANSWERED} when the row uses Deno KV's own expiry, an encoding
   * this reader does not decode, or SQLite reported an error (busy, closed).
   */
  read(key: readonly Deno.KvKeyPart[]): unknown;
  /** How many reads were answered (a value or {@linkcode ABSENT}). */
  readonly answered: number;
  /** Closes the connection (idempotent). */
  close(): void;
}

class SqliteDirectReader implements DirectReader {
  #db: DatabaseSync;
  #select: StatementSync;
  #open = true;
  answered = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#select = db.prepare("SELECT v, v_encoding, expiration_ms FROM kv WHERE k = ?");
  }

  read(key: readonly Deno.KvKeyPart[]): unknown {
    if (!this.#open) return UNANSWERED;
    let row: Row | undefined;
    try {
      row = this.#select.get(encodeKvKey(key)) as Row | undefined;
    } catch {
      return UNANSWERED;
    }
    if (row === undefined) {
      this.answered++;
      return ABSENT;
    }
    // Deno KV's own `expireIn` (apifn never sets it): Deno KV decides what it shows.
    if (row.expiration_ms >= 0) return UNANSWERED;
    let value: unknown;
    if (row.v_encoding === BYTES) value = row.v;
    else if (row.v_encoding !== V8) return UNANSWERED;
    else {
      try {
        value = deserialize(row.v);
      } catch {
        return UNANSWERED;
      }
    }
    this.answered++;
    return value;
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#db.close();
  }
}

/**
 * Opens a direct reader on a Deno KV SQLite file that Deno KV has already
 * opened (so the file exists in WAL mode with its current schema).
 *
 * @param path The file.
 * @returns The reader, or `undefined` when the file cannot be read this way
 * (no permission, not Deno KV's schema {@linkcode KNOWN_SCHEMA_VERSION}, no `node:sqlite`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ABSENT, openDirectReader } from "./direct_read.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * const kv = await Deno.openKv(path);
 * await kv.set(["a", 1], new Uint8Array([7]));
 * const reader = openDirectReader(path)!;
 * assert.deepEqual(reader.read(["a", 1]), new Uint8Array([7]));
 * assert.equal(reader.read(["a", 2]), ABSENT);
 * await kv.set(["a", 2], { n: 2 });
 * assert.deepEqual(reader.read(["a", 2]), { n: 2 });
 * reader.close();
 * kv.close();
 * await Deno.remove(path);
 * ```
 */
export function openDirectReader(path: string): DirectReader | undefined {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    const state = db.prepare("SELECT version FROM migration_state WHERE k = 0").get() as
      | { version: number }
      | undefined;
    if (state?.version !== KNOWN_SCHEMA_VERSION) {
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
