/**
 * An app's jobs: the job files, `enqueue`, and (once started) the worker and the schedules.
 *
 * @module
 */
import type { ModuleLoader } from "../app/modules.ts";
import { storeBackend } from "../kv/engine/open.ts";
import type { FsAdapter } from "../routing/fs_adapter.ts";
import type { ApiFunctionsConfig, EnqueueOptions, KvService, KvValue } from "../types.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type JobFile, type LoadedJob, loadJob, scanJobFiles } from "./files.ts";
import type { JobContext } from "./job_types.ts";
import { checkEnqueue } from "./options.ts";
import { JobQueue } from "./queue.ts";
import { describeError, type JobMessage } from "./records.ts";
import { recordScheduledRun, Scheduler } from "./scheduler.ts";
import { JobWorker, type RunOutcome } from "./worker.ts";

/** Options of the job worker (`createApp({ jobs })`). */
export interface JobsOptions {
  /** Jobs run at once per process (default 8). */
  concurrency?: number;
  /** How long a run holds its message before another process may take it over, renewed while
   * it runs (default 30 s): how soon a job whose process died runs again. */
  leaseMs?: number;
  /** The longest pause between polls of an idle queue (default 1000 ms). */
  idlePollMs?: number;
  /** How long stopping waits for running jobs (default 5000 ms). */
  stopGraceMs?: number;
  /** The clock (tests inject one). */
  clock?: Clock;
}

/** What the runtime needs from the app. */
export interface JobsInit {
  /** Project root (absolute). */
  root: string;
  /** File system to scan. */
  fs: FsAdapter;
  /** Module loader (versioned in dev). */
  loader: ModuleLoader;
  /** Dev mode: a broken job file is a warning, not a startup error. */
  dev: boolean;
  /** The app's store. */
  getKv: () => Promise<KvService>;
  /** The configuration jobs see. */
  config: () => ApiFunctionsConfig;
  /** Where warnings and errors go. */
  logger: { warn(message: string): void; error(message: string, error?: unknown): void };
  /** Worker options. */
  options?: JobsOptions | undefined;
}

function readEnv(): Record<string, string> {
  try {
    return Deno.env.toObject();
  } catch {
    return {};
  }
}

/** The jobs of one app. */
export class JobRuntime {
  #init: JobsInit;
  #clock: Clock;
  #files = new Map<string, JobFile>();
  #loaded = new Map<string, Promise<LoadedJob>>();
  #queue: Promise<JobQueue> | undefined;
  #worker: JobWorker | undefined;
  #scheduler: Scheduler | undefined;
  #wanted = false;

  /** @param init The app's parts. */
  constructor(init: JobsInit) {
    this.#init = init;
    this.#clock = init.options?.clock ?? systemClock;
  }

  /** The job names found by the last scan. */
  get names(): string[] {
    return [...this.#files.keys()];
  }

  /** The job queue on the app's store (rejects for a store apifn did not open). */
  queue(): Promise<JobQueue> {
    this.#queue ??= this.#init.getKv().then((kv) => {
      const backend = storeBackend(kv);
      if (!backend) throw new TypeError("Cannot use jobs: the app's store was not opened by apifn");
      return new JobQueue(backend, this.#clock);
    });
    this.#queue.catch(() => (this.#queue = undefined));
    return this.#queue;
  }

