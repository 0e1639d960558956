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
 * left to Deno KV. `node:sqlite` and `node:v8` are loaded when the first
 * reader opens, so a runtime without them just reads through Deno KV.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { decodeKvKey, encodeKvKey, selectorBounds } from "./key_bytes.ts";

/** {@linkcode DirectReader.read}'s answer when the key has no row. */
export const ABSENT: unique symbol = Symbol("absent");
/** {@linkcode DirectReader.read}'s answer when it cannot decide: ask Deno KV. */
export const UNANSWERED: unique symbol = Symbol("unanswered");

/** The Deno KV SQLite schema (its `migration_state` version) this reader understands. */
export const KNOWN_SCHEMA_VERSION = 3;

/** Thrown by {@linkcode DirectReader.list}'s iterator when it cannot go on: list through Deno KV. */
export class Unanswered extends Error {
  /** @param cause What stopped the direct read. */
  constructor(cause?: unknown) {
    super("Cannot read the KV file directly", { cause });
    this.name = "Unanswered";
  }
}

// Deno KV's `v_encoding` column.
const V8 = 1;
const LE64 = 2;
const BYTES = 3;

interface Row {
  v: Uint8Array;
  v_encoding: number;
  expiration_ms: number;
}

interface RangeRow extends Row {
  k: Uint8Array;
  version: number;
  seq: number;
}

/** `node:v8`'s `deserialize`, set when the first reader opens. */
let deserialize: (bytes: Uint8Array) => unknown;

/** A row's value as Deno KV returns it, or UNANSWERED. */
function decodeRow(row: Row): unknown {
  // Deno KV's own `expireIn` (apifn never sets it): Deno KV decides what it shows.
  if (row.expiration_ms >= 0) return UNANSWERED;
  switch (row.v_encoding) {
    case BYTES:
      return row.v;
    case V8:
      try {
        return deserialize(row.v);
      } catch {
        return UNANSWERED;
      }
    case LE64:
      if (row.v.length !== 8) return UNANSWERED;
      return new Deno.KvU64(new DataView(row.v.buffer, row.v.byteOffset, 8).getBigUint64(0, true));
    default:
      return UNANSWERED;
  }
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}

const COLUMNS = "SELECT k, v, v_encoding, expiration_ms, version, seq FROM kv";

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
  /**
   * Lists entries as `Deno.Kv.list` would, in batches of `batchSize` rows (each batch one
   * snapshot, as with Deno KV). Iterating throws {@linkcode Unanswered} when a row cannot be
   * decoded or SQLite reports an error: the caller then lists through Deno KV.
   *
   * @param selector A Deno KV list selector.
   * @param options Direction and rows per read.
   * @returns The entries, lazily; `undefined` once closed.
   */
  list(
    selector: Deno.KvListSelector,
    options: { reverse: boolean; batchSize: number },
  ): Iterable<Deno.KvEntry<unknown>> | undefined;
  /** How many reads were answered (a value or {@linkcode ABSENT}). */
  readonly answered: number;
  /** Closes the connection (idempotent). */
  close(): void;
}

class SqliteDirectReader implements DirectReader {
  #db: DatabaseSync;
  #select: StatementSync;
  #forward: StatementSync;
  #forwardAfter: StatementSync;
  #backward: StatementSync;
  #open = true;
  answered = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#select = db.prepare("SELECT v, v_encoding, expiration_ms FROM kv WHERE k = ?");
    this.#forward = db.prepare(`${COLUMNS} WHERE k >= ? AND k < ? ORDER BY k LIMIT ?`);
    this.#forwardAfter = db.prepare(`${COLUMNS} WHERE k > ? AND k < ? ORDER BY k LIMIT ?`);
    this.#backward = db.prepare(`${COLUMNS} WHERE k >= ? AND k < ? ORDER BY k DESC LIMIT ?`);
  }

  list(
    selector: Deno.KvListSelector,
    options: { reverse: boolean; batchSize: number },
  ): Iterable<Deno.KvEntry<unknown>> | undefined {
    return this.#open ? this.#entries(selector, options) : undefined;
  }

  *#entries(
    selector: Deno.KvListSelector,
    options: { reverse: boolean; batchSize: number },
  ): Generator<Deno.KvEntry<unknown>> {
    let lower: Uint8Array, upper: Uint8Array;
    try {
      [lower, upper] = selectorBounds(selector);
    } catch (error) {
      throw new Unanswered(error);
    }
    const size = options.batchSize;
    let statement = options.reverse ? this.#backward : this.#forward;
    for (;;) {
      let rows: RangeRow[];
      try {
        if (!this.#open) throw new Error("closed");
        rows = statement.all(lower, upper, size) as unknown as RangeRow[];
      } catch (error) {
        throw new Unanswered(error);
      }
      for (const row of rows) {
        const value = decodeRow(row);
        if (value === UNANSWERED) throw new Unanswered();
        let key: Deno.KvKey;
        try {
          key = decodeKvKey(row.k);
        } catch (error) {
          throw new Unanswered(error);
        }
        yield { key, value, versionstamp: hex(row.version, 16) + hex(row.seq, 4) };
      }
      if (rows.length < size) return;
      const last = rows[rows.length - 1]!.k;
      if (options.reverse) upper = last;
      else {
        lower = last;
        statement = this.#forwardAfter;
      }
    }
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
    const value = decodeRow(row);
    if (value !== UNANSWERED) this.answered++;
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
export async function openDirectReader(path: string): Promise<DirectReader | undefined> {
  let db: DatabaseSync | undefined;
  try {
    const [sqlite, v8] = await Promise.all([import("node:sqlite"), import("node:v8")]);
    deserialize ??= v8.deserialize;
    db = new sqlite.DatabaseSync(path, { readOnly: true });
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
