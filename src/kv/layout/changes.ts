/**
 * The change log: every commit that changes records also writes one entry per
 * changed key in the `l` space, and sets the head key `["h"]`, so watchers in
 * any process read every change in commit (versionstamp) order.
 *
 * | space | key                       | value                                         |
 * | ----- | ------------------------- | --------------------------------------------- |
 * | `l`   | `["l", at, commitId, i]`  | `{ k: key }` or `{ k: key, d: 1 }` (a delete) |
 * | `h`   | `["h"]`                   | `at` of the last commit that logged changes   |
 *
 * `at` is the writer's clock when the commit was sent, so the log is in time
 * order and a reader looks back from where it last read only as far as a commit
 * can take ({@linkcode READ_BACK_MS}); versionstamps, not `at`, order the events.
 * Log entries expire through Deno KV after {@linkcode CHANGE_RETENTION_MS}.
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import { encodedKeySize } from "./keys.ts";
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
const LOG_KEY_BYTES = 32;

/**
 * The log key of the `i`-th change of a commit.
 *
 * @param at The writer's clock, epoch ms.
 * @param commitId A random id of the commit.
 * @param i The change's index in the commit.
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

/**
 * The log value of a change.
 *
 * @param change The change.
 * @returns What to store.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeChange } from "./changes.ts";
 *
 * assert.deepEqual(encodeChange({ key: ["a"], deleted: true }), { k: ["a"], d: 1 });
 * ```
 */
export function encodeChange(change: Change): unknown {
  return change.deleted ? { k: change.key, d: 1 } : { k: change.key };
}

/**
 * Reads a log entry, or `null` for anything apifn did not write there.
 *
 * @param entry An entry listed under `["l"]`.
 * @returns The change.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeChange } from "./changes.ts";
 *
 * const entry = { key: ["l", 5, 7, 0], value: { k: ["a"] }, versionstamp: "1" };
 * assert.deepEqual(decodeChange(entry), { key: ["a"], deleted: false, at: 5, versionstamp: "1" });
 * assert.equal(decodeChange({ ...entry, value: "other" }), null);
 * ```
 */
export function decodeChange(entry: Deno.KvEntry<unknown>): LoggedChange | null {
  const at = entry.key[1];
  const value = entry.value as { k?: unknown; d?: unknown } | null;
  if (typeof at !== "number" || typeof value !== "object" || value === null) return null;
  if (!Array.isArray(value.k)) return null;
  return { key: value.k as KvKey, deleted: value.d === 1, at, versionstamp: entry.versionstamp };
}

/**
 * What logging a change of `key` adds to a commit.
 *
 * @param key The user key.
 * @returns Key bytes and mutation bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { changeCost } from "./changes.ts";
 *
 * assert.ok(changeCost(["a"]).mutationBytes > changeCost(["a"]).keyBytes);
 * ```
 */
export function changeCost(key: KvKey): { keyBytes: number; mutationBytes: number } {
  return { keyBytes: LOG_KEY_BYTES, mutationBytes: LOG_KEY_BYTES + encodedKeySize(key) + 24 };
}
