/**
 * Range reads of a Deno KV SQLite file in batches, yielding entries exactly
 * as `Deno.Kv.list` does (each batch one statement, so one snapshot, as each
 * of Deno KV's batches is).
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  COLUMNS,
  decodeRow,
  type RangeRow,
  UNANSWERED,
  Unanswered,
  versionstamp,
} from "./direct_rows.ts";
import { decodeKvKey, selectorBounds } from "./key_bytes.ts";

/** The prepared statements of range reads. */
export interface RangeStatements {
  /** `[lower, upper)`, ascending. */
  forward: StatementSync;
  /** `(lower, upper)`, ascending: the batches after the first. */
  forwardAfter: StatementSync;
  /** `[lower, upper)`, descending. */
  backward: StatementSync;
}

/**
 * Prepares the range statements on a connection.
 *
 * @param db The connection.
 * @returns The statements.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { prepareRanges } from "./direct_list.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * (await Deno.openKv(path)).close();
 * const db = new DatabaseSync(path, { readOnly: true });
 * assert.ok(prepareRanges(db).forward);
 * db.close();
 * await Deno.remove(path);
 * ```
 */
export function prepareRanges(db: DatabaseSync): RangeStatements {
  return {
    forward: db.prepare(`${COLUMNS} WHERE k >= ? AND k < ? ORDER BY k LIMIT ?`),
    forwardAfter: db.prepare(`${COLUMNS} WHERE k > ? AND k < ? ORDER BY k LIMIT ?`),
    backward: db.prepare(`${COLUMNS} WHERE k >= ? AND k < ? ORDER BY k DESC LIMIT ?`),
  };
}

/**
 * Lists the entries of a selector, reading `batchSize` rows at a time.
 *
 * @param statements The prepared range statements.
 * @param selector A Deno KV list selector.
 * @param options Direction and rows per read.
 * @returns The entries, lazily.
 * @throws {Unanswered} While iterating, when a row cannot be decoded here or SQLite reports an
 * error (a closed connection included): the caller then lists through Deno KV.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { listRows, prepareRanges } from "./direct_list.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * const kv = await Deno.openKv(path);
 * await kv.set(["a", 1], new Uint8Array([1]));
 * await kv.set(["a", 2], new Uint8Array([2]));
 * const db = new DatabaseSync(path, { readOnly: true });
 * const entries = listRows(prepareRanges(db), { prefix: ["a"] }, { reverse: true, batchSize: 1 });
 * assert.deepEqual([...entries].map((entry) => entry.key), [["a", 2], ["a", 1]]);
 * db.close();
 * kv.close();
 * await Deno.remove(path);
 * ```
 */
export function* listRows(
  statements: RangeStatements,
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
  let statement = options.reverse ? statements.backward : statements.forward;
  for (;;) {
    let rows: RangeRow[];
    try {
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
      yield { key, value, versionstamp: versionstamp(row) };
    }
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!.k;
    if (options.reverse) upper = last;
    else {
      lower = last;
      statement = statements.forwardAfter;
    }
  }
}
