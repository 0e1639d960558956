/**
 * The sweeper: physically removes expired entries (readers already ignore
 * them from the first millisecond after expiry) and blobs orphaned by
 * crashed writes. Runs on an unref'd timer while the store is open.
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import type { Backend } from "./backend.ts";
import { sweepOrphanBlobs } from "../layout/blobs.ts";
import type { GroupCommitter } from "./group_commit.ts";

/** What one sweep removed. */
export interface SweepResult {
  /** Expired entries removed. */
  expired: number;
  /** Orphaned large-value blobs removed. */
  orphans: number;
}

/** Most expired entries removed per sweep (the next sweep continues). */
const MAX_PER_SWEEP = 20_000;

/**
 * Removes expired entries and orphaned blobs once.
 *
 * @param backend The backend.
 * @param committer The store's group committer (expiries share its commits).
 * @param options `now`: the clock; `orphanGraceMs`: age before a pending blob is an orphan.
 * @returns What was removed.
 */
export async function sweepOnce(
  backend: Backend,
  committer: GroupCommitter,
  options: { now: () => number; orphanGraceMs: number },
): Promise<SweepResult> {
  const now = options.now();
  const pending: Promise<boolean>[] = [];
  const iter = backend.kv.list({ start: ["x"], end: ["x", now + 1] }, { batchSize: 1000 });
  for await (const entry of iter) {
    const expiresAt = entry.key[1] as number;
    if (expiresAt > now) continue;
    const key = entry.key.slice(2) as KvKey;
    pending.push(committer.submit({ type: "expire", key, expiresAt }, key));
    if (pending.length >= MAX_PER_SWEEP) break;
  }
  const results = await Promise.allSettled(pending);
  const expired = results.filter((r) => r.status === "fulfilled" && r.value).length;
  const orphans = await sweepOrphanBlobs(backend, { cutoff: now - options.orphanGraceMs });
  return { expired, orphans };
}

/** Runs {@linkcode sweepOnce} periodically. */
export class Sweeper {
  #run: () => Promise<SweepResult>;
  #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #current: Promise<unknown> | undefined;
  #stopped = false;
  #lastRun = -Infinity;

  /**
   * Creates a sweeper.
   *
   * @param run One sweep.
   * @param intervalMs Pause between sweeps; 0 disables the timer.
   */
  constructor(run: () => Promise<SweepResult>, intervalMs: number) {
    this.#run = run;
    this.#intervalMs = intervalMs;
  }

  /** Schedules the first sweep (right away: expiries from before a restart). */
  start(): void {
    if (this.#intervalMs > 0) this.#schedule(0);
  }

  /**
   * Runs the next sweep now rather than at its time, because a reader met expired entries
   * (they slow every count until swept). Does nothing when the timer is off, a sweep is
   * running, or the last one started less than 100 ms ago.
   */
  wake(): void {
    if (this.#stopped || this.#intervalMs <= 0 || this.#current !== undefined) return;
    if (performance.now() - this.#lastRun < 100) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timer = undefined;
      this.#lastRun = performance.now();
      this.#current = this.#run().catch(() => {}).finally(() => {
        this.#current = undefined;
        this.#schedule(this.#intervalMs);
      });
    }, ms);
    Deno.unrefTimer(timer as unknown as number);
    this.#timer = timer;
  }

  /**
   * Stops the timer and waits for a sweep in progress.
   *
   * @returns When stopped.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#current;
  }
}
