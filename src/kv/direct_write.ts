/**
 * Direct writes of a Deno KV SQLite file: apifn's commits run on a worker
 * thread with their own SQLite connection (`direct_write_worker.ts`,
 * `direct_commit.ts`) instead of Deno KV's.
 *
 * Why: Deno KV's connection copies its WAL back into the file every 1,000
 * pages, and that cannot be changed from outside. Under a stream of writes
 * with random keys, each of those checkpoints copies nearly every page it
 * gathered and syncs the file twice. This connection checkpoints every
 * {@linkcode CHECKPOINT_FRAMES} pages: pages written several times in between
 * are copied once, and there are fewer syncs. Commits are as durable as Deno
 * KV's (the WAL is synced before a commit is acknowledged) and the file stays
 * a plain Deno KV store, read through Deno KV or the direct reader alike.
 *
 * `openKv` starts the worker and waits until it has the file open. A running
 * worker keeps a Deno process alive, so it stops after {@linkcode IDLE_MS}
 * without commits. Starting one costs this thread ~10 ms, so only commits that
 * come in a burst (two within {@linkcode RESTART_GAP_MS}) start it again;
 * meanwhile, and for what the worker cannot take (a file it could not open),
 * commits go through Deno KV ({@linkcode UNAVAILABLE}: nothing was written).
 * A commit the worker had taken when it failed is rejected (its outcome is
 * unknown), never retried through Deno KV.
 *
 * @module
 */
import type { DirectBatch } from "./direct_commit.ts";

/** WAL pages between two checkpoints of the direct writer (~40 MB of WAL at most). */
export const CHECKPOINT_FRAMES = 10_000;
/** Milliseconds without commits after which the worker stops. */
export const IDLE_MS = 1_000;
/** Two commits at most this many milliseconds apart start a stopped worker again. */
export const RESTART_GAP_MS = 50;

/** The worker did not take the commit: nothing was written; commit through Deno KV. */
export const UNAVAILABLE: unique symbol = Symbol("unavailable");

type Reply =
  | { type: "opened"; ok: boolean }
  | { type: "closed" }
  | { id: number; ok: true; version: number }
  | { id: number; ok: false }
  | { id: number; error: string; name: string }
  | { id: number; unavailable: true };

type CommitReply = Exclude<Reply, { type: string }>;

interface Pending {
  worker: Worker;
  resolve: (result: Deno.KvCommitResult | Deno.KvCommitError | typeof UNAVAILABLE) => void;
  reject: (error: unknown) => void;
}

/** Commits through a worker thread; see the module documentation. */
export class DirectWriter {
  #path: string;
  #identity: string | undefined;
  #workerUrl: URL;
  #worker: Worker | undefined;
  #ready = false;
  #broken = false;
  #closed = false;
  #next = 0;
  #pending = new Map<number, Pending>();
  #idle: ReturnType<typeof setTimeout> | undefined;
  #stopped: Promise<void> = Promise.resolve();
  #committed = 0;
  #opened: ((ok: boolean) => void) | undefined;
  #lastDeclined = -Infinity;

  /**
   * A writer for `path`; no thread starts before {@linkcode DirectWriter.start} or a commit.
   *
   * @param path The Deno KV SQLite file (Deno KV has it open).
   * @param options `identity`: the file's `fileIdentity` (`file_identity.ts`); another file renamed
   * over the path is never written. `workerUrl`: the worker module (tests).
   */
  constructor(path: string, options: { identity?: string | undefined; workerUrl?: URL } = {}) {
    this.#path = path;
    this.#identity = options.identity;
    this.#workerUrl = options.workerUrl ?? new URL("./direct_write_worker.ts", import.meta.url);
  }

  /** How many commits the worker wrote (checks that failed not counted). */
  get committed(): number {
    return this.#committed;
  }

  /** Whether the worker is running and has the file open. */
  get running(): boolean {
    return this.#ready;
  }

