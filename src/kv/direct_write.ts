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
 * without commits, and the next commit starts it again (that commit, like
 * every commit until the worker is ready, goes through Deno KV). A commit the
 * worker cannot take (the file could not be opened for writing, a
 * value Deno KV would encode with V8) goes through Deno KV: every plan checks
 * the versionstamps of the keys it changes, so a commit is never applied twice.
 *
 * @module
 */
import type { DirectBatch } from "./direct_commit.ts";

/** WAL pages between two checkpoints of the direct writer (~40 MB of WAL at most). */
export const CHECKPOINT_FRAMES = 10_000;
/** Milliseconds without commits after which the worker stops. */
export const IDLE_MS = 1_000;

/** The worker could not take the commit: nothing was written. */
export const UNAVAILABLE: unique symbol = Symbol("unavailable");

type Reply =
  | { type: "opened"; ok: boolean }
  | { type: "closed" }
  | { id: number; ok: true; version: number }
  | { id: number; ok: false }
  | { id: number; error: string }
  | { id: number; unavailable: true };

interface Pending {
  resolve: (result: Deno.KvCommitResult | Deno.KvCommitError | typeof UNAVAILABLE) => void;
  reject: (error: unknown) => void;
}

/** Commits through a worker thread; see the module documentation. */
export class DirectWriter {
  #path: string;
  #identity: string | undefined;
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

  /**
   * A writer for `path`; no thread starts before {@linkcode DirectWriter.start} or a commit.
   *
   * @param path The Deno KV SQLite file (Deno KV has it open).
   * @param options `identity`: the file's `fileIdentity` (`file_identity.ts`); another file renamed
   * over the path is never written.
   */
  constructor(path: string, options: { identity?: string | undefined } = {}) {
    this.#path = path;
    this.#identity = options.identity;
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
   * the worker starts or when it cannot write the file.
   *
   * @param batch From `directBatch` (`commit_plan.ts`).
   * @returns Deno KV's commit result, or {@linkcode UNAVAILABLE}.
   */
  commit(
    batch: DirectBatch,
  ): Promise<Deno.KvCommitResult | Deno.KvCommitError | typeof UNAVAILABLE> {
    if (this.#broken || this.#closed) return Promise.resolve(UNAVAILABLE);
    const worker = this.#start();
    if (!worker || !this.#ready) return Promise.resolve(UNAVAILABLE);
    clearTimeout(this.#idle);
    this.#idle = undefined;
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ type: "commit", id, batch });
    });
  }

  /**
   * Starts the worker now (it also starts at a commit after it stopped when idle).
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

  #start(): Worker | undefined {
    if (this.#worker) return this.#worker;
    let worker: Worker;
    try {
      worker = new Worker(new URL("./direct_write_worker.ts", import.meta.url), {
        type: "module",
      });
    } catch {
      this.#fail();
      return undefined;
    }
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<Reply>) => this.#receive(event.data);
    worker.onerror = (event) => {
      // E.g. no `node:sqlite`, or a runtime that cannot start the module: Deno KV writes.
      event.preventDefault();
      this.#fail();
    };
    worker.postMessage({
      type: "open",
      path: this.#path,
      identity: this.#identity,
      checkpointFrames: CHECKPOINT_FRAMES,
    });
    return worker;
  }

  #receive(reply: Reply): void {
    if ("type" in reply) {
      if (reply.type !== "opened") return;
      if (!reply.ok) return this.#fail();
      this.#ready = true;
      this.#settleOpened(true);
      return this.#scheduleIdle();
    }
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if ("unavailable" in reply) pending.resolve(UNAVAILABLE);
    else if ("error" in reply) pending.reject(new Error(reply.error));
    else if (reply.ok) {
      this.#committed++;
      pending.resolve({
        ok: true,
        versionstamp: reply.version.toString(16).padStart(16, "0") + "0000",
      });
    } else pending.resolve({ ok: false });
    this.#scheduleIdle();
  }

  #scheduleIdle(): void {
    if (!this.#worker || this.#pending.size > 0 || this.#idle !== undefined || this.#closed) return;
    this.#idle = setTimeout(() => {
      this.#idle = undefined;
      if (this.#pending.size === 0) this.#stop();
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
        if (!("type" in event.data)) this.#receive(event.data);
        else if (event.data.type === "closed") finish();
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.#fail();
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

  #fail(): void {
    this.#broken = true;
    this.#ready = false;
    this.#settleOpened(false);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    // Only commits whose outcome is unknown remain here; their checks make a retry through
    // Deno KV safe (it fails if the worker did write).
    for (const item of pending) item.resolve(UNAVAILABLE);
    this.#worker?.terminate();
    this.#worker = undefined;
  }
}
