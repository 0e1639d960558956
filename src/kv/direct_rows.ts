/**
 * Rows of Deno KV's SQLite `kv` table (schema version 3): the columns read,
 * values decoded per `v_encoding`, versionstamps rebuilt from `version` — each
 * exactly as Deno KV itself returns them.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/** A direct point read's answer when the key has no row. */
export const ABSENT: unique symbol = Symbol("absent");
/** A direct read's answer when it cannot decide: ask Deno KV. */
export const UNANSWERED: unique symbol = Symbol("unanswered");

/** The Deno KV SQLite schema (its `migration_state` version) these rows follow. */
export const KNOWN_SCHEMA_VERSION = 3;

/**
 * Whether a SQLite file open on `db` is a Deno KV store of {@linkcode KNOWN_SCHEMA_VERSION}.
 *
 * @param db A `node:sqlite` connection.
 * @returns `true` for that schema; throws what SQLite throws (e.g. no `migration_state` table).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DatabaseSync } from "node:sqlite";
 * import { hasKnownSchema } from "./direct_rows.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * (await Deno.openKv(path)).close();
 * const db = new DatabaseSync(path, { readOnly: true });
 * assert.ok(hasKnownSchema(db));
 * db.close();
 * await Deno.remove(path);
 * ```
 */
export function hasKnownSchema(db: DatabaseSync): boolean {
  const state = db.prepare("SELECT version FROM migration_state WHERE k = 0").get();
  return state?.version === KNOWN_SCHEMA_VERSION;
}

/** Thrown by a direct list when it cannot go on: the caller lists through Deno KV. */
export class Unanswered extends Error {
  /** @param cause What stopped the direct read. */
  constructor(cause?: unknown) {
    super("Cannot read the KV file directly", { cause });
    this.name = "Unanswered";
  }
}

/** The columns of a row as selected by {@linkcode COLUMNS}. */
export const COLUMNS = "SELECT k, v, v_encoding, expiration_ms, version FROM kv";

// Deno KV's `v_encoding` column.
const V8 = 1;
const LE64 = 2;
const BYTES = 3;

/** The value columns of a row. */
export interface Row {
  /** The encoded value. */
  v: Uint8Array;
  /** How `v` is encoded. */
  v_encoding: number;
  /** Deno KV's own expiry (`expireIn`), or -1. */
  expiration_ms: number;
}

/** A whole row. */
export interface RangeRow extends Row {
  /** The encoded key. */
  k: Uint8Array;
  /** The commit version. */
  version: number;
}

/** `node:v8`'s `deserialize`, loaded by {@linkcode loadDecoders}. */
let deserialize: ((bytes: Uint8Array) => unknown) | undefined;

/**
 * Loads what {@linkcode decodeRow} needs (`node:v8`); call before decoding.
 *
 * @returns When loaded.
 *
 * @example Usage
 * ```ts
 * import { loadDecoders } from "./direct_rows.ts";
 *
 * await loadDecoders();
 * ```
 */
export async function loadDecoders(): Promise<void> {
  deserialize ??= (await import("node:v8")).deserialize;
}

/**
 * A row's value as Deno KV returns it.
 *
 * @param row The row.
 * @returns The value, or {@linkcode UNANSWERED} for a row with Deno KV's own
 * expiry, an unknown encoding, or bytes that do not decode.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeRow, UNANSWERED } from "./direct_rows.ts";
 *
 * const v = new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]);
 * assert.deepEqual(decodeRow({ v, v_encoding: 2, expiration_ms: -1 }), new Deno.KvU64(5n));
 * assert.equal(decodeRow({ v, v_encoding: 3, expiration_ms: -1 }), v);
 * assert.equal(decodeRow({ v, v_encoding: 3, expiration_ms: 1 }), UNANSWERED);
 * ```
 */
export function decodeRow(row: Row): unknown {
  // Deno KV's own `expireIn` (apifn never sets it): Deno KV decides what it shows.
  if (row.expiration_ms >= 0) return UNANSWERED;
  switch (row.v_encoding) {
    case BYTES:
      return row.v;
    case V8:
      if (deserialize === undefined) return UNANSWERED;
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

/**
 * A row's versionstamp, as Deno KV shows it: the commit version in 16 hex digits, then `0000`
 * (Deno KV reads only `version`; its `seq` column plays no part in versionstamps).
 *
 * @param row The row.
 * @returns The versionstamp.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { versionstamp } from "./direct_rows.ts";
 *
 * assert.equal(versionstamp({ version: 15 }), "000000000000000f0000");
 * ```
 */
export function versionstamp(row: { version: number }): string {
  return hex(row.version, 16) + "0000";
}

/**
 * A key's bytes as a string of char codes 0–255, for looking rows up by key.
 *
 * @param bytes The bytes.
 * @returns The string.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { byteString } from "./direct_rows.ts";
 *
 * assert.equal(byteString(new Uint8Array([97, 0, 255])), "a\0\xff");
 * ```
 */
export function byteString(bytes: Uint8Array): string {
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}
