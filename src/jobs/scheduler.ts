/**
 * Schedules: each process keeps a timer per scheduled job, and at a tick the first process to
 * commit the tick into the schedule's state (checked by versionstamp) enqueues the run, in the
 * same commit. So a tick runs once across every process on the store, through the queue
 * (lease, retries, dead letters). Ticks that passed while no process ran are skipped, except
 * that a job exporting `catchUp = true` runs once at startup for the latest one.
 *
 * @module
 */
import type { Backend } from "../kv/engine/backend.ts";
import { withLockRetry } from "../kv/engine/backend.ts";
import type { Clock } from "./clock.ts";
import { nextTick, previousTick } from "./cron.ts";
import type { LoadedJob } from "./files.ts";
import type { JobQueue } from "./queue.ts";
import { SCHEDULE_PREFIX, type ScheduleState } from "./records.ts";

/** Runs of a scheduled job: attempts and backoff (the next tick is a retry of its own). */
const SCHEDULED_RUN = { attempts: 3, backoff: [1000, 5000] };
const NULL_PAYLOAD = new TextEncoder().encode("null");

/** The timers of the scheduled jobs of one process. */
export class Scheduler {
  #backend: Backend;
  #queue: JobQueue;
  #clock: Clock;
  #logError: (message: string, error: unknown) => void;
  #armed: AbortController | undefined;
  #loops: Promise<void>[] = [];

  /**
   * @param init The queue (on the store), the clock and where errors go.
   */
  constructor(init: {
    queue: JobQueue;
    clock: Clock;
    logError: (message: string, error: unknown) => void;
  }) {
    this.#backend = init.queue.backend;
    this.#queue = init.queue;
    this.#clock = init.clock;
    this.#logError = init.logError;
  }

  /** Replaces the timers with one per scheduled job of `jobs` (a reload calls it again). */
  async arm(jobs: Iterable<LoadedJob>): Promise<void> {
    await this.stop();
    const armed = this.#armed = new AbortController();
    for (const job of jobs) {
      if (job.schedule) this.#loops.push(this.#follow(job, armed.signal));
    }
  }

  /** Stops every timer. */
  async stop(): Promise<void> {
    this.#armed?.abort();
    await Promise.all(this.#loops);
    this.#loops = [];
  }

  async #follow(job: LoadedJob, signal: AbortSignal): Promise<void> {
    const cron = job.schedule!;
    try {
      let after = this.#clock.now();
      if (job.catchUp) await this.#catchUp(job, after);
      while (!signal.aborted) {
        const tick = nextTick(cron, after);
        if (tick === undefined) return;
        while (!signal.aborted && this.#clock.now() < tick) {
          await this.#clock.sleep(tick - this.#clock.now(), signal);
        }
        if (signal.aborted) return;
        await this.claim(job.name, tick);
        // A timer that fired after later ticks had passed skips them: they are not replayed.
        after = Math.max(tick, this.#clock.now());
      }
    } catch (error) {
      if (!signal.aborted) this.#logError(`Schedule of job '${job.name}' stopped`, error);
    }
  }

  async #catchUp(job: LoadedJob, now: number): Promise<void> {
    const missed = previousTick(job.schedule!, now);
    const state = await this.#backend.kv.get<ScheduleState>([...SCHEDULE_PREFIX, job.name]);
    if (missed !== undefined && state.value && state.value.tick < missed) {
      await this.claim(job.name, missed);
    }
  }

  /**
   * Enqueues the run of `tick` unless a process already did.
   *
   * @returns Whether this call enqueued it.
   */
  async claim(name: string, tick: number): Promise<boolean> {
    const key = [...SCHEDULE_PREFIX, name];
    for (;;) {
      const state = await withLockRetry(() => this.#backend.kv.get<ScheduleState>(key));
      if (state.value && state.value.tick >= tick) return false;
      const added = await this.#queue.add(
        { name, payload: NULL_PAYLOAD, tick, ...SCHEDULED_RUN },
        0,
        (op) => op.check(state).set(key, { ...state.value, tick }),
      );
      if (added) return true;
    }
  }
}

/**
 * Records how the run of a tick ended in its schedule's state (`apifn jobs` shows it).
 *
 * @param backend The store.
 * @param name The job.
 * @param result `"ok"` or the error.
 * @param now Epoch ms.
 */
export async function recordScheduledRun(
  backend: Backend,
  name: string,
  result: string,
  now: number,
): Promise<void> {
  const key = [...SCHEDULE_PREFIX, name];
  for (let attempt = 0; attempt < 20; attempt++) {
    const state = await withLockRetry(() => backend.kv.get<ScheduleState>(key));
    const next: ScheduleState = { tick: state.value?.tick ?? 0, finishedAt: now, result };
    const op = backend.kv.atomic().check(state).set(key, next);
    if ((await withLockRetry(() => op.commit())).ok) return;
  }
}
