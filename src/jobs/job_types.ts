/**
 * What a job file is written against: its default export and the context it gets.
 *
 * @module
 */
import type { ApiFunctionsConfig, ApiFunctionsContext, KvService, KvValue } from "../types.ts";

/** The run a job is in. */
export interface JobRun {
  /** The message's id (the same on every retry). */
  id: string;
  /** The job's name. */
  name: string;
  /** This run's number, from 1. */
  attempt: number;
  /** For a scheduled run: the tick it runs for (UTC). */
  scheduledAt?: Date;
}

/** The second argument of a job. */
export interface JobContext {
  /** Opens (once) and returns the project's KV store. */
  getKv: () => Promise<KvService>;
  /** The parsed project configuration (`redocly.yaml`), as functions see it. */
  config: ApiFunctionsConfig;
  /** The environment variables (read when first used; empty without `--allow-env`). */
  readonly env: Record<string, string>;
  /** Enqueues another job, as `context.enqueue` does in a function. */
  enqueue: ApiFunctionsContext["enqueue"];
  /** Which run this is. */
  job: JobRun;
  /** Aborted when the worker stops (the server shuts down): stop early, the job runs again. */
  signal: AbortSignal;
}

/**
 * The default export of a job file (`_jobs/<name>.ts`). Throwing fails the run: it is retried
 * with backoff, and after its last attempt lands in the dead letters (`apifn jobs`).
 *
 * @example `_jobs/send-welcome.ts`
 * ```ts
 * import type { JobContext } from "@apifn/core";
 *
 * export default async function sendWelcome(payload: { email: string }, context: JobContext) {
 *   const kv = await context.getKv();
 *   await kv.set(["welcomed", payload.email], { at: new Date().toISOString() });
 * }
 * ```
 */
export type JobHandler<P extends KvValue = KvValue> = (
  payload: P,
  context: JobContext,
) => void | Promise<void>;
