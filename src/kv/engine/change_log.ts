/**
 * Writing the change log (`layout/changes.ts`): its entries go into the same
 * atomic commit as the records they describe, and a commit that returned late
 * logs its changes again, at a place readers have not passed yet.
 *
 * @module
 */
import { type Backend, withLockRetry } from "./backend.ts";
import {
  CHANGE_RETENTION_MS,
  type ChangeChunks,
  encodeChunk,
  HEAD_KEY,
  LATE_COMMIT_MS,
  logKey,
} from "../layout/changes.ts";

/** Log entries written again per commit (each under 64 KiB). */
const RELOG_BATCH = 10;

/**
 * Adds a commit's log entries and the head key to an atomic operation.
 *
 * @param atomic The operation.
 * @param chunks The log entries' changes (`ChangeChunks.chunks`).
 * @param at The writer's clock now, epoch ms.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendChanges } from "./change_log.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * const atomic = kv.atomic();
 * appendChanges(atomic, [['[0,["a"]]']], 5);
 * const { versionstamp } = await atomic.commit() as Deno.KvCommitResult;
 * assert.equal((await kv.get(["h"])).versionstamp, versionstamp);
 * kv.close();
 * ```
 */
export function appendChanges(
  atomic: Deno.AtomicOperation,
  chunks: readonly string[][],
  at: number,
): void {
  if (chunks.length === 0) return;
  const commitId = Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < chunks.length; i++) {
    atomic.set(logKey(at, commitId, i), encodeChunk(chunks[i]!), { expireIn: CHANGE_RETENTION_MS });
  }
  atomic.set(HEAD_KEY, at);
}

/** A commit that logs changes: what {@linkcode commitLogged} sends. */
export interface LoggedCommit {
  /** The keys the commit changes. */
  readonly log: ChangeChunks;
  /** Builds the operation, its log stamped `at`. */
  toAtomic(kv: Deno.Kv, at: number): Deno.AtomicOperation;
}

/**
 * Commits `plan` (retrying `database is locked`), its changes logged at the clock's time of
 * the attempt. When the commit returned more than `LATE_COMMIT_MS` after it was sent, a
 * reader may have read past its place in the log: its changes are logged again.
 *
 * @param backend The backend.
 * @param plan The commit.
 * @param now The clock, epoch ms.
 * @returns Deno KV's result.
 */
export async function commitLogged(
  backend: Backend,
  plan: LoggedCommit,
  now: () => number,
): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
  let at = 0;
  const result = await withLockRetry(() => {
    at = now();
    return plan.toAtomic(backend.kv, at).commit();
  });
  if (result.ok && plan.log.chunks.length > 0 && now() - at > LATE_COMMIT_MS) {
    await relog(backend, plan.log.chunks, now);
  }
  return result;
}

async function relog(backend: Backend, chunks: readonly string[][], now: () => number) {
  for (let i = 0; i < chunks.length; i += RELOG_BATCH) {
    const batch = chunks.slice(i, i + RELOG_BATCH);
    for (let late = true; late;) {
      let at = 0;
      await withLockRetry(() => {
        at = now();
        const atomic = backend.kv.atomic();
        appendChanges(atomic, batch, at);
        return atomic.commit();
      });
      late = now() - at > LATE_COMMIT_MS;
    }
  }
}
