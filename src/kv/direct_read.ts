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
 * left to Deno KV (`direct_rows.ts` decodes rows). `direct_open.ts` opens
 * readers.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { listRows, prepareRanges, type RangeStatements } from "./direct_list.ts";
import {
  ABSENT,
  byteString,
  COLUMNS,
  decodeRow,
  type RangeRow,
  type Row,
  UNANSWERED,
  versionstamp,
} from "./direct_rows.ts";
import { encodeKvKey } from "./key_bytes.ts";

/** Keys per `IN (…)` statement; more are read in chunks inside one read transaction. */
const MAX_IN = 100;

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
   * Reads several keys as `Deno.Kv.getMany` would, all from one snapshot (any number of keys).
   *
   * @param keys The Deno KV keys.
   * @returns One entry per key, in order (`value` and `versionstamp` `null` when absent), or
   * {@linkcode UNANSWERED} when any row needs Deno KV or SQLite reported an error.
   */
  getMany(keys: readonly Deno.KvKey[]): Deno.KvEntryMaybe<unknown>[] | typeof UNANSWERED;
  /**
   * Lists entries as `Deno.Kv.list` would, in batches of `batchSize` rows (each batch one
   * snapshot, as with Deno KV). Iterating throws `Unanswered` (`direct_rows.ts`) when a row cannot be
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
  /** How many point reads were answered (a value or {@linkcode ABSENT}; a large value's
   * record counts, though its chunks are then read through Deno KV). */
  readonly answered: number;
  /** Closes the connection (idempotent). */
  close(): void;
}

/**
 * A {@linkcode DirectReader} on an open read-only connection to a Deno KV file of the schema
 * version that `hasKnownSchema` (`direct_rows.ts`) accepts; `openDirectReader`
 * (`direct_open.ts`) makes sure of that. Call `loadDecoders()` (`direct_rows.ts`) first.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { SqliteDirectReader } from "./direct_read.ts";
 * import { loadDecoders } from "./direct_rows.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * const kv = await Deno.openKv(path);
 * await kv.set(["a"], "x");
 * await loadDecoders();
 * const reader = new SqliteDirectReader(new DatabaseSync(path, { readOnly: true }));
 * assert.equal(reader.read(["a"]), "x");
 * reader.close();
 * kv.close();
 * await Deno.remove(path);
 * ```
 */
export class SqliteDirectReader implements DirectReader {
  #db: DatabaseSync;
  #select: StatementSync;
  #ranges: RangeStatements;
  #byCount = new Map<number, StatementSync>();
  #open = true;
  answered = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#select = db.prepare("SELECT v, v_encoding, expiration_ms FROM kv WHERE k = ?");
    this.#ranges = prepareRanges(db);
  }

  getMany(keys: readonly Deno.KvKey[]): Deno.KvEntryMaybe<unknown>[] | typeof UNANSWERED {
    if (!this.#open) return UNANSWERED;
    const rows = new Map<string, RangeRow>();
    let encoded: Uint8Array[];
    try {
      encoded = keys.map((key) => encodeKvKey(key));
      const chunked = encoded.length > MAX_IN;
      // More than one statement: one read transaction, so one snapshot.
      if (chunked) this.#db.exec("BEGIN");
      try {
        for (let i = 0; i < encoded.length; i += MAX_IN) {
          const chunk = encoded.slice(i, i + MAX_IN);
          for (const row of this.#in(chunk.length).all(...chunk) as unknown as RangeRow[]) {
            rows.set(byteString(row.k), row);
          }
        }
        if (chunked) this.#db.exec("COMMIT");
      } catch (error) {
        // Never leave a read transaction open: every later read would see its old snapshot.
        if (chunked && this.#db.isTransaction) this.#db.exec("ROLLBACK");
        throw error;
      }
    } catch {
      return UNANSWERED;
    }
    const entries: Deno.KvEntryMaybe<unknown>[] = [];
    for (let i = 0; i < keys.length; i++) {
      const row = rows.get(byteString(encoded[i]!));
      if (row === undefined) {
        entries.push({ key: keys[i]!, value: null, versionstamp: null });
        continue;
      }
      const value = decodeRow(row);
      if (value === UNANSWERED) return UNANSWERED;
      entries.push({ key: keys[i]!, value, versionstamp: versionstamp(row) });
    }
    return entries;
  }

  #in(count: number): StatementSync {
    let statement = this.#byCount.get(count);
    if (statement === undefined) {
      const marks = Array.from({ length: count }, () => "?").join(", ");
      statement = this.#db.prepare(`${COLUMNS} WHERE k IN (${marks})`);
      this.#byCount.set(count, statement);
    }
    return statement;
  }

  list(
    selector: Deno.KvListSelector,
    options: { reverse: boolean; batchSize: number },
  ): Iterable<Deno.KvEntry<unknown>> | undefined {
    return this.#open ? listRows(this.#ranges, selector, options) : undefined;
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