  /**
   * Commits `batch` on the worker, or answers {@linkcode UNAVAILABLE} (nothing written) while
   * the worker is stopped or starting, or when it cannot write the file.
   *
   * @param batch From `directBatch` (`commit_plan.ts`).
   * @returns Deno KV's commit result, or {@linkcode UNAVAILABLE}.
   */
  commit(
    batch: DirectBatch,
  ): Promise<Deno.KvCommitResult | Deno.KvCommitError | typeof UNAVAILABLE> {
    if (this.#broken || this.#closed) return Promise.resolve(UNAVAILABLE);
    const worker = this.#worker;
    if (!worker) {
      const now = performance.now();
      if (now - this.#lastDeclined < RESTART_GAP_MS) this.#start();
      this.#lastDeclined = now;
      return Promise.resolve(UNAVAILABLE);
    }
    if (!this.#ready) return Promise.resolve(UNAVAILABLE);
    clearTimeout(this.#idle);
    this.#idle = undefined;
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      worker.postMessage({ type: "commit", id, batch });
    });
  }

  /**
   * Starts the worker now, if it is not running.
   *
   * @returns Whether the worker has the file open and takes commits.
   */
  start(): Promise<boolean> {
    if (this.#ready) return Promise.resolve(true);
    if (this.#broken || this.#closed) return Promise.resolve(false);
    const opened = new Promise<boolean>((resolve) => {
      const previous = this.#opened;
      this.#opened = (ok) => {
        previous?.(ok);
        resolve(ok);
      };
    });
    this.#start();
    return opened;
  }

  /** Waits for commits in flight, then stops the worker (idempotent). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#settleOpened(false);
    clearTimeout(this.#idle);
    this.#stop();
    await this.#stopped;
  }

  #start(): void {
    if (this.#worker) return;
    let worker: Worker;
    try {
      worker = new Worker(this.#workerUrl, { type: "module" });
    } catch {
      this.#broken = true;
      this.#settleOpened(false);
      return;
    }
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<Reply>) => {
      const reply = event.data;
      if (!("type" in reply)) return this.#settle(reply);
      if (reply.type !== "opened" || worker !== this.#worker) return;
      if (!reply.ok) return this.#fail(worker);
      this.#ready = true;
      this.#settleOpened(true);
      this.#scheduleIdle();
    };
    worker.onerror = (event) => {
      // E.g. a runtime that cannot start the module (no `node:sqlite`): Deno KV writes.
      event.preventDefault();
      this.#fail(worker);
    };
    worker.postMessage({
      type: "open",
      path: this.#path,
      identity: this.#identity,
      checkpointFrames: CHECKPOINT_FRAMES,
    });
  }

  #settle(reply: CommitReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if ("unavailable" in reply) pending.resolve(UNAVAILABLE);
    else if ("error" in reply) {
      pending.reject(
        reply.name === "TypeError" ? new TypeError(reply.error) : new Error(reply.error),
      );
    } else if (reply.ok) {
      this.#committed++;
      const versionstamp = reply.version.toString(16).padStart(16, "0") + "0000";
      pending.resolve({ ok: true, versionstamp });
    } else pending.resolve({ ok: false });
    this.#scheduleIdle();
  }

  #inFlight(worker: Worker | undefined): Pending[] {
    return [...this.#pending.values()].filter((pending) => pending.worker === worker);
  }

  #scheduleIdle(): void {
    const worker = this.#worker;
    if (!worker || this.#idle !== undefined || this.#closed) return;
    if (this.#inFlight(worker).length > 0) return;
    this.#idle = setTimeout(() => {
      this.#idle = undefined;
      if (this.#worker === worker && this.#inFlight(worker).length === 0) this.#stop();
    }, IDLE_MS);
  }

  /** Stops the worker after the commits it was sent. */
  #stop(): void {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    this.#ready = false;
    const stopping = new Promise<void>((resolve) => {
      const finish = () => {
        worker.terminate();
        resolve();
      };
      worker.onmessage = (event: MessageEvent<Reply>) => {
        if (!("type" in event.data)) this.#settle(event.data);
        else if (event.data.type === "closed") finish();
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.#fail(worker);
        finish();
      };
      worker.postMessage({ type: "close" });
    });
    this.#stopped = Promise.all([this.#stopped, stopping]).then(() => {});
  }

  #settleOpened(ok: boolean): void {
    const opened = this.#opened;
    this.#opened = undefined;
    opened?.(ok);
  }

  /** `worker` failed: commits it had taken have an unknown outcome; a current worker is dropped. */
  #fail(worker: Worker): void {
    for (const [id, pending] of this.#pending) {
      if (pending.worker !== worker) continue;
      this.#pending.delete(id);
      pending.reject(
        new Error(
          "Cannot tell whether the KV commit was written: the writer thread stopped while committing",
        ),
      );
    }
    worker.terminate();
    if (worker !== this.#worker) return;
    this.#worker = undefined;
    this.#broken = true;
    this.#ready = false;
    this.#settleOpened(false);
  }
}
