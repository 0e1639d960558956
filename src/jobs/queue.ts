/**
 * The job queue on the store (`records.ts` has the layout): enqueue, claim with a lease,
 * renew, finish, retry, dead-letter. Every change is one atomic commit that checks the
 * versionstamp it read, so two workers never both win the same message.
 *
 * @module
 */
import { type Backend, withLockRetry } from "../kv/engine/backend.ts";
import type { Clock } from "./clock.ts";
import {
  DEAD_PREFIX,
  type DeadJob,
  describeError,
  type JobMessage,
  newJobId,
  QUEUE_PREFIX,
  queueKey,
} from "./records.ts";

/** A message a worker holds. */
export interface Lease {
  /** Its key now (`due` = the lease's end). */
  key: Deno.KvKey;
  /** The versionstamp of the claim (or last renewal). */
  versionstamp: string;
  /** The message as claimed (`runs` counts this run). */
  message: JobMessage;
}

/** A message as read from the queue. */
export type QueuedEntry = Deno.KvEntry<JobMessage>;

/** The job queue on one backend. */
export class JobQueue {
  #backend: Backend;
  #clock: Clock;

  /**
   * @param backend The store's Deno KV connection.
   * @param clock The clock due times are read from.
   */
  constructor(backend: Backend, clock: Clock) {
    this.#backend = backend;
    this.#clock = clock;
  }

  /** The store's Deno KV connection. */
  get backend(): Backend {
    return this.#backend;
  }

  #commit(op: Deno.AtomicOperation): Promise<boolean> {
    return withLockRetry(() => op.commit()).then((result) => result.ok);
  }

  /**
   * Adds a message, due after `delay` ms; `also` adds its own checks and mutations to the same
   * commit (a schedule's tick claim).
   */
  async add(
    fields: Omit<JobMessage, "id" | "enqueuedAt" | "runs" | "leased">,
    delay: number,
    also?: (op: Deno.AtomicOperation) => void,
  ): Promise<JobMessage | undefined> {
    const now = this.#clock.now();
    const message: JobMessage = {
      ...fields,
      id: newJobId(now),
      enqueuedAt: now,
      runs: 0,
      leased: false,
    };
    const op = this.#backend.kv.atomic().set(queueKey(now + delay, message.id), message);
    also?.(op);
    return await this.#commit(op) ? message : undefined;
  }

  /** The first `limit` messages in due order (waiting, leased, and not yet due alike). */
  async peek(limit: number): Promise<QueuedEntry[]> {
    const entries: QueuedEntry[] = [];
    const list = this.#backend.kv.list<JobMessage>({ prefix: QUEUE_PREFIX }, { limit });
    for await (const entry of list) entries.push(entry);
    return entries;
  }

  /** Takes a due message for `leaseMs`; `undefined` when another worker took it first. */
  async claim(entry: QueuedEntry, leaseMs: number): Promise<Lease | undefined> {
    const message = { ...entry.value, runs: entry.value.runs + 1, leased: true };
    const key = queueKey(this.#clock.now() + leaseMs, message.id);
    const op = this.#backend.kv.atomic().check(entry).delete(entry.key).set(key, message);
    const result = await withLockRetry(() => op.commit());
    return result.ok ? { key, versionstamp: result.versionstamp, message } : undefined;
  }

  /** Extends a lease; `false` when it was lost (another worker took the message). */
  async renew(lease: Lease, leaseMs: number): Promise<boolean> {
    const key = queueKey(this.#clock.now() + leaseMs, lease.message.id);
    const op = this.#backend.kv.atomic().check(lease).delete(lease.key).set(key, lease.message);
    const result = await withLockRetry(() => op.commit());
    if (result.ok) Object.assign(lease, { key, versionstamp: result.versionstamp });
    return result.ok;
  }

  /** Removes a finished message; `false` when the lease was lost. */
  finish(lease: Lease): Promise<boolean> {
    return this.#commit(this.#backend.kv.atomic().check(lease).delete(lease.key));
  }

  /** Puts a failed message back, due after `delay`; `false` when the lease was lost. */
  retry(lease: Lease | QueuedEntry, error: unknown, delay: number): Promise<boolean> {
    const message = { ...messageOf(lease), leased: false, error: describeError(error) };
    const key = queueKey(this.#clock.now() + delay, message.id);
    return this.#commit(this.#backend.kv.atomic().check(lease).delete(lease.key).set(key, message));
  }

  /** Moves a message that used its attempts to the dead-letter space, with its error. */
  bury(lease: Lease | QueuedEntry, error: unknown): Promise<boolean> {
    const message = messageOf(lease);
    const dead: DeadJob = {
      ...message,
      leased: false,
      error: describeError(error),
      failedAt: this.#clock.now(),
    };
    const op = this.#backend.kv.atomic().check(lease).delete(lease.key)
      .set([...DEAD_PREFIX, message.id], dead);
    return this.#commit(op);
  }

  /** Every dead message, oldest first. */
  async dead(): Promise<DeadJob[]> {
    const found: DeadJob[] = [];
    for await (const entry of this.#backend.kv.list<DeadJob>({ prefix: DEAD_PREFIX })) {
      found.push(entry.value);
    }
    return found;
  }

  /** Puts a dead message back in the queue, due now, with all its attempts; `false` if absent. */
  async revive(id: string): Promise<boolean> {
    const entry = await this.#backend.kv.get<DeadJob>([...DEAD_PREFIX, id]);
    if (entry.versionstamp === null) return false;
    const { failedAt: _, error: __, ...message } = entry.value;
    const op = this.#backend.kv.atomic().check(entry).delete(entry.key)
      .set(queueKey(this.#clock.now(), id), { ...message, runs: 0, leased: false });
    return await this.#commit(op);
  }

  /** Deletes a dead message; `false` if absent. */
  async drop(id: string): Promise<boolean> {
    const entry = await this.#backend.kv.get([...DEAD_PREFIX, id]);
    if (entry.versionstamp === null) return false;
    return await this.#commit(this.#backend.kv.atomic().check(entry).delete(entry.key));
  }
}

function messageOf(held: Lease | QueuedEntry): JobMessage {
  return "message" in held ? held.message : held.value;
}