  /** Finds the job files (again); a reload also imports them afresh on next use. */
  async scan(): Promise<void> {
    this.#files = await scanJobFiles(this.#init.fs, this.#init.root);
    this.#loaded.clear();
    if (this.#scheduler) await this.#arm();
    else if (this.#wanted) await this.start(); // dev: the first job file was added
  }

  /** Enqueues a job: what `context.enqueue` calls. */
  enqueue = async (name: string, payload?: KvValue, options?: EnqueueOptions): Promise<string> => {
    if (typeof name !== "string" || !this.#files.has(name)) {
      const known = this.names.length ? ` (jobs: ${this.names.join(", ")})` : "";
      throw new TypeError(`Cannot enqueue job '${String(name)}': there is no such job${known}`);
    }
    const checked = checkEnqueue(name, payload ?? null, options);
    const { delay, ...fields } = checked;
    const message = await (await this.queue()).add({ name, ...fields }, delay);
    this.#worker?.wake();
    return message!.id;
  };

  /** Imports a job's file (once per scan). */
  job(name: string): Promise<LoadedJob | undefined> {
    const file = this.#files.get(name);
    if (!file) return Promise.resolve(undefined);
    let loading = this.#loaded.get(name);
    if (!loading) {
      this.#loaded.set(name, loading = loadJob(this.#init.loader, file));
      loading.catch(() => this.#loaded.delete(name));
    }
    return loading;
  }

  /**
   * Starts the worker and the schedules in this process, once there are job files (a project
   * without any polls nothing). Rejects (outside dev) when a job file cannot be loaded or its
   * `schedule` is not a valid cron expression, naming the file.
   */
  async start(): Promise<void> {
    this.#wanted = true;
    if (this.#scheduler || this.#files.size === 0) return;
    const queue = await this.queue();
    const options = this.#init.options ?? {};
    const logError = (message: string, error: unknown) => this.#init.logger.error(message, error);
    this.#scheduler = new Scheduler({ queue, clock: this.#clock, logError });
    try {
      await this.#arm();
    } catch (error) {
      this.#scheduler = undefined;
      throw error;
    }
    this.#worker = new JobWorker({
      queue,
      clock: this.#clock,
      concurrency: options.concurrency ?? 8,
      leaseMs: options.leaseMs ?? 30_000,
      idlePollMs: options.idlePollMs ?? 1000,
      job: (name) => this.job(name),
      context: (message, signal) => this.#context(message, signal),
      done: (message, outcome, error) => this.#done(message, outcome, error),
      logError,
    });
    this.#worker.start();
  }

  async #arm(): Promise<void> {
    const loaded: LoadedJob[] = [];
    for (const name of this.#files.keys()) {
      try {
        loaded.push((await this.job(name))!);
      } catch (error) {
        if (!this.#init.dev) throw error;
        this.#init.logger.warn((error as Error).message);
      }
    }
    await this.#scheduler?.arm(loaded);
  }

  #context(message: JobMessage, signal: AbortSignal): JobContext {
    let env: Record<string, string> | undefined;
    return {
      getKv: this.#init.getKv,
      config: this.#init.config(),
      get env() {
        return env ??= readEnv();
      },
      enqueue: this.enqueue,
      job: {
        id: message.id,
        name: message.name,
        attempt: message.runs,
        ...(message.tick !== undefined ? { scheduledAt: new Date(message.tick) } : {}),
      },
      signal,
    };
  }

  #done(message: JobMessage, outcome: RunOutcome, error?: unknown): void {
    const logger = this.#init.logger;
    const run = `Job '${message.name}' (${message.id}) run ${message.runs}/${message.attempts}`;
    if (outcome === "retry") logger.warn(`${run} failed, retrying: ${describeError(error)}`);
    if (outcome === "dead") logger.error(`${run} failed, moved to the dead letters`, error);
    if (message.tick === undefined || outcome === "retry") return;
    const result = outcome === "ok" ? "ok" : describeError(error);
    this.queue().then((queue) => queue.backend)
      .then((backend) => recordScheduledRun(backend, message.name, result, this.#clock.now()))
      .catch((failure) => this.#init.logger.error("Cannot record a scheduled run", failure));
  }

  /** Stops the schedules and the worker (waiting a little for running jobs). */
  async stop(): Promise<void> {
    await this.#scheduler?.stop();
    await this.#worker?.stop(this.#init.options?.stopGraceMs ?? 5000);
    this.#worker = undefined;
    this.#scheduler = undefined;
  }
}
