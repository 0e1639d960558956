/**
 * The worker: takes due messages from the queue, runs their jobs under a lease it renews,
 * and retries, dead-letters or finishes them. Idle, it polls the store less and less often
 * (other processes' enqueues cannot wake it); an enqueue in this process wakes it at once.
 *
 * @module
 */
import { decodeValue } from "../kv/layout/values.ts";
import type { Clock } from "./clock.ts";
import type { LoadedJob } from "./files.ts";
import type { JobContext } from "./job_types.ts";
import { retryDelay } from "./options.ts";
import type { JobQueue, Lease, QueuedEntry } from "./queue.ts";
import type { JobMessage } from "./records.ts";

/** How a run ended. */
export type RunOutcome = "ok" | "retry" | "dead";

/** What a worker needs. */
export interface WorkerInit {
  /** The queue. */
  queue: JobQueue;
  /** The clock. */
  clock: Clock;
  /** Jobs run at once (default 8). */
  concurrency: number;
  /** How long a claim holds a message before another worker may take it; renewed at a third. */
  leaseMs: number;
  /** The longest pause between polls of an idle queue. */
  idlePollMs: number;
  /** The job of a name (imports its file), `undefined` when there is none. */
  job(name: string): Promise<LoadedJob | undefined>;
  /** The context of a run. */
  context(message: JobMessage, signal: AbortSignal): JobContext;
  /** Told how each run ended. */
  done(message: JobMessage, outcome: RunOutcome, error?: unknown): void;
  /** Logs a failure of the worker itself (the store unreachable). */
  logError(message: string, error: unknown): void;
}

const FIRST_POLL_MS = 25;
const PEEK = 64;

/** Pulls and runs jobs until stopped. */
export class JobWorker {
  #init: WorkerInit;
  #running = new Set<Promise<void>>();
  #claiming = new Set<string>();
  #stopping = new AbortController();
  #nap: AbortController | undefined;
  #loop: Promise<void> | undefined;

  /** @param init The queue, clock, limits and callbacks. */
  constructor(init: WorkerInit) {
    this.#init = init;
  }

  /** Starts polling (once). */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Ends the current pause: something was enqueued here, or a run finished. */
  wake(): void {
    this.#nap?.abort();
  }

  /** Stops taking messages, aborts the runs' signals and waits up to `graceMs` for them. */
  async stop(graceMs: number): Promise<void> {
    this.#stopping.abort();
    this.wake();
    await this.#loop;
    const grace = new AbortController();
    await Promise.race([Promise.all(this.#running), this.#init.clock.sleep(graceMs, grace.signal)]);
    grace.abort();
  }

  async #run(): Promise<void> {
    const { queue, clock } = this.#init;
    let pause = FIRST_POLL_MS;
    while (!this.#stopping.signal.aborted) {
      const free = this.#init.concurrency - this.#running.size;
      let wait = pause;
      if (free > 0) {
        let entries: QueuedEntry[] = [];
        try {
          entries = await queue.peek(PEEK);
        } catch (error) {
          this.#init.logError("Cannot read the job queue", error);
        }
        const now = clock.now();
        const due = entries.filter((entry) =>
          (entry.key[2] as number) <= now && !this.#claiming.has(entry.value.id)
        );
        const later = entries.find((entry) => (entry.key[2] as number) > now);
        if (due.length > 0) {
          // Random picks: workers of other processes read the same head of the queue.
          for (let i = 0; i < free && due.length > 0; i++) {
            this.#take(due.splice(Math.floor(Math.random() * due.length), 1)[0]!);
          }
          pause = FIRST_POLL_MS;
          continue;
        }
        if (later) wait = Math.min(wait, (later.key[2] as number) - now);
        pause = Math.min(pause * 2, this.#init.idlePollMs);
      } else wait = this.#init.idlePollMs;
      if (this.#stopping.signal.aborted) break;
      this.#nap = new AbortController();
      await clock.sleep(Math.max(1, wait), this.#nap.signal);
    }
  }

  #take(entry: QueuedEntry): void {
    const task: Promise<void> = this.#claimAndRun(entry)
      .catch((error) =>
        this.#init.logError(`Job '${entry.value.name}' failed in the worker`, error)
      )
      .finally(() => {
        this.#running.delete(task);
        this.wake();
      });
    this.#running.add(task);
  }

  async #claimAndRun(entry: QueuedEntry): Promise<void> {
    const { queue, leaseMs } = this.#init;
    const message = entry.value;
    this.#claiming.add(message.id);
    let lease: Lease | undefined;
    try {
      if (message.leased && message.runs >= message.attempts) {
        const error = new Error(
          `The worker stopped during run ${message.runs} of ${message.attempts} (its lease ended)`,
        );
        if (await queue.bury(entry, error)) this.#init.done(message, "dead", error);
        return;
      }
      lease = await queue.claim(entry, leaseMs);
    } finally {
      this.#claiming.delete(message.id);
    }
    if (lease) await this.#runLeased(lease);
  }

  async #runLeased(lease: Lease): Promise<void> {
    const { queue, clock, leaseMs } = this.#init;
    const message = lease.message;
    const renewal = new AbortController();
    const renewing = (async () => {
      while (true) {
        await clock.sleep(leaseMs / 3, renewal.signal);
        if (renewal.signal.aborted || !await queue.renew(lease, leaseMs)) return;
      }
    })().catch((error) =>
      this.#init.logError(`Cannot renew the lease of job '${message.name}'`, error)
    );
    let failure: unknown;
    let failed = false;
    try {
      const job = await this.#init.job(message.name);
      if (!job) {
        throw new TypeError(`Cannot run job '${message.name}': there is no job file for it`);
      }
      await job.run(
        decodeValue(message.payload),
        this.#init.context(message, this.#stopping.signal),
      );
    } catch (error) {
      failed = true;
      failure = error;
    }
    renewal.abort();
    await renewing; // A renewal in flight changes the versionstamp the next commit checks.
    if (!failed) {
      if (await queue.finish(lease)) this.#init.done(message, "ok");
    } else if (this.#stopping.signal.aborted) {
      // Stopped under it: not the job's fault, so the run is not counted.
      await queue.retry({ ...lease, message: { ...message, runs: message.runs - 1 } }, failure, 0);
    } else if (message.runs < message.attempts) {
      const delay = retryDelay(message.backoff, message.runs);
      if (await queue.retry(lease, failure, delay)) this.#init.done(message, "retry", failure);
    } else if (await queue.bury(lease, failure)) this.#init.done(message, "dead", failure);
  }
}
