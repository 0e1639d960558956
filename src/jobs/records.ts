/**
 * How jobs sit in the store, in Deno KV's `j` space beside apifn's data:
 *
 * | key                        | value                                                   |
 * | -------------------------- | ------------------------------------------------------- |
 * | `["j", "q", due, id]`      | a message waiting until `due`, or (leased) running until |
 * |                            | its lease ends at `due`                                  |
 * | `["j", "dead", id]`        | a message that used its attempts, with its last error     |
 * | `["j", "sched", name]`     | a schedule's last claimed tick, last run and last result |
 *
 * A claim moves a message to `due = now + lease` in one atomic commit that checks the
 * versionstamp it read, so one worker wins; a worker that dies leaves the message to come due
 * again when its lease ends.
 *
 * @module
 */

/** A message in the queue. */
export interface JobMessage {
  /** Unique id (time-ordered). */
  id: string;
  /** The job's name (its file under `_jobs/`, without the extension). */
  name: string;
  /** The payload's JSON bytes (UTF-8). */
  payload: Uint8Array;
  /** When it was enqueued, epoch ms. */
  enqueuedAt: number;
  /** Runs allowed in all, the first one included. */
  attempts: number;
  /** Delays before each retry in ms (the last one repeats). */
  backoff: number[];
  /** Runs started so far. */
  runs: number;
  /** Whether a worker holds it (its key's `due` is then the lease's end). */
  leased: boolean;
  /** The last run's error. */
  error?: string;
  /** For a scheduled run: the tick it runs for, epoch ms. */
  tick?: number;
}

/** A message that used all its attempts. */
export interface DeadJob extends JobMessage {
  /** The last error. */
  error: string;
  /** When it failed for the last time, epoch ms. */
  failedAt: number;
}

/** What the store knows of a schedule. */
export interface ScheduleState {
  /** The last tick claimed (by any process), epoch ms. */
  tick: number;
  /** When the last run finished, epoch ms. */
  finishedAt?: number;
  /** `"ok"`, or the last run's error once it used its attempts. */
  result?: string;
}

/**
 * The key of a waiting or leased message.
 *
 * @param due When it comes due (or its lease ends), epoch ms.
 * @param id The message id.
 * @returns `["j", "q", due, id]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { queueKey } from "./records.ts";
 *
 * assert.deepEqual(queueKey(5, "a"), ["j", "q", 5, "a"]);
 * ```
 */
export function queueKey(due: number, id: string): Deno.KvKey {
  return ["j", "q", due, id];
}

/** The prefix of every waiting or leased message. */
export const QUEUE_PREFIX: Deno.KvKey = ["j", "q"];
/** The prefix of the dead-letter space. */
export const DEAD_PREFIX: Deno.KvKey = ["j", "dead"];
/** The prefix of the schedules' states. */
export const SCHEDULE_PREFIX: Deno.KvKey = ["j", "sched"];

let last = 0;
let sequence = 0;

/**
 * A new message id: sortable by creation time, unique across processes.
 *
 * @param now Epoch ms.
 * @returns The id.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { newJobId } from "./records.ts";
 *
 * assert.ok(newJobId(1) < newJobId(2));
 * ```
 */
export function newJobId(now: number): string {
  sequence = now === last ? sequence + 1 : 0;
  last = now;
  const random = crypto.getRandomValues(new Uint8Array(6));
  const tail = Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${Math.max(0, now).toString(36).padStart(9, "0")}${
    sequence.toString(36).padStart(3, "0")
  }${tail}`;
}

/**
 * Cuts an error to a message that fits in a record.
 *
 * @param error Anything thrown.
 * @returns `Name: message` (with the stack's first lines), at most 1,000 characters.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeError } from "./records.ts";
 *
 * assert.match(describeError(new TypeError("bad")), /^TypeError: bad/);
 * assert.equal(describeError("plain"), "plain");
 * ```
 */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(
    error,
  );
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}
