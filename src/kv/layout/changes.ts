/**
 * The change log: every commit that changes records also writes the keys it
 * changed in the `l` space (one entry per commit, more for very many keys) and
 * sets the head key `["h"]`, so watchers in any process read every change in
 * commit (versionstamp) order.
 *
 * | space | key                      | value                                              |
 * | ----- | ------------------------ | -------------------------------------------------- |
 * | `l`   | `["l", at, commitId, i]` | UTF-8 JSON `[[deleted 0/1, key], ...]`, in order   |
 * | `h`   | `["h"]`                  | `at` of the last commit that logged changes        |
 *
 * `at` is the writer's clock when the commit was sent, so the log is in time
 * order and a reader looks back from where it last read only as far as a commit
 * can take ({@linkcode READ_BACK_MS}); versionstamps, not `at`, order the events.
 * Log entries expire through Deno KV after {@linkcode CHANGE_RETENTION_MS}.
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import type { RawKey } from "./records.ts";

/** A key written or deleted by a commit. */
export interface Change {
  /** The user key. */
  key: KvKey;
  /** Whether the commit deleted it (or the sweeper removed it expired). */
  deleted: boolean;
}

/** A change as read back from the log. */
export interface LoggedChange extends Change {
  /** The writer's clock when it sent the commit (epoch ms). */
  at: number;
  /** The commit's versionstamp. */
  versionstamp: string;
}

/** The key whose versionstamp is the newest logged change's, and the writers' change signal. */
export const HEAD_KEY: RawKey = ["h"];
/** How long the log keeps a change: a client can resume from an event this recent. */
export const CHANGE_RETENTION_MS = 10 * 60_000;
/** A commit that took longer than this from being sent to returning logs its changes again. */
export const LATE_COMMIT_MS = 5_000;
/** How far before its last read a reader looks again (late commits, clock skew of machines). */
export const READ_BACK_MS = 3 * LATE_COMMIT_MS;

/** Bytes a log key takes at most (space, time, commit id, index). */
export const LOG_KEY_BYTES = 32;
/** JSON code units per log entry: at 3 UTF-8 bytes each, under Deno KV's 64 KiB values. */
const CHUNK_UNITS = 20_000;

/**
 * The log key of the `i`-th entry of a commit.
 *
 * @param at The writer's clock, epoch ms.
 * @param commitId A random id of the commit.
 * @param i The entry's index in the commit.
 * @returns `["l", at, commitId, i]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { logKey } from "./changes.ts";
 *
 * assert.deepEqual(logKey(5, 7, 0), ["l", 5, 7, 0]);
 * ```
 */
export function logKey(at: number, commitId: number, i: number): RawKey {
  return ["l", at, commitId, i];
}

/** A commit's changes, gathered into log entries. */
export class ChangeChunks {
  /** The changes, in order. */
  readonly changes: Change[] = [];
  /** Each log entry's changes as JSON texts. */
  readonly chunks: string[][] = [];
  #units = CHUNK_UNITS;

  /**
   * Adds a change.
   *
   * @param change The change.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { ChangeChunks } from "./changes.ts";
   *
   * const log = new ChangeChunks();
   * log.add({ key: ["a"], deleted: false });
   * log.add({ key: ["b"], deleted: true });
   * assert.deepEqual(log.chunks, [['[0,["a"]]', '[1,["b"]]']]);
   * ```
   */
  add(change: Change): void {
    const json = `[${change.deleted ? 1 : 0},${JSON.stringify(change.key)}]`;
    this.changes.push(change);
    if (this.#units + json.length + 1 > CHUNK_UNITS) {
      this.chunks.push([]);
      this.#units = 2;
    }
    this.chunks.at(-1)!.push(json);
    this.#units += json.length + 1;
  }
}

/**
 * The log value of one entry's changes.
 *
 * @param chunk The changes as JSON texts.
 * @returns UTF-8 JSON bytes (Deno KV stores bytes without serializing them).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeChunk } from "./changes.ts";
 *
 * assert.equal(new TextDecoder().decode(encodeChunk(['[0,["a"]]'])), '[[0,["a"]]]');
 * ```
 */
export function encodeChunk(chunk: readonly string[]): Uint8Array {
  return encoder.encode(`[${chunk.join(",")}]`);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Reads a log entry's changes; none for anything apifn did not write there.
 *
 * @param entry An entry listed under `["l"]`.
 * @returns The changes, in commit order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeChanges, encodeChunk } from "./changes.ts";
 *
 * const value = encodeChunk(['[0,["a"]]', '[1,["b",2]]']);
 * assert.deepEqual(decodeChanges({ key: ["l", 5, 7, 0], value, versionstamp: "1" }), [
 *   { key: ["a"], deleted: false, at: 5, versionstamp: "1" },
 *   { key: ["b", 2], deleted: true, at: 5, versionstamp: "1" },
 * ]);
 * assert.deepEqual(decodeChanges({ key: ["l", 5], value: "other", versionstamp: "1" }), []);
 * ```
 */
export function decodeChanges(entry: Deno.KvEntry<unknown>): LoggedChange[] {
  const at = entry.key[1];
  if (typeof at !== "number" || !(entry.value instanceof Uint8Array)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(entry.value));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const changes: LoggedChange[] = [];
  for (const item of parsed) {
    if (!Array.isArray(item) || !Array.isArray(item[1])) continue;
    changes.push({ key: item[1], deleted: item[0] === 1, at, versionstamp: entry.versionstamp });
  }
  return changes;
}
